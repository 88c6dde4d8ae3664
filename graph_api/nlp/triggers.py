"""The event trigger lexicon (``data/event_triggers.tsv``) and how words of a text match it.

A trigger matches a token by its lemma, its lower-case form, or, for an event noun, as the head of
a compound (``raketaanval`` → ``aanval``). Some triggers need a companion word in their clause: a
separable particle (``trad … af``) or an object (``schrapt … banen``). The file's header describes
its columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph_api.model import EventType
from graph_api.nlp.tables import DATA_DIR, table_rows
from graph_api.nlp.words import lemma

TRIGGERS_TABLE = "event_triggers.tsv"
MIN_COMPOUND_HEAD = 5  # shorter triggers (top, akkoord) only match whole words or after a hyphen
MIN_COMPOUND_PREFIX = 3
WEAK = "~"
# Separable verb particles: as a companion they must close the clause ("stapte gisteren op"), else
# they are prepositions ("stapte op de trein").
PARTICLES = {"af", "op", "aan", "uit", "in", "over", "om", "neer", "door", "mee", "toe", "weg", "terug", "bij", "voor"}
NOT_COMPOUNDS = {"staakt-het-vuren"}


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry."""

    word: str
    types: tuple[EventType, ...]  # the first unless the document favours another
    noun: str  # what a label calls the event
    verb: bool  # a verb or adjective: whole words only, and a predication by itself
    weak: bool  # an ambiguous noun: needs a clear sign of an occurrence
    companions: tuple[tuple[str, ...], ...] = ()  # one of these (word sequences) must stand in the clause

    @property
    def type(self) -> EventType:
        return self.types[0]

    @property
    def needs_particle(self) -> bool:
        return any(len(c) == 1 and c[0] in PARTICLES for c in self.companions)


@lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[Trigger, ...]]:
    """Head word → its triggers, from the shipped lexicon."""
    return read_lexicon()


def read_lexicon(folder: Path = DATA_DIR) -> dict[str, tuple[Trigger, ...]]:
    """Read a trigger lexicon; a type that is not in the taxonomy (``model.EventType``) is an error naming its line."""
    table: dict[str, list[Trigger]] = {}
    for number, (word, names, third) in table_rows(TRIGGERS_TABLE, folder=folder, optional=1):
        types = []
        for name in names.split("/"):
            if name not in EventType.__members__:
                raise ValueError(f"{TRIGGERS_TABLE}:{number}: {name!r} is not an event type (graph_api.model.EventType)")
            types.append(EventType[name])
        head, _, companions = word.lower().partition("+")
        weak = third == WEAK
        verb = bool(third) and not weak
        trigger = Trigger(head, tuple(types), third if verb else head, verb, weak, tuple(tuple(c.split()) for c in companions.split("|") if c))
        table.setdefault(head, []).append(trigger)
    return {head: tuple(entries) for head, entries in table.items()}


def triggers() -> dict[str, EventType]:
    """Trigger word → event type (its first), for every entry of the shipped lexicon."""
    return {head: entries[0].type for head, entries in lexicon().items()}


def read_triggers(folder: Path = DATA_DIR) -> dict[str, EventType]:
    """Like ``triggers``, from the lexicon in ``folder``."""
    return {head: entries[0].type for head, entries in read_lexicon(folder).items()}


@lru_cache(maxsize=65536)
def word_triggers(word: str) -> tuple[Trigger, ...]:
    """The triggers a word may be, by lemma, form, or (event nouns) compound head."""
    if not (word.isalpha() or "-" in word):
        return ()
    table = lexicon()
    base, lower = lemma(word), word.lower()
    for form in (base, lower):
        if form in table:
            return table[form]
    nouns = compound_heads()
    # The lookup lemmatizer does not know most compounds: strip a plural ending before matching the head.
    for form in (base, lower, lower[:-1] if lower.endswith("s") else "", lower[:-2] if lower.endswith("en") else ""):
        if form and (head := _compound_head(form, nouns)):
            return nouns[head]
    return ()


@lru_cache(maxsize=1)
def compound_heads() -> dict[str, tuple[Trigger, ...]]:
    """The event nouns that may end a compound (no verbs, nothing needing a companion)."""
    heads = {head: tuple(t for t in entries if not t.verb and not t.companions) for head, entries in lexicon().items()}
    return {head: entries for head, entries in heads.items() if entries}


def _compound_head(form: str, nouns: dict[str, tuple[Trigger, ...]]) -> str | None:
    """The longest event noun ending the compound ``form``."""
    if "-" in form:
        head = form.rsplit("-", 1)[1]
        return head if head in nouns and form not in NOT_COMPOUNDS else None
    for size in range(len(form) - MIN_COMPOUND_PREFIX, MIN_COMPOUND_HEAD - 1, -1):
        if form[-size:] in nouns:
            return form[-size:]
    return None


def trigger_type(word: str) -> EventType | None:
    """The event type a word triggers on its own (no companion needed), by lemma, form, or compound head."""
    found = [t for t in word_triggers(word) if not t.companions]
    return found[0].type if found else None

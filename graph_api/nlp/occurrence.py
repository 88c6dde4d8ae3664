"""Whether a trigger word reports an event that happened (or is scheduled), from cheap lexical signals.

No parser is available, so a sentence is cut into clauses at punctuation and a few conjunctions, and
a trigger is judged by the words of its clause: a companion it needs (``trad … af``), a negation
(``geen aanval``), a hypothetical or generic frame (``zou kunnen``, ``als er een … komt``, ``elke
moord``), and, for nouns, a sign that it happened: a time expression, a verb of happening, a place or
an actor attached to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from graph_api.model import EventType
from graph_api.nlp.triggers import PARTICLES, Trigger
from graph_api.nlp.words import lemma

CLAUSE_PUNCTUATION = {",", ";", ":", "(", ")", "–", "—", '"', "“", "”", "„", "‘", "’", "?", "!", "."}
CLAUSE_CONJUNCTIONS = {
    "maar", "omdat", "nadat", "terwijl", "want", "toen", "doordat", "zodat", "hoewel", "sinds", "voordat", "zolang", "totdat",
    "zodra", "waarna", "waardoor",
}  # fmt: skip
# A modal frame reaches back over commas (lists, appositions) up to one of these.
FRAME_BREAKS = CLAUSE_CONJUNCTIONS | {";", ":", ".", "?", "!", "“", "”", '"'}
FRAME_REACH = 16
NOUN_FRAME_REACH = 4  # a modal further before a noun is about another verb ("kan leven met de uitslag van de wedstrijd")
# Words a noun phrase starts with: a particle before one of them is a preposition ("stapte op de trein").
NOUN_PHRASE_STARTS = {"de", "het", "een", "zijn", "haar", "hun", "mijn", "ons", "onze", "die", "dat", "deze", "dit", "hem", "ze", "zich"}
NOUN_NEGATIONS = {"geen"}
VERB_NEGATIONS = {"niet", "nooit", "geen"}
HYPOTHETICAL = {
    "zou", "zouden", "mogelijk", "mogelijke", "eventuele", "eventueel", "misschien", "wellicht", "indien", "tenzij",
    "dreigt", "dreigen", "dreigde", "dreigden", "gedreigd", "vreest", "vrezen", "kan", "kunnen", "kon", "konden", "hoopt", "hopen",
}  # fmt: skip
CONDITIONAL_STARTS = {("als", "er"), ("als", "het"), ("wanneer", "er"), ("mocht", "er")}
GENERIC_DETERMINERS = {"elke", "ieder", "iedere", "jaarlijkse", "jaarlijks", "zo'n"}
HABITUAL_ADVERBS = {"vaak", "meestal", "doorgaans", "gewoonlijk", "altijd", "telkens", "regelmatig", "zelden"}
# Verbs (lemmas and forms the lookup table misses) that say an event took place.
HAPPENING = {
    "plaatsvinden", "vond", "vonden", "houden", "gehouden", "geven", "gaf", "gaven", "gegeven", "beginnen", "begon",
    "begonnen", "uitbreken", "brak", "eindigen", "plegen", "pleegde", "voeren", "gevoerd", "treffen", "getroffen",
    "teisteren", "woeden", "trekken", "overtrekken", "leiden", "kosten", "kostte", "sluiten", "sloten", "bereiken",
    "bereikt", "aankondigen", "afkondigen", "uitroepen", "nemen", "genomen", "nam", "doen", "deed", "gedaan", "volgen",
    "verlopen", "verliep", "afgeven", "afgegeven", "instellen", "ingesteld", "invoeren", "ingevoerd",
}  # fmt: skip
# Ambiguous nouns of these types ("prijs", "brons") need one of their own verbs ("won de prijs").
TYPE_SUPPORT = {
    EventType.AWARD: {"winnen", "gewonnen", "won", "wonnen", "krijgen", "kreeg", "kregen", "ontvangen", "ontving", "uitreiken",
                      "uitgereikt", "toekennen", "bekronen", "slepen", "sleepte", "winnaar", "winnaars", "zegevieren"},
    EventType.COMPETITION: {"winnen", "gewonnen", "won", "wonnen", "pakken", "halen", "gehaald", "veroveren", "grijpen",
                            "greep", "behalen", "worden", "werd", "verliezen", "verloor", "verloren", "spelen", "speelde",
                            "rijden", "reed", "uitslag", "tegen", "tussen", "winnaar", "winnaars"},
    EventType.FINANCIAL_RESULTS: {"cijfers", "kwartaal", "omzet", "winst", "verlies", "stabiel", "stabiele", "sterk", "sterke",
                                  "goede", "teleurstellende", "presenteren", "presenteerde", "publiceren", "publiceerde"},
}  # fmt: skip
DEFINITE_DETERMINERS = {"de", "het", "deze", "die", "dit", "dat"}
PRESUPPOSING = {"tijdens", "na", "sinds", "door", "vanwege", "wegens", "bij"}
WEAK_PRESUPPOSING = {"tijdens", "na", "sinds"}
# Prepositions tying an argument to an ambiguous noun ("van" does not: "de top van het bedrijf").
ATTACHING = {"in", "te", "bij", "op", "met", "tegen", "tussen", "door", "voor", "aan"}


@dataclass(frozen=True)
class Clause:
    """Token range [start, end) of the clause around a trigger."""

    start: int
    end: int


def clause_around(words: list[str], first: int, last: int, i: int) -> Clause:
    """The clause holding token ``i`` within the sentence tokens [first, last)."""
    start = i
    while start > first and not _breaks(words[start - 1]):
        start -= 1
    end = i + 1
    while end < last and not _breaks(words[end]):
        end += 1
    return Clause(start, end)


def _breaks(word: str) -> bool:
    return word in CLAUSE_PUNCTUATION or word.lower() in CLAUSE_CONJUNCTIONS


def has_companion(words: list[str], i: int, clause: Clause, trigger: Trigger) -> bool:
    """Whether a companion the trigger needs stands in its clause (always, when it needs none)."""
    if not trigger.companions:
        return True
    lowered = [w.lower() for w in words[clause.start : clause.end]]
    offset = i - clause.start
    for companion in trigger.companions:
        if len(companion) == 1 and companion[0] in PARTICLES:
            if any(_closes_clause(lowered, j) for j in range(offset + 1, len(lowered)) if lowered[j] == companion[0]):
                return True
        elif _holds_sequence(lowered, companion, offset):
            return True
    return False


def _closes_clause(lowered: list[str], j: int) -> bool:
    """A particle ends the clause or is followed by a word that starts no noun phrase."""
    if j + 1 >= len(lowered):
        return True
    following = lowered[j + 1]
    return following not in NOUN_PHRASE_STARTS and not following[:1].isdigit()


def _holds_sequence(lowered: list[str], sequence: tuple[str, ...], offset: int) -> bool:
    size = len(sequence)
    for j in range(len(lowered) - size + 1):
        if j <= offset < j + size:
            continue
        if size == 1:
            word = lowered[j]
            if word == sequence[0] or word.endswith("-" + sequence[0]) or lemma(word) == sequence[0]:
                return True
        elif tuple(lowered[j : j + size]) == sequence:
            return True
    return False


def is_negated(words: list[str], i: int, clause: Clause, trigger: Trigger) -> bool:
    """``geen aanval``, ``won niet``."""
    if trigger.verb:
        window = words[max(clause.start, i - 3) : min(clause.end, i + 3)]
        return any(w.lower() in VERB_NEGATIONS for w in window)
    return any(w.lower() in NOUN_NEGATIONS for w in words[max(clause.start, i - 3) : i])


def is_hypothetical(words: list[str], i: int, clause: Clause, sentence_start: int, trigger: Trigger) -> bool:
    """A modal or conditional frame before the trigger (over commas, up to a conjunction), or a question."""
    before = []
    reach = FRAME_REACH if trigger.verb else NOUN_FRAME_REACH
    for j in range(i - 1, max(sentence_start, i - reach) - 1, -1):
        if words[j].lower() in FRAME_BREAKS:
            break
        before.append(words[j].lower())
    before.reverse()
    if any(w in HYPOTHETICAL for w in before):
        return True
    if any(pair in CONDITIONAL_STARTS for pair in pairwise(before)):
        return True
    return clause.end < len(words) and words[clause.end] == "?"


def is_generic(words: list[str], i: int, clause: Clause, trigger: Trigger) -> bool:
    """``elke moord``, ``jaarlijkse prijs``, or a habitual adverb in the clause."""
    if not trigger.verb and any(w.lower() in GENERIC_DETERMINERS for w in words[max(clause.start, i - 2) : i]):
        return True
    return any(w.lower() in HABITUAL_ADVERBS for w in words[clause.start : clause.end])


def has_happening_verb(words: list[str], i: int, clause: Clause, trigger: Trigger, event_type: EventType) -> bool:
    """A verb in the clause, besides the trigger, saying the event took place (for ambiguous nouns of some types, one of their own)."""
    own = TYPE_SUPPORT.get(event_type, set())
    support = own if trigger.weak and own else HAPPENING | own
    for j in range(clause.start, clause.end):
        lower = words[j].lower()
        if j != i and (lower in support or lemma(lower) in support):
            return True
    return False


def is_definite(words: list[str], i: int, clause: Clause) -> bool:
    """``de explosie``, ``deze aanslag``: the noun refers to an event the reader knows of."""
    return any(w.lower() in DEFINITE_DETERMINERS for w in words[max(clause.start, i - 2) : i])


def is_presupposed(words: list[str], i: int, clause: Clause, trigger: Trigger) -> bool:
    """A preposition of time or cause before the noun takes the event as given: ``na de aanslag``, ``door de storm``."""
    prepositions = WEAK_PRESUPPOSING if trigger.weak else PRESUPPOSING
    return any(w.lower() in prepositions for w in words[max(clause.start, i - 3) : i])


def is_attached(words: list[str], trigger_index: int, argument_index: int) -> bool:
    """An argument a preposition ties to the trigger right after it (``aanslag in Moskou``, ``gesprek met X``)."""
    if not 0 < argument_index - trigger_index <= 5:
        return False
    between = [w.lower() for w in words[trigger_index + 1 : argument_index]]
    return bool(between) and between[0] in ATTACHING and not any(_breaks(w) for w in between)


def is_amount_change(words: list[str], i: int) -> bool:
    """``won 0,5 procent``: a verb of winning or losing followed by a number speaks of prices, not contests."""
    return any(w[:1].isdigit() for w in words[i + 1 : i + 3])

"""Event mentions: Dutch trigger words with their place, participants, time and evidence.

Triggers come from ``data/event_triggers.tsv`` (one file, general to Dutch news) and match a
token's lemma, its lower-case form, or the head of a compound (``raketaanval`` → ``aanval``,
``eindejaarspersconferentie`` → ``persconferentie``). One event mention is made per type and
sentence; its arguments come from the same sentence: the place a preposition introduces
(``in Brussel``), the people, organisations and countries acting, and a time expression
resolved against the article's date.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from graph_api.dates import PartialDate
from graph_api.model import EventMention, EventType, Mention, MentionKind, NodeType, PlaceKind
from graph_api.nlp.linking import LinkedMention
from graph_api.nlp.tables import DATA_DIR, table_rows
from graph_api.nlp.timex import find_time_expressions
from graph_api.nlp.words import lemma, sentence_index, sentences, token_texts

TRIGGERS_TABLE = "event_triggers.tsv"
MIN_COMPOUND_HEAD = 5  # shorter triggers (top, akkoord) only match whole words or after a hyphen
MIN_COMPOUND_PREFIX = 3
PLACE_PREPOSITIONS = {"in", "te", "bij", "op", "naar", "vanuit", "rond", "nabij"}
PARTICIPANT_ROLES = {"met": "with", "door": "by", "tegen": "against", "tussen": "between", "van": "of", "namens": "for"}


@lru_cache(maxsize=1)
def triggers() -> dict[str, EventType]:
    """Trigger word → event type, from the shipped lexicon."""
    return read_triggers()


def read_triggers(folder: Path = DATA_DIR) -> dict[str, EventType]:
    """Read a trigger lexicon; a type that is not in the taxonomy (``model.EventType``) is an error naming its line."""
    table: dict[str, EventType] = {}
    for number, (word, name) in table_rows(TRIGGERS_TABLE, folder=folder):
        if name not in EventType.__members__:
            raise ValueError(f"{TRIGGERS_TABLE}:{number}: {name!r} is not an event type (graph_api.model.EventType)")
        table[word.lower()] = EventType[name]
    return table


@lru_cache(maxsize=65536)
def trigger_type(word: str) -> EventType | None:
    """The event type a word triggers, by lemma, form, or compound head."""
    if not (word.isalpha() or "-" in word):
        return None
    return _trigger_type(lemma(word), word.lower())


def _trigger_type(lemma: str, lower: str) -> EventType | None:
    table = triggers()
    for form in (lemma, lower):
        if form in table:
            return table[form]
    # The lookup lemmatizer does not know most compounds: strip a plural ending before matching the head.
    for form in (lemma, lower, lower[:-1] if lower.endswith("s") else "", lower[:-2] if lower.endswith("en") else ""):
        if not form:
            continue
        if "-" in form:
            head = form.rsplit("-", 1)[1]
            if head in table and form != "staakt-het-vuren":
                return table[head]
        for size in range(len(form) - MIN_COMPOUND_PREFIX, MIN_COMPOUND_HEAD - 1, -1):
            head = form[-size:]
            if head in table:
                return table[head]
    return None


class EventFinder:
    """Finds event mentions in an analysed document with its linked mentions."""

    def find(self, doc: Doc, mentions: list[LinkedMention], published: PartialDate | None) -> list[EventMention]:
        by_sentence: dict[int, list[LinkedMention]] = {}
        for item in mentions:
            by_sentence.setdefault(item.mention.sentence, []).append(item)
        triggers = [(i, event_type) for i, word in enumerate(token_texts(doc)) if (event_type := trigger_type(word)) is not None]
        if not triggers:
            return []
        events: list[EventMention] = []
        seen: set[tuple[int, EventType]] = set()
        sentence_list = sentences(doc)
        for i, event_type in triggers:
            index = sentence_index(doc, i)
            if (index, event_type) in seen:
                continue
            seen.add((index, event_type))
            event = self._event(doc, sentence_list[index], index, doc[i], event_type, by_sentence.get(index, []), published)
            # A trigger with nothing around it ("de oorlog") says too little to be an event node.
            if event.place_id or event.participants or event.date:
                events.append(event)
        return events

    def _event(
        self,
        doc: Doc,
        sentence: Span,
        index: int,
        trigger: Token,
        event_type: EventType,
        mentions: list[LinkedMention],
        published: PartialDate | None,
    ) -> EventMention:
        place = self._place(doc, trigger, mentions)
        participants = self._participants(doc, mentions, place)
        date = self._date(sentence, trigger, published)
        return EventMention(
            type=event_type,
            trigger=trigger.text,
            sentence=index,
            start=sentence.start_char,
            end=sentence.end_char,
            date=date,
            place_id=place.entity_id if place else None,
            participants=participants,
            label=self._label(trigger, mentions, place, participants),
        )

    @staticmethod
    def _token_at(doc: Doc, char: int) -> Token | None:
        span = doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def _place(self, doc: Doc, trigger: Token, mentions: list[LinkedMention]) -> Mention | None:
        """The nearest linked place a preposition introduces, else the nearest city or region."""
        candidates = []
        for item in mentions:
            mention = item.mention
            if item.entity.type is not NodeType.PLACE or mention.kind is not MentionKind.NAME:
                continue
            token = self._token_at(doc, mention.start)
            if token is None:
                continue
            introduced = token.i > 0 and doc[token.i - 1].lower_ in PLACE_PREPOSITIONS
            local = item.entity.place is not None and item.entity.place.kind is not PlaceKind.COUNTRY
            candidates.append((not introduced, not local, abs(token.i - trigger.i), mention))
        return min(candidates, key=lambda c: c[:3])[3] if candidates else None

    def _participants(self, doc: Doc, mentions: list[LinkedMention], place: Mention | None) -> tuple[tuple[str, str | None], ...]:
        found: dict[str, str | None] = {}
        for item in mentions:
            entity, mention = item.entity, item.mention
            if place is not None and mention.entity_id == place.entity_id:
                continue
            is_country = entity.type is NodeType.PLACE and entity.place is not None and entity.place.kind is PlaceKind.COUNTRY
            if entity.type not in (NodeType.PERSON, NodeType.ORGANIZATION) and not is_country:
                continue
            token = self._token_at(doc, mention.start)
            role = self._role(doc, token) if token is not None else None
            if found.get(mention.entity_id) is None:
                found[mention.entity_id] = role
        return tuple(found.items())

    @staticmethod
    def _role(doc: Doc, token: Token) -> str | None:
        """The role a preposition a few words before gives (``met de Amerikaanse gezant X`` → with)."""
        for i in range(token.i - 1, max(token.i - 5, token.sent.start - 1), -1):
            if doc[i].lower_ in PARTICIPANT_ROLES:
                return PARTICIPANT_ROLES[doc[i].lower_]
            if doc[i].is_punct or doc[i].pos_ == "VERB":
                break
        return None

    @staticmethod
    def _date(sentence: Span, trigger: Token, published: PartialDate | None) -> PartialDate | None:
        expressions = find_time_expressions(sentence.text, published)
        if not expressions:
            return None
        position = trigger.idx - sentence.start_char
        return min(expressions, key=lambda e: abs(e.start - position)).date

    @staticmethod
    def _label(trigger: Token, mentions: list[LinkedMention], place: Mention | None, participants: tuple) -> str:
        names = {item.mention.entity_id: item.entity.name or item.mention.text for item in mentions}
        label = lemma(trigger.text)
        people = [names[entity_id] for entity_id, _ in participants if entity_id in names][:3]
        if people:
            label += " met " + ", ".join(people) if trigger.lower_.startswith(("ontmoet", "gesprek", "overleg")) else " van " + ", ".join(people)
        if place is not None:
            label += f" in {names.get(place.entity_id, place.text)}"
        return label

"""Event mentions: Dutch trigger words that report an occurrence, with their place, participants, time and evidence.

Triggers come from the lexicon (``triggers.py``); a trigger counts only when its sentence reports the
event as having happened or being scheduled (``occurrence.py``). One event mention is made per type and
sentence; its arguments come from the same sentence (``event_arguments.py``): the place a preposition
introduces (``in Brussel``), the people, organisations and countries acting, and a time expression
resolved against the article's date. Its label is a Dutch phrase (``event_labels.py``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from graph_api.dates import PartialDate
from graph_api.model import EventMention, EventType, NodeType
from graph_api.nlp.event_arguments import Argument, find_participants, find_place, nearest_date
from graph_api.nlp.event_labels import event_label
from graph_api.nlp.linking import LinkedMention
from graph_api.nlp.occurrence import (
    Clause,
    clause_around,
    has_companion,
    has_happening_verb,
    is_amount_change,
    is_attached,
    is_definite,
    is_generic,
    is_hypothetical,
    is_negated,
    is_presupposed,
)
from graph_api.nlp.timex import TimeExpression, find_time_expressions
from graph_api.nlp.triggers import TRIGGERS_TABLE, Trigger, read_triggers, trigger_type, triggers, word_triggers
from graph_api.nlp.words import sentence_index, sentences, token_texts

__all__ = ["TRIGGERS_TABLE", "EventFinder", "read_triggers", "trigger_type", "triggers"]


@dataclass(frozen=True)
class Hit:
    """A token matching a trigger, in its sentence and clause."""

    token: int
    trigger: Trigger
    sentence: int
    sentence_start: int  # token
    clause: Clause


class EventFinder:
    """Finds event mentions in an analysed document with its linked mentions."""

    def find(self, doc: Doc, mentions: list[LinkedMention], published: PartialDate | None) -> list[EventMention]:
        words = token_texts(doc)
        hits = self._hits(doc, words)
        if not hits:
            return []
        arguments = self._arguments(doc, mentions)
        favoured = self._favoured_types(hits)
        times: dict[int, list[TimeExpression]] = {}
        events: list[EventMention] = []
        seen: set[tuple[int, EventType]] = set()
        for hit in hits:
            event_type = favoured.get(hit.sentence, {}).get(hit.trigger.types, hit.trigger.type)
            if event_type is None or (hit.sentence, event_type) in seen or not self._reports_occurrence(words, hit):
                continue
            sentence = sentences(doc)[hit.sentence]
            if hit.sentence not in times:
                times[hit.sentence] = find_time_expressions(sentence.text, published)
            known = event_type in {e.type for e in events}
            event = self._event(doc, words, sentence, hit, event_type, arguments.get(hit.sentence, []), times[hit.sentence], known)
            if event is not None:
                seen.add((hit.sentence, event_type))
                events.append(event)
        # An act nobody is named for, nowhere ("de bekendmaking", "het besluit") is no event to show; its
        # sentence still counted above, so a later mention can refer back to it.
        return [event for event in events if event.participants or event.place_id or event.type not in ACTS_OF_SOMEONE]

    @staticmethod
    def _hits(doc: Doc, words: list[str]) -> list[Hit]:
        """Every token matching a trigger whose companion (if it needs one) stands in its clause."""
        hits = []
        sentence_list = sentences(doc)
        for i, word in enumerate(words):
            for trigger in word_triggers(word):
                index = sentence_index(doc, i)
                sentence = sentence_list[index]
                clause = clause_around(words, sentence.start, sentence.end, i)
                if has_companion(words, i, clause, trigger):
                    hits.append(Hit(i, trigger, index, sentence.start, clause))
                    break
        return hits

    @staticmethod
    def _favoured_types(hits: list[Hit]) -> dict[int, dict[tuple[EventType, ...], EventType | None]]:
        """For triggers of several types (``won``): the one other triggers of its sentence name, else the one the
        document names most; None when its sentence names another kind of event (``won de verkiezingen``)."""
        in_document = Counter(hit.trigger.type for hit in hits if len(hit.trigger.types) == 1)
        in_sentence: dict[int, set[EventType]] = {}
        for hit in hits:
            if len(hit.trigger.types) == 1 and not hit.trigger.weak:
                in_sentence.setdefault(hit.sentence, set()).add(hit.trigger.type)
        favoured: dict[int, dict[tuple[EventType, ...], EventType | None]] = {}
        for hit in hits:
            types = hit.trigger.types
            if len(types) == 1:
                continue
            named = in_sentence.get(hit.sentence, set())
            local = [t for t in types if t in named]
            if local:
                choice: EventType | None = local[0]
            elif named:
                choice = None
            else:
                choice = max(types, key=lambda t: (in_document[t], t is types[0]))
            favoured.setdefault(hit.sentence, {})[types] = choice
        return favoured

    @staticmethod
    def _reports_occurrence(words: list[str], hit: Hit) -> bool:
        """Not negated, hypothetical or generic."""
        i, clause, trigger = hit.token, hit.clause, hit.trigger
        if is_negated(words, i, clause, trigger) or is_hypothetical(words, i, clause, hit.sentence_start, trigger):
            return False
        if trigger.verb and EventType.COMPETITION in trigger.types and is_amount_change(words, i):
            return False
        return not is_generic(words, i, clause, trigger)

    @staticmethod
    def _arguments(doc: Doc, mentions: list[LinkedMention]) -> dict[int, list[Argument]]:
        """The linked mentions of each sentence with the token each starts at."""
        by_sentence: dict[int, list[Argument]] = {}
        for item in mentions:
            span = doc.char_span(item.mention.start, item.mention.start + 1, alignment_mode="expand")
            if span is not None and len(span):
                by_sentence.setdefault(item.mention.sentence, []).append(Argument(item, span[0].i))
        return by_sentence

    def _event(
        self,
        doc: Doc,
        words: list[str],
        sentence: Span,
        hit: Hit,
        event_type: EventType,
        arguments: list[Argument],
        times: list[TimeExpression],
        known: bool,
    ) -> EventMention | None:
        """The event mention of a hit, or None when a noun has no sign of having happened (``known``: the article
        already reported an event of this type, which a definite noun may refer back to)."""
        i, trigger = hit.token, hit.trigger
        place = find_place(words, i, arguments)
        participants = find_participants(words, i, sentence.start, arguments, place)
        position = doc[i].idx - sentence.start_char
        refers_back = known and not trigger.weak and is_definite(words, i, hit.clause)
        if not trigger.verb and not refers_back and not self._noun_happened(words, hit, event_type, sentence, arguments, times, place, participants):
            return None
        if trigger.verb and event_type in ACTED_BY_ORGANISATIONS and not any(_is_organisation(arguments, e) for e, _ in participants):
            return None
        names = {argument.entity_id: argument.name for argument in arguments}
        noun = trigger.noun if event_type is trigger.type else OTHER_TYPE_NOUNS.get(event_type, trigger.noun)
        label = event_label(noun, event_type, [(names[e], role) for e, role in participants if e in names], place.name if place else None)
        return EventMention(
            type=event_type,
            trigger=doc[i].text,
            sentence=hit.sentence,
            start=sentence.start_char,
            end=sentence.end_char,
            date=nearest_date(times, position),
            place_id=place.entity_id if place else None,
            participants=participants,
            label=label,
        )

    @staticmethod
    def _noun_happened(
        words: list[str],
        hit: Hit,
        event_type: EventType,
        sentence: Span,
        arguments: list[Argument],
        times: list[TimeExpression],
        place: Argument | None,
        participants: tuple,
    ) -> bool:
        """An event noun needs a time, a verb of happening, a place or an actor; an ambiguous one needs them in its clause."""
        i, clause, trigger = hit.token, hit.clause, hit.trigger
        if has_happening_verb(words, i, clause, trigger, event_type) or is_presupposed(words, i, clause, trigger):
            return True
        if trigger.weak:
            if event_type in _OWN_SUPPORT_ONLY:
                return False
            clause_start, clause_end = words_offsets(sentence, clause)
            in_clause = any(clause_start <= t.start < clause_end for t in times)
            return in_clause or any(is_attached(words, i, a.token) for a in arguments)
        return bool(times or place or participants)


# The label noun of a trigger taking its second type ("won de prijs" is a prize, not a "zege").
OTHER_TYPE_NOUNS = {EventType.AWARD: "prijs", EventType.ELECTION: "verkiezingszege"}
_OWN_SUPPORT_ONLY = {EventType.AWARD, EventType.COMPETITION, EventType.FINANCIAL_RESULTS}
# Verbs of these types are as often used of people and things ("taken overnemen", "met tien man gevochten"):
# they count only with a party to the event named in the sentence.
ACTED_BY_ORGANISATIONS = {EventType.ACQUISITION, EventType.FIGHTING}
# Events that are someone's act: without an actor or a place they say nothing a reader could place.
ACTS_OF_SOMEONE = {
    EventType.STATEMENT, EventType.DECISION, EventType.AGREEMENT, EventType.DEATH, EventType.RESIGNATION, EventType.APPOINTMENT,
    EventType.MEETING, EventType.NEGOTIATION, EventType.PRESS_CONFERENCE, EventType.VISIT, EventType.THREAT, EventType.SANCTION,
}  # fmt: skip


def _is_organisation(arguments: list[Argument], entity_id: str) -> bool:
    """An organisation or country among the sentence's arguments."""
    return any(a.entity_id == entity_id and (a.entity.type is NodeType.ORGANIZATION or a.entity.type is NodeType.PLACE) for a in arguments)


def words_offsets(sentence: Span, clause: Clause) -> tuple[int, int]:
    """The clause's character range relative to the sentence."""
    doc = sentence.doc
    start = doc[clause.start].idx - sentence.start_char
    last = doc[clause.end - 1]
    return start, last.idx + len(last.text) - sentence.start_char

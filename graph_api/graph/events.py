"""Events in the knowledge graph: clustering event mentions into events, and their indexes.

Within an article, a mention repeats an event of the same type when their dates and places do not
differ. Across articles, a mention joins
an existing event when the type is the same, the dates agree (an undated mention takes its
article's month; with no date at all it only joins another dateless one), the places do not differ,
and they share a participant (or, when one of them names none, the same place). Otherwise it
becomes a new event. Candidate
events are found through indexes by (type, participant) and (type, place), never by a scan.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable

from graph_api.dates import PartialDate
from graph_api.model import ArticleRecord, EventMention, EventRecord, EventType, Evidence


def compatible_dates(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Dates that can be the same day: equal where both are known."""
    if a is None or b is None:
        return True
    return _same_where_known(a, b)


def clustering_dates_agree(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Like ``compatible_dates``, but a report with no date at all never joins a dated event."""
    if a is None or b is None:
        return a is None and b is None
    return _same_where_known(a, b)


def _same_where_known(a: PartialDate, b: PartialDate) -> bool:
    if a.year != b.year:
        return False
    if a.month is not None and b.month is not None and a.month != b.month:
        return False
    return not (a.day is not None and b.day is not None and a.day != b.day)


def more_precise(a: PartialDate | None, b: PartialDate | None) -> PartialDate | None:
    if a is None:
        return b
    if b is None:
        return a
    return b if len(b.iso()) > len(a.iso()) else a


def reported_month(article: ArticleRecord) -> PartialDate | None:
    """The month an article was published in: when a report gives no date, the event is near it."""
    published = article.published
    return PartialDate(published.year, published.month) if published and published.month else published


class EventIndex:
    """Event records with their indexes (by type, article, entity; clustering keys); owned by the KnowledgeGraph."""

    def __init__(self, canonical: Callable[[str], str]) -> None:
        self.canonical = canonical
        self._events: dict[str, EventRecord] = {}
        self._effective_date: dict[str, PartialDate | None] = {}  # event → date used for clustering
        self._by_type_participant: dict[tuple[EventType, str], set[str]] = defaultdict(set)
        self._by_type_place: dict[tuple[EventType, str], set[str]] = defaultdict(set)
        self._by_type: dict[EventType, list[str]] = defaultdict(list)
        self._by_entity: dict[str, list[str]] = defaultdict(list)  # participant or place → events
        self._by_article: dict[str, list[str]] = defaultdict(list)

    def get(self, event_id: str) -> EventRecord | None:
        return self._events.get(event_id)

    def of_type(self, event_type: EventType) -> list[EventRecord]:
        return [self._events[i] for i in self._by_type.get(event_type, [])]

    def of_article(self, article_id: str) -> list[EventRecord]:
        return [self._events[i] for i in self._by_article.get(article_id, [])]

    def of_entity(self, entity_id: str) -> list[EventRecord]:
        """Events an entity takes part in or that happened at a place."""
        return [self._events[i] for i in self._by_entity.get(self.canonical(entity_id), [])]

    def add(self, article: ArticleRecord, mention: EventMention) -> tuple[EventRecord, bool]:
        """Cluster a mention into an event; returns the event and whether it is new."""
        participants = {self.canonical(i): role for i, role in mention.participants}
        place = self.canonical(mention.place_id) if mention.place_id else None
        date = mention.date or reported_month(article)
        target = self._match_in_article(article.id, mention.type, place, mention.date) or self._match(mention.type, participants, place, date)
        evidence = Evidence(article.id, mention.sentence, mention.start, mention.end)
        if target is None:
            event_id = "event:" + hashlib.sha1(f"{article.id}:{mention.sentence}:{mention.type}".encode()).hexdigest()[:16]
            target = EventRecord(event_id, mention.type, mention.label, mention.date, place)
            self._events[event_id] = target
            self._effective_date[event_id] = date
            self._by_type[mention.type].append(event_id)
            created = True
        else:
            created = False
            target.date = more_precise(target.date, mention.date)
            self._effective_date[target.id] = more_precise(self._effective_date[target.id], date)
            target.place_id = target.place_id or place
        if evidence not in target.evidence:
            target.evidence.append(evidence)
        if article.id not in target.article_ids:
            target.article_ids.append(article.id)
            self._by_article[article.id].append(target.id)
        for entity_id, role in participants.items():
            if target.participants.get(entity_id) is None:
                if entity_id not in target.participants:
                    self._by_entity[entity_id].append(target.id)
                target.participants[entity_id] = role
            self._by_type_participant[(target.type, entity_id)].add(target.id)
        if target.place_id:
            if target.id not in self._by_entity[target.place_id]:
                self._by_entity[target.place_id].append(target.id)
            self._by_type_place[(target.type, target.place_id)].add(target.id)
        return target, created

    def _match(self, event_type: EventType, participants: dict[str, str | None], place: str | None, date: PartialDate | None) -> EventRecord | None:
        candidates: set[str] = set()
        for entity_id in participants:
            candidates |= self._by_type_participant.get((event_type, entity_id), set())
        if place:
            candidates |= self._by_type_place.get((event_type, place), set())
        for event_id in sorted(candidates):
            event = self._events[event_id]
            if not clustering_dates_agree(self._effective_date[event_id], date):
                continue
            if place and event.place_id and self.canonical(event.place_id) != place:
                continue
            shared = {self.canonical(i) for i in event.participants} & set(participants)
            same_place = bool(place and event.place_id)
            if shared or ((not participants or not event.participants) and same_place):
                return event
        return None

    def _match_in_article(self, article_id: str, event_type: EventType, place: str | None, date: PartialDate | None) -> EventRecord | None:
        """An event of this article the mention repeats: same type, and dates and places that do not differ.

        Participants are not compared: one article's sentences about one event name different sides of it."""
        for event_id in self._by_article.get(article_id, []):
            event = self._events[event_id]
            if event.type is not event_type or not compatible_dates(event.date, date):
                continue
            if place and event.place_id and self.canonical(event.place_id) != place:
                continue
            return event
        return None

    def merge_entity(self, source: str, target: str) -> None:
        """Entity ``source`` became ``target``: re-key the event and quote indexes."""
        for event_id in self._by_entity.pop(source, []):
            event = self._events[event_id]
            if source in event.participants:
                role = event.participants.pop(source)
                event.participants.setdefault(target, role)
                self._by_type_participant[(event.type, target)].add(event_id)
            if event.place_id == source:
                event.place_id = target
                self._by_type_place[(event.type, target)].add(event_id)
            if event_id not in self._by_entity[target]:
                self._by_entity[target].append(event_id)

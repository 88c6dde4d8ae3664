"""Events in the knowledge graph: clustering event mentions into events, and their indexes.

Within an article, a mention repeats an event of the same type when their dates and places do not
differ. Across articles, a mention joins
an existing event when the type is the same, the dates agree (an undated mention takes its
article's month; with no date at all it only joins another dateless one), the places do not differ,
and they share a participant (or, when one of them names none, the same place). Otherwise it
becomes a new event. Candidate
events are found through indexes by (type, participant) and (type, place), never by a scan.

Each event keeps its reports (what every mention added to it), so when an article goes its events
are recomputed from the reports left; an event with none left goes too. Clustering is not redone:
a report that joined an event through the removed article's participants stays in it.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from graph_api.dates import PartialDate
from graph_api.model import ArticleRecord, EventMention, EventRecord, EventType, Evidence

K = TypeVar("K")


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


def event_key(article_id: str, sentence: int, event_type: EventType) -> str:
    """An event's id: made from the first mention that reported it."""
    return "event:" + hashlib.sha1(f"{article_id}:{sentence}:{event_type}".encode()).hexdigest()[:16]


@dataclass
class Report:
    """What one event mention added to its event (entity ids canonical): kept so the event can be recomputed without it."""

    article_id: str
    sentence: int
    label: str
    date: PartialDate | None  # the mention's own date
    effective_date: PartialDate | None  # the date clustering used: the mention's, else its article's month
    place_id: str | None
    participants: dict[str, str | None]
    evidence: Evidence

    def rekey(self, source: str, target: str) -> None:
        """Entity ``source`` became ``target``."""
        if source in self.participants:
            role = self.participants.pop(source)
            self.participants.setdefault(target, role)
        if self.place_id == source:
            self.place_id = target


class EventIndex:
    """Event records with their reports and indexes (by type, article, entity; clustering keys); owned by the KnowledgeGraph."""

    def __init__(self, canonical: Callable[[str], str]) -> None:
        self.canonical = canonical
        self._events: dict[str, EventRecord] = {}
        self._reports: dict[str, list[Report]] = {}  # event → its reports, the first the one that created it
        self._effective_date: dict[str, PartialDate | None] = {}  # event → date used for clustering
        self._by_type_participant: dict[tuple[EventType, str], set[str]] = defaultdict(set)
        self._by_type_place: dict[tuple[EventType, str], set[str]] = defaultdict(set)
        self._by_type: dict[EventType, dict[str, None]] = defaultdict(dict)  # dicts as ordered sets: removal without a scan
        self._by_entity: dict[str, dict[str, None]] = defaultdict(dict)  # participant or place → events
        self._by_article: dict[str, list[str]] = defaultdict(list)

    def get(self, event_id: str) -> EventRecord | None:
        return self._events.get(event_id)

    def of_type(self, event_type: EventType) -> list[EventRecord]:
        return [self._events[i] for i in self._by_type.get(event_type, {})]

    def of_article(self, article_id: str) -> list[EventRecord]:
        return [self._events[i] for i in self._by_article.get(article_id, [])]

    def of_entity(self, entity_id: str) -> list[EventRecord]:
        """Events an entity takes part in or that happened at a place."""
        return [self._events[i] for i in self._by_entity.get(self.canonical(entity_id), {})]

    def count_of_entity(self, entity_id: str) -> int:
        return len(self._by_entity.get(self.canonical(entity_id), ()))

    def reports(self, event_id: str) -> list[Report]:
        return self._reports.get(event_id, [])

    def add(self, article: ArticleRecord, mention: EventMention) -> tuple[EventRecord, bool]:
        """Cluster a mention into an event; returns the event and whether it is new."""
        participants = {self.canonical(i): role for i, role in mention.participants}
        place = self.canonical(mention.place_id) if mention.place_id else None
        date = mention.date or reported_month(article)
        target = self._match_in_article(article.id, mention.type, place, mention.date) or self._match(mention.type, participants, place, date)
        evidence = Evidence(article.id, mention.sentence, mention.start, mention.end)
        report = Report(article.id, mention.sentence, mention.label, mention.date, date, place, participants, evidence)
        created = target is None
        if target is None:
            target = EventRecord(event_key(article.id, mention.sentence, mention.type), mention.type, mention.label)
            self._events[target.id] = target
            self._reports[target.id] = []
            self._by_type[target.type][target.id] = None
        if article.id not in target.article_ids:
            self._by_article[article.id].append(target.id)
        self._reports[target.id].append(report)
        self._apply(target, report, first=created)
        return target, created

    def _apply(self, event: EventRecord, report: Report, first: bool) -> None:
        """Add one report to its event: dates, place, evidence, articles, participants, and the entity indexes."""
        if first:
            event.date, event.place_id, self._effective_date[event.id] = report.date, report.place_id, report.effective_date
        else:
            event.date = more_precise(event.date, report.date)
            self._effective_date[event.id] = more_precise(self._effective_date[event.id], report.effective_date)
            event.place_id = event.place_id or report.place_id
        if report.evidence not in event.evidence:
            event.evidence.append(report.evidence)
        if report.article_id not in event.article_ids:
            event.article_ids.append(report.article_id)
        for entity_id, role in report.participants.items():
            if event.participants.get(entity_id) is None:
                event.participants[entity_id] = role
            self._by_type_participant[(event.type, entity_id)].add(event.id)
            self._by_entity[entity_id][event.id] = None
        if event.place_id:
            self._by_entity[event.place_id][event.id] = None
            self._by_type_place[(event.type, event.place_id)].add(event.id)

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
        """Entity ``source`` became ``target``: re-key the events, their reports and the indexes."""
        for event_id in self._by_entity.pop(source, {}):
            event = self._events[event_id]
            if source in event.participants:
                role = event.participants.pop(source)
                event.participants.setdefault(target, role)
                _discard(self._by_type_participant, (event.type, source), event_id)
                self._by_type_participant[(event.type, target)].add(event_id)
            if event.place_id == source:
                event.place_id = target
                _discard(self._by_type_place, (event.type, source), event_id)
                self._by_type_place[(event.type, target)].add(event_id)
            self._by_entity[target][event_id] = None
            for report in self._reports[event_id]:
                report.rekey(source, target)

    def remove_article(self, article_id: str) -> tuple[list[EventRecord], list[tuple[str, EventRecord]]]:
        """Take an article's reports out: (the events no report is left of, now gone; (former id, event) of those recomputed)."""
        gone: list[EventRecord] = []
        kept: list[tuple[str, EventRecord]] = []
        for event_id in self._by_article.pop(article_id, []):
            event = self._events.get(event_id)
            if event is None:
                continue
            left = [r for r in self._reports.get(event_id, []) if r.article_id != article_id]
            if left:
                self._reports[event_id] = left
                self._rebuild(event)
                kept.append((event_id, event))
            else:
                self._delete(event)
                gone.append(event)
        return gone, kept

    def remove_entity(self, entity_id: str) -> list[EventRecord]:
        """An entity is no entity: it leaves the events it took part in or was the place of; returns those events."""

        def without(report: Report) -> None:
            report.participants.pop(entity_id, None)
            if report.place_id == entity_id:
                report.place_id = None

        return self._rewrite_reports(entity_id, without)

    def unplace(self, entity_id: str) -> list[EventRecord]:
        """An entity is no place any more: the events it was the place of have it as a participant instead; returns those events."""

        def as_participant(report: Report) -> None:
            if report.place_id == entity_id:
                report.place_id = None
                report.participants.setdefault(entity_id, None)

        return self._rewrite_reports(entity_id, as_participant)

    def _rewrite_reports(self, entity_id: str, rewrite: Callable[[Report], None]) -> list[EventRecord]:
        events = self.of_entity(entity_id)
        for event in events:
            for report in self._reports[event.id]:
                rewrite(report)
            self._rebuild(event)  # the first report stays first: the id does not change
        return events

    def _rebuild(self, event: EventRecord) -> None:
        """Recompute an event from its reports, as adding them in order would have made it; its id is its first report's."""
        old_id, reports = event.id, self._reports.pop(event.id)
        self._unindex(event)
        del self._events[old_id]
        self._effective_date.pop(old_id, None)
        new_id = event_key(reports[0].article_id, reports[0].sentence, event.type)
        event.id = old_id if new_id in self._events else new_id
        event.label = reports[0].label
        event.participants, event.article_ids, event.evidence = {}, [], []
        self._events[event.id], self._reports[event.id] = event, reports
        for i, report in enumerate(reports):
            self._apply(event, report, first=i == 0)
        if event.id != old_id:
            del self._by_type[event.type][old_id]
            self._by_type[event.type][event.id] = None
            for article_id in event.article_ids:
                articles = self._by_article[article_id]
                articles[articles.index(old_id)] = event.id

    def _delete(self, event: EventRecord) -> None:
        self._unindex(event)
        del self._events[event.id]
        self._reports.pop(event.id, None)
        self._effective_date.pop(event.id, None)
        _discard(self._by_type, event.type, event.id)
        for article_id in event.article_ids:
            articles = self._by_article.get(article_id, [])
            if event.id in articles:
                articles.remove(event.id)
                if not articles:
                    del self._by_article[article_id]

    def _unindex(self, event: EventRecord) -> None:
        """Take an event out of the indexes by entity and of the clustering keys."""
        for entity_id in event.participants:
            _discard(self._by_entity, entity_id, event.id)
            _discard(self._by_type_participant, (event.type, entity_id), event.id)
        if event.place_id:
            _discard(self._by_entity, event.place_id, event.id)
            _discard(self._by_type_place, (event.type, event.place_id), event.id)


def _discard(index: dict[K, set[str]] | dict[K, dict[str, None]], key: K, event_id: str) -> None:
    """Take an event out of one entry of an index, and the entry out when it is left empty."""
    members = index.get(key)
    if members is None:
        return
    if isinstance(members, set):
        members.discard(event_id)
    else:
        members.pop(event_id, None)
    if not members:
        del index[key]

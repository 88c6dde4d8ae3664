"""Time in the knowledge graph: articles in date order, timelines of entities and texts, and trends.

Articles are placed on the calendar by their published date. An article whose date is less precise
than the interval asked for (published "2024-03" on a daily timeline) has no bucket and is left out;
so is an undated one. The date order of the articles is built once per graph version; an entity's
buckets once per version and interval, so a timeline request only cuts and pads what is kept.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import TypeVar

from graph_api.dates import DatePrecision, PartialDate

DEADLINE_CHECK_EVERY = 256  # articles counted between two looks at the clock
CACHED_TIMELINES = 4096  # entity timelines kept per graph version (one per entity and interval asked for)
CACHED_TRENDS = 64  # trend lists kept per graph version (one per window and kind asked for)
K = TypeVar("K")
V = TypeVar("V")


class Interval(StrEnum):
    """The width of a timeline bucket."""

    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"
    QUARTER = "QUARTER"
    YEAR = "YEAR"


# The least precise date each interval can place: a month-precise date fits a month, quarter or year.
NEEDS = {
    Interval.DAY: DatePrecision.DAY, Interval.WEEK: DatePrecision.DAY, Interval.MONTH: DatePrecision.MONTH,
    Interval.QUARTER: DatePrecision.MONTH, Interval.YEAR: DatePrecision.YEAR,
}  # fmt: skip
PRECISION_RANK = {DatePrecision.YEAR: 0, DatePrecision.MONTH: 1, DatePrecision.DAY: 2}


def fits(value: PartialDate, interval: Interval) -> bool:
    """Whether a date is precise enough to fall in one bucket of this interval."""
    return PRECISION_RANK[value.precision] >= PRECISION_RANK[NEEDS[interval]]


def bucket_start(day: date, interval: Interval) -> date:
    """The first day of the bucket holding a day (weeks start on Monday, ISO 8601)."""
    if interval is Interval.DAY:
        return day
    if interval is Interval.WEEK:
        return day - timedelta(days=day.weekday())
    if interval is Interval.MONTH:
        return day.replace(day=1)
    if interval is Interval.QUARTER:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, 1, 1)


def next_start(start: date, interval: Interval) -> date:
    """The first day of the bucket after the one starting at ``start``."""
    if interval is Interval.DAY:
        return start + timedelta(days=1)
    if interval is Interval.WEEK:
        return start + timedelta(days=7)
    months = {Interval.MONTH: 1, Interval.QUARTER: 3, Interval.YEAR: 12}[interval]
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


@dataclass
class Bucket:
    """One interval of a timeline: what happened in it."""

    start: date
    end: date  # the last day in the bucket
    mentions: int = 0
    article_ids: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    quote_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Dated:
    """Something placed on the calendar: an article (with its mentions of the subject), an event or a quote."""

    id: str
    when: PartialDate
    mentions: int = 0


class TimelineTooLong(ValueError):
    """A timeline would have more buckets than allowed."""


def bucketed(articles: Iterable[Dated], events: Iterable[Dated], quotes: Iterable[Dated], interval: Interval) -> dict[date, Bucket]:
    """The non-empty buckets of a subject, keyed by their first day."""
    buckets: dict[date, Bucket] = {}

    def bucket_of(item: Dated) -> Bucket | None:
        if not fits(item.when, interval):
            return None
        start = bucket_start(item.when.first_day(), interval)
        found = buckets.get(start)
        if found is None:
            found = buckets[start] = Bucket(start, next_start(start, interval) - timedelta(days=1))
        return found

    for article in articles:
        if (target := bucket_of(article)) is not None:
            target.mentions += article.mentions
            target.article_ids.append(article.id)
    for event in events:
        if (target := bucket_of(event)) is not None:
            target.event_ids.append(event.id)
    for quote in quotes:
        if (target := bucket_of(quote)) is not None:
            target.quote_ids.append(quote.id)
    return buckets


def cut(buckets: dict[date, Bucket], interval: Interval, start: date | None, end: date | None, limit: int) -> list[Bucket]:
    """The buckets from ``start`` (else the first non-empty one) to ``end`` (else the last), empty ones included."""
    if not buckets and (start is None or end is None):
        return []
    first = bucket_start(start, interval) if start else min(buckets)
    last = bucket_start(end, interval) if end else max(buckets)
    if last < first:
        return []
    count = bucket_count(first, last, interval)
    if count > limit:
        raise TimelineTooLong(f"{count} buckets of one {interval.value.lower()} from {first} to {last}, the limit is {limit}")
    result = []
    current = first
    while current <= last:
        result.append(buckets.get(current) or Bucket(current, next_start(current, interval) - timedelta(days=1)))
        current = next_start(current, interval)
    return result


def bucket_count(first: date, last: date, interval: Interval) -> int:
    """How many buckets of the interval from the one holding ``first`` to the one holding ``last``."""
    first, last = bucket_start(first, interval), bucket_start(last, interval)
    if last < first:
        return 0
    if interval is Interval.DAY:
        return (last - first).days + 1
    if interval is Interval.WEEK:
        return (last - first).days // 7 + 1
    months = (last.year - first.year) * 12 + last.month - first.month
    return months // {Interval.MONTH: 1, Interval.QUARTER: 3, Interval.YEAR: 12}[interval] + 1


class ArticleCalendar:
    """The dated articles of one graph version in date order, for windows of time."""

    def __init__(self, dates: Iterable[tuple[str, PartialDate]]) -> None:
        ordered = sorted((when.first_day().toordinal(), article_id) for article_id, when in dates)
        self._days = [day for day, _ in ordered]
        self._ids = [article_id for _, article_id in ordered]

    def between(self, start: date, end: date) -> list[str]:
        """Articles published from ``start`` to ``end`` inclusive (by their date's first day)."""
        low = bisect.bisect_left(self._days, start.toordinal())
        high = bisect.bisect_right(self._days, end.toordinal())
        return self._ids[low:high]

    def last_day(self) -> date | None:
        return date.fromordinal(self._days[-1]) if self._days else None


@dataclass(frozen=True)
class Trend:
    """An entity's mentions in a window and in the window of the same length before it."""

    entity_id: str
    mentions: int
    previous: int
    share: float
    previous_share: float

    @property
    def growth(self) -> float:
        return self.share - self.previous_share


def trends(
    calendar: ArticleCalendar,
    mentions_in: Callable[[str], Iterable[tuple[str, int]]],
    start: date,
    end: date,
    keep: Callable[[str], bool],
    deadline: float | None = None,
) -> list[Trend]:
    """Entities whose share of all mentions grew most from the preceding window to this one, largest growth first."""
    length = (end - start).days + 1
    now = _mention_counts(calendar.between(start, end), mentions_in, deadline)
    before = _mention_counts(calendar.between(start - timedelta(days=length), start - timedelta(days=1)), mentions_in, deadline)
    total_now, total_before = sum(now.values()) or 1, sum(before.values()) or 1
    found = [Trend(entity, now[entity], before[entity], now[entity] / total_now, before[entity] / total_before) for entity in now if keep(entity)]
    found = [t for t in found if t.growth > 0]
    return sorted(found, key=lambda t: (-t.growth, -t.mentions, t.entity_id))


def _mention_counts(article_ids: list[str], mentions_in: Callable[[str], Iterable[tuple[str, int]]], deadline: float | None) -> Counter[str]:
    counts: Counter[str] = Counter()
    for number, article_id in enumerate(article_ids):
        if deadline is not None and number % DEADLINE_CHECK_EVERY == 0 and time.monotonic() > deadline:
            raise TimeoutError("mentions not counted by the deadline")
        for entity_id, count in mentions_in(article_id):
            counts[entity_id] += count
    return counts


class TimelineCache:
    """Entity timelines and trend lists of one graph version, most recently used kept."""

    def __init__(self) -> None:
        self._version = 0
        self._items: OrderedDict[tuple[str, Interval], dict[date, Bucket]] = OrderedDict()
        self._trends: OrderedDict[tuple[object, ...], list[Trend]] = OrderedDict()
        self._calendar: ArticleCalendar | None = None
        self._lock = threading.Lock()

    def calendar(self, version: int, dates: Callable[[], Iterator[tuple[str, PartialDate]]]) -> ArticleCalendar:
        with self._lock:
            self._forget_older(version)
            if self._calendar is None:
                self._calendar = ArticleCalendar(dates())
            return self._calendar

    def buckets(self, version: int, key: tuple[str, Interval], build: Callable[[], dict[date, Bucket]]) -> dict[date, Bucket]:
        return self._kept(self._items, CACHED_TIMELINES, version, key, build)

    def trends(self, version: int, key: tuple[object, ...], build: Callable[[], list[Trend]]) -> list[Trend]:
        """The trend list of a window and kind, counted once per graph version (counting a window's mentions takes
        hundreds of milliseconds at a million articles)."""
        return self._kept(self._trends, CACHED_TRENDS, version, key, build)

    def _kept(self, items: OrderedDict[K, V], limit: int, version: int, key: K, build: Callable[[], V]) -> V:
        """The value kept under ``key`` for this graph version, else built (outside the lock) and kept, the least recently
        used let go past ``limit``."""
        with self._lock:
            self._forget_older(version)
            found = items.get(key)
            if found is not None:
                items.move_to_end(key)
                return found
        built = build()
        with self._lock:
            if self._version == version:
                items[key] = built
                if len(items) > limit:
                    items.popitem(last=False)
        return built

    def _forget_older(self, version: int) -> None:
        if version != self._version:
            self._version = version
            self._items.clear()
            self._trends.clear()
            self._calendar = None

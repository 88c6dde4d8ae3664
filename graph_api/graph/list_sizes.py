"""The longest each kind of list in the graph has been: what a query's cost counts a plain list at.

A GraphQL field such as ``Article.mentions`` has no page size; the query budget needs to know how
long it can be. The longest one seen so far is an upper bound that follows the corpus (a corpus of
short articles has short mention lists), kept as articles arrive at the cost of a few ``len`` calls.
It never shrinks, so after a merge or a delete it is still an upper bound.
"""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date
from enum import StrEnum

_REVISIONS = itertools.count(1)  # process-wide, so no two states of any ListSizes share a revision


class ListKind(StrEnum):
    """The lists whose length the budget asks for."""

    ARTICLE_MENTIONS = "article.mentions"
    ARTICLE_ENTITIES = "article.entities"
    ARTICLE_EVENTS = "article.events"
    ARTICLE_QUOTES = "article.quotes"
    ARTICLE_REMOVED_LINES = "article.removed_lines"
    ENTITY_ALIASES = "entity.aliases"
    ENTITY_EVENTS = "entity.events"
    PERSON_QUOTES = "person.quotes"
    PERSON_ROLES = "person.roles"
    EVENT_PARTICIPANTS = "event.participants"
    EVENT_ARTICLES = "event.articles"
    EVENT_EVIDENCE = "event.evidence"
    ENTITY_HISTORY = "entity.history"
    CURATION_SOURCES = "curation.sources"


class ListSizes:
    """The longest list of each kind seen so far."""

    def __init__(self) -> None:
        self._longest: Counter[ListKind] = Counter()
        self.revision = next(_REVISIONS)  # changes whenever a longest length does (for caches of costs)
        self.first_day: date | None = None  # the span of the articles' dates: how many buckets a timeline can have
        self.last_day: date | None = None

    def observe_date(self, day: date) -> None:
        if self.first_day is None or day < self.first_day:
            self.first_day = day
            self.revision = next(_REVISIONS)
        if self.last_day is None or day > self.last_day:
            self.last_day = day
            self.revision = next(_REVISIONS)

    def observe(self, kind: ListKind, size: int) -> None:
        if size > self._longest[kind]:
            self._longest[kind] = size
            self.revision = next(_REVISIONS)

    def longest(self, kind: ListKind) -> int:
        return self._longest[kind]

    def as_dict(self) -> dict[str, int]:
        return {kind.value: self._longest[kind] for kind in ListKind}

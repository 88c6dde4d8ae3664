"""Filters and orders for the ``events`` and ``quotes`` root fields, answered from indexes."""

from __future__ import annotations

from enum import Enum

import strawberry
from graphql import GraphQLError

from graph_api.api.context import Context
from graph_api.api.types.enums import EventType
from graph_api.dates import PartialDate
from graph_api.graph.events import compatible_dates
from graph_api.graph.knowledge_graph import KnowledgeGraph, date_sort_key
from graph_api.model import EventRecord, NodeType, QuoteRecord


@strawberry.input(description="Which events to list; all given conditions must hold.")
class EventFilter:
    type: EventType | None = strawberry.field(default=None, description="Only events of this type.")
    from_: str | None = strawberry.field(default=None, name="from", description="Only events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    to: str | None = strawberry.field(default=None, description="Only events on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    place_id: strawberry.ID | None = strawberry.field(default=None, description="Only events at this place.")
    participant_id: strawberry.ID | None = strawberry.field(default=None, description="Only events this entity takes part in.")


@strawberry.enum(description="Order of an event list.")
class EventOrder(Enum):
    DATE = "DATE"
    ARTICLE_COUNT = "ARTICLE_COUNT"


@strawberry.input(description="Which quotes to list; all given conditions must hold.")
class QuoteFilter:
    speaker_id: strawberry.ID | None = strawberry.field(default=None, description="Only quotes by this person.")
    article_id: strawberry.ID | None = strawberry.field(default=None, description="Only quotes from this article.")
    text_contains: str | None = strawberry.field(default=None, description="Only quotes containing these words (full-text, any case).")


def _date(value: str | None, argument: str) -> PartialDate | None:
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as error:
        raise GraphQLError(f"`{argument}`: {error}") from None


def _in_range(event: EventRecord, start: PartialDate | None, end: PartialDate | None) -> bool:
    if start is None and end is None:
        return True
    if event.date is None:
        return False
    key = event.date.sort_key()
    after_start = start is None or key >= start.sort_key() or compatible_dates(event.date, start)
    before_end = end is None or key <= end.sort_key() or compatible_dates(event.date, end)
    return after_start and before_end


def filter_events(graph: KnowledgeGraph, where: EventFilter) -> list[EventRecord]:
    """Start from the narrowest index the filter allows, then check the other conditions."""
    start, end = _date(where.from_, "from"), _date(where.to, "to")
    if where.participant_id or where.place_id:
        anchor = str(where.participant_id or where.place_id)
        candidates = graph.events_of_entity(anchor)
    elif where.type is not None:
        candidates = graph.events_of_type(where.type)
    else:
        candidates = [e for e in map(graph.event, graph.ids(NodeType.EVENT)) if e is not None]
    place = graph.canonical_id(str(where.place_id)) if where.place_id else None
    participant = graph.canonical_id(str(where.participant_id)) if where.participant_id else None
    return [
        e
        for e in candidates
        if (where.type is None or e.type is where.type)
        and (place is None or (e.place_id and graph.canonical_id(e.place_id) == place))
        and (participant is None or participant in {graph.canonical_id(i) for i in e.participants})
        and _in_range(e, start, end)
    ]


def sort_events(events: list[EventRecord], order: EventOrder) -> list[EventRecord]:
    if order is EventOrder.DATE:
        return sorted(events, key=lambda e: (date_sort_key(e.date), -len(e.article_ids), e.id))
    return sorted(events, key=lambda e: (-len(e.article_ids), date_sort_key(e.date), e.id))


async def filter_quotes(context: Context, where: QuoteFilter) -> list[QuoteRecord]:
    """Start from the speaker's, the article's or the text index's quotes, then check the other conditions."""
    graph = context.graph
    matching = set(await context.search_quotes(where.text_contains)) if where.text_contains else None
    if where.speaker_id:
        candidates = graph.quotes_of_speaker(str(where.speaker_id))
    elif where.article_id:
        candidates = graph.quotes_of_article(str(where.article_id))
    elif matching is not None:
        candidates = [q for q in map(graph.quote, matching) if q is not None]
    else:
        candidates = [q for q in map(graph.quote, graph.ids(NodeType.QUOTE)) if q is not None]
    return sorted(
        (
            q
            for q in candidates
            if not q.fragment and (matching is None or q.id in matching) and (not where.article_id or q.article_id == str(where.article_id))
        ),
        key=lambda q: (graph.position(NodeType.ARTICLE, q.article_id) or 0, q.start),
    )

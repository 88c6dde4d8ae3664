"""Filters and orders of the root lists (articles, entities, events, quotes), answered from indexes and cached orders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum

import strawberry
from graphql import GraphQLError

from graph_api.api.context import Context
from graph_api.api.types.enums import EventType, PlaceKind
from graph_api.dates import PartialDate
from graph_api.graph.algorithms import Centrality, centrality
from graph_api.graph.events import compatible_dates
from graph_api.graph.knowledge_graph import KnowledgeGraph, date_sort_key
from graph_api.model import EntityRecord, EventRecord, NodeType, QuoteRecord
from graph_api.names import name_key

DEADLINE_CHECK_EVERY = 256  # candidates checked between two looks at the clock


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


def day_bound(text: str | None, argument: str, last: bool = False) -> date | None:
    """A `from`/`to` argument as a day: a month or year stands for its first day (for `to`: its last day)."""
    value = _date(text, argument)
    if value is None:
        return None
    return value.last_day() if last else value.first_day()


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


@strawberry.enum(description="Order of an entity list.")
class EntityOrder(Enum):
    ARTICLE_COUNT = "ARTICLE_COUNT"
    MENTION_COUNT = "MENTION_COUNT"
    DEGREE = "DEGREE"
    PAGERANK = "PAGERANK"
    NAME = "NAME"


@strawberry.input(description="A rectangle of latitude and longitude in WGS84 degrees; `west` > `east` crosses the antimeridian.")
class BoundingBox:
    south: float = strawberry.field(description="Southern edge (latitude).")
    west: float = strawberry.field(description="Western edge (longitude).")
    north: float = strawberry.field(description="Northern edge (latitude).")
    east: float = strawberry.field(description="Eastern edge (longitude).")

    def holds(self, latitude: float, longitude: float) -> bool:
        across = self.west > self.east
        east_west = (longitude >= self.west or longitude <= self.east) if across else self.west <= longitude <= self.east
        return self.south <= latitude <= self.north and east_west


@strawberry.input(description="Which entities to list; all given conditions must hold.")
class EntityFilter:
    name_contains: str | None = strawberry.field(default=None, description="Name or an alias contains this text (case and diacritics ignored).")
    mentioned_from: str | None = strawberry.field(default=None, description="Named in an article published on or after this date.")
    mentioned_to: str | None = strawberry.field(default=None, description="Named in an article published on or before this date.")
    country: str | None = strawberry.field(
        default=None, description="ISO 3166-1 alpha-2 code: places in that country; people holding a role of it (`de Franse president`)."
    )
    kind: PlaceKind | None = strawberry.field(default=None, description="Places of this kind only (places only).")
    within: BoundingBox | None = strawberry.field(default=None, description="Places whose coordinates are inside the box (places only).")


def entity_order(graph: KnowledgeGraph, node_type: NodeType, order: EntityOrder) -> tuple[list[str], dict[str, int] | None]:
    """The ids of one entity type in an order, and their positions (None: the graph's own order), built once
    per graph version (and per projection for the centralities); ties keep the article-count order."""
    ids = graph.ids(node_type)
    if order is EntityOrder.ARTICLE_COUNT:
        return ids, None
    if order in (EntityOrder.DEGREE, EntityOrder.PAGERANK):
        projection, measure = graph.projection(), Centrality(order.value)
        return graph.rankings.ordered((node_type, order, projection.version), lambda: sorted(ids, key=lambda i: -centrality(projection, measure, i)))
    if order is EntityOrder.MENTION_COUNT:
        return graph.rankings.ordered((node_type, order), lambda: sorted(ids, key=lambda i: -_mention_count(graph, i)))
    return graph.rankings.ordered((node_type, order), lambda: sorted(ids, key=lambda i: (_name_key(graph, i), i)))


def _mention_count(graph: KnowledgeGraph, entity_id: str) -> int:
    record = graph.entity(entity_id)
    return record.mention_count if record else 0


def _name_key(graph: KnowledgeGraph, entity_id: str) -> str:
    record = graph.entity(entity_id)
    return name_key(record.name) if record else ""


def filter_entities(context: Context, node_type: NodeType, ids: list[str], where: EntityFilter) -> list[str]:
    """The ids that meet every condition of the filter, in the order given."""
    graph = context.graph
    _check_place_conditions(node_type, where)
    tests: list[Callable[[EntityRecord], bool]] = []
    if where.name_contains is not None:
        wanted = name_key(where.name_contains)
        tests.append(lambda r: wanted in name_key(r.name) or any(wanted in name_key(a) for a in r.aliases))
    if where.mentioned_from is not None or where.mentioned_to is not None:
        named = _named_between(context, where.mentioned_from, where.mentioned_to)
        tests.append(lambda r: r.id in named)
    if where.country is not None:
        tests.append(_country_test(graph, node_type, where.country))
    if where.kind is not None:
        kind = where.kind
        tests.append(lambda r: (r.place.kind if r.place else PlaceKind.OTHER) is kind)
    if where.within is not None:
        box = where.within
        tests.append(
            lambda r: (
                r.place is not None
                and r.place.latitude is not None
                and r.place.longitude is not None
                and box.holds(r.place.latitude, r.place.longitude)
            )
        )
    records = (graph.entity(i) for i in ids)
    return [r.id for r in records if r is not None and all(test(r) for test in tests)]


def _check_place_conditions(node_type: NodeType, where: EntityFilter) -> None:
    for name, value in (("kind", where.kind), ("within", where.within)):
        if value is not None and node_type is not NodeType.PLACE:
            raise GraphQLError(f"`filter.{name}` applies to places only")
    if where.country is not None and node_type is NodeType.ORGANIZATION:
        raise GraphQLError("`filter.country` applies to places and people only")


def _country_test(graph: KnowledgeGraph, node_type: NodeType, code: str) -> Callable[[EntityRecord], bool]:
    wanted = code.strip().upper()
    if len(wanted) != 2 or not wanted.isalpha():
        raise GraphQLError(f"`filter.country` must be an ISO 3166-1 alpha-2 code such as `NL`, got {code!r}")
    if node_type is NodeType.PLACE:
        return lambda r: r.place is not None and r.place.country_code == wanted

    def holds_role(record: EntityRecord) -> bool:
        countries = (graph.entity(role.country_id) for role in graph.roles(record.id) if role.country_id)
        return any(c is not None and c.place is not None and c.place.country_code == wanted for c in countries)

    return holds_role


def _named_between(context: Context, start: str | None, end: str | None) -> set[str]:
    """Entities named in the articles published in the window."""
    graph = context.graph
    first = day_bound(start, "filter.mentionedFrom") or date.min
    last = day_bound(end, "filter.mentionedTo", last=True) or date.max
    named: set[str] = set()
    for number, article_id in enumerate(graph.calendar().between(first, last)):
        if number % DEADLINE_CHECK_EVERY == 0:
            context.deadline.check()
        named.update(entity_id for entity_id, _ in graph.mention_counts(article_id))
    return named


@strawberry.input(description="Which articles to list; all given conditions must hold.")
class ArticleFilter:
    from_: str | None = strawberry.field(default=None, name="from", description="Published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    to: str | None = strawberry.field(default=None, description="Published on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    source: str | None = strawberry.field(default=None, description="From this source (exactly as `Article.source`).")
    mentions: list[strawberry.ID] | None = strawberry.field(default=None, description="Naming every one of these entities.")
    text: str | None = strawberry.field(default=None, description="Containing these words (full-text, any case).")


async def filter_articles(context: Context, where: ArticleFilter) -> list[str]:
    """Start from the narrowest of the entities' articles, the date window or the text's matches; then check the rest.
    The result is in the graph's article order (newest first)."""
    graph = context.graph
    entities = [graph.canonical_id(str(i)) for i in where.mentions or []]
    matching = set(await context.matching_articles(where.text)) if where.text is not None else None
    dated = where.from_ is not None or where.to is not None
    first = day_bound(where.from_, "filter.from") or date.min
    last = day_bound(where.to, "filter.to", last=True) or date.max
    if entities:
        candidates = min((graph.article_ids_of_entity(e) for e in entities), key=len)
    elif dated:
        candidates = sorted(graph.calendar().between(first, last), key=lambda a: graph.position(NodeType.ARTICLE, a) or 0)
    elif matching is not None:
        candidates = sorted(matching, key=lambda a: graph.position(NodeType.ARTICLE, a) or 0)
    else:
        candidates = graph.ids(NodeType.ARTICLE)
    found = []
    for number, article_id in enumerate(candidates):
        if number % DEADLINE_CHECK_EVERY == 0:
            context.deadline.check()
        record = graph.article(article_id)
        if record is None or (where.source is not None and record.source != where.source):
            continue
        if dated and (record.published is None or not first <= record.published.first_day() <= last):
            continue
        if (matching is None or article_id in matching) and all(graph.mentions_entity(article_id, e) for e in entities):
            found.append(article_id)
    return found

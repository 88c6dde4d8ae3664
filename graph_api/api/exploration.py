"""The exploration root fields: neighbourhood, path, timelines and trends, answered from the entity
projection and the timeline caches of the graph (see ``graph.algorithms`` and ``graph.timeline``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

import strawberry
from graphql import GraphQLError

from graph_api.api.connection import check_first
from graph_api.api.context import Context, Info
from graph_api.api.filters import day_bound
from graph_api.api.types.enums import Interval, NodeKind
from graph_api.api.types.exploration import PathStep, Subgraph, SubgraphEdge, TimelineBucket, TrendingEntity
from graph_api.api.types.registry import as_nodes
from graph_api.graph.algorithms import neighbourhood, shortest_path
from graph_api.graph.timeline import Bucket, TimelineTooLong, cut
from graph_api.model import NodeType

EntityId = Annotated[strawberry.ID, strawberry.argument(description="Global id of an entity (person, place or organisation).")]
Kinds = Annotated[list[NodeKind] | None, strawberry.argument(description="Only entities of these kinds (default: all).")]
From = Annotated[str | None, strawberry.argument(name="from", description="First day (YYYY, YYYY-MM or YYYY-MM-DD; a month or year: its first day).")]
To = Annotated[str | None, strawberry.argument(description="Last day (YYYY, YYYY-MM or YYYY-MM-DD; a month or year: its last day).")]
IntervalArgument = Annotated[Interval | None, strawberry.argument(description="Width of each bucket (null: MONTH).")]
DEFAULT_NEIGHBOURS = 25
DEFAULT_PATH_LENGTH = 4
TRENDING_DAYS = 30  # the window `trending` looks at when `from` is not given


def _entity_id(context: Context, given: strawberry.ID, argument: str = "id") -> str:
    """The canonical id of an entity, or an error naming the id given."""
    record = context.graph.entity(str(given))
    if record is None:
        raise GraphQLError(f"`{argument}`: no person, place or organisation has the id {str(given)!r}")
    return record.id


def _node_types(kinds: list[NodeKind] | None) -> set[NodeType] | None:
    return {kind.node_type for kind in kinds} if kinds else None


def _in_range(value: int, low: int, high: int, argument: str) -> int:
    if not low <= value <= high:
        raise GraphQLError(f"`{argument}` must be between {low} and {high}, got {value}")
    return value


def _timeline(context: Context, buckets: dict[date, Bucket], interval: Interval, start: str | None, end: str | None) -> list[TimelineBucket]:
    first, last = day_bound(start, "from"), day_bound(end, "to", last=True)
    try:
        return [TimelineBucket(bucket=b) for b in cut(buckets, interval, first, last, context.settings.max_timeline_buckets)]
    except TimelineTooLong as error:
        raise GraphQLError(f"the timeline would have {error}: narrow `from`/`to` or choose a longer `interval`") from None


@strawberry.type
class ExplorationQuery:
    @strawberry.field(description="An entity and its most strongly linked entities within `depth` hops, as nodes and edges ready to draw.")
    def neighbourhood(
        self,
        info: Info,
        id: EntityId,
        depth: Annotated[int | None, strawberry.argument(description="Hops from the centre: 1 or 2 (null: 1).")] = 1,
        first: Annotated[
            int | None, strawberry.argument(description="Most entities besides the centre (null: 25; maximum: a setting).")
        ] = DEFAULT_NEIGHBOURS,
        types: Kinds = None,
        min_weight: Annotated[int | None, strawberry.argument(description="Only links at least this strong (null: 1).")] = 1,
    ) -> Subgraph:
        context: Context = info.context
        settings = context.settings
        centre = _entity_id(context, id)
        depth = _in_range(1 if depth is None else depth, 1, 2, "depth")
        first = _in_range(DEFAULT_NEIGHBOURS if first is None else first, 0, settings.max_neighbourhood_nodes, "first")
        min_weight = _in_range(1 if min_weight is None else min_weight, 1, 2**31 - 1, "minWeight")
        found = neighbourhood(context.graph.projection(), centre, depth, first, _node_types(types), min_weight, settings.subgraph_edges_per_node)
        nodes = as_nodes(map(context.graph.entity, found.nodes)) if found.nodes else as_nodes([context.graph.entity(centre)])
        return Subgraph(nodes=nodes, edges=[SubgraphEdge(link=link) for link in found.links])

    @strawberry.field(
        description="The shortest connection between two entities, hop by hop with its evidence; null when there is none within `maxLength`."
    )
    def path(
        self,
        info: Info,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from", description="Global id of the entity to start at.")],
        to: Annotated[strawberry.ID, strawberry.argument(description="Global id of the entity to reach.")],
        max_length: Annotated[int | None, strawberry.argument(description="Most hops (null: 4; maximum: a setting).")] = DEFAULT_PATH_LENGTH,
        via: Annotated[list[NodeKind] | None, strawberry.argument(description="Only through entities of these kinds (the ends may be any).")] = None,
    ) -> list[PathStep] | None:
        context: Context = info.context
        source, target = _entity_id(context, from_, "from"), _entity_id(context, to, "to")
        max_length = _in_range(DEFAULT_PATH_LENGTH if max_length is None else max_length, 1, context.settings.max_path_length, "maxLength")
        links = shortest_path(context.graph.projection(), source, target, max_length, _node_types(via))
        return [PathStep(link=link) for link in links] if links is not None else None

    @strawberry.field(description="How often an entity was in the news per interval, with its events and quotes; empty intervals included.")
    def timeline(
        self, info: Info, id: EntityId, interval: IntervalArgument = Interval.MONTH, from_: From = None, to: To = None
    ) -> list[TimelineBucket]:
        context: Context = info.context
        interval = interval or Interval.MONTH
        buckets = context.graph.entity_timeline(_entity_id(context, id), interval)
        return _timeline(context, buckets, interval, from_, to)

    @strawberry.field(description="How many articles matched a search text per interval, with their events and quotes; empty intervals included.")
    async def text_timeline(
        self,
        info: Info,
        query: Annotated[str, strawberry.argument(description="Words every matching article contains (full-text).")],
        interval: IntervalArgument = Interval.MONTH,
        from_: From = None,
        to: To = None,
    ) -> list[TimelineBucket]:
        context: Context = info.context
        if not query.strip():
            raise GraphQLError("`query` must not be empty")
        interval = interval or Interval.MONTH
        matches = await context.matching_articles(query)
        return _timeline(context, context.graph.articles_timeline(matches, interval), interval, from_, to)

    @strawberry.field(description="Entities whose share of all mentions grew most in a window against the window of the same length before it.")
    def trending(
        self,
        info: Info,
        from_: Annotated[
            str | None, strawberry.argument(name="from", description=f"First day of the window (default: {TRENDING_DAYS} days before `to`).")
        ] = None,
        to: Annotated[str | None, strawberry.argument(description="Last day of the window (default: the newest article's day).")] = None,
        type: Annotated[NodeKind | None, strawberry.argument(description="Only entities of this kind.")] = None,
        first: Annotated[int | None, strawberry.argument(description="How many (default and maximum are settings).")] = None,
    ) -> list[TrendingEntity]:
        context: Context = info.context
        graph = context.graph
        size = check_first(first, context.settings.default_page_size, context.settings.max_page_size)
        calendar = graph.calendar()
        end = day_bound(to, "to", last=True) or calendar.last_day()
        if end is None:
            return []
        start = day_bound(from_, "from") or end - timedelta(days=TRENDING_DAYS - 1)
        if start > end:
            raise GraphQLError(f"`from` ({start}) is after `to` ({end})")
        try:
            found = graph.trending(start, end, type.node_type if type else None, context.deadline.at)
        except TimeoutError:
            raise context.deadline.error() from None
        return [TrendingEntity(trend=t) for t in found[:size]]

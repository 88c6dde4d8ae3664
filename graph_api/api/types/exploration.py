"""Types of the exploration queries: links between entities, subgraphs, paths, timeline buckets and trends."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph_api.api.connection import After, Connection, First
from graph_api.api.context import Info
from graph_api.api.types.enums import EdgeKind
from graph_api.api.types.pages import article_page, event_page, quote_page
from graph_api.graph.projection import Link
from graph_api.graph.timeline import Bucket, Trend

if TYPE_CHECKING:
    from graph_api.api.types.article import Article
    from graph_api.api.types.entity import Entity
    from graph_api.api.types.event import Event
    from graph_api.api.types.node import Node
    from graph_api.api.types.quote import Quote

ArticleRef = Annotated["Article", strawberry.lazy("graph_api.api.types.article")]
EntityRef = Annotated["Entity", strawberry.lazy("graph_api.api.types.entity")]
EventRef = Annotated["Event", strawberry.lazy("graph_api.api.types.event")]
NodeRef = Annotated["Node", strawberry.lazy("graph_api.api.types.node")]
QuoteRef = Annotated["Quote", strawberry.lazy("graph_api.api.types.quote")]


@strawberry.interface(description="A link between two entities in the entity graph, with the articles and events behind it.")
class EntityLink:
    link: strawberry.Private[Link]

    @strawberry.field(description="CO_MENTION, or SHARED_EVENT when the two take part in an event together.")
    def kind(self) -> EdgeKind:
        return self.link.kind

    @strawberry.field(description="Strength of the link: `articleCount` + `eventCount`.")
    def weight(self) -> int:
        return self.link.weight

    @strawberry.field(description="Number of articles naming both entities.")
    def article_count(self) -> int:
        return self.link.articles

    @strawberry.field(description="Number of events both take part in (for a place: that happened there).")
    def event_count(self) -> int:
        return self.link.events

    @strawberry.field(description="The evidence: articles naming both or reporting an event of both, newest first.")
    async def articles(self, info: Info, first: First = None, after: After = None) -> Connection[ArticleRef]:
        return await article_page(info.context, info.context.graph.shared_articles(self.link.source, self.link.target), first, after)

    @strawberry.field(description="Events both entities take part in, newest first.")
    def events(self, info: Info, first: First = None, after: After = None) -> Connection[EventRef]:
        return event_page(info.context, info.context.graph.shared_events(self.link.source, self.link.target), first, after)


@strawberry.type(description="A link of a subgraph, by the global ids of its ends (as force-layout libraries take them).")
class SubgraphEdge(EntityLink):
    @strawberry.field(description="Global id of one end (the one nearer the centre).")
    def source(self) -> strawberry.ID:
        return strawberry.ID(self.link.source)

    @strawberry.field(description="Global id of the other end.")
    def target(self) -> strawberry.ID:
        return strawberry.ID(self.link.target)


@strawberry.type(description="Entities and the links between them: every edge's ends are among the nodes.")
class Subgraph:
    nodes: list[NodeRef] = strawberry.field(description="The centre first, then the others by strength of connection.")
    edges: list[SubgraphEdge] = strawberry.field(description="Links among the nodes, strongest first.")


@strawberry.type(description="One hop of a path: two linked entities and the evidence of their link.")
class PathStep(EntityLink):
    @strawberry.field(name="from", description="The entity this hop starts at.")
    async def from_(self, info: Info) -> EntityRef:
        return await _entity(info, self.link.source)

    @strawberry.field(description="The entity this hop leads to.")
    async def to(self, info: Info) -> EntityRef:
        return await _entity(info, self.link.target)


async def _entity(info: Info, entity_id: str) -> Entity:
    found = await info.context.entity(entity_id)
    assert found is not None, entity_id  # a projection is built from the graph's own entities
    return found


@strawberry.type(description="One interval of a timeline.")
class TimelineBucket:
    bucket: strawberry.Private[Bucket]

    @strawberry.field(description="First day of the interval (ISO 8601).")
    def start(self) -> str:
        return self.bucket.start.isoformat()

    @strawberry.field(description="Last day of the interval (ISO 8601).")
    def end(self) -> str:
        return self.bucket.end.isoformat()

    @strawberry.field(description="Mentions in the articles of the interval (of a text: its matching articles).")
    def mention_count(self) -> int:
        return self.bucket.mentions

    @strawberry.field(description="Articles published in the interval that name the entity (or match the text).")
    def article_count(self) -> int:
        return len(self.bucket.article_ids)

    @strawberry.field(description="Those articles, oldest first.")
    async def articles(self, info: Info, first: First = None, after: After = None) -> Connection[ArticleRef]:
        return await article_page(info.context, self.bucket.article_ids, first, after)

    @strawberry.field(description="Events dated in the interval that the entity takes part in (of a text: reported by its articles).")
    def events(self, info: Info, first: First = None, after: After = None) -> Connection[EventRef]:
        graph = info.context.graph
        return event_page(info.context, [e for e in map(graph.event, self.bucket.event_ids) if e is not None], first, after)

    @strawberry.field(description="Quotes by the person in articles of the interval (of a text: the quotes in its articles).")
    def quotes(self, info: Info, first: First = None, after: After = None) -> Connection[QuoteRef]:
        graph = info.context.graph
        return quote_page(info.context, [q for q in map(graph.quote, self.bucket.quote_ids) if q is not None], first, after)


@strawberry.type(description="An entity whose share of all mentions grew from the preceding window to this one.")
class TrendingEntity:
    trend: strawberry.Private[Trend]

    @strawberry.field(description="The entity.")
    async def entity(self, info: Info) -> EntityRef:
        return await _entity(info, self.trend.entity_id)

    @strawberry.field(description="Its mentions in the window.")
    def mention_count(self) -> int:
        return self.trend.mentions

    @strawberry.field(description="Its mentions in the window of the same length before.")
    def previous_mention_count(self) -> int:
        return self.trend.previous

    @strawberry.field(description="Its share of all mentions in the window (0–1).")
    def share(self) -> float:
        return self.trend.share

    @strawberry.field(description="Its share of all mentions in the window before.")
    def previous_share(self) -> float:
        return self.trend.previous_share

    @strawberry.field(description="`share` − `previousShare`: what the list is ordered by.")
    def growth(self) -> float:
        return self.trend.growth

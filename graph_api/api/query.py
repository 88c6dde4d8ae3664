"""The root ``Query`` type."""

from __future__ import annotations

from typing import Annotated

import strawberry
from graphql import GraphQLError

from graph_api.api.connection import After, Connection, First, check_first, paginate
from graph_api.api.context import Context, Info
from graph_api.api.exploration import ExplorationQuery
from graph_api.api.filters import (
    ArticleFilter,
    EntityFilter,
    EntityOrder,
    EventFilter,
    EventOrder,
    QuoteFilter,
    entity_order,
    filter_articles,
    filter_entities,
    filter_events,
    filter_quotes,
    sort_events,
)
from graph_api.api.types.article import Article
from graph_api.api.types.entity import Entity
from graph_api.api.types.event import Event
from graph_api.api.types.node import Node
from graph_api.api.types.organization import Organization
from graph_api.api.types.pages import article_page, event_page, quote_page
from graph_api.api.types.person import Person
from graph_api.api.types.place import Place
from graph_api.api.types.quote import Quote
from graph_api.api.types.registry import CAPPED, as_article, as_entities, as_entity, as_node, as_nodes
from graph_api.api.types.search import SearchHit
from graph_api.api.types.stats import Stats
from graph_api.model import ArticleRecord, NodeType


async def _page(info: Info, node_type: NodeType, first: int | None, after: str | None) -> Connection:
    context: Context = info.context
    size = check_first(first, context.settings.default_page_size, context.settings.max_page_size)
    ids = context.graph.ids(node_type)
    page = paginate(ids, size, after, lambda i: context.graph.position(node_type, i))
    return page.connection(as_nodes(await context.records(page.ids)))


async def _entity_page(
    info: Info, node_type: NodeType, order: EntityOrder, where: EntityFilter | None, first: int | None, after: str | None
) -> Connection:
    """A page of people, places or organisations in a cached order, filtered when asked."""
    context: Context = info.context
    if where is None and order is EntityOrder.ARTICLE_COUNT:
        return await _page(info, node_type, first, after)
    ids, positions = entity_order(context.graph, node_type, order)
    if where is not None:
        ids, positions = filter_entities(context, node_type, ids, where), None
    size = check_first(first, context.settings.default_page_size, context.settings.max_page_size)
    where_in = positions if positions is not None else {node_id: i for i, node_id in enumerate(ids)}
    page = paginate(ids, size, after, where_in.get)
    return page.connection(as_nodes(await context.records(page.ids)))


OrderBy = Annotated[EntityOrder, strawberry.argument(description="Order of the list (ties: most written about first).")]
WhichEntities = Annotated[EntityFilter | None, strawberry.argument(description="Which entities.")]


@strawberry.type(description="Read the knowledge graph of Dutch news.")
class Query(ExplorationQuery):
    @strawberry.field(description="How many articles, entities, nodes and edges the graph holds.")
    def stats(self, info: Info) -> Stats:
        return Stats(**info.context.graph.stats())

    @strawberry.field(description="Articles, newest first (undated last), filtered when asked.")
    async def articles(
        self,
        info: Info,
        filter: Annotated[ArticleFilter | None, strawberry.argument(description="Which articles.")] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Article]:
        if filter is None:
            return await _page(info, NodeType.ARTICLE, first, after)
        context: Context = info.context
        return await article_page(context, await filter_articles(context, filter), first, after)

    @strawberry.field(description="People, most written about first unless `orderBy` says otherwise.")
    async def people(
        self, info: Info, order_by: OrderBy = EntityOrder.ARTICLE_COUNT, filter: WhichEntities = None, first: First = None, after: After = None
    ) -> Connection[Person]:
        return await _entity_page(info, NodeType.PERSON, order_by, filter, first, after)

    @strawberry.field(description="Places, most written about first unless `orderBy` says otherwise.")
    async def places(
        self, info: Info, order_by: OrderBy = EntityOrder.ARTICLE_COUNT, filter: WhichEntities = None, first: First = None, after: After = None
    ) -> Connection[Place]:
        return await _entity_page(info, NodeType.PLACE, order_by, filter, first, after)

    @strawberry.field(description="Organisations, most written about first unless `orderBy` says otherwise.")
    async def organizations(
        self, info: Info, order_by: OrderBy = EntityOrder.ARTICLE_COUNT, filter: WhichEntities = None, first: First = None, after: After = None
    ) -> Connection[Organization]:
        return await _entity_page(info, NodeType.ORGANIZATION, order_by, filter, first, after)

    @strawberry.field(description="Events, filtered and ordered (default: most reported first).")
    def events(
        self,
        info: Info,
        filter: Annotated[EventFilter | None, strawberry.argument(description="Which events.")] = None,
        order_by: Annotated[EventOrder, strawberry.argument(description="Order of the list.")] = EventOrder.ARTICLE_COUNT,
        first: First = None,
        after: After = None,
    ) -> Connection[Event]:
        records = sort_events(filter_events(info.context.graph, filter or EventFilter()), order_by)
        return event_page(info.context, records, first, after)

    @strawberry.field(description="Quotations (fragments excluded), filtered; newest article first.")
    async def quotes(
        self,
        info: Info,
        filter: Annotated[QuoteFilter | None, strawberry.argument(description="Which quotes.")] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Quote]:
        records = await filter_quotes(info.context, filter or QuoteFilter())
        return quote_page(info.context, records, first, after)

    @strawberry.field(description="One article by id; null when there is none.")
    async def article(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The article's id.")]) -> Article | None:
        return await info.context.article(str(id))

    @strawberry.field(description="The entity best known by this name or alias (case- and diacritic-insensitive); null when none.")
    def entity(self, info: Info, name: Annotated[str, strawberry.argument(description="A name or alias, e.g. `poetin`.")]) -> Entity | None:
        found = info.context.graph.find_entities(name)
        return as_entity(found[0]) if found else None

    @strawberry.field(description="Every entity known by this name or alias, most written about first." + CAPPED)
    def entities(self, info: Info, name: Annotated[str, strawberry.argument(description="A name or alias.")]) -> list[Entity]:
        return as_entities(info.context.capped(info.context.graph.find_entities(name)))

    @strawberry.field(description="Any object by its global id; null when there is none.")
    async def node(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="A global id.")]) -> Node | None:
        record = await info.context.record(str(id))
        return as_node(record) if record else None

    @strawberry.field(description="Entities whose name or alias starts with the query, then articles whose text matches it.")
    async def search(
        self,
        info: Info,
        query: Annotated[str, strawberry.argument(description="Words to look for.")],
        first: Annotated[int | None, strawberry.argument(description="How many hits at most.")] = None,
    ) -> list[SearchHit]:
        context: Context = info.context
        limit = check_first(first, context.settings.default_page_size, context.settings.max_search_results)
        if not query.strip():
            raise GraphQLError("`query` must not be empty")
        context.check_words(query, "query")
        entities = context.graph.search_entities(query, limit)
        hits = [SearchHit(node=as_entity(r), score=1000.0 + context.graph.article_count(r.id), snippet=None) for r in entities]
        for hit in await context.search_text(query, limit - len(hits)) if len(hits) < limit else []:
            record = await context.record(hit.article_id)
            if isinstance(record, ArticleRecord):
                hits.append(SearchHit(node=as_article(record), score=hit.score, snippet=hit.snippet))
        return hits

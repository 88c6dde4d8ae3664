"""The root ``Subscription`` type: the change feed over graphql-transport-ws on /graphql.

Each message is resolved against the graph as it is when the change arrives, with a fresh deadline
and fresh DataLoaders, so a subscription open for hours reads current records and its fields keep
the limits of a query.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import TYPE_CHECKING, Annotated

import strawberry
from graphql import GraphQLError

from graph_api.api.context import Context, Info
from graph_api.api.types.entity import Entity
from graph_api.api.types.registry import as_article, as_entity
from graph_api.feed import ArticleIngested, EntityChanged, FeedEvent, FeedOverflow

if TYPE_CHECKING:
    from graph_api.api.types.article import Article

ArticleRef = Annotated["Article", strawberry.lazy("graph_api.api.types.article")]


@strawberry.type(description="A change to an entity: new mentions, or a curation.")
class EntityChange:
    entity_id: strawberry.ID = strawberry.field(description="The entity's id (for a merge or a new type, also the old id).")
    reason: str = strawberry.field(description="What happened: `mentioned`, `article deleted`, or the curation's kind (`MERGE` …).")
    entity: Entity | None = strawberry.field(
        description="The entity as it is now; null when it no longer exists under this id (rejected, merged away, retyped)."
    )


@strawberry.type(description="Changes as they happen, over graphql-transport-ws on /graphql.")
class Subscription:
    @strawberry.subscription(description="Every article as it is added to the graph, with its entities reachable from it.")
    async def article_ingested(self, info: Info) -> AsyncGenerator[ArticleRef, None]:
        async for event in _events(info.context):
            if isinstance(event, ArticleIngested) and (record := info.context.graph.article(event.article_id)) is not None:
                yield as_article(record)

    @strawberry.subscription(description="Changes to one entity (or to every entity when `id` is not given): mentions in new articles, curations.")
    async def entity_changed(
        self, info: Info, id: Annotated[strawberry.ID | None, strawberry.argument(description="The entity to follow; null for all.")] = None
    ) -> AsyncGenerator[EntityChange, None]:
        context = info.context
        wanted = context.graph.canonical_id(str(id)) if id is not None else None
        if wanted is not None and context.graph.entity(wanted) is None:
            raise GraphQLError(f"{id}: no such entity")
        async for event in _events(context):
            if not isinstance(event, EntityChanged) or (wanted is not None and event.entity_id != wanted):
                continue
            if wanted is not None and event.gone:
                wanted = context.graph.canonical_id(wanted)  # merged or retyped: follow it under its new id
            record = context.graph.entity(event.entity_id) if not event.gone else None
            entity = as_entity(record) if record is not None else None
            yield EntityChange(entity_id=strawberry.ID(event.entity_id), reason=event.reason, entity=entity)


async def _events(context: Context) -> AsyncGenerator[FeedEvent, None]:
    """The feed for one subscriber, within the subscription limit; each event comes with a fresh deadline and loaders."""
    feed, settings = context.corpus.feed, context.settings
    if feed.subscriber_count() >= settings.max_subscriptions:
        raise GraphQLError(f"the server has {settings.max_subscriptions} subscriptions open, its limit: try again later")
    try:
        async for event in feed.events():
            context.renew()
            yield event
    except FeedOverflow as overflow:
        raise GraphQLError(str(overflow)) from None

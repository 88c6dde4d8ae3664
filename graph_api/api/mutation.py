"""The root ``Mutation`` type: ingestion, deletion and curation, each for a client with a write token.

The server refuses a mutation without a valid write token before it runs (HTTP 401). Each change
is made on the corpus's writer thread, off the event loop and one at a time; the answer is read
from the graph after it, under the read lock like any query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Annotated

import strawberry
from graphql import GraphQLError
from strawberry.permission import BasePermission

from graph_api.api.context import Context, Info
from graph_api.api.types.entity import Entity
from graph_api.api.types.enums import EntityType
from graph_api.api.types.registry import as_entity
from graph_api.api.types.writes import ArticleInput, IngestItem, IngestReport
from graph_api.corpus import Corpus, IngestResult, Outcome
from graph_api.graph.curation import CurationError, CurationResult
from graph_api.ingest.article import RawInput
from graph_api.model import Curation, CurationKind
from graph_api.store import StoreError


class CanWrite(BasePermission):
    """Every mutation field needs a write token, whatever way the operation arrived (the server refuses it over HTTP before it runs)."""

    message = "mutations need a write token"

    def has_permission(self, source: object, info: Info, **kwargs: object) -> bool:  # noqa: ARG002 - Strawberry's signature
        return info.context.client.may_write


WRITE: list[type[BasePermission]] = [CanWrite]
EntityId = Annotated[strawberry.ID, strawberry.argument(description="The entity's global id (an id merged into another names that one).")]


@strawberry.type(description="Writes. Every mutation needs a write token: `Authorization: Bearer <token>` (see the README).")
class Mutation:
    @strawberry.mutation(
        permission_classes=WRITE,
        description="Ingest articles as the CLI does (validation, cleaning, NLP), each stored and in the graph whole or not at all."
        " At most `max_ingest_articles` (a setting) per call.",
    )
    async def ingest_articles(
        self, info: Info, articles: Annotated[list[ArticleInput], strawberry.argument(description="The articles, as JSON Lines records.")]
    ) -> IngestReport:
        context = info.context
        limit = context.settings.max_ingest_articles
        if len(articles) > limit:
            raise GraphQLError(f"`articles` holds {len(articles)} articles, the limit is {limit} per call: send smaller batches")
        context.articles_sent += len(articles)
        if context.articles_sent > limit:  # aliased calls in one request share the limit
            raise GraphQLError(f"this request sends {context.articles_sent} articles in all, the limit is {limit} per request: send smaller batches")
        inputs = [article.raw(index) for index, article in enumerate(articles)]
        results = await context.write(lambda: _ingest_all(context.corpus, inputs))
        await context.hold_read()
        items = [IngestItem.of(result, context.graph.article(result.article_id) if result.article_id else None) for result in results]
        counts = {outcome: sum(result.outcome is outcome for result in results) for outcome in Outcome}
        return IngestReport(ingested=counts[Outcome.INGESTED], duplicates=counts[Outcome.DUPLICATE], rejected=counts[Outcome.REJECTED], items=items)

    @strawberry.mutation(
        permission_classes=WRITE,
        description="Delete an article with its mentions, events and quotes; entities left with no article go too."
        " True when it was deleted, false when there was no such article.",
    )
    async def delete_article(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The article's id.")]) -> bool:
        context = info.context
        author = _author(context)
        return await context.write(lambda: context.corpus.delete_article(str(id), author))

    @strawberry.mutation(
        permission_classes=WRITE, description="Fold entities into one; their mentions, aliases, events and quotes become its own. Returns it."
    )
    async def merge_entities(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="The entities to fold in (of the same type as `into`).")],
        into: Annotated[strawberry.ID, strawberry.argument(description="The entity they become.")],
    ) -> Entity | None:
        return await _curate(info, Curation(CurationKind.MERGE, str(into), sources=tuple(map(str, ids))))

    @strawberry.mutation(
        permission_classes=WRITE, description="The mentions of an entity under one alias become an entity of their own, which is returned."
    )
    async def split_alias(
        self,
        info: Info,
        entity_id: EntityId,
        alias: Annotated[str, strawberry.argument(description="One of the entity's aliases (not its only one).")],
    ) -> Entity | None:
        return await _curate(info, Curation(CurationKind.SPLIT_ALIAS, str(entity_id), value=alias))

    @strawberry.mutation(
        permission_classes=WRITE, description="Give an entity another name; the old one stays findable as an alias. Returns the entity."
    )
    async def rename_entity(self, info: Info, id: EntityId, name: Annotated[str, strawberry.argument(description="The new name.")]) -> Entity | None:
        return await _curate(info, Curation(CurationKind.RENAME, str(id), value=name))

    @strawberry.mutation(
        permission_classes=WRITE,
        description="Make an entity a person, place or organisation; it gets the id of that type, which the old id still finds.",
    )
    async def set_entity_type(
        self, info: Info, id: EntityId, type: Annotated[EntityType, strawberry.argument(description="The type it really is.")]
    ) -> Entity | None:
        return await _curate(info, Curation(CurationKind.SET_TYPE, str(id), value=type.node_type.value))

    @strawberry.mutation(
        permission_classes=WRITE,
        description="Not an entity: its mentions are dropped and its names are not recognised again, in later articles too. Returns null.",
    )
    async def reject_entity(self, info: Info, id: EntityId) -> Entity | None:
        return await _curate(info, Curation(CurationKind.REJECT, str(id)))

    @strawberry.mutation(
        permission_classes=WRITE, description="Link a place to a GeoNames place (coordinates, country, kind); returns the place as linked."
    )
    async def link_place(
        self, info: Info, id: EntityId, geoname_id: Annotated[int, strawberry.argument(description="The GeoNames id.")]
    ) -> Entity | None:
        place = info.context.corpus.linked_place(geoname_id)
        if place is None:
            raise GraphQLError(f"geonameId {geoname_id}: not a place this server's gazetteer knows")
        return await _curate(info, Curation(CurationKind.LINK_PLACE, str(id), place=place))


def _ingest_all(corpus: Corpus, inputs: list[RawInput]) -> list[IngestResult]:
    """One result per input; when the store stops taking articles, the inputs not yet stored are rejected with its problem."""
    results: list[IngestResult] = []
    try:
        results.extend(corpus.ingest(inputs))
    except StoreError as error:
        results += [IngestResult(i.origin, Outcome.REJECTED, reason=f"not stored: the store {error.problem}") for i in inputs[len(results) :]]
    return results


async def _curate(info: Info, curation: Curation) -> Entity | None:
    context = info.context
    change: Callable[[], CurationResult] = lambda: context.corpus.curate(replace(curation, author=_author(context)))  # noqa: E731
    try:
        result = await context.write(change)
    except CurationError as error:
        raise GraphQLError(str(error)) from None
    await context.hold_read()
    return as_entity(result.entity) if result.entity is not None else None


def _author(context: Context) -> str:
    name = context.client.name
    assert name is not None and context.client.may_write, "CanWrite lets mutations through with a write token only"
    return name

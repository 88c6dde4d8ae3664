"""The ``Entity`` interface shared by people, places and organisations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph_api.api.connection import Connection, check_first, paginate
from graph_api.api.context import Info
from graph_api.api.types.node import Node
from graph_api.api.types.registry import CAPPED, as_articles, as_entity
from graph_api.api.types.writes import CurationEntry
from graph_api.graph.algorithms import Significance
from graph_api.model import EntityRecord

if TYPE_CHECKING:
    from graph_api.api.types.article import Article

ArticleRef = Annotated["Article", strawberry.lazy("graph_api.api.types.article")]


@strawberry.type(description="A spelling an entity was mentioned by, with how often.")
class Alias:
    name: str = strawberry.field(description="The surface form as written in the articles.")
    count: int = strawberry.field(description="Number of mentions using this form.")


@strawberry.type(description="An entity named in the same articles as another, with the number of shared articles.")
class RelatedEntity:
    entity: Annotated[Entity, strawberry.lazy("graph_api.api.types.entity")] = strawberry.field(description="The co-mentioned entity.")
    weight: int = strawberry.field(description="Number of articles mentioning both entities.")
    score: float = strawberry.field(description="What the list is ordered by: `weight` for COUNT, else the significance (PMI in bits, or G²).")


@strawberry.interface(description="A person, place or organisation found in the articles.")
class Entity(Node):
    record: strawberry.Private[EntityRecord]

    @strawberry.field(description="Canonical name.")
    def name(self) -> str:
        return self.record.name

    @strawberry.field(description="Every spelling the entity was mentioned by, most frequent first." + CAPPED)
    def aliases(self, info: Info) -> list[str]:
        return [alias.name for alias in info.context.capped(_aliases(self.record))]

    @strawberry.field(description="Every spelling with its mention count, most frequent first." + CAPPED)
    def alias_counts(self, info: Info) -> list[Alias]:
        return info.context.capped(_aliases(self.record))

    @strawberry.field(description="The curations made to the entity (and to those merged into it), oldest first." + CAPPED)
    def history(self, info: Info) -> list[CurationEntry]:
        return [CurationEntry(record=c) for c in info.context.capped(info.context.graph.history(self.record.id))]

    @strawberry.field(description="Number of mentions across all articles.")
    def mention_count(self) -> int:
        return self.record.mention_count

    @strawberry.field(description="Number of articles that mention the entity.")
    def article_count(self, info: Info) -> int:
        return info.context.graph.article_count(self.record.id)

    @strawberry.field(description="Articles that mention the entity, newest first.")
    async def articles(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description="Page size (default and maximum are settings).")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
    ) -> Connection[ArticleRef]:
        context = info.context
        size = check_first(first, context.settings.default_page_size, context.settings.max_page_size)
        ids = await context.loaders.article_ids.load(self.record.id)
        page = paginate(ids, size, after, lambda i: context.graph.position_among_articles(ids, i))
        return page.connection(as_articles(await context.records(page.ids)))

    @strawberry.field(description="Entities named in the same articles, best first: by shared articles, or by how significant sharing them is.")
    async def related(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description="How many (default and maximum are settings).")] = None,
        by: Annotated[
            Significance, strawberry.argument(description="COUNT: most shared articles; PMI or LOG_LIKELIHOOD: shared more than chance would.")
        ] = Significance.COUNT,
    ) -> list[RelatedEntity]:
        context = info.context
        size = check_first(first, context.settings.related_limit, context.settings.max_page_size)
        related = await context.loaders.related.load((self.record.id, size, by))
        return [RelatedEntity(entity=as_entity(r.entity), weight=r.weight, score=r.score) for r in related]


def _aliases(record: EntityRecord) -> list[Alias]:
    ordered = sorted(record.aliases.items(), key=lambda item: (-item[1], item[0]))
    return [Alias(name=name, count=count) for name, count in ordered]

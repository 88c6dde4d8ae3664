"""The ``Article`` type and what hangs off it: mentions and removed boilerplate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from graph_api.api.connection import After, Connection, First, page_of
from graph_api.api.context import Info
from graph_api.api.types.enums import DatePrecision, MentionKind
from graph_api.api.types.node import Node
from graph_api.api.types.registry import CAPPED, as_entities, as_entity, as_events, as_quotes, shows
from graph_api.model import ArticleRecord, EntityRecord, NodeType

if TYPE_CHECKING:
    from graph_api.api.types.entity import Entity
    from graph_api.api.types.event import Event
    from graph_api.api.types.organization import Organization
    from graph_api.api.types.person import Person
    from graph_api.api.types.place import Place
    from graph_api.api.types.quote import Quote


@strawberry.type(description="A stretch of an article's text that names an entity.")
class Mention:
    entity: Annotated[Entity, strawberry.lazy("graph_api.api.types.entity")] = strawberry.field(description="The entity named.")
    text: str = strawberry.field(description="The text as written.")
    start: int = strawberry.field(description="Offset of the first character in the article's `text` (0-based).")
    end: int = strawberry.field(description="Offset just past the last character in the article's `text`.")
    sentence: int = strawberry.field(description="Index of the sentence the mention is in (0-based).")
    label: str = strawberry.field(description="The label that found it: PER, LOC or ORG (a name), MISC (a nationality adjective).")
    kind: MentionKind = strawberry.field(description='NAME, DEMONYM ("Russische" for Rusland) or ROLE ("de Russische president").')


@strawberry.type(description="A paragraph removed from the article as publisher boilerplate, with the rule that removed it.")
class RemovedLine:
    rule: str = strawberry.field(description="Name of the cleaning rule, for example `cookie-notice` or `read-also`.")
    text: str = strawberry.field(description="The removed paragraph.")


@shows(NodeType.ARTICLE)
@strawberry.type(description="A news article, cleaned, with what extraction found in it.")
class Article(Node):
    record: strawberry.Private[ArticleRecord]

    @strawberry.field(description="File name for a .txt article, else the given source or URL.")
    def source(self) -> str:
        return self.record.source

    @strawberry.field(description="Title: the given one, or the first sentence of the text.")
    def title(self) -> str:
        return self.record.title

    @strawberry.field(description="URL of the article, when it was given.")
    def url(self) -> str | None:
        return self.record.url

    @strawberry.field(description="Publication date in ISO 8601 at its known precision (`2022`, `2022-10`, `2022-10-14`); null when unknown.")
    def published(self) -> str | None:
        return self.record.published.iso() if self.record.published else None

    @strawberry.field(description="Precision of `published`; null when the date is unknown.")
    def date_precision(self) -> DatePrecision | None:
        return self.record.published.precision if self.record.published else None

    @strawberry.field(description="The cleaned text (Unicode NFC, boilerplate removed); mention offsets point into it.")
    async def text(self, info: Info) -> str:
        body = await info.context.loaders.bodies.load(self.record.id)
        return body.text if body else ""

    @strawberry.field(description="Number of words in the cleaned text.")
    def word_count(self) -> int:
        return self.record.word_count

    @strawberry.field(description="When the article was ingested (ISO 8601, UTC).")
    def ingested_at(self) -> str:
        return self.record.ingested_at

    @strawberry.field(description="Paragraphs removed as boilerplate before extraction.")
    async def removed_lines(self, info: Info) -> list[RemovedLine]:
        body = await info.context.loaders.bodies.load(self.record.id)
        return [RemovedLine(rule=rule, text=text) for rule, text in info.context.capped(body.removed if body else [])]

    @strawberry.field(description="People the article mentions, most mentioned first." + CAPPED)
    async def people(self, info: Info) -> list[Annotated[Person, strawberry.lazy("graph_api.api.types.person")]]:
        return await _entities(info, self.record.id, NodeType.PERSON)

    @strawberry.field(description="Places the article mentions, most mentioned first." + CAPPED)
    async def places(self, info: Info) -> list[Annotated[Place, strawberry.lazy("graph_api.api.types.place")]]:
        return await _entities(info, self.record.id, NodeType.PLACE)

    @strawberry.field(description="Organisations the article mentions, most mentioned first." + CAPPED)
    async def organizations(self, info: Info) -> list[Annotated[Organization, strawberry.lazy("graph_api.api.types.organization")]]:
        return await _entities(info, self.record.id, NodeType.ORGANIZATION)

    @strawberry.field(description="Events reported in the article." + CAPPED)
    def events(self, info: Info) -> list[Annotated[Event, strawberry.lazy("graph_api.api.types.event")]]:
        return as_events(info.context.capped(info.context.graph.events_of_article(self.record.id)))

    @strawberry.field(description="Quotes in the article." + CAPPED)
    def quotes(
        self,
        info: Info,
        fragments: Annotated[bool, strawberry.argument(description="Include scare quotes and quoted single words.")] = False,
    ) -> list[Annotated[Quote, strawberry.lazy("graph_api.api.types.quote")]]:
        return as_quotes(info.context.capped(r for r in info.context.graph.quotes_of_article(self.record.id) if fragments or not r.fragment))

    @strawberry.field(description="Entity mentions in text order, with offsets and sentence index.")
    async def mentions(self, info: Info, first: First = None, after: After = None) -> Connection[Mention]:
        every = await info.context.loaders.mentions.load(self.record.id)
        page = page_of(
            [str(i) for i in range(len(every))], first, after, info.context.settings.default_page_size, info.context.settings.max_page_size
        )
        found = [every[int(i)] for i in page.ids]
        extracted_ids = sorted({m.entity_id for m in found})
        records = await info.context.records(extracted_ids)
        by_id = {i: as_entity(r) for i, r in zip(extracted_ids, records, strict=True) if isinstance(r, EntityRecord)}
        mentions = [
            Mention(entity=by_id[m.entity_id], text=m.text, start=m.start, end=m.end, sentence=m.sentence, label=m.label, kind=m.kind) for m in found
        ]
        return page.connection(mentions)


async def _entities(info: Info, article_id: str, node_type: NodeType) -> list[Any]:
    """The entities of one type an article mentions, most mentioned first (each of that type's GraphQL class)."""
    ids = await info.context.loaders.entity_ids.load(article_id)
    records = await info.context.records(ids)
    return as_entities(info.context.capped(r for r in records if isinstance(r, EntityRecord) and r.type is node_type))

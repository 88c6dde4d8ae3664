"""The ``Event`` type, its participants and evidence; the taxonomy is ``model.EventType``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph_api.api.connection import After, Connection, First
from graph_api.api.context import Info
from graph_api.api.types.enums import DatePrecision, EventType
from graph_api.api.types.node import Node
from graph_api.api.types.pages import article_page
from graph_api.api.types.registry import CAPPED, as_entity, shows
from graph_api.dates import PartialDate
from graph_api.model import ArticleRecord, EntityRecord, EventRecord, Evidence, NodeType

if TYPE_CHECKING:
    from graph_api.api.types.article import Article
    from graph_api.api.types.entity import Entity
    from graph_api.api.types.place import Place


@strawberry.type(description="An entity taking part in an event, with its role when the sentence gives one.")
class EventParticipant:
    entity: Annotated[Entity, strawberry.lazy("graph_api.api.types.entity")] = strawberry.field(description="The participant.")
    role: str | None = strawberry.field(description="`with`, `by`, `against`, `between`, `of` or `for`, from the preposition; null if none.")


@strawberry.type(description="A sentence reporting an event: the evidence it was found in.")
class EventEvidence:
    record: strawberry.Private[Evidence]

    @strawberry.field(description="The article the sentence is in.")
    async def article(self, info: Info) -> Annotated[Article, strawberry.lazy("graph_api.api.types.article")] | None:
        return await info.context.article(self.record.article_id)

    @strawberry.field(description="Index of the sentence in its article (0-based).")
    def sentence(self) -> int:
        return self.record.sentence

    @strawberry.field(description="The sentence's text.")
    async def text(self, info: Info) -> str:
        body = await info.context.loaders.bodies.load(self.record.article_id)
        return body.text[self.record.start : self.record.end] if body else ""

    @strawberry.field(description="Offset of the sentence's first character in the article's text.")
    def start(self) -> int:
        return self.record.start

    @strawberry.field(description="Offset just past the sentence's last character.")
    def end(self) -> int:
        return self.record.end


@shows(NodeType.EVENT)
@strawberry.type(description="Something that happened, as reported by one or more articles.")
class Event(Node):
    record: strawberry.Private[EventRecord]

    @strawberry.field(description="Kind of event.")
    def type(self) -> EventType:
        return self.record.type

    @strawberry.field(description="Short label built from the sentence the event was first found in.")
    def label(self) -> str:
        return self.record.label

    @strawberry.field(description="When it happened, ISO 8601 at its known precision; null when no sentence says.")
    def date(self) -> str | None:
        return self.record.date.iso() if self.record.date else None

    @strawberry.field(description="Precision of `date`; null when the date is unknown.")
    def date_precision(self) -> DatePrecision | None:
        return self.record.date.precision if self.record.date else None

    @strawberry.field(description="Where it happened; null when no sentence says.")
    async def place(self, info: Info) -> Annotated[Place, strawberry.lazy("graph_api.api.types.place")] | None:
        return await info.context.place(self.record.place_id)

    @strawberry.field(description="People, organisations and countries taking part, with their roles." + CAPPED)
    async def participants(self, info: Info) -> list[EventParticipant]:
        ids = info.context.capped(self.record.participants)
        found: dict[str, EventParticipant] = {}
        for entity_id, record in zip(ids, await info.context.records(ids), strict=True):
            if isinstance(record, EntityRecord) and record.id not in found:
                found[record.id] = EventParticipant(entity=as_entity(record), role=self.record.participants[entity_id])
        return list(found.values())

    @strawberry.field(description="Articles reporting the event, in the order they were ingested.")
    async def articles(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Annotated[Article, strawberry.lazy("graph_api.api.types.article")]]:
        return await article_page(info.context, self.record.article_ids, first, after)

    @strawberry.field(description="Number of articles reporting the event.")
    def article_count(self) -> int:
        return len(self.record.article_ids)

    @strawberry.field(description="Sources (file names or sites) of the reporting articles, without repeats." + CAPPED)
    async def sources(self, info: Info) -> list[str]:
        return info.context.capped(dict.fromkeys(r.source for r in await _articles(info, self.record)))

    @strawberry.field(description="Earliest publication date among the reporting articles; null when none is dated.")
    async def first_seen(self, info: Info) -> str | None:
        dates = _published(await _articles(info, self.record))
        return min(dates).iso() if dates else None

    @strawberry.field(description="Latest publication date among the reporting articles; null when none is dated.")
    async def last_seen(self, info: Info) -> str | None:
        dates = _published(await _articles(info, self.record))
        return max(dates).iso() if dates else None

    @strawberry.field(description="The sentences the event was found in." + CAPPED)
    def evidence(self, info: Info) -> list[EventEvidence]:
        return [EventEvidence(record=e) for e in info.context.capped(self.record.evidence)]


async def _articles(info: Info, event: EventRecord) -> list[ArticleRecord]:
    return [r for r in await info.context.records(event.article_ids) if isinstance(r, ArticleRecord)]


def _published(articles: list[ArticleRecord]) -> list[PartialDate]:
    return [r.published for r in articles if r.published is not None]

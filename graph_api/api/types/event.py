"""The ``Event`` type and its ``EventType`` taxonomy."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from graph_api.api.types.node import Node
from graph_api.graph.model import EventRecord

if TYPE_CHECKING:
    from graph_api.api.types.article import Article
    from graph_api.api.types.entity import Entity
    from graph_api.api.types.place import Place


@strawberry.enum(description="Kind of event, from a Dutch trigger lexicon.")
class EventType(Enum):
    PRESS_CONFERENCE = "PRESS_CONFERENCE"
    SUMMIT = "SUMMIT"
    MEETING = "MEETING"
    NEGOTIATION = "NEGOTIATION"
    STATEMENT = "STATEMENT"
    VISIT = "VISIT"
    AGREEMENT = "AGREEMENT"
    THREAT = "THREAT"
    MOBILISATION = "MOBILISATION"
    ATTACK = "ATTACK"
    FIGHTING = "FIGHTING"
    INVASION = "INVASION"
    SANCTION = "SANCTION"
    CEASEFIRE = "CEASEFIRE"
    ELECTION = "ELECTION"
    PROTEST = "PROTEST"
    OTHER = "OTHER"


@strawberry.type(description="Something that happened, as reported by one or more articles.")
class Event(Node):
    record: strawberry.Private[EventRecord]

    @strawberry.field(description="Kind of event.")
    def type(self) -> EventType:
        return EventType(self.record.type)

    @strawberry.field(description="Short label built from the sentence the event was found in.")
    def label(self) -> str:
        return self.record.label

    @strawberry.field(description="When it happened, ISO 8601 at its known precision; null when unknown.")
    def date(self) -> str | None:
        return self.record.date.iso() if self.record.date else None

    @strawberry.field(description="Where it happened; null when unknown.")
    def place(self, info: strawberry.Info) -> Annotated[Place, strawberry.lazy("graph_api.api.types.place")] | None:
        from graph_api.api.convert import as_entity

        record = info.context.graph.entity(self.record.place_id) if self.record.place_id else None
        return as_entity(record) if record else None  # type: ignore[return-value]

    @strawberry.field(description="People, organisations and countries taking part.")
    def participants(self, info: strawberry.Info) -> list[Annotated[Entity, strawberry.lazy("graph_api.api.types.entity")]]:
        from graph_api.api.convert import as_entity

        records = (info.context.graph.entity(i) for i in self.record.participant_ids)
        return [as_entity(r) for r in records if r is not None]

    @strawberry.field(description="Articles reporting the event.")
    def articles(self, info: strawberry.Info) -> list[Annotated[Article, strawberry.lazy("graph_api.api.types.article")]]:
        from graph_api.api.types.article import Article

        records = (info.context.graph.article(i) for i in self.record.article_ids)
        return [Article(record=r) for r in records if r is not None]

    @strawberry.field(description="Number of articles reporting the event.")
    def article_count(self) -> int:
        return len(self.record.article_ids)

"""The ``Event`` type, its ``EventType`` taxonomy, participants and evidence."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from graph_api.api.types.node import Node
from graph_api.graph.model import EventRecord, Evidence

if TYPE_CHECKING:
    from graph_api.api.types.article import Article
    from graph_api.api.types.entity import Entity
    from graph_api.api.types.place import Place

DatePrecisionRef = Annotated["DatePrecision", strawberry.lazy("graph_api.api.types.article")]  # noqa: F821 - resolved lazily


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


@strawberry.type(description="An entity taking part in an event, with its role when the sentence gives one.")
class EventParticipant:
    entity: Annotated[Entity, strawberry.lazy("graph_api.api.types.entity")] = strawberry.field(description="The participant.")
    role: str | None = strawberry.field(description="`with`, `by`, `against`, `between`, `of` or `for`, from the preposition; null if none.")


@strawberry.type(description="A sentence reporting an event: the evidence it was found in.")
class EventEvidence:
    record: strawberry.Private[Evidence]

    @strawberry.field(description="The article the sentence is in.")
    def article(self, info: strawberry.Info) -> Annotated[Article, strawberry.lazy("graph_api.api.types.article")] | None:
        from graph_api.api.convert import article_by_id

        return article_by_id(info.context.graph, self.record.article_id)

    @strawberry.field(description="Index of the sentence in its article (0-based).")
    def sentence(self) -> int:
        return self.record.sentence

    @strawberry.field(description="The sentence's text.")
    def text(self, info: strawberry.Info) -> str:
        record = info.context.graph.article(self.record.article_id)
        return record.text[self.record.start : self.record.end] if record else ""

    @strawberry.field(description="Offset of the sentence's first character in the article's text.")
    def start(self) -> int:
        return self.record.start

    @strawberry.field(description="Offset just past the sentence's last character.")
    def end(self) -> int:
        return self.record.end


@strawberry.type(description="Something that happened, as reported by one or more articles.")
class Event(Node):
    record: strawberry.Private[EventRecord]

    @strawberry.field(description="Kind of event.")
    def type(self) -> EventType:
        return EventType(self.record.type)

    @strawberry.field(description="Short label built from the sentence the event was first found in.")
    def label(self) -> str:
        return self.record.label

    @strawberry.field(description="When it happened, ISO 8601 at its known precision; null when no sentence says.")
    def date(self) -> str | None:
        return self.record.date.iso() if self.record.date else None

    @strawberry.field(description="Precision of `date`; null when the date is unknown.")
    def date_precision(self) -> DatePrecisionRef | None:
        return self.record.date.precision if self.record.date else None

    @strawberry.field(description="Where it happened; null when no sentence says.")
    def place(self, info: strawberry.Info) -> Annotated[Place, strawberry.lazy("graph_api.api.types.place")] | None:
        from graph_api.api.convert import entity_by_id

        return entity_by_id(info.context.graph, self.record.place_id)  # type: ignore[return-value]

    @strawberry.field(description="People, organisations and countries taking part, with their roles.")
    def participants(self, info: strawberry.Info) -> list[EventParticipant]:
        from graph_api.api.convert import as_entity

        graph = info.context.graph
        found: dict[str, EventParticipant] = {}
        for entity_id, role in self.record.participants.items():
            record = graph.entity(entity_id)
            if record is not None and record.id not in found:
                found[record.id] = EventParticipant(entity=as_entity(record), role=role)
        return list(found.values())

    @strawberry.field(description="Articles reporting the event, in the order they were ingested.")
    def articles(self, info: strawberry.Info) -> list[Annotated[Article, strawberry.lazy("graph_api.api.types.article")]]:
        from graph_api.api.convert import article_records
        from graph_api.api.types.article import Article

        return [Article(record=r) for r in article_records(info.context.graph, self.record.article_ids)]

    @strawberry.field(description="Number of articles reporting the event.")
    def article_count(self) -> int:
        return len(self.record.article_ids)

    @strawberry.field(description="Sources (file names or sites) of the reporting articles, without repeats.")
    def sources(self, info: strawberry.Info) -> list[str]:
        from graph_api.api.convert import article_records

        return list(dict.fromkeys(r.source for r in article_records(info.context.graph, self.record.article_ids)))

    @strawberry.field(description="Earliest publication date among the reporting articles; null when none is dated.")
    def first_seen(self, info: strawberry.Info) -> str | None:
        dates = _published(info, self.record)
        return min(dates).iso() if dates else None

    @strawberry.field(description="Latest publication date among the reporting articles; null when none is dated.")
    def last_seen(self, info: strawberry.Info) -> str | None:
        dates = _published(info, self.record)
        return max(dates).iso() if dates else None

    @strawberry.field(description="The sentences the event was found in.")
    def evidence(self) -> list[EventEvidence]:
        return [EventEvidence(record=e) for e in self.record.evidence]


def _published(info: strawberry.Info, event: EventRecord) -> list:
    from graph_api.api.convert import article_records

    return [r.published for r in article_records(info.context.graph, event.article_ids) if r.published is not None]

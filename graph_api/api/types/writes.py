"""The types of writes: an article to ingest, what became of it, and an entity's curation history."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from graph_api.api.types.registry import as_article
from graph_api.corpus import IngestResult, Outcome
from graph_api.ingest.article import RawInput
from graph_api.model import ArticleRecord, Curation, CurationKind

if TYPE_CHECKING:
    from graph_api.api.types.article import Article

ArticleRef = Annotated["Article", strawberry.lazy("graph_api.api.types.article")]

strawberry.enum(CurationKind, description="What a curation changed: a merge, a split alias, a name, a type, a rejection or a place link.")


@strawberry.input(description="An article to ingest: the fields of a JSON Lines record.")
class ArticleInput:
    text: str = strawberry.field(description="The article's text (plain text; boilerplate lines are removed and recorded).")
    title: str | None = strawberry.field(default=None, description="Its headline; the first sentence when not given.")
    published: str | None = strawberry.field(default=None, description="Publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a time may follow).")
    source: str | None = strawberry.field(default=None, description="The outlet or feed it came from; the URL when not given.")
    url: str | None = strawberry.field(default=None, description="Where it was published.")

    def raw(self, index: int) -> RawInput:
        """The input as ingestion takes it, named by its place in the batch (``articles[3]``)."""
        source = self.source or self.url or "ingestArticles"
        return RawInput(f"articles[{index}]", source, self.text, self.title or None, self.published or None, self.url or None)


@strawberry.enum(description="What became of an input of `ingestArticles`.")
class IngestStatus(Enum):
    INGESTED = "INGESTED"
    DUPLICATE = "DUPLICATE"
    REJECTED = "REJECTED"


STATUS = {Outcome.INGESTED: IngestStatus.INGESTED, Outcome.DUPLICATE: IngestStatus.DUPLICATE, Outcome.REJECTED: IngestStatus.REJECTED}


@strawberry.type(description="What became of one input of `ingestArticles`, in input order.")
class IngestItem:
    status: IngestStatus = strawberry.field(description="Ingested, a duplicate of an article already there, or rejected.")
    reason: str | None = strawberry.field(description="Why it was rejected, naming the input (`articles[3]: …`); null otherwise.")
    article: ArticleRef | None = strawberry.field(description="The article (the one already there for a duplicate); null when rejected.")

    @classmethod
    def of(cls, result: IngestResult, record: ArticleRecord | None) -> IngestItem:
        reason = f"{result.origin}: {result.reason}" if result.outcome is Outcome.REJECTED else None
        article = as_article(record) if record is not None and result.outcome is not Outcome.REJECTED else None
        return cls(status=STATUS[result.outcome], reason=reason, article=article)


@strawberry.type(name="IngestResult", description="The outcome of an `ingestArticles` call: counts, and one item per input.")
class IngestReport:
    ingested: int = strawberry.field(description="Articles stored and added to the graph.")
    duplicates: int = strawberry.field(description="Inputs whose article was already there (or earlier in the batch).")
    rejected: int = strawberry.field(description="Inputs refused, each with its reason.")
    items: list[IngestItem] = strawberry.field(description="One item per input, in input order.")


@strawberry.type(name="Curation", description="A correction an editor made to an entity, as the curation log keeps it.")
class CurationEntry:
    record: strawberry.Private[Curation]

    @strawberry.field(description="What was changed.")
    def kind(self) -> CurationKind:
        return self.record.kind

    @strawberry.field(description="The entity the curation was made on, by the id it had then.")
    def entity_id(self) -> strawberry.ID:
        return strawberry.ID(self.record.entity_id)

    @strawberry.field(description="For a merge: the entities folded into `entityId`.")
    def sources(self) -> list[strawberry.ID]:
        return [strawberry.ID(i) for i in self.record.sources]

    @strawberry.field(description="The alias split off, the new name, or the new type; null for the other kinds.")
    def value(self) -> str | None:
        return self.record.value

    @strawberry.field(description="For a place link: the GeoNames id linked to.")
    def geoname_id(self) -> int | None:
        return self.record.place.geoname_id if self.record.place else None

    @strawberry.field(description="Who made it: the name of the write token used.")
    def author(self) -> str:
        return self.record.author

    @strawberry.field(description="When it was made (ISO 8601, UTC).")
    def at(self) -> str:
        return self.record.at

    @strawberry.field(description="Its place in the curation log: later curations have higher numbers.")
    def sequence(self) -> int:
        return self.record.sequence

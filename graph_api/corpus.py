"""The corpus: store, graph and extractor together, and the one ingestion entry point.

The CLI, the server start-up and the tests all ingest through ``Corpus.ingest``. An article is
written to the store and added to the graph inside one store transaction: both or neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from graph_api.graph.knowledge_graph import KnowledgeGraph
from graph_api.ingest.article import Article, RawInput
from graph_api.ingest.errors import RejectedInput
from graph_api.ingest.readers import read_paths
from graph_api.ingest.validate import to_article
from graph_api.model import ArticleRecord, EntityRef, Mention, NodeType, StoredArticle
from graph_api.names import slug
from graph_api.nlp.extract import Extraction, Extractor
from graph_api.settings import Settings
from graph_api.store import Store, StoreError, open_store


class Outcome(StrEnum):
    INGESTED = "ingested"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


@dataclass(frozen=True)
class IngestResult:
    """What became of one input."""

    origin: str
    outcome: Outcome
    article_id: str | None = None
    title: str | None = None
    reason: str | None = None

    def line(self) -> str:
        """One line for the CLI: ``ingested  seeds/a.txt  3f2a…  Title``."""
        detail = self.reason if self.outcome is Outcome.REJECTED else f"{self.article_id}  {self.title}"
        return f"{self.outcome.value:<9} {self.origin}  {detail}"


class Corpus:
    """A knowledge graph backed by a store of record."""

    def __init__(self, settings: Settings | None = None, extractor: Extractor | None = None) -> None:
        self.settings = settings or Settings.load()
        self.store: Store = open_store(self.settings.db, self.settings.store_busy_timeout_ms)
        self.graph = KnowledgeGraph()
        if extractor is not None:
            self.__dict__["extractor"] = extractor
        self.load()

    @cached_property
    def extractor(self) -> Extractor:
        """Loaded on first ingestion only: a restart that ingests nothing never loads the model."""
        return Extractor(self.settings.spacy_model)

    def load(self) -> int:
        """Rebuild the graph from the store (no NLP); returns the number of articles."""
        count = 0
        for stored in self.store.iter_articles():
            self.graph.add_article(stored)
            count += 1
        return count

    def close(self) -> None:
        self.store.close()

    def ingest_paths(self, paths: Iterable[Path]) -> Iterator[IngestResult]:
        return self.ingest(read_paths(list(paths), self.settings.max_article_bytes))

    def ingest(self, inputs: Iterable[RawInput | RejectedInput]) -> Iterator[IngestResult]:
        """Ingest inputs in batches; yields one result per input, in input order.

        Raises ``StoreError`` when the store cannot take articles at all: before the model loads
        when it is read-only or locked, and at the first article when it fails later.
        """
        self.store.check_writable()
        batch: list[RawInput | RejectedInput] = []
        for item in inputs:
            batch.append(item)
            if len(batch) >= self.settings.nlp_batch_size:
                yield from self._ingest_batch(batch)
                batch = []
        if batch:
            yield from self._ingest_batch(batch)

    def _ingest_batch(self, batch: list[RawInput | RejectedInput]) -> Iterator[IngestResult]:
        results: list[IngestResult | Article] = []
        seen: set[str] = set()
        for item in batch:
            result = self._prepare(item, seen)
            results.append(result)
            if isinstance(result, Article):
                seen.add(result.id)
        articles = [r for r in results if isinstance(r, Article)]
        extracted = self.extractor.extract_many(((a.text, a.published) for a in articles), self.settings.nlp_batch_size, self.graph.role_holder)
        extractions = dict(zip((a.id for a in articles), extracted, strict=True))
        origins = iter(item.origin for item in batch)
        for result in results:
            origin = next(origins)
            if isinstance(result, Article):
                yield self._commit(origin, result, extractions[result.id])
            else:
                yield result

    def _prepare(self, item: RawInput | RejectedInput, seen: set[str]) -> IngestResult | Article:
        if isinstance(item, RejectedInput):
            return IngestResult(item.origin, Outcome.REJECTED, reason=item.problem)
        try:
            article = to_article(item, self.settings.max_article_bytes)
        except RejectedInput as rejection:
            return IngestResult(item.origin, Outcome.REJECTED, reason=rejection.problem)
        if article.id in seen or self.graph.article(article.id) is not None:
            return IngestResult(item.origin, Outcome.DUPLICATE, article.id, article.title)
        return article

    def _with_known_people(self, extraction: Extraction) -> Extraction:
        """A one-word name typed MISC that is the surname of exactly one known person is that person.

        The model types an unfamiliar surname inconsistently (``Volgens Kowalczyk …`` as MISC);
        the corpus knows better once another article named the person in full.
        """
        found: list[tuple[Mention, EntityRef]] = []
        for span in extraction.other_names:
            if self.graph.known_person(span.text) is not None:
                entity = EntityRef(f"person:{slug(span.text)}", NodeType.PERSON, span.text)
                found.append((Mention(entity.id, span.text, span.start, span.end, span.sentence, "PER"), entity))
        if not found:
            return extraction
        mentions = sorted([*extraction.mentions, *(mention for mention, _ in found)], key=lambda m: (m.start, m.end))
        entities = list({e.id: e for e in [*extraction.entities, *(entity for _, entity in found)]}.values())
        return replace(extraction, mentions=mentions, entities=entities)

    def _commit(self, origin: str, article: Article, extraction: Extraction) -> IngestResult:
        """Store and graph the article together: both or neither."""
        extraction = self._with_known_people(extraction)
        stored = StoredArticle(_record(article, extraction.sentences), extraction.facts(article.id))
        touched = False
        try:
            with self.store.transaction() as writer:
                writer.add_article(stored)
                touched = True
                self.graph.add_article(stored)
        except Exception as error:  # any failure leaves neither store nor graph changed
            if touched:
                # Resolution may have merged entities; the store is the truth to rebuild the graph from.
                self.graph = KnowledgeGraph()
                self.load()
            if isinstance(error, StoreError):
                raise  # not this article's fault: no article after it could be stored either
            return IngestResult(origin, Outcome.REJECTED, article.id, article.title, f"could not be stored: {error}")
        return IngestResult(origin, Outcome.INGESTED, article.id, article.title)


def _record(article: Article, sentences: list[tuple[int, int]]) -> ArticleRecord:
    """The article node's data for a cleaned article, ingested now."""
    return ArticleRecord(
        id=article.id, source=article.source, title=article.title, text=article.text, published=article.published,
        url=article.url, word_count=article.word_count, sentences=sentences,
        ingested_at=datetime.now(UTC).isoformat(timespec="seconds"), removed=[(r.rule, r.text) for r in article.removed],
    )  # fmt: skip

"""The corpus: store, graph and extractor together, and the one entry point of every write.

The CLI, the API and the tests ingest through ``Corpus.ingest``, delete through ``delete_article``
and correct through ``curate``. Each change is written to the store and made in the graph inside one
store transaction and under the graph's write lock: both or neither, and readers see it whole.
The store is the record: ``load`` rebuilds the graph from its articles and its change log, applying
each curation and deletion at the place among the articles where it was made; ``follow`` reads in
what another process wrote to the same store since.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from functools import cached_property
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from graph_api.feed import ArticleIngested, ChangeFeed, EntityChanged, FeedEvent
from graph_api.graph import snapshot
from graph_api.graph.curation import CurationResult
from graph_api.graph.knowledge_graph import KnowledgeGraph
from graph_api.ingest.article import Article, RawInput
from graph_api.ingest.errors import RejectedInput
from graph_api.ingest.readers import read_paths
from graph_api.ingest.validate import to_article
from graph_api.model import ArticleBody, ArticleDeletion, ArticleRecord, Change, Curation, EntityRef, Mention, NodeType, PlaceInfo, StoredArticle
from graph_api.names import slug
from graph_api.readwrite import ReadWriteLock
from graph_api.settings import Settings
from graph_api.store import Store, StoreError, open_store

if TYPE_CHECKING:  # spaCy takes seconds to import: a server that only reads never does
    from graph_api.nlp.extract import Extraction, Extractor
    from graph_api.nlp.pool import Job
    from graph_api.nlp.ray_pool import RayCluster

log = logging.getLogger(__name__)
T = TypeVar("T")


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
        self.store: Store = open_store(self.settings)
        self.graph = KnowledgeGraph()
        self.lock = ReadWriteLock()  # readers of the graph share it; every change holds it alone
        self.feed = ChangeFeed(self.settings.subscription_queue)
        self._followed = (0, 0)  # (article position, change sequence) of the store read into the graph
        # The positions the graph holds, moved once a change is in the graph: the graph's version as every replica of one
        # store names it (the response cache's), where ``graph.version`` is this process's own count.
        self.held = (0, 0)
        self._own_changes: set[int] = set()  # changes this process logged and applied, which ``follow`` skips
        if extractor is not None:
            self.__dict__["extractor"] = extractor
        restored = self.settings.graph_snapshot and self._restore()
        self._snapshot_version = self.graph.version if restored else 0  # the graph's version the snapshot on disk holds
        self.graph.projections.guard = self.lock.reading
        self.load()
        if self.settings.graph_snapshot and not restored:
            self.save_snapshot()

    @cached_property
    def writer(self) -> ThreadPoolExecutor:
        """The one thread the server makes every change on, in the order asked: ingestion, deletion,
        curation and ``follow``. Extraction reads the graph, which only this thread changes."""
        return ThreadPoolExecutor(1, thread_name_prefix="graph-writer")

    @cached_property
    def extractor(self) -> Extractor:
        """Loaded on first ingestion only: a restart that ingests nothing never loads the model."""
        from graph_api.nlp.extract import Extractor

        return Extractor(self.settings.spacy_model)

    def bodies(self, article_ids: list[str]) -> dict[str, ArticleBody]:
        """The texts of articles, read from the store (the graph does not hold them); an unknown id is left out."""
        return self.store.article_bodies(article_ids)

    def mentions(self, article_ids: list[str]) -> dict[str, list[Mention]]:
        """Every article's mentions as they stand now: read from the store as extracted, the graph's curations applied."""
        extracted = self.store.article_mentions(article_ids)
        return {article_id: self.graph.curated_mentions(article_id, found) for article_id, found in extracted.items()}

    def linked_place(self, geoname_id: int) -> PlaceInfo | None:
        """The GeoNames place with this id, as the gazetteer that links places knows it."""
        from graph_api.nlp.gazetteer import load_gazetteer

        return load_gazetteer().by_geoname_id(geoname_id)

    def load(self) -> int:
        """Build the graph from the store (no NLP): its articles and its change log in the order they
        were made; returns the number of articles."""
        count = 0
        with self.lock.writing():
            changes, articles = self._since(self._followed)
            for item in _interleaved(articles, changes):
                self._apply(item, announce=False)
                count += isinstance(item, tuple)
        return count

    def _restore(self) -> bool:
        """Take the graph from the snapshot beside the store, when there is a usable one; ``load`` then reads in the rest."""
        path = self.settings.snapshot_file()
        if path is None:
            return False
        try:
            key = snapshot.read_key(path)
            snapshot.check(key, self.store)
            self.graph = snapshot.load(path)
        except (snapshot.UnusableSnapshot, StoreError) as why:
            if path.exists():
                log.warning("graph snapshot %s not used (%s): the graph is rebuilt from the store", path, why)
            return False
        self._followed = self.held = (key.article_position, key.change_sequence)
        return True

    def save_snapshot(self) -> None:
        """Write the graph's snapshot beside the store, holding everything the store holds (read in first)."""
        path = self.settings.snapshot_file()
        if path is None:
            return
        self.follow()
        self.graph.projections.build_now()  # kept in the snapshot, with the orders: a restart answers without building them first
        self.graph.build_orders()
        with self.lock.writing():
            try:
                key = snapshot.key_now(self.store)
                if (key.article_position, key.change_sequence) != self._followed:
                    return  # another process committed meanwhile: the next stop writes it
                snapshot.save(self.graph, path, key)
                self._snapshot_version = self.graph.version
            except (OSError, StoreError) as error:
                log.warning("graph snapshot %s not written: %s", path, error)

    def follow(self) -> int:
        """Read into the graph what other processes wrote to the store since the last look; returns how many changes."""
        last_article, last_change = self.store.positions()
        if last_article <= self._followed[0] and last_change <= self._followed[1]:
            return 0
        changes, articles = self._since(self._followed)
        applied = 0
        for item in _interleaved(articles, changes):
            with self.lock.writing():
                events = self._apply(item)
            self.feed.publish(events)
            applied += bool(events)
        return applied

    def _since(self, followed: tuple[int, int]) -> tuple[list[Change], Iterator[tuple[int, StoredArticle]]]:
        """The changes logged and the articles committed after a position; the position moves on as they are read."""
        changes = list(self.store.iter_changes(followed[1]))
        self._followed = (followed[0], changes[-1].sequence if changes else followed[1])

        def articles() -> Iterator[tuple[int, StoredArticle]]:
            for position, stored in self.store.iter_articles(followed[0]):
                self._followed = (position, self._followed[1])
                yield position, stored

        return changes, articles()

    def _apply(self, item: tuple[int, StoredArticle] | Change, announce: bool = True) -> list[FeedEvent]:
        """Add an article read from the store, or apply a logged change, unless this process already did;
        returns the events for subscribers (none when not to ``announce``: loading, nobody subscribed yet)."""
        if isinstance(item, tuple):
            events = self._follow_article(item[1], announce)
            self.held = (item[0], self.held[1])
        else:
            events = self._follow_change(item)
            self.held = (self.held[0], item.sequence)
        return events

    def _follow_article(self, stored: StoredArticle, announce: bool = True) -> list[FeedEvent]:
        if self.graph.article(stored.record.id) is not None:
            return []  # this process committed it
        self.graph.add_article(stored)
        return self._ingested_events(stored) if announce else []

    def _follow_change(self, change: Change) -> list[FeedEvent]:
        if change.sequence in self._own_changes:
            self._own_changes.discard(change.sequence)
            return []
        return self._replay(change)

    def _replay(self, change: Change) -> list[FeedEvent]:
        """Apply a logged change again; one that no longer applies (its entity or article is gone) is skipped."""
        if isinstance(change, ArticleDeletion):
            if self.graph.article(change.article_id) is None:
                return []
            return self._changed_events(self.graph.remove_article_by_id(change.article_id, change.extracted), "article deleted")
        return self._changed_events(self.graph.apply_curation(change, strict=False).changed, change.kind.value)

    def close(self) -> None:
        """Finish the writes under way, write the graph's snapshot when it changed, and close the store."""
        if "writer" in self.__dict__:
            self.writer.shutdown(wait=True)
        if self.settings.graph_snapshot and self.graph.version != self._snapshot_version:
            self.save_snapshot()
        self.store.close()

    def ingest_paths(self, paths: Iterable[Path], workers: int = 1, cluster: RayCluster | None = None) -> Iterator[IngestResult]:
        return self.ingest(read_paths(list(paths), self.settings.max_article_bytes), workers, cluster)

    def ingest(self, inputs: Iterable[RawInput | RejectedInput], workers: int = 1, cluster: RayCluster | None = None) -> Iterator[IngestResult]:
        """Ingest inputs in batches; yields one result per input, in input order.

        ``workers`` > 1 extracts in that many processes (at most one per batch) while this one commits,
        with the same results as one (graph_api/nlp/pool.py); on a Ray ``cluster`` even one worker runs
        there (graph_api/nlp/ray_pool.py). Raises ``StoreError`` when the store cannot
        take articles at all: before the model loads when it is read-only or locked, and at the first
        article when it fails later.
        """
        self.store.check_writable()
        size = self.settings.nlp_batch_size
        prepared = (self._prepare_batch(number, batch) for number, batch in enumerate(_batches(inputs, size)))
        first = list(islice(prepared, workers))  # a small input starts no more workers than it has batches
        batches = chain(first, prepared)
        if not first or (len(first) <= 1 and cluster is None):
            for batch in batches:
                yield from self._commit_batch(batch, self._extract(batch))
            return
        from graph_api.nlp.pool import ExtractionPool

        model = self.settings.spacy_model
        with cluster.pool(len(first), model, size) if cluster else ExtractionPool(len(first), model, size) as pool:
            for batch, extractions in pool.in_order(batches, _Batch.job, self.graph.role_holder):
                yield from self._commit_batch(batch, extractions)

    def _prepare_batch(self, number: int, inputs: list[RawInput | RejectedInput]) -> _Batch:
        seen: set[str] = set()
        prepared: list[tuple[str, IngestResult | Article]] = []
        for item in inputs:
            result = self._prepare(item, seen)
            prepared.append((item.origin, result))
            if isinstance(result, Article):
                seen.add(result.id)
        return _Batch(number + 1, number * self.settings.nlp_batch_size + 1, prepared)

    def _extract(self, batch: _Batch) -> list[Extraction]:
        items = [(a.text, a.published) for a in batch.articles()]
        return list(self.extractor.extract_many(items, self.settings.nlp_batch_size, self.graph.role_holder))

    def _commit_batch(self, batch: _Batch, extractions: list[Extraction]) -> Iterator[IngestResult]:
        assert len(extractions) == len(batch.articles()), "one extraction per article"
        extracted = iter(extractions)
        for origin, result in batch.prepared:
            if not isinstance(result, Article):
                yield result
                continue
            extraction = next(extracted)
            if self.graph.article(result.id) is not None:  # committed by an earlier batch extracted alongside this one
                yield IngestResult(origin, Outcome.DUPLICATE, result.id, result.title)
            else:
                yield self._commit(origin, result, extraction)

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
        stored = StoredArticle(_record(article), extraction.facts(article.id), _body(article, extraction.sentences))
        touched = False
        try:
            with self.lock.writing(), self.store.transaction() as writer:
                position = writer.add_article(stored)
                touched = True
                self.graph.add_article(stored)
        except Exception as error:  # any failure leaves neither store nor graph changed
            if touched:
                with self.lock.writing():
                    self.graph.remove_article(stored)  # just this article: a rebuild would stop the server for minutes
            if isinstance(error, StoreError):
                raise  # not this article's fault: no article after it could be stored either
            return IngestResult(origin, Outcome.REJECTED, article.id, article.title, f"could not be stored: {error}")
        if position == self._followed[0] + 1:  # nothing from another process in between: no need to read it back
            self._followed = self.held = (position, self._followed[1])
        self.feed.publish(self._ingested_events(stored))
        if self.held[0] < position:
            self.follow()  # another process committed before it: read that in, so the positions held are true
        return IngestResult(origin, Outcome.INGESTED, article.id, article.title)

    def _ingested_events(self, stored: StoredArticle) -> list[FeedEvent]:
        entities = {self.graph.canonical_id(m.entity_id) for m in stored.facts.mentions}
        return [ArticleIngested(stored.record.id), *(EntityChanged(e, "mentioned") for e in sorted(entities) if self.graph.entity(e))]

    def delete_article(self, article_id: str, author: str) -> bool:
        """Delete an article from store and graph, with its mentions, events and quotes; False when there is none."""
        with self.lock.writing():
            stored = self.store.get_article(article_id)
            if stored is None or self.graph.article(article_id) is None:
                return False
            try:
                with self.store.transaction() as writer:
                    writer.delete_article(article_id)
                    logged = writer.log_change(ArticleDeletion(article_id, author, _now(), extracted=tuple(stored.facts.entities)))
                    changed = self.graph.remove_article(stored)
            except Exception:
                if self.graph.article(article_id) is None:
                    self.graph.add_article(stored)  # the store kept it, so the graph does too
                raise
            self._own_changes.add(logged.sequence)
        self.feed.publish(self._changed_events(changed, "article deleted"))
        self._after_own_change(logged)
        return True

    def curate(self, curation: Curation) -> CurationResult:
        """Apply an editor's correction and log it; ``CurationError`` (nothing changed) when it does not apply."""
        with self.lock.writing():
            with self.store.transaction() as writer:
                logged = writer.log_change(replace(curation, at=_now()))
                assert isinstance(logged, Curation)
                result = self.graph.apply_curation(logged)
            self._own_changes.add(logged.sequence)
        self.feed.publish(self._changed_events(result.changed, curation.kind.value))
        self._after_own_change(logged)
        return result

    def _after_own_change(self, logged: Change) -> None:
        """Move the positions held past a change this process logged, or read in first what other processes wrote before it."""
        if logged.sequence == self._followed[1] + 1 and logged.after_article == self._followed[0]:
            self._own_changes.discard(logged.sequence)
            self._followed = self.held = (self._followed[0], logged.sequence)
        else:
            self.follow()

    def _changed_events(self, entity_ids: Iterable[str], reason: str) -> list[FeedEvent]:
        return [EntityChanged(e, reason, gone=self.graph.entity(e) is None) for e in sorted(entity_ids)]


@dataclass(frozen=True)
class _Batch:
    """Inputs read and validated together: each with its result so far, or the article to extract and commit."""

    number: int  # from 1
    start: int  # position of its first input, from 1
    prepared: list[tuple[str, IngestResult | Article]]

    def articles(self) -> list[Article]:
        return [result for _, result in self.prepared if isinstance(result, Article)]

    def job(self) -> Job:
        """The batch's articles for an extraction worker, named by the inputs they came from."""
        first, last = self.prepared[0][0], self.prepared[-1][0]
        inputs = f"input {self.start}, {first}" if first == last else f"inputs {self.start}–{self.start + len(self.prepared) - 1}, {first} … {last}"
        from graph_api.nlp.pool import Job

        return Job([(a.text, a.published) for a in self.articles()], f"batch {self.number} ({inputs})")


def _batches(inputs: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in inputs:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _interleaved(articles: Iterable[tuple[int, StoredArticle]], changes: list[Change]) -> Iterator[tuple[int, StoredArticle] | Change]:
    """Articles and logged changes in the order they were made: a change after the articles committed before it."""
    pending = deque(changes)
    for position, stored in articles:
        while pending and pending[0].after_article < position:
            yield pending.popleft()
        yield position, stored
    yield from pending


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _record(article: Article) -> ArticleRecord:
    """The article node's data for a cleaned article, ingested now."""
    return ArticleRecord(
        id=article.id, source=article.source, title=article.title, published=article.published,
        url=article.url, word_count=article.word_count, ingested_at=_now(), removed_lines=len(article.removed),
    )  # fmt: skip


def _body(article: Article, sentences: list[tuple[int, int]]) -> ArticleBody:
    return ArticleBody(article.text, sentences, [(r.rule, r.text) for r in article.removed])

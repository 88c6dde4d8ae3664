"""Write a synthetic corpus with its known mentions straight into a store (no NLP), at any scale."""

from __future__ import annotations

import bisect
import re
from pathlib import Path

from graph_api.bench.corpus import CorpusGenerator, SyntheticArticle
from graph_api.dates import PartialDate
from graph_api.ingest.article import article_id, count_words
from graph_api.model import ArticleBody, ArticleFacts, ArticleRecord, EntityRef, Mention, NodeType, StoredArticle
from graph_api.names import slug
from graph_api.nlp.gazetteer import Gazetteer, load_gazetteer
from graph_api.nlp.linking import place_entity
from graph_api.store import SQLiteStore as Store

LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}
BATCH = 1000
INGESTED_AT = "2026-01-01T00:00:00+00:00"  # fixed, so a store built twice is the same store


def sentence_ranges(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]*", text) if m.group().strip()]


def _entity(kind: str, name: str, gazetteer: Gazetteer) -> EntityRef:
    if kind == "PER":
        return EntityRef(f"person:{slug(name)}", NodeType.PERSON, name)
    if kind == "LOC":
        return place_entity(name, gazetteer, set())
    return EntityRef(f"organization:{slug(name)}", NodeType.ORGANIZATION, name)


def _stored(article: SyntheticArticle, gazetteer: Gazetteer, cache: dict) -> StoredArticle:
    published = PartialDate(article.published.year, article.published.month, article.published.day)
    sentences = sentence_ranges(article.text)
    record = ArticleRecord(article_id(article.text), "synthetic", article.title, published, None, count_words(article.text), INGESTED_AT)
    starts = [s for s, _ in sentences]
    mentions, entities = [], {}
    for m in article.mentions:
        key = (m.kind, m.name)
        entity = cache.get(key) or cache.setdefault(key, _entity(m.kind, m.name, gazetteer))
        entities[entity.id] = entity
        sentence = max(0, bisect.bisect_right(starts, m.start) - 1)
        mentions.append(Mention(entity.id, m.text, m.start, m.end, sentence, LABELS[m.kind]))
    return StoredArticle(record, ArticleFacts(mentions, list(entities.values())), ArticleBody(article.text, sentences))


def build_store(path: Path, count: int, seed: int = 42) -> Path:
    """A store of ``count`` synthetic articles with their extraction results; reused when present."""
    if path.exists():
        store = Store(path)
        try:
            if store.article_count() == count:
                return path
        finally:
            store.close()
        path.unlink()
    store = Store(path)
    gazetteer = load_gazetteer()
    cache: dict = {}
    seen: set[str] = set()
    batch: list[SyntheticArticle] = []
    for article in CorpusGenerator(seed).articles(count):
        batch.append(article)
        if len(batch) == BATCH:
            _write(store, batch, gazetteer, cache, seen)
            batch = []
    if batch:
        _write(store, batch, gazetteer, cache, seen)
    store.close()
    return path


def _write(store: Store, batch: list[SyntheticArticle], gazetteer: Gazetteer, cache: dict, seen: set[str]) -> None:
    with store.transaction() as writer:
        for synthetic in batch:
            article = _stored(synthetic, gazetteer, cache)
            if article.record.id in seen:
                continue
            seen.add(article.record.id)
            writer.add_article(article)


def synthetic_articles(count: int, seed: int = 42) -> list[StoredArticle]:
    """``count`` synthetic articles (fewer when the generator repeats a text) with their known facts, as a store takes them."""
    gazetteer = load_gazetteer()
    cache: dict = {}
    unique: dict[str, StoredArticle] = {}
    for synthetic in CorpusGenerator(seed).articles(count):
        article = _stored(synthetic, gazetteer, cache)
        unique.setdefault(article.record.id, article)
    return list(unique.values())

"""Extraction and ingestion speed on synthetic articles: on one core, against spaCy's NER alone, and on every core."""

from __future__ import annotations

import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

import spacy

from graph_api.bench.corpus import CorpusGenerator
from graph_api.corpus import Corpus
from graph_api.ingest.article import RawInput
from graph_api.nlp.extract import Extractor
from graph_api.nlp.pipeline import BUNDLED_MODEL_PATH
from graph_api.settings import Settings

BATCH_SIZE = 32


def synthetic_texts(count: int, seed: int) -> list[str]:
    return [article.text for article in CorpusGenerator(seed).articles(count)]


def word_count(texts: list[str]) -> int:
    """Whitespace-separated words: the unit of every words/s here."""
    return sum(len(text.split()) for text in texts)


def usable_cores() -> list[int]:
    """The CPUs this process may run on."""
    return sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else list(range(os.cpu_count() or 1))


def bench_extraction(count: int, seed: int) -> dict[str, int | float]:
    """Words per second of our full extraction and of the plain spaCy NER, on one core."""
    texts = synthetic_texts(count, seed)
    words = word_count(texts)
    extractor = Extractor()
    plain = spacy.load(BUNDLED_MODEL_PATH)  # tok2vec + ner only: the NER the rest builds on
    list(extractor.extract_many(((t, None) for t in texts[:5]), BATCH_SIZE))  # warm up caches
    list(plain.pipe(texts[:5]))
    started = time.perf_counter()
    list(extractor.extract_many(((t, None) for t in texts), BATCH_SIZE))
    ours = time.perf_counter() - started
    started = time.perf_counter()
    list(plain.pipe(texts, batch_size=BATCH_SIZE))
    ner_only = time.perf_counter() - started
    return {
        "articles": count,
        "words": words,
        "full_pipeline_words_per_second": round(words / ours),
        "full_pipeline_articles_per_second": round(count / ours, 1),
        "spacy_ner_only_words_per_second": round(words / ner_only),
        "cost_ratio_full_vs_ner_only": round(ours / ner_only, 2),
    }


def bench_extraction_all_cores(count: int, seed: int) -> dict[str, int | float]:
    """The same texts split over one process per core (model loading excluded by a warm-up)."""
    cores = usable_cores()
    texts = synthetic_texts(count, seed)
    words = word_count(texts)
    shards = [(texts[i :: len(cores)], core) for i, core in enumerate(cores)]
    with ProcessPoolExecutor(len(cores)) as pool:
        list(pool.map(_extract_on_core, [(shard[:2], core) for shard, core in shards]))  # start and load the model in each
        started = time.perf_counter()
        list(pool.map(_extract_on_core, shards))
        elapsed = time.perf_counter() - started
    return {"cores": len(cores), "words_per_second": round(words / elapsed), "articles_per_second": round(count / elapsed, 1)}


def _extract_on_core(shard: tuple[list[str], int]) -> int:
    """In a pool worker: pin to the core, extract the texts, return how many were extracted."""
    texts, core = shard
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {core})
    extractor = _worker_extractor()
    list(extractor.extract_many(((t, None) for t in texts[:2]), BATCH_SIZE))
    return sum(1 for _ in extractor.extract_many(((t, None) for t in texts), BATCH_SIZE))


@lru_cache(maxsize=1)
def _worker_extractor() -> Extractor:
    """One extractor per pool worker: loaded by the warm-up round, so the timed round measures extraction only."""
    return Extractor()


def bench_ingestion(count: int, seed: int) -> dict[str, int | float]:
    """Articles per second through Corpus.ingest: validation, extraction, store and graph."""
    texts = synthetic_texts(count, seed + 1)
    with tempfile.TemporaryDirectory() as folder:
        corpus = Corpus(Settings.load(db=Path(folder) / "ingest.db"))
        corpus.extractor  # noqa: B018 - load the model before the clock starts
        inputs = [RawInput(f"bench:{i}", "bench", text) for i, text in enumerate(texts)]
        started = time.perf_counter()
        results = list(corpus.ingest(inputs))
        elapsed = time.perf_counter() - started
        corpus.close()
    ingested = sum(r.outcome.value == "ingested" for r in results)
    return {"articles": ingested, "articles_per_second": round(ingested / elapsed, 2)}

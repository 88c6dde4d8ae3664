"""Extraction and ingestion speed on synthetic articles: on one core, against spaCy's NER alone, and on every core
(through ``graph_api/nlp/pool.py``, the pool ``graph-api ingest`` extracts with)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import spacy

from graph_api.bench.corpus import CorpusGenerator
from graph_api.corpus import Corpus
from graph_api.ingest.article import RawInput
from graph_api.nlp.extract import Extractor
from graph_api.nlp.pipeline import BUNDLED_MODEL_PATH
from graph_api.nlp.pool import ExtractionPool, available_cores
from graph_api.settings import BUNDLED_MODEL, Settings

BATCH_SIZE = 32


def synthetic_texts(count: int, seed: int) -> list[str]:
    return [article.text for article in CorpusGenerator(seed).articles(count)]


def word_count(texts: list[str]) -> int:
    """Whitespace-separated words: the unit of every words/s here."""
    return sum(len(text.split()) for text in texts)


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
    """The same texts through the extraction pool of ``graph-api ingest``, one worker per core, each given an equal
    share (model loading excluded: every worker has loaded its model before the clock starts)."""
    cores = available_cores()
    texts = synthetic_texts(count, seed)
    words = word_count(texts)
    with ExtractionPool(cores, BUNDLED_MODEL, BATCH_SIZE) as pool:
        pool.ready()
        started = time.perf_counter()
        shares = [pool.extract([(text, None) for text in texts[i::cores]]) for i in range(cores)]
        extracted = sum(len(share.result()) for share in shares)
        elapsed = time.perf_counter() - started
    assert extracted == count
    return {"cores": cores, "words_per_second": round(words / elapsed), "articles_per_second": round(count / elapsed, 1)}


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

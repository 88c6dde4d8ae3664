"""Full-text search of articles, SQLite FTS5 beside the tantivy index: the top 20 with snippets, in process.

The call timed is the store's ``search_text``, the one the API's ``search`` makes, with no response
cache in between. The tantivy index is first built from scratch from the store (timed: the cost of a
rebuild). Three one-word queries, picked from FTS5's vocabulary of the store: the word in the most
articles, a word in about one article in 20, and a word in about one in 10,000 (at least one). Each
run asks both engines the same word, one after the other, so they share the machine's noise; FTS5's
slowest words stop after ``FTS5_BUDGET_S`` seconds of runs (at least ``MIN_RUNS``).
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph_api.store.indexed import IndexedStore
from graph_api.store.interface import TextHit
from graph_api.store.search_index import SearchIndex
from graph_api.store.sqlite import SQLiteStore

RUNS = 31
MIN_RUNS = 5
FTS5_BUDGET_S = 30.0
TOP = 20
SHARES = {"most common": None, "1 in 20": 1 / 20, "1 in 10,000": 1 / 10_000}  # None: the word in the most articles


def bench_search(store_path: Path, runs: int = RUNS) -> dict[str, Any]:
    """Build the index beside ``store_path`` anew, then time both engines on the three words."""
    folder = store_path.with_name(store_path.name + ".search")
    shutil.rmtree(folder, ignore_errors=True)
    fts5 = SQLiteStore(store_path)
    try:
        articles = fts5.article_count()
        started = time.perf_counter()
        built = SearchIndex(folder).catch_up(fts5)
        build_s = time.perf_counter() - started
        assert built.behind(fts5.positions()) == 0, "the index was built up to the store's last position"
        words = pick_words(store_path, articles)
        tantivy = IndexedStore(SQLiteStore(store_path), folder, lag=0)
        try:
            timed = {label: _compare(fts5, tantivy, word, runs) | {"word": word, "matches": matches} for label, (word, matches) in words.items()}
        finally:
            tantivy.close()
    finally:
        fts5.close()
    return {
        "articles": articles,
        "top": TOP,
        "index_build_s": round(build_s, 3),
        "index_build_s_per_100k": round(build_s * 100_000 / max(articles, 1), 1),
        "index_mb": round(sum(f.stat().st_size for f in folder.iterdir()) / 1e6),
        "words": timed,
    }


def pick_words(store_path: Path, articles: int) -> dict[str, tuple[str, int]]:
    """(word, articles holding it) per share, from FTS5's vocabulary; ties go to the first word alphabetically."""
    connection = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True)
    try:
        connection.execute("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, article_search, 'row')")
        rows: list[tuple[str, int, int]] = connection.execute("SELECT term, doc, cnt FROM temp.vocabulary ORDER BY term").fetchall()
    finally:
        connection.close()
    words = [row for row in rows if row[0].isalpha() and len(row[0]) >= 4]  # whole words, not initials
    picked = {}
    for label, share in SHARES.items():
        if share is None:
            term, count, _ = max(rows, key=lambda row: (row[1], row[2]))  # most articles, then most occurrences
        else:
            target = max(1.0, articles * share)
            term, count, _ = min(words, key=lambda row: abs(row[1] - target))
        picked[label] = (term, count)
    return picked


def _compare(fts5: SQLiteStore, tantivy: IndexedStore, word: str, runs: int) -> dict[str, Any]:
    """Both engines on one word, alternately; the first answer of each (warm-up) is not counted."""
    answers = {"fts5": fts5.search_text(word, TOP), "tantivy": tantivy.search_text(word, TOP)}
    times: dict[str, list[float]] = {"fts5": [], "tantivy": []}
    for _ in range(runs):
        if len(times["fts5"]) < MIN_RUNS or sum(times["fts5"]) < FTS5_BUDGET_S * 1000:
            times["fts5"].append(_timed(lambda: fts5.search_text(word, TOP)))
        times["tantivy"].append(_timed(lambda: tantivy.search_text(word, TOP)))
    result: dict[str, Any] = {name: _summary(samples) | {"hits": len(answers[name])} for name, samples in times.items()}
    result["ratio_p50_fts5_vs_tantivy"] = round(result["fts5"]["p50_ms"] / max(result["tantivy"]["p50_ms"], 1e-3), 1)
    return result


def _timed(call: Callable[[], list[TextHit]]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _summary(samples: list[float]) -> dict[str, Any]:
    ordered = sorted(samples)
    return {
        "runs": len(ordered),
        "p50_ms": round(statistics.median(ordered), 2),
        "p99_ms": round(ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))], 2),
    }

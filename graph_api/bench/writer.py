"""The single writer's ceiling: commits per second into each store backend, one article per transaction.

``Corpus`` commits every article in a transaction of its own (store and graph together), so the
store's commits per second bound ingestion however many processes or Ray workers extract. The same
synthetic articles, with their facts, go into a fresh SQLite file (WAL, ``synchronous=NORMAL``) and a
fresh PostgreSQL database (a throwaway server with ``fsync`` on and its defaults otherwise: every
commit waits for its WAL flush) through the store interface, in the same run; and once more into
PostgreSQL with ``synchronous_commit=off``, where a commit does not wait for the flush.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from graph_api.bench.pgserver import PostgresMissing, create_database, temporary_postgres
from graph_api.bench.store import synthetic_articles
from graph_api.model import StoredArticle
from graph_api.settings import Settings
from graph_api.store import Store, open_store


def bench_single_writer(articles: int = 500, seed: int = 42) -> dict[str, Any]:
    """Commits per second of one writer into SQLite and into PostgreSQL (absent when PostgreSQL is not installed)."""
    batch = synthetic_articles(articles, seed)
    report: dict[str, Any] = {"articles": len(batch)}
    with tempfile.TemporaryDirectory(prefix="graph-api-writer-") as folder:
        report["sqlite"] = _commits(str(Path(folder) / "writer.db"), batch)
    try:
        with temporary_postgres(fsync=True) as server:
            report["postgres"] = _commits(create_database(server, "writer"), batch)
            # The server's WAL flushed in the background: a server crash may lose the last commits (never a process's kill -9).
            asynchronous = create_database(server, "writer_async") + "?options=-c%20synchronous_commit%3Doff"
            report["postgres_synchronous_commit_off"] = _commits(asynchronous, batch)
    except PostgresMissing as missing:
        report["postgres"] = {"skipped": str(missing)}
    return report


def _commits(db: str, articles: list[StoredArticle]) -> dict[str, float]:
    """Write every article in a transaction of its own into a fresh store at ``db``; commits per second and the median commit."""
    store: Store = open_store(Settings.load(environ={}, db=db, search_engine="fts5"))
    try:
        took: list[float] = []
        started = time.perf_counter()
        for article in articles:
            begun = time.perf_counter()
            with store.transaction() as writer:
                writer.add_article(article)
            took.append(time.perf_counter() - begun)
        seconds = time.perf_counter() - started
    finally:
        store.close()
    took.sort()
    return {"commits_per_s": round(len(articles) / seconds, 1), "median_commit_ms": round(took[len(took) // 2] * 1000, 2)}


def format_writer(report: dict[str, Any]) -> str:
    """The measurement as a Markdown table."""
    lines = [f"Single writer, {report['articles']} articles, one transaction each", "", "| store | commits/s | median commit |", "|---|---|---|"]
    for name in ("sqlite", "postgres", "postgres_synchronous_commit_off"):
        row = report.get(name, {"skipped": "not measured"})
        if "skipped" in row:
            lines.append(f"| {name} | skipped: {row['skipped']} | |")
        else:
            lines.append(f"| {name} | {row['commits_per_s']:,} | {row['median_commit_ms']} ms |")
    return "\n".join(lines)

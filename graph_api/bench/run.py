"""``graph-api bench``: extraction, ingestion, cold start and query measurements, side by side.

Every number comes from this machine in this run; nothing here asserts a target. The load
generator for HTTP queries is wrk (Debian's package) in its own process, against a uvicorn server
with one worker in another. Each measurement lives in its own module; this one runs them in order
and writes results.json after each corpus size.
"""

from __future__ import annotations

import json
import os
import platform
import resource
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph_api.bench.coldstart import bench_cold_start
from graph_api.bench.exploration import bench_exploration
from graph_api.bench.explorer import bench_explorer_store
from graph_api.bench.extraction import bench_extraction, bench_extraction_all_cores, bench_ingestion
from graph_api.bench.ingest_workers import bench_ingest_workers
from graph_api.bench.limits import bench_limits
from graph_api.bench.queries import bench_queries
from graph_api.bench.search import bench_search
from graph_api.bench.store import build_store
from graph_api.bench.writes import bench_ingest_while_serving
from graph_api.bench.wrk import require_wrk

CONCURRENCIES = (1, 32)
INGEST_ARTICLES = 1000  # the figure: queries keep answering during a 1,000-article ingest
WORKERS_ARTICLES = 320  # ten batches of 32: five per worker with two
WORKERS_ROUNDS = 3
INGEST_BASELINE_RUNS = 3  # the idle server's baseline lasts as long as this many load-generator runs


def run(
    sizes: list[int],
    out: Path,
    extraction_articles: int,
    seconds: int,
    seed: int,
    query_sizes: list[int],
    ingest_articles: int = INGEST_ARTICLES,
    workers_articles: int = WORKERS_ARTICLES,
    workers_rounds: int = WORKERS_ROUNDS,
    workers_ray: bool = False,
) -> dict[str, Any]:
    """Every measurement; the HTTP queries only at the sizes in both ``sizes`` and ``query_sizes``; queries while
    ``ingest_articles`` articles are ingested (0: not measured), beside the same queries on the idle server;
    ``graph-api ingest`` of ``workers_articles`` articles with 1 and 2 workers, ``workers_rounds`` times each (0: not measured),
    and on a local Ray cluster beside them when ``workers_ray``."""
    if set(sizes) & set(query_sizes):
        require_wrk()
    out.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "seed": seed,
    }
    with one_core():
        report["extraction_one_core"] = bench_extraction(extraction_articles, seed)
        report["ingestion_one_core"] = bench_ingestion(max(extraction_articles // 2, 10), seed)
    report["extraction_all_cores"] = bench_extraction_all_cores(extraction_articles, seed)
    if workers_articles > 0:
        report["ingest_workers"] = bench_ingest_workers(workers_articles, seed, workers_rounds, workers_ray)
    _write(report, out)
    report["cold_start"] = {}
    report["queries"] = {}
    report["limits"] = {}
    report["exploration"] = {}
    report["search"] = {}
    report["explorer"] = {}
    for size in sizes:
        store = build_store(out / f"store-{size}.db", size, seed)
        report["cold_start"][str(size)] = bench_cold_start(store)
        report["search"][str(size)] = bench_search(store)
        if size in query_sizes:
            report["queries"][str(size)] = bench_queries(store, seconds, CONCURRENCIES)
            report["limits"][str(size)] = bench_limits(store)
            report["exploration"][str(size)] = bench_exploration(store, seconds)
            report["explorer"][str(size)] = bench_explorer_store(store)
        _write(report, out)
    if ingest_articles > 0:
        baseline = INGEST_BASELINE_RUNS * seconds
        report["ingest_while_serving"] = bench_ingest_while_serving(out, ingest_articles, seed, baseline_seconds=baseline)
        _write(report, out)
    report["peak_rss_mb_of_bench"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    _write(report, out)
    return report


def run_search(sizes: list[int], out: Path, seed: int) -> dict[str, Any]:
    """The full-text search comparison alone (``graph-api bench --search-only``), at each size."""
    out.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "seed": seed,
        "search": {},
    }
    for size in sizes:
        report["search"][str(size)] = bench_search(build_store(out / f"store-{size}.db", size, seed))
        _write(report, out)
    return report


@contextmanager
def one_core() -> Iterator[None]:
    """Restrict this process (and what it starts) to its first CPU for the block, where the OS allows pinning."""
    if not hasattr(os, "sched_setaffinity"):
        yield
        return
    original = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(original)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, original)


def _write(report: dict[str, Any], out: Path) -> None:
    (out / "results.json").write_text(json.dumps(report, indent=2))

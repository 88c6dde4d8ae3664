"""``graph-api ingest`` with 1 and with 2 extraction workers, end to end, into a fresh store each time.

The runs alternate (1, 2, then 2, 1, …) so that the other work on a shared machine weighs on both
alike; each run is its own process, from its start (the model loading included) to its exit. Besides
the end-to-end rate, the steady rate leaves out the start: articles after the first round of batches
(one per worker) over the time from that round's last result line to the last line. The machine's
load average (1 minute) at the end of each run is recorded beside them: other sessions' work takes
cores from the workers (Linux's autogroup shares the CPU between sessions, not between processes,
so a second worker adds nothing while other sessions keep both cores busy).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from graph_api.bench.corpus import CorpusGenerator
from graph_api.settings import Settings

WORKERS = (1, 2)
TIMEOUT = 3600.0


def bench_ingest_workers(count: int, seed: int, rounds: int) -> dict[str, Any]:
    """Articles/s of ``graph-api ingest --workers 1`` and ``--workers 2`` on the same ``count`` synthetic articles, ``rounds`` times each."""
    batch = Settings.load().nlp_batch_size
    if count < 2 * max(WORKERS) * batch:
        raise ValueError(f"ingestion with workers needs {2 * max(WORKERS) * batch} articles at least (two rounds of batches of {batch}), not {count}")
    runs: dict[int, list[dict[str, float]]] = {w: [] for w in WORKERS}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "articles.jsonl"
        articles = CorpusGenerator(seed + 3).articles(count)
        records = ({"text": a.text, "title": a.title, "published": a.published.isoformat(), "source": "bench"} for a in articles)
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        for round_ in range(rounds):
            for workers in WORKERS if round_ % 2 == 0 else WORKERS[::-1]:
                runs[workers].append(_run(source, Path(folder) / f"round{round_}-w{workers}.db", workers, workers * batch))
    return {
        "articles": count,
        "batch_size": batch,
        "rounds": rounds,
        **{f"workers_{w}": _summary(runs[w]) for w in WORKERS},
        "ratio_end_to_end": _spread([b["end_to_end"] / a["end_to_end"] for a, b in zip(runs[1], runs[2], strict=True)]),
        "ratio_steady": _spread([b["steady"] / a["steady"] for a, b in zip(runs[1], runs[2], strict=True)]),
        "load_average": _spread([r["load"] for w in WORKERS for r in runs[w]]),
    }


def _run(source: Path, db: Path, workers: int, first_round: int) -> dict[str, float]:
    """One ``graph-api ingest`` process: its seconds, end-to-end and steady articles/s."""
    command = [sys.executable, "-m", "graph_api.cli", "ingest", str(source), "--db", str(db), "--workers", str(workers)]
    log = db.with_suffix(".log")
    seen: list[float] = []  # seconds from the start to each article's result line
    with log.open("w") as errors:
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("ingested"):
                seen.append(time.monotonic() - started)
        process.wait(timeout=TIMEOUT)
        seconds = time.monotonic() - started
    if process.returncode != 0 or len(seen) < 2 * first_round:
        problem = log.read_text()[-2000:]
        raise RuntimeError(f"graph-api ingest --workers {workers} exited with {process.returncode} after {len(seen)} articles:\n{problem}")
    steady = (len(seen) - first_round) / (seen[-1] - seen[first_round - 1])
    load = os.getloadavg()[0]
    return {"seconds": round(seconds, 2), "end_to_end": round(len(seen) / seconds, 2), "steady": round(steady, 2), "load": round(load, 2)}


def _summary(runs: list[dict[str, float]]) -> dict[str, Any]:
    return {
        "seconds": [r["seconds"] for r in runs],
        "articles_per_second": _spread([r["end_to_end"] for r in runs]),
        "steady_articles_per_second": _spread([r["steady"] for r in runs]),
    }


def _spread(values: list[float]) -> dict[str, float]:
    """Median, lowest and highest of the rounds."""
    return {"median": round(statistics.median(values), 2), "min": round(min(values), 2), "max": round(max(values), 2)}

"""``graph-api ingest`` with 1 and with 2 extraction workers, end to end, into a fresh store each time.

The runs alternate (1, 2, then 2, 1, …) so that the other work on a shared machine weighs on both
alike; each run is its own process, from its start (the model loading included) to its exit. Besides
the end-to-end rate, the steady rate leaves out the start: articles after the first round of batches
(one per worker) over the time from that round's last result line to the last line. The machine's
load average (1 minute) at the end of each run is recorded beside them: other sessions' work takes
cores from the workers (Linux's autogroup shares the CPU between sessions, not between processes,
so a second worker adds nothing while other sessions keep both cores busy).

With ``ray``, ``graph-api ingest --ray --workers N`` runs beside them in the same rounds: each run starts
its own local Ray cluster (in its end-to-end time, not in its steady rate) with N extraction actors.
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
RAY = "ray_"  # the prefix of the Ray runs' figures
TIMEOUT = 3600.0


def bench_ingest_workers(count: int, seed: int, rounds: int, ray: bool = False) -> dict[str, Any]:
    """Articles/s of ``graph-api ingest --workers 1`` and ``--workers 2`` on the same ``count`` synthetic articles, ``rounds`` times each;
    with ``ray``, of ``--ray --workers 1`` and ``--ray --workers 2`` too."""
    batch = Settings.load().nlp_batch_size
    if count < 2 * max(WORKERS) * batch:
        raise ValueError(f"ingestion with workers needs {2 * max(WORKERS) * batch} articles at least (two rounds of batches of {batch}), not {count}")
    modes = [(backend, w) for backend in (["", RAY] if ray else [""]) for w in WORKERS]
    runs: dict[tuple[str, int], list[dict[str, float]]] = {mode: [] for mode in modes}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "articles.jsonl"
        articles = CorpusGenerator(seed + 3).articles(count)
        records = ({"text": a.text, "title": a.title, "published": a.published.isoformat(), "source": "bench"} for a in articles)
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        for round_ in range(rounds):
            for backend, workers in modes if round_ % 2 == 0 else modes[::-1]:
                db = Path(folder) / f"round{round_}-{backend or 'pool'}{workers}.db"
                runs[backend, workers].append(_run(source, db, workers, workers * batch, backend))
    result = {
        "articles": count,
        "batch_size": batch,
        "rounds": rounds,
        **{f"{backend}workers_{w}": _summary(runs[backend, w]) for backend, w in modes},
        **_ratios(runs[("", 1)], runs[("", 2)], ""),
        "load_average": _spread([r["load"] for mode in modes for r in runs[mode]]),
    }
    if ray:
        result |= _ratios(runs[(RAY, 1)], runs[(RAY, 2)], RAY)
        result["ray_over_pool_steady"] = _spread([r["steady"] / p["steady"] for p, r in zip(runs[("", 2)], runs[(RAY, 2)], strict=True)])
        result["writer"] = bench_writer(count, seed)
    return result


def bench_writer(count: int, seed: int) -> dict[str, float]:
    """The one writer's ceiling: articles/s it commits (store and graph together) with their extractions made beforehand,
    beside the rate this process extracts them at; their ratio is the number of workers past which more add nothing."""
    from graph_api.corpus import Corpus, Outcome
    from graph_api.ingest.article import RawInput
    from graph_api.ingest.validate import to_article

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings.load(db=Path(folder) / "writer.db")
        corpus = Corpus(settings)
        texts = [a.text for a in CorpusGenerator(seed + 5).articles(count)]
        articles = [to_article(RawInput(f"bench:{i}", "bench", text), settings.max_article_bytes) for i, text in enumerate(texts)]
        corpus.extractor.warm_up()
        started = time.perf_counter()
        extractions = list(corpus.extractor.extract_many([(a.text, a.published) for a in articles], settings.nlp_batch_size))
        extracting = time.perf_counter() - started
        started = time.perf_counter()
        results = [corpus._commit(a.id, a, e) for a, e in zip(articles, extractions, strict=True)]
        committing = time.perf_counter() - started
        corpus.close()
    committed = sum(r.outcome is Outcome.INGESTED for r in results)
    commits, extraction = committed / committing, len(articles) / extracting
    return {
        "articles": committed,
        "commits_per_second": round(commits, 1),
        "extraction_per_second": round(extraction, 2),
        "workers_one_writer_feeds": round(commits / extraction, 1),
    }


def _ratios(one: list[dict[str, float]], two: list[dict[str, float]], prefix: str) -> dict[str, Any]:
    """Two workers over one, round by round."""
    return {
        f"{prefix}ratio_end_to_end": _spread([b["end_to_end"] / a["end_to_end"] for a, b in zip(one, two, strict=True)]),
        f"{prefix}ratio_steady": _spread([b["steady"] / a["steady"] for a, b in zip(one, two, strict=True)]),
    }


def _run(source: Path, db: Path, workers: int, first_round: int, backend: str = "") -> dict[str, float]:
    """One ``graph-api ingest`` process (on a local Ray cluster of its own with ``RAY``): its seconds, end-to-end and steady articles/s."""
    command = [sys.executable, "-m", "graph_api.cli", "ingest", str(source), "--db", str(db), "--workers", str(workers)]
    command += ["--ray"] if backend == RAY else []
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
        name = " ".join(command[3:4] + command[6:])
        raise RuntimeError(f"graph-api {name} exited with {process.returncode} after {len(seen)} articles:\n{problem}")
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

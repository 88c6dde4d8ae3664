"""Cold start: rebuild the graph from a stored corpus in a fresh process; its time and peak memory.

``python -m graph_api.bench.coldstart STORE`` loads the store and prints one JSON line: seconds, peak and
baseline resident memory (kB) and the graph's counts. ``bench_cold_start`` runs it and sums it up.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from graph_api.corpus import Corpus
from graph_api.settings import Settings


def bench_cold_start(store: Path) -> dict[str, int | float]:
    """Load ``store`` in a fresh process: seconds, peak RSS and the memory and disk it takes per article and edge."""
    command = [sys.executable, "-m", "graph_api.bench.coldstart", str(store)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    data = json.loads(output.strip().splitlines()[-1])
    grown = (data["peak_rss_kb"] - data["baseline_rss_kb"]) * 1024
    return {
        "articles": data["articles"],
        "nodes": data["nodes"],
        "edges": data["edges"],
        "seconds": round(data["seconds"], 2),
        "peak_rss_mb": round(data["peak_rss_kb"] / 1024),
        "memory_bytes_per_article": round(grown / max(data["articles"], 1)),
        "memory_bytes_per_edge": round(grown / max(data["edges"], 1)),
        "store_bytes_per_article": round(store.stat().st_size / max(data["articles"], 1)),
    }


def load(store: Path) -> dict[str, Any]:
    """Build the corpus (store and graph) from ``store``, timed; the modules it needs are imported beforehand."""
    baseline = status_kb("VmRSS")
    started = time.perf_counter()
    corpus = Corpus(Settings.load(db=store))
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "peak_rss_kb": status_kb("VmHWM"), "baseline_rss_kb": baseline, **corpus.graph.stats()}


def status_kb(field: str) -> int:
    """A kB field of /proc/self/status. VmHWM is this process's own peak (ru_maxrss is inherited across exec on Linux)."""
    with open("/proc/self/status", encoding="utf-8", errors="replace") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m graph_api.bench.coldstart", description="Load a store in this process; print one JSON line.")
    parser.add_argument("store", type=Path, help="the SQLite store to load")
    args = parser.parse_args(argv)
    print(json.dumps(load(args.store)))


if __name__ == "__main__":
    main()

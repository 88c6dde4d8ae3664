"""Cold start: the graph rebuilt from a store, its snapshot written, the snapshot loaded, and a server's first answer.

``python -m graph_api.bench.coldstart STORE rebuild|snapshot`` loads the store in this process (a rebuild
from the store alone, then writing the snapshot; or loading the snapshot) and prints one JSON line:
seconds, peak and baseline resident memory (kB) and the graph's counts. ``bench_cold_start`` runs
both in fresh processes, then starts ``graph-api serve`` on the store and times its first answer.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from graph_api.bench.orders import bench_order_after_write
from graph_api.bench.servers import free_port, wait_until_healthy
from graph_api.corpus import Corpus
from graph_api.graph.snapshot import snapshot_path
from graph_api.settings import Settings

FIRST_QUERY = "{ people(first: 10) { edges { node { id name articleCount } } } }"


def bench_cold_start(store: Path) -> dict[str, int | float]:
    """Rebuild, snapshot and server start on ``store``: seconds, peak RSS and the memory and disk per article and edge."""
    snapshot_path(store).unlink(missing_ok=True)
    rebuilt = _measure(store, "rebuild")
    loaded = _measure(store, "snapshot")
    grown = (loaded["peak_rss_kb"] - loaded["baseline_rss_kb"]) * 1024
    return {
        "articles": loaded["articles"],
        "nodes": loaded["nodes"],
        "edges": loaded["edges"],
        "rebuild_seconds": round(rebuilt["seconds"], 3),
        "rebuild_peak_rss_mb": round(rebuilt["peak_rss_kb"] / 1024),
        "snapshot_write_seconds": round(rebuilt["snapshot_seconds"], 3),
        "snapshot_mb": round(snapshot_path(store).stat().st_size / 1e6, 3),
        "seconds": round(loaded["seconds"], 3),
        "peak_rss_mb": round(loaded["peak_rss_kb"] / 1024),
        "memory_bytes_per_article": round(grown / max(loaded["articles"], 1)),
        "memory_bytes_per_edge": round(grown / max(loaded["edges"], 1)),
        "store_bytes_per_article": round(store.stat().st_size / max(loaded["articles"], 1)),
        "order_after_write_ms": loaded["order_after_write_ms"],
        "order_resorted_after_write_ms": loaded["order_resorted_after_write_ms"],
        **server_first_answer(store),
    }


def _measure(store: Path, mode: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "graph_api.bench.coldstart", str(store), mode]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


def server_first_answer(store: Path) -> dict[str, float | int]:
    """Start ``graph-api serve`` on the store (its snapshot beside it): seconds until it answers a query, and its peak RSS then."""
    port = free_port()
    command = [sys.executable, "-m", "graph_api.cli", "serve", "--db", str(store), "--port", str(port)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "GRAPH_API_FOLLOW_INTERVAL": "0"})
    try:
        wait_until_healthy(process, f"http://127.0.0.1:{port}/health", "graph-api serve")
        response = httpx.post(f"http://127.0.0.1:{port}/graphql", json={"query": FIRST_QUERY}, timeout=600)
        response.raise_for_status()
        seconds = time.perf_counter() - started
        peak = status_kb("VmHWM", process.pid)
    finally:
        process.terminate()
        process.wait()
    return {"server_first_answer_seconds": round(seconds, 2), "server_peak_rss_mb": round(peak / 1024)}


def load(store: Path, mode: str) -> dict[str, Any]:
    """Build the corpus (store and graph) from ``store``, timed; the modules it needs are imported beforehand."""
    baseline = status_kb("VmRSS")
    started = time.perf_counter()
    corpus = Corpus(Settings.load(db=store, graph_snapshot=mode == "snapshot"))
    elapsed = time.perf_counter() - started
    found = {"seconds": elapsed, "peak_rss_kb": status_kb("VmHWM"), "baseline_rss_kb": baseline, **corpus.graph.stats()}
    if mode == "rebuild":
        started = time.perf_counter()
        corpus.save_snapshot()
        found["snapshot_seconds"] = time.perf_counter() - started
    else:
        found.update(bench_order_after_write(corpus.graph))  # after the memory was read: it adds articles
    return found


def status_kb(field: str, pid: int | str = "self") -> int:
    """A kB field of /proc/PID/status. VmHWM is the process's own peak (ru_maxrss is inherited across exec on Linux)."""
    with open(f"/proc/{pid}/status", encoding="utf-8", errors="replace") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/{pid}/status")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m graph_api.bench.coldstart", description="Load a store in this process; print one JSON line.")
    parser.add_argument("store", type=Path, help="the SQLite store to load")
    parser.add_argument("mode", choices=["rebuild", "snapshot"], help="rebuild from the store (then write the snapshot), or load the snapshot")
    args = parser.parse_args(argv)
    print(json.dumps(load(args.store, args.mode)))


if __name__ == "__main__":
    main()

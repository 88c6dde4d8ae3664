"""Queries while the server ingests: the same query load on the idle server, then during ingestion over the API and the CLI.

One ``graph-api serve`` process serves a copy of a synthetic store (``build_store``, no NLP) with a
write token. A load generator in its own process (``python -m graph_api.bench.writes load``) sends
each query on its own connection at a set mean rate (at random moments, a Poisson process), and
times every request from the moment it was due, not from when it was sent: a stall of the server
counts for every request it held up, as wrk2 counts (a closed loop would record one slow request per
stall), and a server slower than the offered load shows as a latency that keeps growing. The
phases, each under the same load:

1. baseline: the idle server, once the spaCy model is loaded (one article ingested first) and the
   ingestion speed without queries is measured on a few articles;
2. ``ingestArticles``: synthetic Dutch articles (``CorpusGenerator``, another seed than the store's) in
   batches, one call at a time from one client, extraction on the server's writer thread;
3. ``graph-api ingest``: more articles from a JSON Lines file, extracted in another process writing to
   the same store, which the server reads in every ``follow_interval`` seconds.

The requests are split into the phases by when they were due. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from graph_api.bench.corpus import CorpusGenerator, SyntheticArticle
from graph_api.bench.servers import free_port, wait_until_healthy
from graph_api.bench.store import build_store

STORE_ARTICLES = 10_000
BATCH = 50  # articles per ingestArticles call (the server takes up to max_ingest_articles, 100)
BASELINE_SECONDS = 15
QUERY_RATE = 5.0  # requests per second of each query stream (on average: the gaps between them are random)
HEALTH_RATE = 1.0  # /health as a load balancer probes it
QUIET_ARTICLES = 100  # ingested with no queries, for the ingestion speed beside the one under load
SETTLE_SECONDS = 3.0  # after the first queries since a write, for the projection they set rebuilding in the background
WARM_UP_SECONDS = 2.0  # the start of the baseline, left out (connections opened, caches of the loader)
REQUEST_TIMEOUT = 60.0
WRITE_TIMEOUT = 600.0
# A connection idle this long is closed by the client, before the server's keep_alive_timeout (5 s) closes it at the
# moment the next request goes out (a reset that would count as a failure of the server).
KEEP_ALIVE_SECONDS = 2.0
MAX_EXAMPLES = 5  # distinct failures kept per stream, to tell what went wrong
CATCH_UP_TIMEOUT = 300.0  # for the server to read in what the CLI wrote

INGEST = "mutation($articles: [ArticleInput!]!) { ingestArticles(articles: $articles) { ingested duplicates rejected } }"
LOOKUP = "query($n: String!) { entity(name: $n) { id name articleCount } }"
PEOPLE = "{ people(first: 20) { edges { node { name articleCount } } } }"
COUNT = "{ articles(first: 1) { totalCount } }"
RELATED = "query($n: String!) { entity(name: $n) { name related(first: 10) { weight entity { name } } } }"


@dataclass(frozen=True)
class Stream:
    """One kind of request the load generator sends on its own connection: GET /health, or a GraphQL POST.

    ``vary``: each request gets its own body (a different name and a ``nonce`` variable the query does not
    use), so the response cache never answers it; else the body is always the same and, between two
    changes of the graph, the cache answers it.
    """

    name: str
    query: str | None  # None: GET /health
    vary: bool = True
    names: bool = False  # the query takes a person's name as $n

    def request(self, index: int, names: list[str]) -> tuple[str, str, bytes | None]:
        if self.query is None:
            return "GET", "/health", None
        variables: dict[str, object] = {"n": names[index % len(names)]} if self.names else {}
        if self.vary:
            variables["nonce"] = index
        return "POST", "/graphql", json.dumps({"query": self.query, "variables": variables}).encode()


STREAMS = {
    stream.name: stream
    for stream in (
        Stream("health", None),
        Stream("entity_lookup", LOOKUP, names=True),
        Stream("people_first_page", PEOPLE),
        Stream("people_first_page_cached", PEOPLE, vary=False),
        Stream("entity_related", RELATED, names=True),  # reads the entity projection, which every change makes stale
    )
}


def bench_ingest_while_serving(
    workdir: Path,
    articles: int,
    seed: int,
    *,
    store_articles: int = STORE_ARTICLES,
    cli_articles: int | None = None,
    baseline_seconds: float = BASELINE_SECONDS,
    query_rate: float = QUERY_RATE,
    health_rate: float = HEALTH_RATE,
    streams: tuple[str, ...] = tuple(STREAMS),
    batch: int = BATCH,
    server_env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Query latency on the idle server, then while ``articles`` articles are ingested through ``ingestArticles``
    and ``cli_articles`` (default: half as many; 0 skips it) through ``graph-api ingest`` into the same store."""
    started = time.monotonic()
    workdir.mkdir(parents=True, exist_ok=True)
    cli_articles = articles // 2 if cli_articles is None else cli_articles
    quiet = min(QUIET_ARTICLES, max(articles // 10, 1))
    generated = [_input(a, seed, i) for i, a in enumerate(CorpusGenerator(seed + 1).articles(1 + quiet + articles + cli_articles))]
    warm_up, quiet_inputs = generated[0], generated[1 : 1 + quiet]
    api_inputs, cli_inputs = generated[1 + quiet : 1 + quiet + articles], generated[1 + quiet + articles :]
    db = workdir / "ingest-while-serving.db"
    shutil.copyfile(build_store(workdir / f"store-{store_articles}.db", store_articles, seed), db)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    names = _top_people(db)
    token = secrets.token_hex(16)
    env = {"GRAPH_API_WRITE_TOKENS": f"bench:{token}", **(server_env or {})}
    authorization = {"Authorization": f"Bearer {token}"}
    with _server(db, env, workdir / "server.log") as base, httpx.Client(base_url=base, headers=authorization, timeout=WRITE_TIMEOUT) as writer:
        model_load = _timed(lambda: _ingest_batches(writer, [[warm_up]], []))
        quiet_batches: list[dict[str, Any]] = []
        quiet_seconds = _timed(lambda: _ingest_batches(writer, _batches(quiet_inputs, batch), quiet_batches))
        rates = {name: health_rate if STREAMS[name].query is None else query_rate for name in streams}
        _prime(base, streams, names)
        time.sleep(SETTLE_SECONDS)
        with _load(base, rates, names, workdir) as samples:
            time.sleep(WARM_UP_SECONDS)
            phases: dict[str, tuple[float, float]] = {}
            baseline_start = time.monotonic()
            time.sleep(baseline_seconds)
            phases["baseline"] = (baseline_start, time.monotonic())
            api_batches: list[dict[str, Any]] = []
            phases["api_ingest"] = _window(lambda: _ingest_batches(writer, _batches(api_inputs, batch), api_batches))
            cli: dict[str, Any] = {}
            if cli_inputs:
                time.sleep(SETTLE_SECONDS)
                phases["cli_ingest"] = _cli_ingest(base, db, cli_inputs, workdir, cli)
        stored = _articles_served(base)
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):  # a copy of the store with the ingested articles: not kept
        path.unlink(missing_ok=True)
    measured = {phase: _summaries(samples.result, window) for phase, window in phases.items()}
    api_seconds = phases["api_ingest"][1] - phases["api_ingest"][0]
    result: dict[str, Any] = {
        "store_articles": store_articles,
        "rates_per_second": rates,
        "batch": batch,
        "model_load_s": round(model_load, 2),
        "quiet_ingest": {"articles": quiet, "seconds": round(quiet_seconds, 2), "articles_per_second": _per_second(quiet, quiet_seconds)},
        "baseline": {"seconds": round(phases["baseline"][1] - phases["baseline"][0], 1), "queries": measured["baseline"]},
        "api_ingest": {
            "articles": articles,
            "seconds": round(api_seconds, 2),
            "articles_per_second": _per_second(articles, api_seconds),
            **_batch_figures(api_batches),
            "queries": measured["api_ingest"],
        },
        "articles_in_graph": stored,
        "articles_expected": store_articles + 1 + quiet + articles + cli_articles,
    }
    if "cli_ingest" in phases:
        cli_seconds = phases["cli_ingest"][1] - phases["cli_ingest"][0]
        result["cli_ingest"] = {
            "articles": cli_articles,
            "seconds": round(cli_seconds, 2),
            "articles_per_second": _per_second(cli_articles, cli_seconds),
            **cli,
            "queries": measured["cli_ingest"],
        }
    result["errors"] = sum(q["errors"] for phase in measured.values() for q in phase.values())
    result["duration_s"] = round(time.monotonic() - started, 1)
    return result


@contextmanager
def _server(db: Path, env: dict[str, str], log: Path) -> Iterator[str]:
    """``graph-api serve`` on ``db`` until the block ends, its output in ``log``; yields its base URL once /health answers."""
    port = free_port()
    command = [sys.executable, "-m", "graph_api.cli", "serve", "--db", str(db), "--port", str(port)]
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env={**os.environ, **env})
        try:
            wait_until_healthy(process, f"http://127.0.0.1:{port}/health", "graph-api serve", log=log)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait()


def _input(article: SyntheticArticle, seed: int, index: int) -> dict[str, str]:
    """A synthetic article as ``ArticleInput`` (and a JSON Lines record) takes it."""
    url = f"https://nieuws.example/{seed}/{index}"
    return {"text": article.text, "title": article.title, "published": article.published.isoformat(), "source": "bench", "url": url}


def _batches(items: list[dict[str, str]], size: int) -> list[list[dict[str, str]]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _prime(base: str, streams: tuple[str, ...], names: list[str]) -> None:
    """Each query once, so that what the first query after a change builds (the orders of the rankings, the entity
    projection in its thread) is built before the baseline, not during it."""
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT, headers={"content-type": "application/json"}) as client:
        for name in streams:
            method, path, body = STREAMS[name].request(0, names)
            client.request(method, path, content=body)


def _top_people(store: Path, count: int = 100) -> list[str]:
    """The names of the people in most articles: what the lookups ask for."""
    connection = sqlite3.connect(store)
    rows = connection.execute(
        "SELECT e.name FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE e.type = 'person'"
        " GROUP BY e.id ORDER BY COUNT(DISTINCT m.article_rowid) DESC, e.id LIMIT ?",
        (count,),
    ).fetchall()
    connection.close()
    return [name for (name,) in rows]


def _timed(work: Callable[[], object]) -> float:
    started = time.monotonic()
    work()
    return time.monotonic() - started


def _window(work: Callable[[], object]) -> tuple[float, float]:
    started = time.monotonic()
    work()
    return started, time.monotonic()


def _ingest_batches(client: httpx.Client, batches: list[list[dict[str, str]]], record: list[dict[str, Any]]) -> None:
    """Send the batches one call after another; record each call's counts and seconds, and fail on any error."""
    for articles in batches:
        started = time.monotonic()
        response = client.post("/graphql", json={"query": INGEST, "variables": {"articles": articles}})
        seconds = time.monotonic() - started
        body = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise RuntimeError(f"ingestArticles answered {response.status_code}: {response.text[:500]}")
        counts = body["data"]["ingestArticles"]
        record.append({"size": len(articles), "seconds": seconds, **counts})


def _batch_figures(batches: list[dict[str, Any]]) -> dict[str, Any]:
    """What the calls returned, and whether each accounted for every article it carried."""
    seconds = sorted(b["seconds"] for b in batches)
    return {
        "batches": len(batches),
        "ingested": sum(b["ingested"] for b in batches),
        "duplicates": sum(b["duplicates"] for b in batches),
        "rejected": sum(b["rejected"] for b in batches),
        "batches_accounted": all(b["ingested"] + b["duplicates"] + b["rejected"] == b["size"] for b in batches),
        "batch_seconds_p50": round(_percentile(seconds, 50), 2) if seconds else 0.0,
        "batch_seconds_max": round(seconds[-1], 2) if seconds else 0.0,
    }


def _cli_ingest(base: str, db: Path, inputs: list[dict[str, str]], workdir: Path, figures: dict[str, Any]) -> tuple[float, float]:
    """``graph-api ingest`` of a JSON Lines file into the server's store; the window from the CLI's start (its model
    loading included) until the server shows every article it wrote."""
    source = workdir / "cli-articles.jsonl"
    source.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in inputs), encoding="utf-8")
    problems: list[str] = []
    before = _articles_served(base, problems)
    expected = before + len(inputs)
    command = [sys.executable, "-m", "graph_api.cli", "ingest", str(source), "--db", str(db)]
    log = workdir / "cli-ingest.log"
    with log.open("wb") as output:
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        first: float | None = None
        ended: float | None = None
        while (served := _articles_served(base, problems)) < expected:
            now = time.monotonic()
            first = now if first is None and served > before else first
            if ended is None and process.poll() is not None:
                if process.returncode != 0:
                    raise RuntimeError(f"graph-api ingest exited with {process.returncode}:\n{log.read_text()[-2000:]}")
                ended = now
            if ended is not None and now - ended > CATCH_UP_TIMEOUT:
                raise RuntimeError(f"the server shows {served - before} of the {len(inputs)} articles {CATCH_UP_TIMEOUT:g}s after the CLI ended")
            time.sleep(0.1)
        caught_up = time.monotonic()
        process.wait()
        ended = ended or time.monotonic()
    figures.update(
        {
            "cli_process_s": round(ended - started, 2),
            "first_article_served_after_s": round((first or caught_up) - started, 2),
            "server_behind_cli_s": round(max(caught_up - ended, 0.0), 2),
            "count_query_failures": len(problems),
            "count_query_failure_examples": sorted(set(problems))[:MAX_EXAMPLES],
        }
    )
    return started, caught_up


def _articles_served(base: str, problems: list[str] | None = None) -> int:
    """How many articles the server's graph holds, asked under its read lock (not /health, which reads without it);
    asked again while the answer is an error, which goes to ``problems``."""
    while True:
        response = httpx.post(f"{base}/graphql", json={"query": COUNT}, timeout=REQUEST_TIMEOUT)
        data = response.json().get("data") if response.status_code == 200 else None
        if data:
            return int(data["articles"]["totalCount"])
        if problems is None or len(problems) > MAX_EXAMPLES * 10:
            raise RuntimeError(f"the article count query answered {response.status_code}: {response.text[:500]}")
        problems.append(response.text[:300])
        time.sleep(0.1)


# ---- the load generator, in its own process ----------------------------------------------------------------


# due, sent, done (time.monotonic(), the same clock in every process), and what went wrong ("" when it was answered)
Sample = tuple[float, float, float, str]


class _Samples:
    """The load generator's samples per stream, once it has stopped."""

    result: dict[str, list[Sample]]


@contextmanager
def _load(base: str, rates: dict[str, float], names: list[str], workdir: Path) -> Iterator[_Samples]:
    """The load generator running for the block; its samples in the yielded object once the block ends."""
    config = workdir / "load.json"
    out = workdir / "load-samples.json"
    out.unlink(missing_ok=True)
    config.write_text(json.dumps({"base": base, "rates": rates, "names": names}), encoding="utf-8")
    command = [sys.executable, "-m", "graph_api.bench.writes", "load", str(config), str(out)]
    process = subprocess.Popen(command, stdin=subprocess.PIPE)
    samples = _Samples()
    try:
        yield samples
    finally:
        assert process.stdin is not None
        process.stdin.close()  # the generator stops at the end of its input
        if process.wait(timeout=REQUEST_TIMEOUT + 30) != 0:
            raise RuntimeError(f"the load generator exited with {process.returncode}")
    samples.result = {name: [tuple(s) for s in rows] for name, rows in json.loads(out.read_text()).items()}


def run_load(base: str, rates: dict[str, float], names: list[str], stop: threading.Event) -> dict[str, list[Sample]]:
    """Each stream on its own thread and keep-alive connection, ``rate`` requests a second at random moments (a Poisson
    process: streams in step would all wait behind the same slow request), until ``stop``."""
    samples: dict[str, list[Sample]] = {name: [] for name in rates}
    threads = [
        threading.Thread(target=_stream, args=(base, STREAMS[name], rate, names, stop, samples[name], random.Random(seed)))
        for seed, (name, rate) in enumerate(rates.items())
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def _stream(base: str, stream: Stream, rate: float, names: list[str], stop: threading.Event, samples: list[Sample], rng: random.Random) -> None:
    limits = httpx.Limits(keepalive_expiry=KEEP_ALIVE_SECONDS)
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT, headers={"content-type": "application/json"}, limits=limits) as client:
        due = time.monotonic()
        index = 0
        while not stop.is_set():
            wait = due - time.monotonic()
            if wait > 0 and stop.wait(wait):
                break
            method, path, body = stream.request(index, names)
            sent = time.monotonic()
            try:
                failure = _failure(client.request(method, path, content=body))
            except httpx.HTTPError as error:
                failure = f"{type(error).__name__}: {error}"
            samples.append((due, sent, time.monotonic(), failure))
            due += rng.expovariate(rate)
            index += 1


def _failure(response: httpx.Response) -> str:
    """What went wrong with a request: its HTTP status or its GraphQL errors; "" when it was answered."""
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    if b'"errors"' in response.content:
        errors = response.json().get("errors") or []
        return "GraphQL error: " + "; ".join(str(e.get("message"))[:200] for e in errors)
    return ""


def _summaries(samples: dict[str, list[Sample]], window: tuple[float, float]) -> dict[str, dict[str, Any]]:
    """Per stream, the requests due within the window: latency from when each was due (p50, p99, max), from when it
    was sent (p99), requests answered per second, and the failures (an HTTP error, a GraphQL error or no answer)
    with a few examples."""
    start, end = window
    seconds = end - start
    found = {}
    for name, rows in samples.items():
        inside = [s for s in rows if start <= s[0] < end]
        latencies = sorted((done - due) * 1000 for due, _, done, _ in inside)
        service = sorted((done - sent) * 1000 for _, sent, done, _ in inside)
        found[name] = {
            "requests": len(inside),
            "errors": sum(bool(failure) for *_, failure in inside),
            "rps": round(sum(not failure for *_, failure in inside) / seconds, 1) if seconds > 0 else 0.0,
            "p50_ms": _rounded(_percentile(latencies, 50)),
            "p99_ms": _rounded(_percentile(latencies, 99)),
            "max_ms": _rounded(latencies[-1] if latencies else 0.0),
            "sent_p99_ms": _rounded(_percentile(service, 99)),
            "error_examples": sorted({failure for *_, failure in inside if failure})[:MAX_EXAMPLES],
        }
    return found


def _percentile(ordered: list[float], percent: float) -> float:
    """Nearest rank of a sorted list (0 for an empty one)."""
    if not ordered:
        return 0.0
    rank = max(1, -(-len(ordered) * percent // 100))
    return ordered[int(rank) - 1]


def _rounded(ms: float) -> float:
    return round(ms, 2) if ms < 100 else round(ms)


def _per_second(count: int, seconds: float) -> float:
    return round(count / seconds, 2) if seconds > 0 else 0.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m graph_api.bench.writes", description="The load generator of the ingestion benchmark.")
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("load", help="Send the configured streams until standard input ends; write the samples as JSON.")
    load.add_argument("config", type=Path, help="JSON: base URL, rates per stream, names to look up")
    load.add_argument("out", type=Path, help="where the samples go")
    args = parser.parse_args(argv)
    config = json.loads(args.config.read_text(encoding="utf-8"))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent ends it by closing its input
    stop = threading.Event()

    def stop_at_end_of_input() -> None:
        sys.stdin.read()
        stop.set()

    threading.Thread(target=stop_at_end_of_input, daemon=True).start()
    samples = run_load(config["base"], config["rates"], config["names"], stop)
    args.out.write_text(json.dumps(samples), encoding="utf-8")


if __name__ == "__main__":
    main()

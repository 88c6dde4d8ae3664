"""``graph-api bench``: extraction, ingestion, cold start and query measurements, side by side.

Every number comes from this machine in this run; nothing here asserts a target. The load
generator for HTTP queries is wrk (Debian's package) in its own process, against a uvicorn server
with one worker in another.
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from graph_api.bench.corpus import CorpusGenerator
from graph_api.bench.store import build_store

QUERIES: dict[str, tuple[str, dict]] = {
    "entity_lookup": ("query($n: String!) { entity(name: $n) { id name articleCount } }", {"n": "{person}"}),
    "entity_page": (
        "query($n: String!) { entity(name: $n) { name aliases articleCount"
        " articles(first: 20) { edges { node { id title published } } }"
        " related(first: 10) { weight entity { __typename name } } ... on Person { roles { title } } } }",
        {"n": "{person}"},
    ),
    "people_100": ("{ people(first: 100) { edges { node { name articleCount } } } }", {}),
    "article_mentions": (
        "query($id: ID!) { article(id: $id) { title text mentions { text start end entity { __typename name } } } }",
        {"id": "{article}"},
    ),
    "search": ("query($q: String!) { search(query: $q, first: 10) { score snippet node { id } } }", {"q": "{surname}"}),
}


@dataclass
class LoadResult:
    rps: float
    p50_ms: float
    p99_ms: float


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pin(cores: int) -> None:
    """Restrict this process (and what it starts) to the first ``cores`` CPUs."""
    if hasattr(os, "sched_setaffinity"):
        available = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, set(available[:cores]))


# ---- extraction ---------------------------------------------------------------------------------


def _texts(count: int, seed: int) -> list[str]:
    return [article.text for article in CorpusGenerator(seed).articles(count)]


def bench_extraction(count: int, seed: int) -> dict:
    """Words per second of our full extraction and of the plain spaCy NER, on one core."""
    from graph_api.nlp.extract import Extractor
    from graph_api.nlp.pipeline import BUNDLED_MODEL_PATH

    texts = _texts(count, seed)
    words = sum(len(t.split()) for t in texts)
    extractor = Extractor()
    plain = __import__("spacy").load(BUNDLED_MODEL_PATH)  # tok2vec + ner only: the NER the rest builds on
    list(extractor.extract_many(((t, None) for t in texts[:5]), 32))  # warm up caches
    list(plain.pipe(texts[:5]))
    started = time.perf_counter()
    list(extractor.extract_many(((t, None) for t in texts), 32))
    ours = time.perf_counter() - started
    started = time.perf_counter()
    list(plain.pipe(texts, batch_size=32))
    ner_only = time.perf_counter() - started
    return {
        "articles": count,
        "words": words,
        "full_pipeline_words_per_second": round(words / ours),
        "full_pipeline_articles_per_second": round(count / ours, 1),
        "spacy_ner_only_words_per_second": round(words / ner_only),
        "cost_ratio_full_vs_ner_only": round(ours / ner_only, 2),
    }


def _extract_worker(args: tuple[list[str], int]) -> int:
    texts, core = args
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {core})
    from graph_api.nlp.extract import Extractor

    extractor = Extractor()
    list(extractor.extract_many(((t, None) for t in texts[:2]), 32))
    return sum(1 for _ in extractor.extract_many(((t, None) for t in texts), 32))


def bench_extraction_all_cores(count: int, seed: int) -> dict:
    """The same texts split over one process per core (model loading excluded by a warm-up)."""
    from concurrent.futures import ProcessPoolExecutor

    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else list(range(os.cpu_count() or 1))
    texts = _texts(count, seed)
    words = sum(len(t.split()) for t in texts)
    shards = [(texts[i :: len(cores)], core) for i, core in enumerate(cores)]
    with ProcessPoolExecutor(len(cores)) as pool:
        list(pool.map(_extract_worker, [(s[:2], c) for s, c in shards]))  # start and load the model in each
        started = time.perf_counter()
        list(pool.map(_extract_worker, shards))
        elapsed = time.perf_counter() - started
    return {"cores": len(cores), "words_per_second": round(words / elapsed), "articles_per_second": round(count / elapsed, 1)}


def bench_ingestion(count: int, seed: int) -> dict:
    """Articles per second through Corpus.ingest: validation, extraction, store and graph."""
    from graph_api.corpus import Corpus
    from graph_api.ingest.article import RawInput
    from graph_api.settings import Settings

    texts = _texts(count, seed + 1)
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


# ---- cold start ---------------------------------------------------------------------------------

_LOAD_SCRIPT = """
import json, sys, time
from pathlib import Path
from graph_api.corpus import Corpus
from graph_api.settings import Settings

def status(field):  # kB; VmHWM is this process's own peak (ru_maxrss is inherited across exec on Linux)
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])

before = status("VmRSS")
started = time.perf_counter()
corpus = Corpus(Settings.load(db=Path(sys.argv[1])))
elapsed = time.perf_counter() - started
print(json.dumps({"seconds": elapsed, "peak_rss_kb": status("VmHWM"), "baseline_rss_kb": before, **corpus.graph.stats()}))
"""


def bench_cold_start(store: Path) -> dict:
    """Rebuild the graph from a stored corpus in a fresh process: time and peak memory."""
    result = subprocess.run([sys.executable, "-c", _LOAD_SCRIPT, str(store)], capture_output=True, text=True, check=True)
    data = json.loads(result.stdout.strip().splitlines()[-1])
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


# ---- queries ------------------------------------------------------------------------------------


def _start(command: list[str], port: int, env: dict | None = None, health: str = "/health") -> subprocess.Popen:
    import httpx

    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{command[0]} exited with {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}{health}", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("server did not start")


def _wrk(url: str, body: str, concurrency: int, seconds: int) -> LoadResult:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\nwrk.headers["Content-Type"] = "application/json"\n')
    command = ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--latency", "-s", script.name, url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)

    def latency(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)  # type: ignore[union-attr]
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    return LoadResult(round(rps), round(latency("50"), 2), round(latency("99"), 2))


def _bodies(store: Path) -> dict[str, str]:
    """Query bodies with real values from the corpus: its most mentioned person and an article."""
    import sqlite3

    connection = sqlite3.connect(store)
    person = connection.execute(
        "SELECT e.name FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE e.type = 'person' AND e.name LIKE '% %'"
        " GROUP BY e.id ORDER BY COUNT(DISTINCT m.article_rowid) DESC LIMIT 1"
    ).fetchone()[0]
    article = connection.execute("SELECT id FROM articles ORDER BY rowid LIMIT 1").fetchone()[0]
    connection.close()
    values = {"{person}": person, "{article}": article, "{surname}": person.split()[-1]}
    bodies = {}
    for name, (query, variables) in QUERIES.items():
        filled = {k: values.get(v, v) for k, v in variables.items()}
        bodies[name] = json.dumps({"query": query, "variables": filled})
    return bodies


_CEILING_APP = """
import json, sys
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
import uvicorn
bodies = json.load(open(sys.argv[1]))
async def endpoint(request):
    payload = await request.body()
    return Response(bodies[payload.decode()], media_type="application/json")
async def health(request):
    return Response("ok")
app = Starlette(routes=[Route("/graphql", endpoint, methods=["POST"]), Route("/health", health)])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", workers=1)
"""


_GRAPHQL_CORE_APP = """
import json, sys
from pathlib import Path
from graphql import execute, parse
from starlette.applications import Starlette
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
import uvicorn
from graph_api.api.context import Context
from graph_api.api.schema import executable_schema, schema_for
from graph_api.corpus import Corpus
from graph_api.settings import Settings

corpus = Corpus(Settings.load(db=Path(sys.argv[1])))
schema = executable_schema(schema_for(Settings()))
documents = {}

async def endpoint(request):
    body = json.loads(await request.body())
    document = documents.get(body["query"]) or documents.setdefault(body["query"], parse(body["query"]))
    result = execute(schema, document, variable_values=body.get("variables"), context_value=Context(corpus))
    if hasattr(result, "__await__"):
        result = await result
    return JSONResponse({"data": result.data})

async def health(request):
    return Response("ok")

app = Starlette(routes=[Route("/graphql", endpoint, methods=["POST"]), Route("/health", health)])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def _bench_graphql_core_http(store: Path, bodies: dict[str, str], seconds: int) -> dict:
    """The peer over HTTP: the same schema and resolvers run by bare graphql-core behind a plain
    Starlette endpoint (documents parsed once, no validation, no cache)."""
    port = _free_port()
    server = _start([sys.executable, "-c", _GRAPHQL_CORE_APP, str(store), str(port)], port)
    try:
        url = f"http://127.0.0.1:{port}/graphql"
        for body in bodies.values():
            _wrk(url, body, 1, 1)
        return {name: _wrk(url, body, 1, seconds).__dict__ for name, body in bodies.items()}
    finally:
        server.terminate()
        server.wait()


def bench_queries(store: Path, seconds: int, concurrencies: tuple[int, ...]) -> dict:
    """Ours over HTTP vs bare graphql-core in-process vs a bare Starlette endpoint with the same bytes."""
    import httpx

    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is needed for the query benchmark: apt-get install wrk")
    bodies = _bodies(store)
    port = _free_port()
    server = _start([sys.executable, "-m", "graph_api.cli", "serve", "--db", str(store), "--port", str(port)], port)
    results: dict = {}
    try:
        url = f"http://127.0.0.1:{port}/graphql"
        responses = {name: httpx.post(url, content=body, headers={"content-type": "application/json"}).text for name, body in bodies.items()}
        for name, body in bodies.items():
            assert '"errors"' not in responses[name], responses[name]
            _wrk(url, body, 1, 1)  # warm up
            results[name] = {f"c{c}": _wrk(url, body, c, seconds).__dict__ for c in concurrencies}
    finally:
        server.terminate()
        server.wait()
    uncached_port = _free_port()
    command = [sys.executable, "-m", "graph_api.cli", "serve", "--db", str(store), "--port", str(uncached_port)]
    server = _start(command, uncached_port, env={"GRAPH_API_RESPONSE_CACHE_ENTRIES": "0"})
    try:
        for name, body in bodies.items():
            _wrk(f"http://127.0.0.1:{uncached_port}/graphql", body, 1, 1)
            results[name]["no_cache_c1"] = _wrk(f"http://127.0.0.1:{uncached_port}/graphql", body, 1, seconds).__dict__
    finally:
        server.terminate()
        server.wait()
    results_core = bench_graphql_core(store, bodies)
    core_http = _bench_graphql_core_http(store, bodies, seconds)
    ceiling = _bench_ceiling(bodies, responses, seconds, concurrencies)
    for name in bodies:
        results[name]["graphql_core_p50_ms"] = results_core[name]
        results[name]["graphql_core_http_c1"] = core_http[name]
        results[name]["ratio_p50_ours_vs_graphql_core_http"] = round(results[name]["c1"]["p50_ms"] / max(core_http[name]["p50_ms"], 1e-6), 2)
        results[name]["ratio_p50_uncached_vs_graphql_core_http"] = round(
            results[name]["no_cache_c1"]["p50_ms"] / max(core_http[name]["p50_ms"], 1e-6), 2
        )
        results[name]["starlette_ceiling"] = ceiling[name]
        ours, bare = results[name]["c1"], ceiling[name]["c1"]
        results[name]["ratio_p50_ours_vs_graphql_core"] = round(ours["p50_ms"] / max(results_core[name], 1e-6), 2)
        results[name]["ratio_p50_uncached_vs_graphql_core"] = round(results[name]["no_cache_c1"]["p50_ms"] / max(results_core[name], 1e-6), 2)
        results[name]["ratio_rps_ours_vs_starlette"] = round(ours["rps"] / max(bare["rps"], 1), 3)
    return results


def _bench_ceiling(bodies: dict[str, str], responses: dict[str, str], seconds: int, concurrencies: tuple[int, ...]) -> dict:
    port = _free_port()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as table:
        json.dump({bodies[name]: responses[name] for name in bodies}, table)
    server = _start([sys.executable, "-c", _CEILING_APP, table.name, str(port)], port)
    try:
        url = f"http://127.0.0.1:{port}/graphql"
        return {name: {f"c{c}": _wrk(url, body, c, seconds).__dict__ for c in concurrencies} for name, body in bodies.items()}
    finally:
        server.terminate()
        server.wait()
        os.unlink(table.name)


def bench_graphql_core(store: Path, bodies: dict[str, str], repeat: int = 200) -> dict[str, float]:
    """p50 milliseconds of graphql-core executing the same schema and resolvers: no HTTP, and the
    query parsed and validated once beforehand (the strongest form of the peer)."""
    import asyncio
    import inspect

    from graphql import DocumentNode, execute, parse, validate

    from graph_api.api.context import Context
    from graph_api.api.schema import executable_schema, schema_for
    from graph_api.corpus import Corpus
    from graph_api.settings import Settings

    corpus = Corpus(Settings.load(db=store))
    schema = executable_schema(schema_for(Settings()))

    async def run(body: dict, document: DocumentNode) -> float:
        started = time.perf_counter()
        result = execute(schema, document, variable_values=body.get("variables"), context_value=Context(corpus))
        if inspect.isawaitable(result):
            result = await result
        assert not result.errors, result.errors
        return (time.perf_counter() - started) * 1000

    async def measure() -> dict[str, float]:
        timings = {}
        for name, text in bodies.items():
            body = json.loads(text)
            document = parse(body["query"])
            assert not validate(schema, document)
            samples = [await run(body, document) for _ in range(repeat)]
            timings[name] = round(statistics.median(samples), 3)
        return timings

    return asyncio.run(measure())


# ---- the whole run ------------------------------------------------------------------------------


def run(sizes: list[int], out: Path, extraction_articles: int, seconds: int, seed: int, query_sizes: list[int]) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    report: dict = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "seed": seed,
    }
    original = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    _pin(1)
    report["extraction_one_core"] = bench_extraction(extraction_articles, seed)
    report["ingestion_one_core"] = bench_ingestion(max(extraction_articles // 2, 10), seed)
    if original is not None:
        os.sched_setaffinity(0, original)
    report["extraction_all_cores"] = bench_extraction_all_cores(extraction_articles, seed)
    report["cold_start"] = {}
    report["queries"] = {}
    for size in sizes:
        store = build_store(out / f"store-{size}.db", size, seed)
        report["cold_start"][str(size)] = bench_cold_start(store)
        if size in query_sizes:
            report["queries"][str(size)] = bench_queries(store, seconds, (1, 32))
        (out / "results.json").write_text(json.dumps(report, indent=2))
    report["peak_rss_mb_of_bench"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    (out / "results.json").write_text(json.dumps(report, indent=2))
    return report


def format_report(report: dict) -> str:
    lines = [f"graph-api bench, {report['date']}, {report['machine']['cores']} cores, {report['machine']['platform']}"]
    e1, ea, ing = report["extraction_one_core"], report["extraction_all_cores"], report["ingestion_one_core"]
    lines += [
        "",
        "| stage | result |",
        "|---|---|",
        f"| extraction, full pipeline, 1 core | {e1['full_pipeline_words_per_second']:,} words/s, {e1['full_pipeline_articles_per_second']} articles/s |",
        f"| extraction, spaCy NER only, 1 core | {e1['spacy_ner_only_words_per_second']:,} words/s (full pipeline costs {e1['cost_ratio_full_vs_ner_only']}x) |",
        f"| extraction, full pipeline, {ea['cores']} cores | {ea['words_per_second']:,} words/s, {ea['articles_per_second']} articles/s |",
        f"| ingestion end to end, 1 core | {ing['articles_per_second']} articles/s |",
    ]
    lines += [
        "",
        "| cold start | seconds | peak RSS MB | bytes/article (memory) | bytes/edge (memory) | store bytes/article | edges |",
        "|---|---|---|---|---|---|---|",
    ]
    for size, c in report["cold_start"].items():
        lines.append(
            f"| {int(size):,} articles | {c['seconds']} | {c['peak_rss_mb']} | {c['memory_bytes_per_article']:,} | {c['memory_bytes_per_edge']:,}"
            f" | {c['store_bytes_per_article']:,} | {c['edges']:,} |"
        )
    for size, queries in report["queries"].items():
        lines += [
            "",
            f"Queries at {int(size):,} articles (uvicorn, 1 worker; wrk in its own process)",
            "",
            "| query | p50 ms c1 | p99 ms c1 | rps c1 | p50 ms c32 | p99 ms c32 | rps c32 | uncached p50 ms / rps c1 | graphql-core over HTTP p50 ms / rps c1 | ours/graphql-core p50 (uncached) | graphql-core in-process p50 ms | Starlette rps c1 / c32 | ours/Starlette rps c1 |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name, q in queries.items():
            lines.append(
                f"| {name} | {q['c1']['p50_ms']} | {q['c1']['p99_ms']} | {q['c1']['rps']:,} | {q['c32']['p50_ms']} | {q['c32']['p99_ms']} |"
                f" {q['c32']['rps']:,} | {q['no_cache_c1']['p50_ms']} / {q['no_cache_c1']['rps']:,}"
                f" | {q['graphql_core_http_c1']['p50_ms']} / {q['graphql_core_http_c1']['rps']:,}"
                f" | {q['ratio_p50_ours_vs_graphql_core_http']} ({q['ratio_p50_uncached_vs_graphql_core_http']}) | {q['graphql_core_p50_ms']}"
                f" | {q['starlette_ceiling']['c1']['rps']:,} / {q['starlette_ceiling']['c32']['rps']:,} | {q['ratio_rps_ours_vs_starlette']} |"
            )
    if len(report["queries"]) > 1:
        sizes = list(report["queries"])
        lines += [
            "",
            "Growth of p50 (c1) with corpus size",
            "",
            "| query | " + " | ".join(f"{int(s):,}" for s in sizes) + " |",
            "|---|" + "---|" * len(sizes),
        ]
        for name in QUERIES:
            lines.append(f"| {name} | " + " | ".join(str(report["queries"][s][name]["c1"]["p50_ms"]) for s in sizes) + " |")
    return "\n".join(lines)

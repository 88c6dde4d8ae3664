"""Query speed over HTTP, wrk against each server in turn, and the peers in the same run.

Ours is ``graph-api serve`` (uvicorn, one worker) as shipped, which answers a repeated request from its
response cache, and again with that cache off. The peers: the same schema and resolvers run by bare
graphql-core (in process, and behind a plain Starlette endpoint), and a plain Starlette endpoint returning
our precomputed response bytes (the ceiling), measured back to back with the uncached server, whose
requests/s as a share of the ceiling's is the request-overhead figure.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx

from graph_api.bench.graphql_core import p50_in_process
from graph_api.bench.servers import serving
from graph_api.bench.wrk import require_wrk, run_wrk

QUERIES: dict[str, tuple[str, dict[str, str]]] = {
    "entity_lookup": ("query($n: String!) { entity(name: $n) { id name articleCount } }", {"n": "{person}"}),
    "entity_page": (
        "query($n: String!) { entity(name: $n) { name aliases articleCount"
        " articles(first: 20) { edges { node { id title published } } }"
        " related(first: 10) { weight entity { __typename name } } ... on Person { roles { title } } } }",
        {"n": "{person}"},
    ),
    "people_100": ("{ people(first: 100) { edges { node { name articleCount } } } }", {}),
    "article_mentions": (
        "query($id: ID!) { article(id: $id) { title text mentions(first: 100) { edges { node { text start end entity { __typename name } } } } } }",
        {"id": "{article}"},
    ),
    "search": ("query($q: String!) { search(query: $q, first: 10) { score snippet node { id } } }", {"q": "{surname}"}),
}
WARM_UP_SECONDS = 1

Load = dict[str, float]  # a LoadResult as a dict: rps, p50_ms, p99_ms


def bench_queries(store: Path, seconds: int, concurrencies: tuple[int, ...]) -> dict[str, dict[str, Any]]:
    """Per query: ours at each concurrency and uncached at c1, the graphql-core and Starlette peers, and the ratios."""
    require_wrk()
    bodies = query_bodies(store)
    ours, responses = _ours(store, bodies, seconds, concurrencies)
    core = p50_in_process(store, bodies)
    core_http = _graphql_core_over_http(store, bodies, seconds)
    uncached, ceiling = _uncached_beside_ceiling(store, bodies, responses, seconds, concurrencies)
    return {name: _compared(ours[name], uncached[name], core[name], core_http[name], ceiling[name]) for name in bodies}


def query_bodies(store: Path) -> dict[str, str]:
    """Query bodies with real values from the corpus: its most mentioned person and an article."""
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


def _ours(store: Path, bodies: dict[str, str], seconds: int, concurrencies: tuple[int, ...]) -> tuple[dict[str, dict[str, Load]], dict[str, str]]:
    """Our server as shipped, at each concurrency; also its response to each body (for the ceiling to replay)."""
    with serving(["graph_api.cli", "serve", "--db", str(store)]) as url:
        responses = {name: _answers_without_errors(url, body) for name, body in bodies.items()}
        results = {}
        for name, body in bodies.items():
            run_wrk(url, body, 1, WARM_UP_SECONDS)
            results[name] = {f"c{c}": asdict(run_wrk(url, body, c, seconds)) for c in concurrencies}
    return results, responses


def _answers_without_errors(url: str, body: str) -> str:
    """The server's answer to one request body; a server that answers with errors would only look fast."""
    answer = httpx.post(url, content=body, headers={"content-type": "application/json"}, timeout=60).text
    if '"errors"' in answer:
        raise RuntimeError(f"{url} answered {body} with errors: {answer}")
    return answer


def _graphql_core_over_http(store: Path, bodies: dict[str, str], seconds: int) -> dict[str, Load]:
    """The same schema and resolvers run by bare graphql-core behind a plain Starlette endpoint, at concurrency 1."""
    with serving(["graph_api.bench.graphql_core", "--db", str(store)]) as url:
        for body in bodies.values():
            _answers_without_errors(url, body)
            run_wrk(url, body, 1, WARM_UP_SECONDS)
        return {name: asdict(run_wrk(url, body, 1, seconds)) for name, body in bodies.items()}


def _uncached_beside_ceiling(
    store: Path, bodies: dict[str, str], responses: dict[str, str], seconds: int, concurrencies: tuple[int, ...]
) -> tuple[dict[str, Load], dict[str, dict[str, Load]]]:
    """Our server with its response cache off at c1, and a bare Starlette endpoint returning our precomputed responses at
    each concurrency, both up at once and measured back to back per query, so their ratio sees the same machine."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as table:
        json.dump({bodies[name]: responses[name] for name in bodies}, table)
    uncached, ceiling = {}, {}
    try:
        with (
            serving(["graph_api.cli", "serve", "--db", str(store)], env={"GRAPH_API_RESPONSE_CACHE_ENTRIES": "0"}) as url,
            serving(["graph_api.bench.ceiling", table.name]) as bare,
        ):
            for name, body in bodies.items():
                run_wrk(url, body, 1, WARM_UP_SECONDS)
                run_wrk(bare, body, 1, WARM_UP_SECONDS)
                uncached[name] = asdict(run_wrk(url, body, 1, seconds))
                ceiling[name] = {f"c{c}": asdict(run_wrk(bare, body, c, seconds)) for c in concurrencies}
    finally:
        os.unlink(table.name)
    return uncached, ceiling


def _compared(ours: dict[str, Load], uncached: Load, core: float, core_http: Load, ceiling: dict[str, Load]) -> dict[str, Any]:
    """One query's results as the report keys them, with the ratios of ours (cached and uncached) to each peer (p50 at c1, rps at c1)."""
    return {
        **ours,
        "no_cache_c1": uncached,
        "graphql_core_p50_ms": core,
        "graphql_core_http_c1": core_http,
        "ratio_p50_ours_vs_graphql_core_http": _ratio(ours["c1"]["p50_ms"], core_http["p50_ms"]),
        "ratio_p50_uncached_vs_graphql_core_http": _ratio(uncached["p50_ms"], core_http["p50_ms"]),
        "starlette_ceiling": ceiling,
        "ratio_p50_ours_vs_graphql_core": _ratio(ours["c1"]["p50_ms"], core),
        "ratio_p50_uncached_vs_graphql_core": _ratio(uncached["p50_ms"], core),
        "ratio_rps_ours_vs_starlette": round(ours["c1"]["rps"] / max(ceiling["c1"]["rps"], 1), 3),
        # The request-overhead target: an uncached query against the same bytes from a bare endpoint, same run.
        "ratio_rps_uncached_vs_starlette": round(uncached["rps"] / max(ceiling["c1"]["rps"], 1), 3),
    }


def _ratio(ours_ms: float, peer_ms: float) -> float:
    return round(ours_ms / max(peer_ms, 1e-6), 2)

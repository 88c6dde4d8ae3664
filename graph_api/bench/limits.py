"""The heaviest queries the default limits accept, timed over HTTP beside a plain entity lookup.

The cost limit is meant to bound the work of any accepted query; this shows what that bound is
worth on a corpus: each query here is just under the limit in the costliest shape of its kind.
The server runs with its response cache off, so every request is computed.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any

import httpx
from graphql import parse

from graph_api.api.budget import DocumentMeter
from graph_api.api.graphql_schema import executable_schema
from graph_api.api.schema import limits_of, schema_for
from graph_api.bench.exploration import hub_and_far
from graph_api.bench.queries import query_bodies
from graph_api.bench.servers import serving
from graph_api.settings import Settings

RUNS = 5
HEAVY_QUERIES: dict[str, str] = {
    "nested_pages": "{ people(first: 49) { edges { node { name articles(first: 50) { edges { node { id title } } } } } } }",
    "related_of_related": (
        "{ people(first: 5) { edges { node { name related(first: 20) { weight entity { name related(first: 20) { weight entity { name } } } } } } } }"
    ),
    "texts_and_mentions": (
        "{ articles(first: 16) { edges { node { title text mentions(first: 100) { edges { node { text start entity { name } } } } } } } }"
    ),
    "many_searches": "{ " + " ".join(f'a{i}: search(query: "{{surname}}", first: 1) {{ score snippet }}' for i in range(19)) + " }",
    "event_and_quote_filters": "{ "
    + " ".join(
        f"e{i}: events(first: 100) {{ edges {{ node {{ label }} }} }} q{i}: quotes(first: 100) {{ edges {{ node {{ text }} }} }}" for i in range(6)
    )
    + " }",
    "widest_neighbourhood": (
        '{ neighbourhood(id: "{hub}", depth: 2, first: 100) { nodes { id ... on Entity { name } } edges { source target weight articleCount } } }'
    ),
    "many_paths": "{ "
    + " ".join(
        f'p{i}: path(from: "{{hub}}", to: "{{far}}", maxLength: 6) {{ weight articles(first: 5) {{ edges {{ node {{ id }} }} }} }}' for i in range(20)
    )
    + " }",
}
BASELINE = "entity_lookup"


def bench_limits(store: Path) -> dict[str, Any]:
    """Per query: its cost, p50 and worst time of RUNS requests, response bytes, and the first error if any."""
    bodies = _bodies(store)
    results: dict[str, Any] = {}
    with (
        serving(["graph_api.cli", "serve", "--db", str(store)], env={"GRAPH_API_RESPONSE_CACHE_ENTRIES": "0"}) as url,
        httpx.Client(timeout=120) as client,
    ):
        for name, (cost, body) in bodies.items():
            results[name] = {"cost": cost, **_timed(client, url, body)}
    return results


def _bodies(store: Path) -> dict[str, tuple[int, str]]:
    """Each heavy query (and the baseline) with real values from the store, and its cost as the server computes it."""
    surname = json.loads(query_bodies(store)["search"])["variables"]["q"]
    hub, far = hub_and_far(store)
    settings = Settings.load(environ={})
    schema = executable_schema(schema_for(settings))
    bodies = {BASELINE: (1, query_bodies(store)[BASELINE])}
    for name, query in HEAVY_QUERIES.items():
        text = query.replace("{surname}", surname).replace("{hub}", hub).replace("{far}", far)
        cost = DocumentMeter(schema, parse(text), {}, limits_of(settings)).cost()
        bodies[name] = (cost, json.dumps({"query": text}))
    return bodies


def _timed(client: httpx.Client, url: str, body: str) -> dict[str, Any]:
    times, size, error = [], 0, None
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.post(url, content=body, headers={"content-type": "application/json"})
        times.append((time.perf_counter() - start) * 1000)
        size = len(response.content)
        errors = response.json().get("errors") if response.status_code == 200 else [{"message": f"HTTP {response.status_code}"}]
        error = errors[0]["message"] if errors else None
    return {"p50_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1), "bytes": size, "error": error}

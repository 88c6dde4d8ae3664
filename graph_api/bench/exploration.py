"""The exploration queries over HTTP, beside the same computations done naively with networkx on the full graph.

Ours: ``graph-api serve`` with its response cache off, so every request is computed from the entity
projection and the caches built once per graph version; wrk at concurrency 1 gives the p50. The
baseline, in the same run: the same answer computed in process on the full knowledge graph the way
one would without a projection (co-mentions counted through the articles, a breadth-first search
through article nodes, a scan of every article for a timeline, PageRank of the whole graph), timed
on a fresh graph load of the same store. Also timed: building the projection (the recompute after
an ingest) and PageRank on it.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx
import networkx as nx

from graph_api.bench.servers import serving
from graph_api.bench.wrk import run_wrk
from graph_api.corpus import Corpus
from graph_api.graph.knowledge_graph import KnowledgeGraph
from graph_api.model import NodeType
from graph_api.settings import Settings

WARM_UP_SECONDS = 1
NAIVE_RUNS = 3
NAIVE_PAGERANK_RUNS = 1  # PageRank of the whole graph takes long enough on a large corpus that once tells
NAIVE_MAX_ARTICLES = 100_000  # above, the naive computations on the full graph take longer and more memory than a bench run has

QUERIES: dict[str, str] = {
    "neighbourhood_depth_1": (
        "query($hub: ID!) { neighbourhood(id: $hub) { nodes { id ... on Entity { name articleCount } } edges { source target kind weight } } }"
    ),
    "neighbourhood_depth_2_first_50": (
        "query($hub: ID!) { neighbourhood(id: $hub, depth: 2, first: 50) { nodes { id ... on Entity { name } } edges { source target weight } } }"
    ),
    "path": "query($hub: ID!, $far: ID!) { path(from: $hub, to: $far) { from { name } to { name } kind weight } }",
    "timeline": "query($hub: ID!) { timeline(id: $hub) { start end mentionCount articleCount } }",
    "people_by_pagerank": "{ people(orderBy: PAGERANK, first: 20) { edges { node { name articleCount } } } }",
    "related_by_pmi": "query($hub: ID!) { node(id: $hub) { ... on Entity { related(by: PMI, first: 10) { score entity { name } } } } }",
    "trending_30_days": "{ trending(first: 10) { entity { name } growth } }",
}


def bench_exploration(store: Path, seconds: int) -> dict[str, Any]:
    """Per query: our p50 over HTTP (uncached) and the naive p50 in process; the projection's build and PageRank times."""
    hub, far = hub_and_far(store)
    bodies = {name: json.dumps({"query": query, "variables": _variables(query, hub, far)}) for name, query in QUERIES.items()}
    ours = _ours(store, bodies, seconds)
    graph = Corpus(Settings.load(environ={}, db=store)).graph
    rebuild = _projection_times(graph)
    naive = _naive(graph, hub, far) if graph.count(NodeType.ARTICLE) <= NAIVE_MAX_ARTICLES else {}
    results: dict[str, Any] = {name: {"ours": ours[name], "naive_p50_ms": naive.get(name)} for name in QUERIES}
    return {"hub": hub, "far": far, "queries": results, **rebuild}


def hub_and_far(store: Path) -> tuple[str, str]:
    """The person in most articles, and the one in fewest (a path between them crosses the graph)."""
    connection = sqlite3.connect(store)
    ranked = connection.execute(
        "SELECT e.id FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE e.type = 'person'"
        " GROUP BY e.id ORDER BY COUNT(DISTINCT m.article_rowid) DESC, e.id"
    ).fetchall()
    connection.close()
    return ranked[0][0], ranked[-1][0]


def _variables(query: str, hub: str, far: str) -> dict[str, str]:
    return {name: value for name, value in (("hub", hub), ("far", far)) if f"${name}" in query}


def _ours(store: Path, bodies: dict[str, str], seconds: int) -> dict[str, dict[str, float]]:
    with serving(["graph_api.cli", "serve", "--db", str(store)], env={"GRAPH_API_RESPONSE_CACHE_ENTRIES": "0"}) as url:
        results = {}
        for name, body in bodies.items():
            answer = httpx.post(url, content=body, headers={"content-type": "application/json"}, timeout=120).json()
            if answer.get("errors"):
                raise RuntimeError(f"{name} answered with errors: {answer['errors']}")
            run_wrk(url, body, 1, WARM_UP_SECONDS)
            results[name] = asdict(run_wrk(url, body, 1, seconds))
    return results


def _projection_times(graph: KnowledgeGraph) -> dict[str, float]:
    """How long the projection takes to build after a change (everything a rebuild does), and PageRank alone on it."""
    graph.projections.adopt(None, current=False)  # the one the snapshot brought goes: built here from the graph
    start = time.perf_counter()
    projection = graph.projection()
    built = time.perf_counter() - start
    start = time.perf_counter()
    nx.pagerank(projection.graph, weight="weight")
    pagerank = time.perf_counter() - start
    return {
        "projection_rebuild_s": round(built, 3),
        "pagerank_s": round(pagerank, 3),
        "projection_links": projection.graph.number_of_edges(),
        "projection_entities": len(projection.graph),
    }


def _naive(graph: KnowledgeGraph, hub: str, far: str) -> dict[str, float]:
    """The naive computations, each timed over a few runs (its median, in ms)."""
    full = graph.networkx_view()
    return {
        "neighbourhood_depth_1": _median_ms(lambda: _naive_neighbourhood(graph, hub, 1, 25)),
        "neighbourhood_depth_2_first_50": _median_ms(lambda: _naive_neighbourhood(graph, hub, 2, 50)),
        "path": _median_ms(lambda: nx.shortest_path(full.to_undirected(as_view=True), hub, far)),
        "timeline": _median_ms(lambda: _naive_timeline(graph, hub)),
        "people_by_pagerank": _median_ms(lambda: _naive_pagerank_people(full, graph), NAIVE_PAGERANK_RUNS),
        "related_by_pmi": _median_ms(lambda: _naive_co_mentions(graph, hub)),
        "trending_30_days": _median_ms(lambda: _naive_trending(graph)),
    }


def _median_ms(work: Callable[[], object], runs: int = NAIVE_RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def _naive_co_mentions(graph: KnowledgeGraph, entity_id: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for article_id in graph.article_ids_of_entity(entity_id):
        counts.update(graph.entity_ids_of_article(article_id))
    del counts[entity_id]
    return counts


def _naive_neighbourhood(graph: KnowledgeGraph, centre: str, depth: int, first: int) -> set[str]:
    ring = [n for n, _ in _naive_co_mentions(graph, centre).most_common(first)]
    chosen = {centre, *ring}
    if depth == 2:
        for node in ring:
            chosen.update(n for n, _ in _naive_co_mentions(graph, node).most_common(first))
    return chosen


def _naive_timeline(graph: KnowledgeGraph, entity_id: str) -> Counter[str]:
    months: Counter[str] = Counter()
    for article_id in graph.ids(NodeType.ARTICLE):
        record = graph.article(article_id)
        if record is not None and record.published is not None and graph.mentions_entity(article_id, entity_id):
            months[record.published.iso()[:7]] += 1
    return months


def _naive_trending(graph: KnowledgeGraph) -> list[tuple[str, float]]:
    """Mentions per entity in the last 30 days and the 30 before, every article's date checked."""
    records = [r for r in map(graph.article, graph.ids(NodeType.ARTICLE)) if r is not None and r.published is not None]
    last = max(r.published.first_day() for r in records if r.published is not None)
    now: Counter[str] = Counter()
    before: Counter[str] = Counter()
    for record in records:
        assert record.published is not None
        age = (last - record.published.first_day()).days
        if age < 60:
            (now if age < 30 else before).update(dict(graph.mention_counts(record.id)))
    total_now, total_before = sum(now.values()) or 1, sum(before.values()) or 1
    growth = {e: now[e] / total_now - before[e] / total_before for e in now}
    return sorted(growth.items(), key=lambda item: -item[1])[:10]


def _naive_pagerank_people(full: nx.DiGraph[str], graph: KnowledgeGraph) -> list[str]:
    scores = nx.pagerank(nx.Graph(full))
    return sorted(graph.ids(NodeType.PERSON), key=lambda i: -scores.get(i, 0.0))[:20]

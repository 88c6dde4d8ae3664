"""The entity projection: a weighted undirected networkx graph of entities, one per graph version.

Two entities are linked when an article names both (co-mention) or when they take part in the same
event (a place: where it happened). The knowledge graph keeps these links implicit (an article naming
k entities would add k² edges); the projection counts them all at once with a sparse product of the
article × entity and event × entity incidence matrices, and is rebuilt when the graph's version
changes, never per request. Degree, PageRank and connected components are computed with it.

``Projections`` holds the latest one. Outside the server a stale projection is rebuilt before it is
used; in the server (``background = True``) the previous one keeps answering while a thread builds
the next, so the first request after an ingest never waits for a rebuild.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sparse

from graph_api.model import EdgeKind, NodeType

log = logging.getLogger(__name__)
PAGERANK_ITERATIONS = 100  # networkx's default; an unconverged PageRank keeps the previous scores


@dataclass(frozen=True, slots=True)
class Link:
    """An edge of the projection: two entities and what links them."""

    source: str
    target: str
    articles: int  # articles naming both
    events: int  # events both take part in

    @property
    def weight(self) -> int:
        return self.articles + self.events

    @property
    def kind(self) -> EdgeKind:
        """Sharing an event is the stronger statement, so it names the link when there is one."""
        return EdgeKind.SHARED_EVENT if self.events else EdgeKind.CO_MENTION


@dataclass(frozen=True)
class Incidence:
    """What the projection is built from: every entity with its type, and the entity sets of articles and events."""

    entities: dict[str, NodeType]
    articles: Sequence[Iterable[str]]
    events: Sequence[Iterable[str]]


class Projection:
    """The entity graph of one knowledge-graph version, with its rankings and neighbour orders."""

    def __init__(self, graph: nx.Graph[str], version: int, pagerank: dict[str, float], seconds: float) -> None:
        self.graph = graph
        self.version = version
        self.pagerank = pagerank
        self.seconds = seconds  # how long building it took
        self.component = {node: number for number, nodes in enumerate(nx.connected_components(graph)) for node in nodes}
        self._strongest: dict[str, list[tuple[str, int]]] = {}
        self.cache: dict[tuple[object, ...], Any] = {}  # what readers derive from this projection (rankings, orders)
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        """What a snapshot keeps: the entity graph and its scores, not what readers derived from them."""
        return {key: value for key, value in self.__dict__.items() if key not in ("cache", "_lock", "_strongest")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._strongest, self.cache, self._lock = {}, {}, threading.Lock()

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.graph

    def type_of(self, entity_id: str) -> NodeType:
        kind: NodeType = self.graph.nodes[entity_id]["type"]
        return kind

    def link(self, source: str, target: str) -> Link | None:
        data = self.graph.get_edge_data(source, target)
        return Link(source, target, data["articles"], data["events"]) if data else None

    def weight(self, source: str, target: str) -> int:
        data = self.graph.get_edge_data(source, target)
        return int(data["weight"]) if data else 0

    def degree(self, entity_id: str) -> int:
        return int(self.graph.degree(entity_id)) if entity_id in self.graph else 0

    def strongest(self, entity_id: str) -> list[tuple[str, int]]:
        """Neighbours with the link's weight, strongest first (then by id); sorted once per entity."""
        found = self._strongest.get(entity_id)
        if found is None:
            adjacency = self.graph.adj[entity_id] if entity_id in self.graph else {}
            found = sorted(((n, int(d["weight"])) for n, d in adjacency.items()), key=lambda pair: (-pair[1], pair[0]))
            with self._lock:
                self._strongest[entity_id] = found
        return found

    def connected(self, source: str, target: str) -> bool:
        return source in self.component and self.component.get(source) == self.component.get(target)


def build_projection(incidence: Incidence, version: int, previous: Projection | None = None) -> Projection:
    """Count every link with two sparse products, then add them to a networkx graph and rank it."""
    started = time.perf_counter()
    ids = list(incidence.entities)
    index = {entity_id: i for i, entity_id in enumerate(ids)}
    articles = _pair_counts(_incidence_matrix(incidence.articles, index, len(ids)))
    events = _pair_counts(_incidence_matrix(incidence.events, index, len(ids)))
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from((entity_id, {"type": kind}) for entity_id, kind in incidence.entities.items())
    graph.add_edges_from((ids[row], ids[column], {"weight": count, "articles": count, "events": 0}) for row, column, count in _triples(articles))
    adjacency = graph.adj
    for row, column, count in _triples(events):
        source, target = ids[row], ids[column]
        data = adjacency[source].get(target)
        if data is None:
            graph.add_edge(source, target, weight=count, articles=0, events=count)
        else:
            data["events"] = count
            data["weight"] += count
    pagerank = _pagerank(graph, previous)
    return Projection(graph, version, pagerank, time.perf_counter() - started)


def _incidence_matrix(groups: Sequence[Iterable[str]], index: dict[str, int], width: int) -> sparse.csr_array:
    """A 0/1 matrix: one row per article (or event), one column per entity it names."""
    rows: list[int] = []
    columns: list[int] = []
    for row, members in enumerate(groups):
        found = {index[m] for m in members if m in index}
        rows.extend([row] * len(found))
        columns.extend(found)
    data = np.ones(len(rows), dtype=np.int32)
    return sparse.csr_array((data, (np.array(rows, dtype=np.int64), np.array(columns, dtype=np.int64))), shape=(len(groups), width))


def _pair_counts(matrix: sparse.csr_array) -> sparse.csr_array:
    """For each pair of entities (upper triangle, no diagonal), how many rows hold both."""
    counts = (matrix.T @ matrix).tocsr()
    return sparse.triu(counts, k=1, format="csr")


def _triples(counts: sparse.csr_array) -> Iterable[tuple[int, int, int]]:
    pairs = counts.tocoo()
    return zip(pairs.row.tolist(), pairs.col.tolist(), pairs.data.tolist(), strict=True)


def _pagerank(graph: nx.Graph[str], previous: Projection | None) -> dict[str, float]:
    if graph.number_of_edges() == 0:
        return dict.fromkeys(graph, 1 / len(graph)) if len(graph) else {}
    try:
        scores: dict[str, float] = nx.pagerank(graph, weight="weight", max_iter=PAGERANK_ITERATIONS)
        return scores
    except nx.PowerIterationFailedConvergence:
        log.warning("PageRank did not converge in %d iterations; keeping the previous scores", PAGERANK_ITERATIONS)
        return previous.pagerank if previous is not None else {node: float(graph.degree(node)) for node in graph}


class Projections:
    """The latest projection of a graph, rebuilt when the graph's version moves on."""

    def __init__(self, incidence: Callable[[], Incidence], version: Callable[[], int]) -> None:
        self._incidence = incidence
        self._version = version
        self._latest: Projection | None = None
        self._building = threading.Lock()
        self.background = False  # True in the server: serve the previous projection while the next is built
        # In the background mode, at most one build started per this many seconds: while articles
        # stream in, a build per article would take a core and hold the read lock over and over.
        self.min_interval = 0.0
        self._started = -math.inf
        # What the background build reads the graph under (the graph's read lock): requests that
        # ask for a projection already hold it.
        self.guard: Callable[[], AbstractContextManager[object]] = nullcontext

    @property
    def current(self) -> Projection | None:
        """The projection of the graph's current version, if one was built."""
        latest = self._latest
        return latest if latest is not None and latest.version == self._version() else None

    def adopt(self, projection: Projection | None, current: bool) -> None:
        """Take a projection built by another process (from a snapshot): of this graph's version, or one to serve until the next is built."""
        if projection is not None:
            projection.version = self._version() if current else -1
        self._latest = projection

    def latest(self) -> Projection:
        """The projection of the current version; in the background mode, the last one built while a newer one is made."""
        latest = self._latest
        if latest is not None and latest.version == self._version():
            return latest
        if latest is not None and self.background:
            if not self._building.locked() and time.monotonic() - self._started >= self.min_interval:
                self._started = time.monotonic()
                threading.Thread(target=self._rebuild, name="projection", daemon=True).start()
            return latest
        with self._building:
            return self._build()

    def _rebuild(self) -> None:
        self.build_now()

    def build_now(self) -> Projection:
        """The projection of the current version, built now if need be whatever the mode (a snapshot keeps it)."""
        with self._building:
            return self._build(self.guard)

    def _build(self, guard: Callable[[], AbstractContextManager[object]] = nullcontext) -> Projection:
        with guard():  # only the reading of the graph: the counting runs beside the writer
            version = self._version()
            latest = self._latest
            if latest is not None and latest.version == version:
                return latest
            incidence = self._incidence()
        built = build_projection(incidence, version, latest)
        self._latest = built
        size = (len(built.graph), built.graph.number_of_edges())
        log.info("entity projection of version %d: %d entities, %d links in %.2f s", version, *size, built.seconds)
        return built

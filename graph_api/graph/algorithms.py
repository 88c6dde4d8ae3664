"""Graph questions over the entity projection: neighbourhoods, paths, significant co-mentions and rankings.

Every function reads one ``Projection`` (built once per graph version) and does work bounded by
what it returns: a neighbourhood walks the strongest neighbours of at most ``first`` nodes, a
path is a breadth-first search from both ends (networkx) after a constant-time check that the two
entities are connected at all, and a ranking is sorted once per projection.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Collection
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx

from graph_api.graph.projection import Link, Projection
from graph_api.model import NodeType


@dataclass(frozen=True)
class Subgraph:
    """Entities around a centre and the links between them, drawable as they are."""

    nodes: list[str]  # the centre first, then by strength of connection
    links: list[Link]  # strongest first


def neighbourhood(
    projection: Projection, centre: str, depth: int, first: int, kinds: Collection[NodeType] | None, min_weight: int, edges_per_node: int
) -> Subgraph:
    """The centre and its ``first`` most strongly connected entities within ``depth`` (1 or 2) hops.

    A node two hops away counts as strong as the weaker of the two links leading to it, so it
    never ranks above the neighbour it is reached through. The links returned connect the chosen
    nodes: first the one each node was reached by (the drawing is connected), then the strongest
    others, ``edges_per_node`` per node in all.
    """
    if centre not in projection:
        return Subgraph([], [])
    ring = _strong_neighbours(projection, centre, first, kinds, min_weight, exclude={centre})
    scored = {node: (weight, 1, centre) for node, weight in ring}
    if depth >= 2:
        for parent, parent_weight in ring:
            for node, weight in _strong_neighbours(projection, parent, first, kinds, min_weight, exclude=scored.keys() | {centre}):
                score = min(parent_weight, weight)
                if node not in scored or score > scored[node][0]:
                    scored[node] = (score, 2, parent)
    # A ring-2 node is reached only through a ring-1 node scoring at least as much, which sorts first.
    chosen = sorted(scored, key=lambda n: (-scored[n][0], scored[n][1], n))[:first]
    nodes = [centre, *chosen]
    tree = [_link(projection, scored[n][2], n) for n in chosen]
    return Subgraph(nodes, _with_strongest_others(projection, nodes, tree, min_weight, edges_per_node * len(nodes)))


def _strong_neighbours(
    projection: Projection, node: str, first: int, kinds: Collection[NodeType] | None, min_weight: int, exclude: Collection[str]
) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for neighbour, weight in projection.strongest(node):
        if weight < min_weight or len(found) >= first:
            break
        if neighbour not in exclude and (kinds is None or projection.type_of(neighbour) in kinds):
            found.append((neighbour, weight))
    return found


def _with_strongest_others(projection: Projection, nodes: list[str], tree: list[Link], min_weight: int, limit: int) -> list[Link]:
    have = {frozenset((link.source, link.target)) for link in tree}
    others = []
    for i, source in enumerate(nodes):
        for target in nodes[i + 1 :]:
            if frozenset((source, target)) not in have and projection.weight(source, target) >= min_weight:
                others.append(_link(projection, source, target))
    others.sort(key=lambda link: (-link.weight, link.source, link.target))
    links = tree + others[: max(0, limit - len(tree))]
    return sorted(links, key=lambda link: -link.weight)


def _link(projection: Projection, source: str, target: str) -> Link:
    link = projection.link(source, target)
    assert link is not None, (source, target)
    return link


def shortest_path(projection: Projection, source: str, target: str, max_length: int, via: Collection[NodeType] | None = None) -> list[Link] | None:
    """The fewest hops from one entity to another (at most ``max_length``), through entities of the
    ``via`` types only when given; each hop's middle entity the one with the strongest links that
    keeps the path as short. None when there is no such path."""
    if source not in projection or target not in projection or source == target or not projection.connected(source, target):
        return None
    graph = projection.graph
    if via is not None:
        allowed = set(via)
        graph = nx.subgraph_view(graph, filter_node=lambda n: n in (source, target) or projection.type_of(n) in allowed)
    try:
        nodes: list[str] = nx.bidirectional_shortest_path(graph, source, target)
    except nx.NetworkXNoPath:
        return None
    if len(nodes) - 1 > max_length:
        return None
    for i in range(1, len(nodes) - 1):
        nodes[i] = _strongest_middle(projection, nodes[i - 1], nodes[i], nodes[i + 1], via)
    return [_link(projection, a, b) for a, b in itertools.pairwise(nodes)]


def _strongest_middle(projection: Projection, before: str, current: str, after: str, via: Collection[NodeType] | None) -> str:
    """Among the entities linked to both ``before`` and ``after``, the one whose weaker link is strongest."""
    small, large = sorted((before, after), key=projection.degree)
    best, best_score = current, min(projection.weight(before, current), projection.weight(current, after))
    for candidate, weight in projection.strongest(small):
        if weight <= best_score:
            break  # sorted: no later candidate's weaker link can beat the best
        if candidate in (before, after) or (via is not None and projection.type_of(candidate) not in via):
            continue
        score = min(weight, projection.weight(candidate, large))
        if score > best_score:
            best, best_score = candidate, score
    return best


class Significance(StrEnum):
    """How co-mentions are ranked."""

    COUNT = "COUNT"  # articles naming both
    PMI = "PMI"  # pointwise mutual information, discounted for rare pairs
    LOG_LIKELIHOOD = "LOG_LIKELIHOOD"  # Dunning's G² of the 2 × 2 table of articles


@dataclass(frozen=True)
class Scored:
    """A co-mentioned entity, the number of articles naming both, and its score under a measure."""

    entity_id: str
    shared: int
    score: float


def ranked_co_mentions(projection: Projection, entity_id: str, by: Significance, articles_of: Callable[[str], int], total: int) -> list[Scored]:
    """Every entity named in an article with this one, best first under the measure."""
    if entity_id not in projection:
        return []
    own = articles_of(entity_id)
    found = []
    for neighbour, data in projection.graph.adj[entity_id].items():
        shared = int(data["articles"])
        if shared:
            found.append(Scored(neighbour, shared, _score(by, shared, own, articles_of(neighbour), total)))
    return sorted(found, key=lambda s: (-s.score, -s.shared, s.entity_id))


def _score(by: Significance, both: int, first: int, second: int, total: int) -> float:
    if by is Significance.COUNT:
        return float(both)
    if by is Significance.PMI:
        return pmi(both, first, second, total)
    return log_likelihood(both, first, second, total)


def pmi(both: int, first: int, second: int, total: int) -> float:
    """log₂ of how much more often two entities share an article than chance, times Pantel and Lin's
    discount for pairs seen rarely (a pair seen once would otherwise rank first)."""
    raw = math.log2(both * total / (first * second))
    discount = (both / (both + 1)) * (min(first, second) / (min(first, second) + 1))
    return raw * discount


def log_likelihood(both: int, first: int, second: int, total: int) -> float:
    """Dunning's G² for the articles with both, either alone, and neither; negative when they meet less than chance."""
    table = (both, first - both, second - both, total - first - second + both)
    rows, columns = (first, total - first), (second, total - second)
    expected = (rows[0] * columns[0] / total, rows[0] * columns[1] / total, rows[1] * columns[0] / total, rows[1] * columns[1] / total)
    g2 = 2 * sum(o * math.log(o / e) for o, e in zip(table, expected, strict=True) if o > 0 and e > 0)
    return g2 if both >= expected[0] else -g2


class Centrality(StrEnum):
    """Rankings computed on the projection."""

    DEGREE = "DEGREE"  # number of distinct entities linked
    PAGERANK = "PAGERANK"  # weighted PageRank


def centrality(projection: Projection, measure: Centrality, entity_id: str) -> float:
    if measure is Centrality.DEGREE:
        return float(projection.degree(entity_id))
    return projection.pagerank.get(entity_id, 0.0)

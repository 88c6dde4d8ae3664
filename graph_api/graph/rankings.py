"""Stable orders of the graph's ids, positions in them, and each entity's articles in that order.

Built on first use after a change and kept until the next one, so a request never sorts.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

from graph_api.model import NodeType


class Rankings:
    """Cached orders over the graph; ``rank`` orders one node type, ``articles_of`` lists an entity's articles."""

    def __init__(self, rank: Callable[[NodeType], list[str]], articles_of: Callable[[str], Iterable[str]]) -> None:
        self._rank = rank
        self._articles_of = articles_of
        self._orders: dict[NodeType, list[str]] = {}
        self._positions: dict[NodeType, dict[str, int]] = {}
        self._entity_articles: dict[str, list[str]] = {}
        self._custom: dict[tuple[object, ...], tuple[list[str], dict[str, int]]] = {}

    def invalidate(self) -> None:
        """The graph changed: every order is rebuilt on next use."""
        self._orders.clear()
        self._positions.clear()
        self._entity_articles.clear()
        self._custom.clear()

    def ordered(self, key: tuple[object, ...], build: Callable[[], list[str]]) -> tuple[list[str], dict[str, int]]:
        """Another order of some ids (by name, by PageRank …) and the positions in it, built once per ``key`` until the graph changes."""
        found = self._custom.get(key)
        if found is None:
            order = build()
            found = self._custom[key] = (order, {node_id: i for i, node_id in enumerate(order)})
        return found

    def ids(self, node_type: NodeType) -> list[str]:
        """Ids of one type in the graph's order for it."""
        order = self._orders.get(node_type)
        if order is None:
            order = self._orders[node_type] = self._rank(node_type)
        return order

    def _position_map(self, node_type: NodeType) -> dict[str, int]:
        positions = self._positions.get(node_type)
        if positions is None:
            positions = self._positions[node_type] = {node_id: i for i, node_id in enumerate(self.ids(node_type))}
        return positions

    def position(self, node_type: NodeType, node_id: str) -> int | None:
        """Where a node stands in ``ids(node_type)``; None when it is not there."""
        return self._position_map(node_type).get(node_id)

    def article_ids_of_entity(self, entity_id: str) -> list[str]:
        """The articles mentioning an entity, in article order."""
        cached = self._entity_articles.get(entity_id)
        if cached is None:
            cached = self._entity_articles[entity_id] = sorted(self._articles_of(entity_id), key=self._position_map(NodeType.ARTICLE).__getitem__)
        return cached

    def position_among_articles(self, article_ids: list[str], article_id: str) -> int | None:
        """Where an article stands in a list in article order (binary search)."""
        order = self._position_map(NodeType.ARTICLE)
        target = order.get(article_id)
        if target is None:
            return None
        index = bisect.bisect_left(article_ids, target, key=order.__getitem__)
        return index if index < len(article_ids) and article_ids[index] == article_id else None

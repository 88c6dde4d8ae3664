"""Stable orders of the graph's ids, positions in them, and each entity's articles in that order.

Built on first use after a change and kept until the next one, so a request never sorts. A new
article is put into the article order (and the article lists of its entities) where it belongs
instead: sorting a million articles again after every ingested one would take seconds. Article
positions are found by binary search on the order's sort key, so they need no map to rebuild.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import Any

from graph_api.model import NodeType

ArticleKey = Callable[[str], Any]  # an article's sort key (articles are ordered by it, highest first); None for an unknown id


class Rankings:
    """Cached orders over the graph; ``rank`` orders one node type, ``articles_of`` lists an entity's articles."""

    def __init__(self, rank: Callable[[NodeType], list[str]], articles_of: Callable[[str], Iterable[str]], article_key: ArticleKey) -> None:
        self._rank = rank
        self._articles_of = articles_of
        self._article_key = article_key
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

    def article_added(self, article_id: str, entity_ids: Iterable[str]) -> None:
        """A new article: into the article order and the cached article lists of the entities it mentions, where its key puts
        it; the other orders count articles, so they are rebuilt on next use."""
        key = self._article_key(article_id)
        order = self._orders.get(NodeType.ARTICLE)
        if order is not None:
            order.insert(self._descending_index(order, key), article_id)
        for entity_id in entity_ids:
            articles = self._entity_articles.get(entity_id)
            if articles is not None:
                articles.insert(self._descending_index(articles, key), article_id)
        self._orders = {NodeType.ARTICLE: order} if order is not None else {}
        self._positions.clear()
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
        if node_type is NodeType.ARTICLE:
            return self.position_among_articles(self.ids(NodeType.ARTICLE), node_id)
        return self._position_map(node_type).get(node_id)

    def article_ids_of_entity(self, entity_id: str) -> list[str]:
        """The articles mentioning an entity, in article order."""
        cached = self._entity_articles.get(entity_id)
        if cached is None:
            cached = self._entity_articles[entity_id] = sorted(self._articles_of(entity_id), key=self._article_key, reverse=True)
        return cached

    def position_among_articles(self, article_ids: list[str], article_id: str) -> int | None:
        """Where an article stands in a list in article order (binary search)."""
        key = self._article_key(article_id)
        if key is None:
            return None
        index = self._descending_index(article_ids, key)
        return index if index < len(article_ids) and article_ids[index] == article_id else None

    def _descending_index(self, article_ids: list[str], key: Any) -> int:
        """The first index of a list in article order (highest key first) whose article's key is not above ``key``."""
        return bisect.bisect_left(article_ids, _Descending(key), key=lambda article_id: _Descending(self._article_key(article_id)))


class _Descending:
    """A sort key turned around, for ``bisect`` on a list sorted from the highest key down."""

    __slots__ = ("key",)

    def __init__(self, key: Any) -> None:
        self.key = key

    def __lt__(self, other: _Descending) -> bool:
        return bool(self.key > other.key)

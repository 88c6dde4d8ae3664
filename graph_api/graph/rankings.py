"""Stable orders of the graph's ids, positions in them, and each entity's articles in that order.

Built on first use after a change and kept until the next one, so a request never sorts. Articles
and quotes, the orders that grow with the corpus, are kept up to date instead: a new article and
its quotes are put where their sort keys place them (and the article into the article lists of
its entities), since sorting a million of them again after every ingested article would take
seconds. Their positions are found by binary search on the sort key, so no map is rebuilt either.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from graph_api.model import NodeType

# Picking an entity's articles out of the article order (a set lookup each) beats sorting them by key (a Python call
# each, and log n comparisons) once they are more than one in this many of the corpus's articles.
PICK_OUT_RATIO = 20
SortKey = Callable[[str], Any]  # a node's sort key (its order runs from the highest key down); None for an id not of that type


class Rankings:
    """Cached orders over the graph; ``rank`` orders one node type, ``articles_of`` lists an entity's articles, ``kept`` gives
    the sort keys of the node types whose orders are kept up to date as articles come in (articles and quotes)."""

    def __init__(self, rank: Callable[[NodeType], list[str]], articles_of: Callable[[str], set[str]], kept: Mapping[NodeType, SortKey]) -> None:
        self._rank = rank
        self._articles_of = articles_of
        self._keys = kept
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

    def article_added(self, article_id: str, quote_ids: Iterable[str], entity_ids: Iterable[str]) -> None:
        """A new article: it and its quotes into their orders, the article into the cached article lists of the entities it
        mentions, each where its key puts it; the other orders count articles, so they are rebuilt on next use."""
        self._insert(NodeType.ARTICLE, [article_id])
        self._insert(NodeType.QUOTE, quote_ids)
        article_key = self._keys[NodeType.ARTICLE]
        for entity_id in entity_ids:
            articles = self._entity_articles.get(entity_id)
            if articles is not None:
                articles.insert(_descending_index(articles, article_key(article_id), article_key), article_id)
        self._orders = {node_type: order for node_type, order in self._orders.items() if node_type in self._keys}
        self._positions.clear()
        self._custom.clear()

    def kept_orders(self) -> dict[NodeType, list[str]]:
        """The orders kept up to date as articles come in, those built (for a snapshot)."""
        return {node_type: order for node_type, order in self._orders.items() if node_type in self._keys}

    def adopt(self, orders: Mapping[NodeType, list[str]]) -> None:
        """Take kept orders built for this graph (by the process that wrote its snapshot)."""
        self._orders.update({node_type: order for node_type, order in orders.items() if node_type in self._keys})

    def _insert(self, node_type: NodeType, node_ids: Iterable[str]) -> None:
        order = self._orders.get(node_type)
        if order is None:
            return
        key = self._keys[node_type]
        for node_id in node_ids:
            order.insert(_descending_index(order, key(node_id), key), node_id)

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
        key = self._keys.get(node_type)
        if key is not None:
            return _found_at(self.ids(node_type), node_id, key)
        return self._position_map(node_type).get(node_id)

    def article_ids_of_entity(self, entity_id: str) -> list[str]:
        """The articles mentioning an entity, in article order."""
        cached = self._entity_articles.get(entity_id)
        if cached is None:
            cached = self._entity_articles[entity_id] = self._in_article_order(self._articles_of(entity_id))
        return cached

    def _in_article_order(self, article_ids: set[str]) -> list[str]:
        """Some articles in article order: sorted by key when they are few, picked out of the article order when they are
        many (a set lookup per article of the corpus costs less than a key per article of theirs)."""
        order = self._orders.get(NodeType.ARTICLE)
        if order is not None and len(article_ids) * PICK_OUT_RATIO > len(order):
            return [article_id for article_id in order if article_id in article_ids]
        return sorted(article_ids, key=self._keys[NodeType.ARTICLE], reverse=True)

    def position_among_articles(self, article_ids: list[str], article_id: str) -> int | None:
        """Where an article stands in a list in article order (binary search)."""
        return _found_at(article_ids, article_id, self._keys[NodeType.ARTICLE])


def _found_at(ordered: list[str], node_id: str, key: SortKey) -> int | None:
    """The index of ``node_id`` in a list ordered by ``key`` from the highest down; None when it is not there."""
    wanted = key(node_id)
    if wanted is None:
        return None
    index = _descending_index(ordered, wanted, key)
    return index if index < len(ordered) and ordered[index] == node_id else None


def _descending_index(ordered: list[str], wanted: Any, key: SortKey) -> int:
    """The first index of a list ordered by ``key`` from the highest down whose key is not above ``wanted``."""
    return bisect.bisect_left(ordered, _Descending(wanted), key=lambda node_id: _Descending(key(node_id)))


class _Descending:
    """A sort key turned around, for ``bisect`` on a list sorted from the highest key down."""

    __slots__ = ("key",)

    def __init__(self, key: Any) -> None:
        self.key = key

    def __lt__(self, other: _Descending) -> bool:
        return bool(self.key > other.key)

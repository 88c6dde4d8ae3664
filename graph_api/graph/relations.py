"""The graph's storage: a networkx ``DiGraph`` whose edge data are the relations between two nodes.

An edge from one node to another carries a mapping ``{EdgeType: value}``: ``MENTIONS`` with a
``Mentioned`` (how often, by which names), ``INVOLVES`` with the participant's role, the other
relations with ``True``. Two relations between the same nodes (an event involving a country and
located in it) share one edge. Edge data are shared between all edges with the same relations and
values (a flyweight: the distinct combinations are few) and never changed in place: every change puts
another shared mapping on the edge. That is what makes a million-article graph fit one machine:
about 60 bytes an edge, where a ``MultiDiGraph`` with a dict per edge takes about 450.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any, NamedTuple

import networkx as nx

from graph_api.model import EdgeType

_STATE = ("graph", "_node", "_adj", "_succ", "_pred", "relation_count")


class Mentioned(NamedTuple):
    """How an article mentions an entity: how many times, and the names of the mentions by name (text order)."""

    times: int
    names: tuple[str, ...]

    @classmethod
    def of(cls, times: int, names: list[str] | tuple[str, ...]) -> Mentioned:
        return cls(times, tuple(sys.intern(name) for name in names))

    def plus(self, other: Mentioned) -> Mentioned:
        return Mentioned(self.times + other.times, self.names + other.names)


class Relations(dict[EdgeType, Any]):
    """One edge's relations; shared between edges, so never changed once on an edge."""

    __slots__ = ()


class RelationGraph(nx.DiGraph):
    """A DiGraph of typed relations (see the module); change edges only through ``relate`` and ``unrelate``."""

    def __init__(self) -> None:
        super().__init__()
        self.relation_count = 0  # networkx would count edges by walking all of them
        self._interned: dict[tuple[tuple[EdgeType, Any], ...], Relations] = {}

    def __getstate__(self) -> dict[str, Any]:
        # networkx caches its views in __dict__; the intern table refills as edges change (pickle keeps the sharing)
        return {key: value for key, value in self.__dict__.items() if key in _STATE}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._interned = {}

    def relate(self, source: str, target: str, relation: EdgeType, value: Any = True) -> None:
        """Put (or replace) one relation on the edge from ``source`` to ``target``; both nodes must exist."""
        current = self._out[source].get(target)
        relations = dict(current) if current else {}
        if relation not in relations:
            self.relation_count += 1
        relations[relation] = value
        self._put(source, target, relations)

    def unrelate(self, source: str, target: str, relation: EdgeType) -> None:
        """Take one relation off an edge (the edge goes with its last relation); KeyError when it is not there."""
        current = self._out[source][target]
        if relation not in current:
            raise KeyError((source, target, relation))
        self.relation_count -= 1
        left = {kind: value for kind, value in current.items() if kind != relation}
        if left:
            self._put(source, target, left)
        else:
            super().remove_edge(source, target)

    def relation(self, source: str, target: str, relation: EdgeType) -> Any:
        """The value of a relation between two nodes, None when they are not so related."""
        data = self._out.get(source, {}).get(target)
        return data.get(relation) if data else None

    def targets(self, source: str, relation: EdgeType) -> Iterator[tuple[str, Any]]:
        """(target, value) of every ``relation`` from ``source``."""
        for target, data in self._out.get(source, {}).items():
            if relation in data:
                yield target, data[relation]

    def sources(self, target: str, relation: EdgeType) -> Iterator[tuple[str, Any]]:
        """(source, value) of every ``relation`` to ``target``."""
        for source, data in self._in.get(target, {}).items():
            if relation in data:
                yield source, data[relation]

    def incoming(self, target: str) -> list[tuple[str, Relations]]:
        """(source, relations) of every edge to ``target``."""
        return list(self._in.get(target, {}).items())

    @property
    def _out(self) -> dict[str, dict[str, Relations]]:
        return self.__dict__["_succ"]  # type: ignore[no-any-return]  # networkx's own adjacency, which its stubs do not declare

    @property
    def _in(self) -> dict[str, dict[str, Relations]]:
        return self.__dict__["_pred"]  # type: ignore[no-any-return]

    def remove_node(self, n: Any) -> None:
        if n in self:
            outgoing = sum(len(data) for data in self._out[n].values())
            incoming = sum(len(data) for other, data in self._in[n].items() if other != n)  # a loop counts once
            self.relation_count -= outgoing + incoming
        super().remove_node(n)

    @property
    def node_data(self) -> dict[str, dict[str, Any]]:
        """networkx's own node table (its ``nodes`` view costs a few calls per lookup)."""
        return self.__dict__["_node"]  # type: ignore[no-any-return]

    def _put(self, source: str, target: str, relations: dict[EdgeType, Any]) -> None:
        key = tuple(relations.items()) if len(relations) == 1 else tuple(sorted(relations.items(), key=lambda item: item[0]))
        shared = self._interned.get(key)
        if shared is None:
            shared = self._interned[key] = Relations(relations)
        self._out[source][target] = self._in[target][source] = shared  # both nodes are there: networkx's add_edge would add nothing else

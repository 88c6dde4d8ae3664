"""Entities by name: every name and alias key → entity ids, with prefix search over the sorted keys."""

from __future__ import annotations

import bisect
from collections import defaultdict

from graph_api.names import name_key


class NameIndex:
    """Name keys (case- and diacritic-insensitive) of entity names and aliases → entity ids."""

    def __init__(self) -> None:
        self._ids: dict[str, set[str]] = defaultdict(set)
        self._keys_of: dict[str, set[str]] = defaultdict(set)
        self._sorted: list[str] = []
        self._sorted_stale = False

    def add(self, name: str, entity_id: str) -> None:
        """Index an entity under a name (a no-op when it already is)."""
        self._add_key(name_key(name), entity_id)

    def _add_key(self, key: str, entity_id: str) -> None:
        if key and entity_id not in self._ids[key]:
            if not self._ids[key]:
                self._sorted_stale = True
            self._ids[key].add(entity_id)
            self._keys_of[entity_id].add(key)

    def remove(self, name: str, entity_id: str) -> None:
        """The entity is no longer known by this name (a no-op when it was not)."""
        self._remove_key(name_key(name), entity_id)

    def forget(self, entity_id: str) -> None:
        """The entity is gone: none of its names finds it."""
        for key in sorted(self._keys_of.get(entity_id, ())):
            self._remove_key(key, entity_id)

    def _remove_key(self, key: str, entity_id: str) -> None:
        ids = self._ids.get(key)
        if ids is None or entity_id not in ids:
            return
        ids.discard(entity_id)
        if not ids:
            del self._ids[key]
            self._sorted_stale = True
        keys = self._keys_of[entity_id]
        keys.discard(key)
        if not keys:
            del self._keys_of[entity_id]

    def move(self, source: str, target: str) -> None:
        """Entity ``source`` was merged into ``target``: its names now find ``target``."""
        for key in self._keys_of.pop(source, set()):
            self._ids[key].discard(source)
            self._add_key(key, target)  # the key keeps an id: the sorted keys stay as they are

    def find(self, name: str) -> set[str]:
        """Ids of the entities known by this name or alias."""
        return set(self._ids.get(name_key(name), ()))

    def with_prefix(self, query: str, enough: int) -> set[str]:
        """Ids of entities with a name or alias starting with the query's key; stops once ``enough`` are found."""
        prefix = name_key(query)
        if not prefix:
            return set()
        if self._sorted_stale:
            self._sorted = sorted(key for key, ids in self._ids.items() if ids)
            self._sorted_stale = False
        found: set[str] = set()
        position = bisect.bisect_left(self._sorted, prefix)
        while position < len(self._sorted) and self._sorted[position].startswith(prefix) and len(found) < enough:
            found.update(self._ids[self._sorted[position]])
            position += 1
        return found

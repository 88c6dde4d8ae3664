"""The store of record: the interface the rest of graph-api uses, and its backends."""

from __future__ import annotations

from pathlib import Path

from graph_api.store.interface import SearchTimeout, Store, StoreError, StoreWriter, TextHit
from graph_api.store.sqlite import SQLiteStore

__all__ = ["SQLiteStore", "SearchTimeout", "Store", "StoreError", "StoreWriter", "TextHit", "open_store"]


def open_store(location: Path, busy_timeout_ms: int) -> Store:
    """The store at a location; today a SQLite file (created, with its folder, if missing).

    ``busy_timeout_ms``: how long a write waits for another process's write to finish.
    """
    return SQLiteStore(location, busy_timeout_ms)

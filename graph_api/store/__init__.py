"""The store of record: the interface the rest of graph-api uses, and its backends."""

from __future__ import annotations

from pathlib import Path

from graph_api.store.interface import SearchTimeout, Store, StoreWriter, TextHit
from graph_api.store.sqlite import SQLiteStore

__all__ = ["SQLiteStore", "SearchTimeout", "Store", "StoreWriter", "TextHit", "open_store"]


def open_store(location: Path) -> Store:
    """The store at a location; today a SQLite file (created if missing)."""
    return SQLiteStore(location)

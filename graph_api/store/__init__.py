"""The store of record: the interface the rest of graph-api uses, and its backends."""

from __future__ import annotations

from pathlib import Path

from graph_api.settings import Settings
from graph_api.store.indexed import IndexedStore
from graph_api.store.interface import SearchTimeout, Store, StoreError, StoreWriter, TextHit, without_password
from graph_api.store.sqlite import SQLiteStore

__all__ = ["IndexedStore", "SQLiteStore", "SearchTimeout", "Store", "StoreError", "StoreWriter", "TextHit", "open_store"]


def open_store(settings: Settings) -> Store:
    """The store at ``settings.db``: a PostgreSQL database for a ``postgresql://`` URL, else a SQLite file (created, with
    its folder, if missing), its articles searched through the tantivy index beside it unless ``search_engine`` is ``fts5``.

    ``store_busy_timeout_ms``: how long a write waits for another process's write to finish.
    """
    if settings.store_is_postgres():
        return _postgres(settings)
    store = SQLiteStore(Path(settings.db), settings.store_busy_timeout_ms)
    if settings.search_engine == "fts5":
        return store
    return IndexedStore(store, settings.search_index_folder(), settings.search_index_lag)


def _postgres(settings: Settings) -> Store:
    try:  # psycopg is the optional `distributed` dependency group: a SQLite user never needs it
        from graph_api.store.postgres import PostgresStore
    except ImportError as missing:
        problem = f"a PostgreSQL store needs psycopg: pip install 'graph-api[distributed]' ({missing})"
        raise StoreError(without_password(settings.db), problem) from None
    return PostgresStore(settings.db, settings.store_busy_timeout_ms, settings.postgres_pool_size)

"""A real PostgreSQL server for the tests (graph_api/bench/pgserver.py), and a fresh database on it per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from graph_api.bench.pgserver import PostgresMissing, binaries, create_database, temporary_postgres

CI = bool(os.environ.get("CI"))


def postgres_server() -> Iterator[str]:
    """The URL of a running server's maintenance database: skipped without PostgreSQL's binaries, failing under CI."""
    try:
        binaries()
        import psycopg  # noqa: F401 - the `distributed` extra
    except (PostgresMissing, ImportError) as missing:
        if CI:
            pytest.fail(f"CI must have PostgreSQL and psycopg: {missing}")
        pytest.skip(f"no PostgreSQL here: {missing}")
    with temporary_postgres(fsync=False) as url:
        yield url


def fresh_database(server: str) -> str:
    """The URL of a new, empty database on the server."""
    return create_database(server, f"t_{uuid.uuid4().hex[:12]}")

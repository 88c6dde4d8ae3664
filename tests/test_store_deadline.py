"""A store search stops at its deadline: SQLite itself aborts the read, so a timed-out query does no more work."""

from __future__ import annotations

import time

import pytest

from graph_api.bench.store import build_store
from graph_api.store import SearchTimeout, SQLiteStore


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> SQLiteStore:
    path = build_store(tmp_path_factory.mktemp("deadline") / "graph.db", 2000)
    store = SQLiteStore(path)
    yield store
    store.close()


def test_a_search_past_its_deadline_is_stopped(synthetic_store: SQLiteStore) -> None:
    word = "de"  # in every synthetic article: the read takes far more steps than one look at the deadline
    assert len(synthetic_store.search_text(word, 10)) == 10
    with pytest.raises(SearchTimeout):
        synthetic_store.search_text(word, 10, deadline=time.monotonic() - 1)


def test_a_search_within_its_deadline_answers_and_leaves_no_handler_behind(synthetic_store: SQLiteStore) -> None:
    hits = synthetic_store.search_text("de", 10, deadline=time.monotonic() + 60)
    assert len(hits) == 10
    with pytest.raises(SearchTimeout):
        synthetic_store.search_text("de", 10, deadline=time.monotonic() - 1)
    assert synthetic_store.search_text("de", 10) == hits  # the expired deadline does not stick to the connection

"""The graph's snapshot beside the store: a restart loads it and reads in what the store committed since,
giving the graph a rebuild from the store gives; a snapshot that does not fit the store is not used."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from graph_api.corpus import Corpus
from graph_api.graph.snapshot import load, read_key, snapshot_path
from graph_api.model import ArticleDeletion, Curation, CurationKind, NodeType
from graph_api.settings import Settings
from graph_api.store import SQLiteStore
from tests import facts
from tests.test_graph_writes import state

A1, A2, A3 = facts.articles()


def open_corpus(db: Path, snapshot: bool = True) -> Corpus:
    return Corpus(Settings.load(environ={}, db=db, graph_snapshot=snapshot))


def rebuilt(db: Path) -> dict:
    """The graph's full state as a rebuild from the store alone makes it."""
    corpus = open_corpus(db, snapshot=False)
    try:
        return state(corpus.graph)
    finally:
        corpus.close()


def write(db: Path, *changes: object) -> None:
    """Commit articles and log curations and deletions straight into the store, as another process would."""
    store = SQLiteStore(db)
    try:
        with store.transaction() as writer:
            for change in changes:
                if isinstance(change, Curation | ArticleDeletion):
                    writer.log_change(change)
                    if isinstance(change, ArticleDeletion):
                        writer.delete_article(change.article_id)
                else:
                    writer.add_article(change)  # type: ignore[arg-type]
    finally:
        store.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "graph.db"
    write(path, A1, A2)
    return path


def test_a_rebuild_writes_the_snapshot_and_a_restart_loads_it(db: Path, caplog: pytest.LogCaptureFixture) -> None:
    first = open_corpus(db)
    expected = state(first.graph)
    first.close()
    key = read_key(snapshot_path(db))
    assert (key.article_position, key.change_sequence, key.last_article) == (2, 0, A2.record.id)
    shutil.copy(db, db.with_name("copy.db"))  # a store's copy is another file: it rebuilds (no snapshot beside it)
    with caplog.at_level(logging.WARNING):
        again = open_corpus(db)
    try:
        assert state(again.graph) == expected == rebuilt(db)
        assert again.graph.projections.current is not None, "the snapshot carries the entity projection"
        assert not caplog.records
    finally:
        again.close()


def test_a_restart_reads_in_what_the_store_committed_after_the_snapshot(db: Path) -> None:
    open_corpus(db).close()
    before = read_key(snapshot_path(db))
    merge = Curation(CurationKind.MERGE, facts.ANNA.id, sources=(facts.KOEN.id,), author="editor")
    write(db, A3, merge, ArticleDeletion(A1.record.id, author="editor", extracted=tuple(A1.facts.entities)))
    assert read_key(snapshot_path(db)) == before  # nothing rewrote it: the restart starts from it
    corpus = open_corpus(db)
    try:
        assert state(corpus.graph) == rebuilt(db)
        assert corpus.graph.article(A1.record.id) is None and corpus.graph.article(A3.record.id) is not None
        assert corpus.graph.canonical_id(facts.KOEN.id) == facts.ANNA.id
    finally:
        corpus.close()
    assert read_key(snapshot_path(db)).change_sequence == 2, "the stop wrote the caught-up graph"


@pytest.mark.parametrize("damage", ["truncated", "garbage", "header only"])
def test_a_damaged_snapshot_is_reported_and_the_graph_rebuilt(db: Path, damage: str, caplog: pytest.LogCaptureFixture) -> None:
    open_corpus(db).close()
    path = snapshot_path(db)
    content = path.read_bytes()
    header = content[: content.index(b"\n") + 1]
    path.write_bytes({"truncated": content[: len(content) // 2], "garbage": header + b"\x80\x05not a pickle", "header only": header}[damage])
    with caplog.at_level(logging.WARNING):
        corpus = open_corpus(db)
    try:
        assert state(corpus.graph) == rebuilt(db)
        assert any("not used" in r.getMessage() and "cannot be read" in r.getMessage() for r in caplog.records), caplog.text
    finally:
        corpus.close()
    assert read_key(path).article_position == 2 and state(load(path)) == rebuilt(db), "rewritten whole after the rebuild"


def test_a_snapshot_of_another_store_is_not_used(db: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    other = tmp_path / "other.db"
    write(other, A1, A2)  # the same articles, but another store
    open_corpus(other).close()
    shutil.copy(snapshot_path(other), snapshot_path(db))
    with caplog.at_level(logging.WARNING):
        corpus = open_corpus(db)
    corpus.close()
    assert any("another store" in r.getMessage() for r in caplog.records), caplog.text


def test_a_store_restored_from_an_older_copy_is_rebuilt(db: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    older = tmp_path / "older.db"
    shutil.copy(db, older)
    write(db, A3)
    open_corpus(db).close()
    shutil.copy(older, db)  # back to two articles, the snapshot holding three
    with caplog.at_level(logging.WARNING):
        corpus = open_corpus(db)
    try:
        assert corpus.graph.count(NodeType.ARTICLE) == 2 and corpus.graph.article(A3.record.id) is None
        assert any("older copy" in r.getMessage() for r in caplog.records), caplog.text
    finally:
        corpus.close()


def test_the_setting_turns_the_snapshot_off(db: Path) -> None:
    open_corpus(db, snapshot=False).close()
    assert not snapshot_path(db).exists()

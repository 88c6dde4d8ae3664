"""Ingestion through the one entry point: good input goes in, bad input is rejected by name."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from graph_api.corpus import Corpus, Outcome
from graph_api.dates import DatePrecision
from graph_api.model import ENTITY_TYPES, NodeType
from graph_api.settings import Settings
from graph_api.store.sqlite import SCHEMA_VERSION

ARTICLE = (
    "date 2023-05-12 De burgemeester van Utrecht, Sharon Dijksma, opende vrijdag een nieuwe fietsenstalling bij het station.\n\n"
    "Volgens de gemeente Utrecht biedt de stalling plaats aan twaalfduizend fietsen.\n"
)
OTHER = "De Nederlandse Spoorwegen rijden in het weekend minder treinen tussen Amsterdam en Rotterdam."


def write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_txt_article_keeps_date_precision_source_and_cleaned_text(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus()
    path = write(tmp_path, "utrecht.txt", ARTICLE)
    [result] = corpus.ingest_paths([path])
    assert result.outcome is Outcome.INGESTED
    article = corpus.graph.article(result.article_id)
    assert article.source == "utrecht.txt"
    assert article.published.iso() == "2023-05-12" and article.published.precision is DatePrecision.DAY
    text = corpus.bodies([result.article_id])[result.article_id].text
    assert text.startswith("De burgemeester van Utrecht")
    assert "date" not in text.split()[0]


@pytest.mark.parametrize(
    "content",
    [" date 2021-04\nDe raad vergaderde.", "date 2021-04\r\nDe raad vergaderde.", "date 2021-04 \n\nDe raad vergaderde."],
    ids=["lf", "crlf", "blank-line"],
)
def test_a_date_alone_on_its_line_is_valid(make_corpus, tmp_path: Path, content: str) -> None:
    corpus = make_corpus()
    [result] = corpus.ingest_paths([write(tmp_path, "alone.txt", content)])
    assert result.outcome is Outcome.INGESTED, result
    article = corpus.graph.article(result.article_id)
    assert article.published.iso() == "2021-04" and corpus.bodies([result.article_id])[result.article_id].text == "De raad vergaderde."


def test_same_text_twice_is_one_article(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus()
    first = write(tmp_path, "a.txt", OTHER)
    again = write(tmp_path, "b.txt", "  " + OTHER + "\n\n")
    results = list(corpus.ingest_paths([first, again, first]))
    assert [r.outcome for r in results] == [Outcome.INGESTED, Outcome.DUPLICATE, Outcome.DUPLICATE]
    assert len({r.article_id for r in results}) == 1
    assert corpus.graph.stats()["articles"] == 1


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "empty text"),
        ("blank.txt", b"  \n\t \n", "empty text"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content"),
        ("latin1.txt", "Café in België".encode("latin-1"), "not valid UTF-8"),
        ("baddate.txt", b"date 2022-13 De minister sprak.", "malformed date line"),
        ("nodate.txt", b"date De minister sprak.", "malformed date line"),
        ("oldformat.txt", b"date 12-10-2022 De minister sprak.", "malformed date line"),
        ("onlyboilerplate.txt", b"Lees ook: iets anders\nPraat mee, reageren kan hieronder.", "no article text left"),
    ],
)
def test_bad_text_files_are_rejected_by_name_and_reason(make_corpus, tmp_path: Path, name: str, content: bytes, problem: str) -> None:
    corpus = make_corpus()
    path = write(tmp_path, name, content)
    [result] = corpus.ingest_paths([path])
    assert result.outcome is Outcome.REJECTED
    assert problem in result.reason
    assert result.origin == str(path)
    assert corpus.graph.stats()["articles"] == 0


def test_oversized_article_is_rejected_against_the_configured_limit(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus(max_article_bytes=1000)
    path = write(tmp_path, "huge.txt", "Een zin over Amsterdam. " * 100)
    [result] = corpus.ingest_paths([path])
    assert result.outcome is Outcome.REJECTED
    assert "size limit of 1,000 bytes" in result.reason


def test_a_bad_input_does_not_stop_the_batch(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus()
    folder = tmp_path / "batch"
    folder.mkdir()
    write(folder, "1.txt", ARTICLE)
    write(folder, "2.txt", b"\xff\xfe\x00binary")
    write(folder, "3.txt", OTHER)
    results = list(corpus.ingest_paths([folder, tmp_path / "missing"]))
    assert [r.outcome for r in results] == [Outcome.INGESTED, Outcome.REJECTED, Outcome.INGESTED, Outcome.REJECTED]
    assert "no such file" in results[-1].reason
    assert corpus.graph.stats()["articles"] == 2


def test_jsonl_records_and_their_errors(make_corpus, tmp_path: Path) -> None:
    corpus = make_corpus()
    lines = [
        json.dumps({"text": OTHER, "title": "Minder treinen", "published": "2024-03", "url": "https://example.org/ns"}),
        "{not json",
        json.dumps({"title": "zonder tekst"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "Een tekst.", "published": "maart 2024"}),
        json.dumps({"text": 42}),
        "",
        json.dumps({"text": ARTICLE.replace("date 2023-05-12 ", ""), "source": "rtv-utrecht"}),
    ]
    path = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    results = list(corpus.ingest_paths([path]))
    assert [r.outcome for r in results] == [Outcome.INGESTED] + [Outcome.REJECTED] * 5 + [Outcome.INGESTED]
    assert [r.origin for r in results][:2] == [f"{path}:1", f"{path}:2"]
    reasons = [r.reason for r in results[1:6]]
    assert "invalid JSON" in reasons[0]
    assert "missing required field 'text'" in reasons[1]
    assert "expected a JSON object" in reasons[2]
    assert "field 'published'" in reasons[3]
    assert "must be a string" in reasons[4]
    first = corpus.graph.article(results[0].article_id)
    assert (first.title, first.source, first.url, first.published.iso()) == (
        "Minder treinen",
        "https://example.org/ns",
        "https://example.org/ns",
        "2024-03",
    )
    assert corpus.graph.article(results[-1].article_id).source == "rtv-utrecht"


def entity_summary(corpus: Corpus) -> list[tuple]:
    records = [corpus.graph.entity(i) for t in ENTITY_TYPES for i in corpus.graph.ids(t)]
    return sorted((r.id, r.name, r.mention_count, tuple(sorted(r.aliases.items()))) for r in records)


def test_restart_rebuilds_the_graph_from_the_store_without_nlp(make_corpus, tmp_path: Path) -> None:
    db = tmp_path / "restart.db"
    corpus = make_corpus(db=db)
    list(corpus.ingest_paths([write(tmp_path, "a.txt", ARTICLE), write(tmp_path, "b.txt", OTHER)]))
    before = corpus.graph.stats()
    entities = entity_summary(corpus)
    corpus.close()

    reopened = Corpus(Settings.load(environ={}, db=db))
    try:
        assert "extractor" not in reopened.__dict__, "restart must not load the NLP model"
        assert reopened.graph.stats() == before
        assert entity_summary(reopened) == entities
        articles = reopened.graph.ids(NodeType.ARTICLE)
        assert articles and all(reopened.mentions(articles).values())
    finally:
        reopened.close()


def test_storing_fails_atomically_and_the_rest_goes_in(make_corpus, tmp_path: Path) -> None:
    """A database-level failure while writing one article leaves neither store nor graph changed."""
    db = tmp_path / "atomic.db"
    corpus = make_corpus(db=db)
    # A real SQLite trigger makes inserting this article's mentions fail half-way through the write.
    with sqlite3.connect(db) as connection:
        connection.execute(
            "CREATE TRIGGER fail_utrecht BEFORE INSERT ON mentions WHEN NEW.article_rowid ="
            " (SELECT rowid FROM articles WHERE text LIKE '%fietsenstalling%') "
            "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
        )
    results = list(corpus.ingest_paths([write(tmp_path, "a.txt", ARTICLE), write(tmp_path, "b.txt", OTHER)]))
    assert [r.outcome for r in results] == [Outcome.REJECTED, Outcome.INGESTED]
    assert "could not be stored" in results[0].reason and "disk on fire" in results[0].reason
    assert corpus.graph.article(results[0].article_id) is None
    assert not corpus.graph.find_entities("Sharon Dijksma") and not corpus.graph.find_entities("Dijksma")
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
        assert connection.execute("SELECT COUNT(*) FROM articles WHERE text LIKE '%fietsenstalling%'").fetchone()[0] == 0
        assert connection.execute("SELECT COUNT(*) FROM article_search").fetchone()[0] == 1


def test_a_failed_commit_takes_the_article_back_out_of_the_graph(make_corpus, tmp_path: Path) -> None:
    """COMMIT itself fails (a deferred foreign key), after the graph already took the article."""
    db = tmp_path / "commit.db"
    corpus = make_corpus(db=db)
    with sqlite3.connect(db) as connection:
        connection.executescript(
            "CREATE TABLE tripwire (ref TEXT REFERENCES nowhere(id) DEFERRABLE INITIALLY DEFERRED);"
            "CREATE TABLE nowhere (id TEXT PRIMARY KEY);"
            "CREATE TRIGGER trip AFTER INSERT ON articles WHEN NEW.text LIKE '%fietsenstalling%'"
            " BEGIN INSERT INTO tripwire VALUES ('dangling'); END;"
        )
    results = list(corpus.ingest_paths([write(tmp_path, "a.txt", ARTICLE), write(tmp_path, "b.txt", OTHER)]))
    assert [r.outcome for r in results] == [Outcome.REJECTED, Outcome.INGESTED]
    assert "FOREIGN KEY" in results[0].reason
    assert corpus.graph.article(results[0].article_id) is None
    assert corpus.graph.stats()["articles"] == 1
    assert not corpus.graph.find_entities("Utrecht")
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1


def test_a_store_of_the_previous_schema_is_migrated_in_place(make_corpus, tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    corpus = make_corpus(db=db)
    [result] = corpus.ingest_paths([write(tmp_path, "utrecht.txt", ARTICLE)])
    mentions = corpus.mentions([result.article_id])
    corpus.close()
    with sqlite3.connect(db) as connection:  # make it a version-1 store: the always-NULL confidence column was still there, no change log
        connection.execute("ALTER TABLE mentions ADD COLUMN confidence REAL")
        connection.execute("DROP TABLE changes")
        connection.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    reopened = make_corpus(db=db)
    assert reopened.mentions([result.article_id]) == mentions and mentions[result.article_id]
    assert list(reopened.store.iter_changes()) == []
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
        assert "confidence" not in {row[1] for row in connection.execute("PRAGMA table_info(mentions)")}


V3_ARTICLES = (
    "CREATE TABLE articles (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT NOT NULL, title TEXT NOT NULL, url TEXT,"
    " published TEXT, text TEXT NOT NULL, word_count INTEGER NOT NULL, sentences TEXT NOT NULL, removed TEXT NOT NULL, ingested_at TEXT NOT NULL)"
)
V3_COLUMNS = "rowid, id, source, title, url, published, text, word_count, sentences, removed, ingested_at"


def test_a_version_3_store_gets_the_long_columns_last_and_keeps_every_fact(make_corpus, tmp_path: Path) -> None:
    db = tmp_path / "v3.db"
    corpus = make_corpus(db=db)
    first, second = corpus.ingest_paths([write(tmp_path, "utrecht.txt", ARTICLE), write(tmp_path, "trein.txt", OTHER)])
    before = {i: (corpus.store.get_article(i), corpus.mentions([i])[i], corpus.bodies([i])[i]) for i in (first.article_id, second.article_id)}
    corpus.close()
    with sqlite3.connect(db) as connection:  # the articles table as version 3 had it: the text among the short columns
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute(V3_ARTICLES.replace("TABLE articles", "TABLE old"))
        connection.execute(f"INSERT INTO old ({V3_COLUMNS}) SELECT {V3_COLUMNS} FROM articles")
        connection.execute("DROP TABLE articles")
        connection.execute("ALTER TABLE old RENAME TO articles")
        connection.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    reopened = make_corpus(db=db)
    with sqlite3.connect(db) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(articles)")]
        assert columns[-3:] == ["removed", "sentences", "text"] and connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    for article_id, (stored, mentions, body) in before.items():
        assert reopened.store.get_article(article_id) == stored and reopened.mentions([article_id])[article_id] == mentions and mentions
        assert reopened.bodies([article_id])[article_id] == body
    assert [hit.article_id for hit in reopened.store.search_text("fietsenstalling", 5)] == [first.article_id]
    assert reopened.delete_article(first.article_id, "test")  # the foreign keys still cascade
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] == len(before[second.article_id][1])

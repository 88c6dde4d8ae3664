"""The SQLite store: one file in WAL mode, the default store of record.

The graph is rebuilt from here on start-up without running NLP again. An article and everything
extracted from it are written in one transaction, so an article is stored completely or not at all.
Writes go through one connection under a lock; reads (search) use one connection per thread, so a
search running in a worker thread never waits for a write (WAL lets readers and a writer overlap).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph_api.dates import PartialDate
from graph_api.model import (
    ArticleFacts,
    ArticleRecord,
    EntityRef,
    EventMention,
    EventType,
    Mention,
    MentionKind,
    NodeType,
    PlaceInfo,
    PlaceKind,
    QuoteMention,
    RoleRecord,
    StoredArticle,
    quote_id,
)
from graph_api.store.interface import SearchTimeout, TextHit

SCHEMA_VERSION = 2
PROGRESS_STEPS = 10_000  # SQLite virtual-machine steps between two looks at a read's deadline
# Each step takes a store from the version before it; version 2 dropped mentions.confidence, which was always NULL.
MIGRATIONS = {2: "ALTER TABLE mentions DROP COLUMN confidence"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    url TEXT,
    published TEXT,
    text TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    sentences TEXT NOT NULL,
    removed TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    geoname_id INTEGER,
    country_code TEXT,
    latitude REAL,
    longitude REAL,
    place_kind TEXT,
    population INTEGER
);
CREATE TABLE IF NOT EXISTS mentions (
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'NAME'
);
CREATE TABLE IF NOT EXISTS roles (
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES entities(id),
    title TEXT NOT NULL,
    country_id TEXT REFERENCES entities(id),
    organization_id TEXT REFERENCES entities(id),
    sentence INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS roles_by_article ON roles(article_rowid);
CREATE TABLE IF NOT EXISTS event_mentions (
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    type TEXT NOT NULL,
    trigger TEXT NOT NULL,
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    date TEXT,
    place_id TEXT REFERENCES entities(id),
    participants TEXT NOT NULL,
    label TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_article ON event_mentions(article_rowid);
CREATE TABLE IF NOT EXISTS quotes (
    rowid INTEGER PRIMARY KEY,
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    speaker_id TEXT REFERENCES entities(id),
    fragment INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS quotes_by_article ON quotes(article_rowid);
CREATE VIRTUAL TABLE IF NOT EXISTS quote_search USING fts5(
    text, content='quotes', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE INDEX IF NOT EXISTS mentions_by_article ON mentions(article_rowid);
CREATE INDEX IF NOT EXISTS mentions_by_entity ON mentions(entity_id);
CREATE VIRTUAL TABLE IF NOT EXISTS article_search USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
"""


class SQLiteWriter:
    """Writes of one SQLite transaction."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def add_article(self, article: StoredArticle) -> None:
        record, facts = article.record, article.facts
        rowid = self._insert_record(record)
        self.connection.executemany("INSERT OR IGNORE INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [_entity_row(e) for e in facts.entities])
        self.connection.executemany(
            "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(rowid, m.entity_id, m.text, m.start, m.end, m.sentence, m.label, m.kind.value) for m in facts.mentions],
        )
        self.connection.executemany(
            "INSERT INTO roles VALUES (?, ?, ?, ?, ?, ?)",
            [(rowid, r.person_id, r.title, r.country_id, r.organization_id, r.sentence) for r in facts.roles],
        )
        self.connection.executemany("INSERT INTO event_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [_event_row(rowid, e) for e in facts.events])
        for quote in facts.quotes:
            cursor = self.connection.execute(
                "INSERT INTO quotes (article_rowid, text, start, end, sentence, speaker_id, fragment) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (rowid, quote.text, quote.start, quote.end, quote.sentence, quote.speaker_id, int(quote.fragment)),
            )
            self.connection.execute("INSERT INTO quote_search (rowid, text) VALUES (?, ?)", (cursor.lastrowid, quote.text))

    def _insert_record(self, record: ArticleRecord) -> int:
        cursor = self.connection.execute(
            "INSERT INTO articles (id, source, title, url, published, text, word_count, sentences, removed, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.id, record.source, record.title, record.url, record.published.iso() if record.published else None,
                record.text, record.word_count, json.dumps(record.sentences),
                json.dumps([{"rule": rule, "text": text} for rule, text in record.removed], ensure_ascii=False), record.ingested_at,
            ),
        )  # fmt: skip
        rowid = cursor.lastrowid
        assert rowid is not None
        self.connection.execute("INSERT INTO article_search (rowid, title, text) VALUES (?, ?, ?)", (rowid, record.title, record.text))
        return rowid


class SQLiteStore:
    """The store of record in one SQLite file (see the module docstring for the connections)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = self._connect()
        self._lock = threading.RLock()
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.executescript(SCHEMA)
        self._check_version()
        self._readers = threading.local()
        self._reader_connections: list[sqlite3.Connection] = []

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA foreign_keys=ON")
        return connection

    def _check_version(self) -> None:
        row = self._connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            self._connection.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            return
        version = int(row["value"])
        if version > SCHEMA_VERSION or any(step not in MIGRATIONS for step in range(version + 1, SCHEMA_VERSION + 1)):
            raise RuntimeError(f"{self.path}: store schema version {row['value']}, this version reads {SCHEMA_VERSION}")
        for step in range(version + 1, SCHEMA_VERSION + 1):
            with self._connection:
                self._connection.execute("BEGIN")
                self._connection.execute(MIGRATIONS[step])
                self._connection.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(step),))

    def _reader(self) -> sqlite3.Connection:
        """This thread's read-only connection."""
        connection = getattr(self._readers, "connection", None)
        if connection is None:
            connection = self._readers.connection = self._connect()
            connection.execute("PRAGMA query_only=ON")
            with self._lock:
                self._reader_connections.append(connection)
        return connection

    def close(self) -> None:
        with self._lock:
            for connection in [self._connection, *self._reader_connections]:
                connection.close()
            self._reader_connections.clear()

    @contextmanager
    def transaction(self) -> Iterator[SQLiteWriter]:
        """BEGIN … COMMIT, rolled back when the block raises."""
        with self._lock:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield SQLiteWriter(self._connection)
                self._connection.execute("COMMIT")
            except BaseException:
                # A failed COMMIT (a deferred constraint, a full disk) leaves the transaction open.
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise

    def iter_articles(self, batch: int = 2000) -> Iterator[StoredArticle]:
        """Every stored article with its facts, in commit order, read ``batch`` articles at a time."""
        entities = self._entities()
        last = 0
        while True:
            with self._lock:
                rows = self._connection.execute(
                    "SELECT rowid, id, source, title, url, published, text, word_count, sentences, removed, ingested_at"
                    " FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?",
                    (last, batch),
                ).fetchall()
                if not rows:
                    return
                facts = self._facts((rows[0]["rowid"], rows[-1]["rowid"]), {row["rowid"]: row["id"] for row in rows}, entities)
            for row in rows:
                yield StoredArticle(_article_from_row(row), facts[row["rowid"]])
            last = rows[-1]["rowid"]

    def _entities(self) -> dict[str, EntityRef]:
        with self._lock:
            rows = self._connection.execute("SELECT * FROM entities").fetchall()
        return {row["id"]: _entity_from_row(row) for row in rows}

    def _facts(self, bounds: tuple[int, int], ids: dict[int, str], entities: dict[str, EntityRef]) -> dict[int, ArticleFacts]:
        """The facts of the articles with rowids in ``bounds`` (ids maps their rowids to article ids)."""
        found: dict[int, ArticleFacts] = {rowid: ArticleFacts() for rowid in ids}
        query = self._connection.execute
        for m in query("SELECT * FROM mentions WHERE article_rowid BETWEEN ? AND ? ORDER BY article_rowid, start", bounds):
            found[m["article_rowid"]].mentions.append(
                Mention(m["entity_id"], m["text"], m["start"], m["end"], m["sentence"], m["label"], MentionKind(m["kind"]))
            )
        for r in query("SELECT * FROM roles WHERE article_rowid BETWEEN ? AND ?", bounds):
            role = RoleRecord(r["person_id"], r["title"], r["country_id"], r["organization_id"], ids[r["article_rowid"]], r["sentence"])
            found[r["article_rowid"]].roles.append(role)
        for e in query("SELECT * FROM event_mentions WHERE article_rowid BETWEEN ? AND ?", bounds):
            found[e["article_rowid"]].events.append(_event_from_row(e))
        for q in query("SELECT * FROM quotes WHERE article_rowid BETWEEN ? AND ? ORDER BY rowid", bounds):
            quote = QuoteMention(q["text"], q["start"], q["end"], q["sentence"], q["speaker_id"], bool(q["fragment"]))
            found[q["article_rowid"]].quotes.append(quote)
        for facts in found.values():
            needed = {m.entity_id for m in facts.mentions} | {i for r in facts.roles for i in (r.country_id, r.organization_id) if i}
            facts.entities.extend(entities[i] for i in sorted(needed))
        return found

    def search_text(self, query: str, limit: int, deadline: float | None = None) -> list[TextHit]:
        """Full-text search over article titles and texts (SQLite FTS5, BM25 ranking)."""
        match = _fts_phrases(query)
        if match is None:
            return []
        sql = (
            "SELECT articles.id AS id, snippet(article_search, 1, '[', ']', '…', 12) AS snippet,"
            " bm25(article_search) AS score FROM article_search JOIN articles ON articles.rowid = article_search.rowid"
            " WHERE article_search MATCH ? ORDER BY score LIMIT ?"
        )
        rows = self._read_until(deadline, sql, (match, limit))
        return [TextHit(row["id"], row["snippet"], -row["score"]) for row in rows]

    def search_quotes(self, text: str, deadline: float | None = None) -> list[str]:
        """Ids of the quotes containing every word (FTS5)."""
        match = _fts_phrases(text)
        if match is None:
            return []
        sql = (
            "SELECT articles.id AS article_id, quotes.start AS start FROM quote_search"
            " JOIN quotes ON quotes.rowid = quote_search.rowid JOIN articles ON articles.rowid = quotes.article_rowid"
            " WHERE quote_search MATCH ?"
        )
        return [quote_id(row["article_id"], row["start"]) for row in self._read_until(deadline, sql, (match,))]

    def _read_until(self, deadline: float | None, sql: str, parameters: tuple[object, ...]) -> list[sqlite3.Row]:
        """The rows of a read; SQLite itself stops it when it is still running at the deadline."""
        connection = self._reader()
        if deadline is not None:
            connection.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
        try:
            return connection.execute(sql, parameters).fetchall()
        except sqlite3.OperationalError as error:
            if deadline is not None and time.monotonic() > deadline:
                raise SearchTimeout(str(error)) from None
            raise
        finally:
            connection.set_progress_handler(None, 0)

    def article_count(self) -> int:
        return int(self._reader().execute("SELECT COUNT(*) FROM articles").fetchone()[0])


def _fts_phrases(text: str) -> str | None:
    """An FTS5 query matching every word of the text, each quoted so no word acts as an operator."""
    terms = [t for t in text.replace('"', " ").split() if t]
    return " ".join(f'"{term}"' for term in terms) if terms else None


def _event_row(rowid: int, e: EventMention) -> tuple[object, ...]:
    date = e.date.iso() if e.date else None
    return (rowid, e.type.value, e.trigger, e.sentence, e.start, e.end, date, e.place_id, json.dumps(e.participants), e.label)


def _event_from_row(row: sqlite3.Row) -> EventMention:
    participants = tuple((entity_id, role) for entity_id, role in json.loads(row["participants"]))
    date = PartialDate.parse(row["date"]) if row["date"] else None
    event_type = EventType(row["type"])
    return EventMention(event_type, row["trigger"], row["sentence"], row["start"], row["end"], date, row["place_id"], participants, row["label"])


def _entity_row(entity: EntityRef) -> tuple[object, ...]:
    place = entity.place
    return (
        entity.id, entity.type.value, entity.name,
        place.geoname_id if place else None, place.country_code if place else None,
        place.latitude if place else None, place.longitude if place else None,
        place.kind.value if place else None, place.population if place else None,
    )  # fmt: skip


def _entity_from_row(row: sqlite3.Row) -> EntityRef:
    place = None
    if row["place_kind"] is not None:
        place = PlaceInfo(
            row["geoname_id"], row["name"], row["country_code"], row["latitude"], row["longitude"],
            PlaceKind(row["place_kind"]), row["population"] or 0,
        )  # fmt: skip
    return EntityRef(row["id"], NodeType(row["type"]), row["name"], place)


def _article_from_row(row: sqlite3.Row) -> ArticleRecord:
    return ArticleRecord(
        id=row["id"], source=row["source"], title=row["title"], text=row["text"],
        published=PartialDate.parse(row["published"]) if row["published"] else None,
        url=row["url"], word_count=row["word_count"],
        sentences=[tuple(s) for s in json.loads(row["sentences"])], ingested_at=row["ingested_at"],
        removed=[(r["rule"], r["text"]) for r in json.loads(row["removed"])],
    )  # fmt: skip

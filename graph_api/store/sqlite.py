"""The SQLite store: one file in WAL mode, the default store of record.

The graph is rebuilt from here on start-up without running NLP again. An article and everything
extracted from it are written in one transaction, so an article is stored completely or not at all.
Writes go through one connection under a lock; reads (search) use one connection per thread, so a
search running in a worker thread never waits for a write (WAL lets readers and a writer overlap).
A fault of the file itself (damaged, not ours, read-only, locked) raises ``StoreError``; an error of
one article's data (a constraint) is raised as SQLite's own error, for the caller to reject that article.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from graph_api.model import (
    ArticleBody,
    ArticleDeletion,
    ArticleFacts,
    ArticleRecord,
    Change,
    EntityRef,
    Mention,
    QuoteMention,
    RoleRecord,
    StoredArticle,
    quote_id,
)
from graph_api.settings import Settings
from graph_api.store.interface import ArticleText, SearchTimeout, StoreError, TextHit
from graph_api.store.records import (
    DELETE_ARTICLE,
    RecordReader,
    body_from_row,
    change_detail,
    change_from_row,
    entity_from_row,
    entity_row,
    event_from_row,
    event_row,
    mention_from_row,
)

SCHEMA_VERSION = 4
PROGRESS_STEPS = 10_000  # SQLite virtual-machine steps between two looks at a read's deadline

# The long columns come last: SQLite reads a row's columns in order, and those after a long text sit
# on its overflow pages, so the graph's rebuild (which reads the short ones) would read every text.
ARTICLES_TABLE = """
CREATE TABLE IF NOT EXISTS {name} (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    url TEXT,
    published TEXT,
    word_count INTEGER NOT NULL,
    ingested_at TEXT NOT NULL,
    removed TEXT NOT NULL,
    sentences TEXT NOT NULL,
    text TEXT NOT NULL
);
"""
ARTICLE_COLUMNS = "rowid, id, source, title, url, published, word_count, ingested_at, removed, sentences, text"
# Each step takes a store from the version before it, in one transaction with foreign keys off (so a
# table rebuilt does not cascade). Version 2 dropped mentions.confidence, which was always NULL;
# version 3 added the change log, which the schema script creates (so its step only records the
# version); version 4 moved the long columns of articles last (the table rebuilt; FTS5 reads it by name and rowid).
MIGRATIONS = {
    2: "ALTER TABLE mentions DROP COLUMN confidence;",
    3: "SELECT 1;",
    4: ARTICLES_TABLE.format(name="articles_v4")
    + f"INSERT INTO articles_v4 ({ARTICLE_COLUMNS}) SELECT {ARTICLE_COLUMNS} FROM articles;"
    + " DROP TABLE articles; ALTER TABLE articles_v4 RENAME TO articles;",
}

SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"""
    + ARTICLES_TABLE.format(name="articles")
    + """CREATE TABLE IF NOT EXISTS entities (
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
CREATE TABLE IF NOT EXISTS changes (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL,
    author TEXT NOT NULL,
    at TEXT NOT NULL,
    after_article INTEGER NOT NULL
);
"""
)
# An article's rowid is its commit position. SQLite would hand a deleted last rowid out again, so the
# highest position ever given is kept in meta and positions only grow.
LAST_POSITION = "last_article_position"


class SQLiteWriter:
    """Writes of one SQLite transaction."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def add_article(self, article: StoredArticle) -> int:
        record, facts = article.record, article.facts
        rowid = self._insert_record(record, article.body)
        self.connection.executemany("INSERT OR IGNORE INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [entity_row(e) for e in facts.entities])
        self.connection.executemany(
            "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(rowid, m.entity_id, m.text, m.start, m.end, m.sentence, m.label, m.kind.value) for m in facts.mentions],
        )
        self.connection.executemany(
            "INSERT INTO roles VALUES (?, ?, ?, ?, ?, ?)",
            [(rowid, r.person_id, r.title, r.country_id, r.organization_id, r.sentence) for r in facts.roles],
        )
        self.connection.executemany("INSERT INTO event_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [event_row(rowid, e) for e in facts.events])
        for quote in facts.quotes:
            cursor = self.connection.execute(
                "INSERT INTO quotes (article_rowid, text, start, end, sentence, speaker_id, fragment) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (rowid, quote.text, quote.start, quote.end, quote.sentence, quote.speaker_id, int(quote.fragment)),
            )
            self.connection.execute("INSERT INTO quote_search (rowid, text) VALUES (?, ?)", (cursor.lastrowid, quote.text))
        return rowid

    def delete_article(self, article_id: str) -> bool:
        row = self.connection.execute("SELECT rowid, title, text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return False
        rowid = row["rowid"]
        # External-content FTS tables are told what is deleted, with the values that were indexed.
        for quote in self.connection.execute("SELECT rowid, text FROM quotes WHERE article_rowid = ?", (rowid,)).fetchall():
            self.connection.execute("INSERT INTO quote_search (quote_search, rowid, text) VALUES ('delete', ?, ?)", (quote["rowid"], quote["text"]))
        self.connection.execute(
            "INSERT INTO article_search (article_search, rowid, title, text) VALUES ('delete', ?, ?, ?)", (rowid, row["title"], row["text"])
        )
        self.connection.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))  # its facts go with it (ON DELETE CASCADE)
        return True

    def log_change(self, change: Change) -> Change:
        position = self.last_position()
        kind, target = (DELETE_ARTICLE, change.article_id) if isinstance(change, ArticleDeletion) else (change.kind.value, change.entity_id)
        cursor = self.connection.execute(
            "INSERT INTO changes (kind, target, detail, author, at, after_article) VALUES (?, ?, ?, ?, ?, ?)",
            (kind, target, json.dumps(change_detail(change), ensure_ascii=False), change.author, change.at, position),
        )
        assert cursor.lastrowid is not None
        return replace(change, sequence=cursor.lastrowid, after_article=position)

    def last_position(self) -> int:
        """The highest commit position ever given to an article (0 for none)."""
        kept = self.connection.execute("SELECT value FROM meta WHERE key = ?", (LAST_POSITION,)).fetchone()
        highest = self.connection.execute("SELECT COALESCE(MAX(rowid), 0) FROM articles").fetchone()[0]
        return max(int(kept["value"]) if kept else 0, int(highest))

    def _insert_record(self, record: ArticleRecord, body: ArticleBody) -> int:
        position = self.last_position() + 1
        self.connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (LAST_POSITION, str(position)))
        cursor = self.connection.execute(
            "INSERT INTO articles (rowid, id, source, title, url, published, text, word_count, sentences, removed, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                position, record.id, record.source, record.title, record.url, record.published.iso() if record.published else None,
                body.text, record.word_count, json.dumps(body.sentences),
                json.dumps([{"rule": rule, "text": text} for rule, text in body.removed], ensure_ascii=False), record.ingested_at,
            ),
        )  # fmt: skip
        rowid = cursor.lastrowid
        assert rowid is not None
        self.connection.execute("INSERT INTO article_search (rowid, title, text) VALUES (?, ?, ?)", (rowid, record.title, body.text))
        return rowid


class SQLiteStore:
    """The store of record in one SQLite file (see the module docstring for the connections)."""

    def __init__(self, path: Path, busy_timeout_ms: int = Settings.store_busy_timeout_ms) -> None:
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        self._make_folder()
        if path.is_dir():
            raise StoreError(path, "is a folder, not a database file")
        self._lock = threading.RLock()
        self._records = RecordReader()
        self._readers = threading.local()
        self._reader_connections: list[sqlite3.Connection] = []
        try:
            self._connection = self._connect()
            try:
                self._open()
            except BaseException:
                self._connection.close()
                raise
        except sqlite3.Error as error:
            raise StoreError(path, _fault(error, busy_timeout_ms) or f"cannot be opened as a graph-api store ({error})") from error

    def _make_folder(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            in_the_way = next((p for p in self.path.parents if p.exists() and not p.is_dir()), None)
            reason = f"{in_the_way} is a file, not a folder" if in_the_way else error.strerror
            raise StoreError(self.path, f"cannot create its folder ({reason})") from error

    def _open(self) -> None:
        """Create the schema in a new file, or check (and migrate) the schema of an existing one."""
        tables = {row["name"] for row in self._connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            self._connection.execute("PRAGMA journal_mode=WAL")
            # One transaction: a process killed half-way through leaves an empty file, never a partial schema.
            # OR IGNORE: another process may have created the store while this one waited for the lock.
            self._connection.executescript(
                f"BEGIN IMMEDIATE; {SCHEMA} INSERT OR IGNORE INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}');"
                " INSERT OR IGNORE INTO meta VALUES ('store_id', lower(hex(randomblob(16)))); COMMIT;"
            )
            return
        version = self._connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() if "meta" in tables else None
        if version is None:
            # Checked before anything is written: another program's database is left exactly as it was.
            raise StoreError(self.path, "not a graph-api database (a SQLite database of another program)")
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.executescript(SCHEMA)  # a no-op unless a newer version added tables or indexes
        self._check_version(version["value"])

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(str(self.path), timeout=self.busy_timeout_ms / 1000, check_same_thread=False, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA foreign_keys=ON")
        return connection

    def _check_version(self, value: str) -> None:
        version = int(value)
        if version > SCHEMA_VERSION or any(step not in MIGRATIONS for step in range(version + 1, SCHEMA_VERSION + 1)):
            raise StoreError(self.path, f"store schema version {value}, this version of graph-api reads {SCHEMA_VERSION}")
        for step in range(version + 1, SCHEMA_VERSION + 1):
            self._migrate(step)

    def _migrate(self, step: int) -> None:
        """One migration step and its version, committed together (a process killed half-way leaves the version before)."""
        self._connection.execute("PRAGMA foreign_keys=OFF")  # takes effect outside a transaction only
        try:
            self._connection.executescript(
                f"BEGIN IMMEDIATE; {MIGRATIONS[step]} UPDATE meta SET value = '{step}' WHERE key = 'schema_version'; COMMIT;"
            )
        except BaseException:
            if self._connection.in_transaction:
                self._connection.execute("ROLLBACK")
            raise
        finally:
            self._connection.execute("PRAGMA foreign_keys=ON")

    @contextmanager
    def _faults(self) -> Iterator[None]:
        """Raise a fault of the file as ``StoreError``; let an error of one article's data through as it is."""
        try:
            yield
        except sqlite3.Error as error:
            problem = _fault(error, self.busy_timeout_ms)
            if problem is None:
                raise
            raise StoreError(self.path, problem) from error

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

    def check_writable(self) -> None:
        """Take the write lock and write a page, then roll back: what any article's write needs first."""
        with self._lock, self._faults():
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                # BEGIN IMMEDIATE succeeds on a read-only file; only a write finds out.
                self._connection.execute("UPDATE meta SET value = value WHERE key = 'schema_version'")
            finally:
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")

    @contextmanager
    def transaction(self) -> Iterator[SQLiteWriter]:
        """BEGIN … COMMIT, rolled back when the block raises."""
        with self._lock, self._faults():
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield SQLiteWriter(self._connection)
                self._connection.execute("COMMIT")
            except BaseException:
                # A failed COMMIT (a deferred constraint, a full disk) leaves the transaction open.
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise

    def iter_articles(self, after: int = 0, batch: int = 2000) -> Iterator[tuple[int, StoredArticle]]:
        """(position, article) with its facts for every article after ``after``, in commit order, read ``batch`` at a time.

        From the start, every entity is read at once; from a later position (following another
        process's writes) only the entities of each batch."""
        entities = self._entities() if after == 0 else None
        last = after
        while True:
            with self._lock, self._faults():
                rows = self._connection.execute(
                    f"SELECT {RECORD_COLUMNS} FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, batch)
                ).fetchall()
                if not rows:
                    return
                bounds = (rows[0]["rowid"], rows[-1]["rowid"])
                facts = self._facts(bounds, {row["rowid"]: row["id"] for row in rows}, entities or self._entities_between(bounds))
            for row in rows:
                yield row["rowid"], StoredArticle(self._records.record(row), facts[row["rowid"]])
            last = rows[-1]["rowid"]

    def get_article(self, article_id: str) -> StoredArticle | None:
        with self._lock, self._faults():
            row = self._connection.execute(f"SELECT {RECORD_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return None
            rowid = row["rowid"]
            facts = self._facts((rowid, rowid), {rowid: row["id"]}, self._entities_between((rowid, rowid)))
        return StoredArticle(self._records.record(row), facts[rowid])

    def identity(self) -> str:
        with self._lock, self._faults():
            row = self._connection.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
            if row is None:  # made before stores had ids: given one now
                with self._connection:
                    self._connection.execute("BEGIN IMMEDIATE")
                    self._connection.execute("INSERT OR IGNORE INTO meta VALUES ('store_id', ?)", (uuid.uuid4().hex,))
                row = self._connection.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
        return str(row["value"])

    def article_at(self, position: int) -> str | None:
        with self._lock, self._faults():
            row = self._connection.execute("SELECT id FROM articles WHERE rowid = ?", (position,)).fetchone()
        return str(row["id"]) if row else None

    def article_bodies(self, article_ids: list[str]) -> dict[str, ArticleBody]:
        rows = self._read_in("SELECT id, text, sentences, removed FROM articles WHERE id IN ({marks})", article_ids)
        return {row["id"]: body_from_row(row) for row in rows}

    def article_mentions(self, article_ids: list[str]) -> dict[str, list[Mention]]:
        found: dict[str, list[Mention]] = {article_id: [] for article_id in article_ids}
        query = (
            "SELECT articles.id AS article_id, mentions.* FROM articles JOIN mentions ON mentions.article_rowid = articles.rowid"
            " WHERE articles.id IN ({marks}) ORDER BY mentions.article_rowid, mentions.start"
        )
        for m in self._read_in(query, article_ids):
            found[m["article_id"]].append(mention_from_row(m))
        return found

    def _read_in(self, query: str, values: list[str], chunk: int = 500) -> list[sqlite3.Row]:
        """The rows of ``query`` (its ``{marks}`` an IN list) for all ``values``, asked ``chunk`` at a time (SQLite caps the parameters)."""
        rows: list[sqlite3.Row] = []
        with self._lock, self._faults():
            for start in range(0, len(values), chunk):
                part = values[start : start + chunk]
                rows += self._connection.execute(query.format(marks=", ".join("?" * len(part))), part).fetchall()
        return rows

    def _entities_between(self, bounds: tuple[int, int]) -> dict[str, EntityRef]:
        """The entities the articles with rowids in ``bounds`` refer to (through mentions and roles)."""
        needed = (
            "SELECT entity_id FROM mentions WHERE article_rowid BETWEEN :a AND :b"
            " UNION SELECT country_id FROM roles WHERE article_rowid BETWEEN :a AND :b"
            " UNION SELECT organization_id FROM roles WHERE article_rowid BETWEEN :a AND :b"
        )
        rows = self._connection.execute(f"SELECT * FROM entities WHERE id IN ({needed})", {"a": bounds[0], "b": bounds[1]}).fetchall()
        return {row["id"]: entity_from_row(row) for row in rows}

    def iter_changes(self, after: int = 0) -> Iterator[Change]:
        with self._lock, self._faults():
            rows = self._connection.execute("SELECT * FROM changes WHERE sequence > ? ORDER BY sequence", (after,)).fetchall()
        for row in rows:
            yield change_from_row(row)

    def positions(self) -> tuple[int, int]:
        with self._lock, self._faults():
            article = SQLiteWriter(self._connection).last_position()
            change = self._connection.execute("SELECT COALESCE(MAX(sequence), 0) FROM changes").fetchone()[0]
        return article, int(change)

    def _entities(self) -> dict[str, EntityRef]:
        with self._lock, self._faults():
            rows = self._connection.execute("SELECT * FROM entities").fetchall()
        return {row["id"]: entity_from_row(row) for row in rows}

    def _facts(self, bounds: tuple[int, int], ids: dict[int, str], entities: dict[str, EntityRef]) -> dict[int, ArticleFacts]:
        """The facts of the articles with rowids in ``bounds`` (ids maps their rowids to article ids)."""
        found: dict[int, ArticleFacts] = {rowid: ArticleFacts() for rowid in ids}
        query = self._connection.execute
        for m in query("SELECT * FROM mentions WHERE article_rowid BETWEEN ? AND ? ORDER BY article_rowid, start", bounds):
            found[m["article_rowid"]].mentions.append(mention_from_row(m))
        for r in query("SELECT * FROM roles WHERE article_rowid BETWEEN ? AND ?", bounds):
            role = RoleRecord(r["person_id"], r["title"], r["country_id"], r["organization_id"], ids[r["article_rowid"]], r["sentence"])
            found[r["article_rowid"]].roles.append(role)
        for e in query("SELECT * FROM event_mentions WHERE article_rowid BETWEEN ? AND ?", bounds):
            found[e["article_rowid"]].events.append(event_from_row(e))
        for q in query("SELECT * FROM quotes WHERE article_rowid BETWEEN ? AND ? ORDER BY rowid", bounds):
            quote = QuoteMention(q["text"], q["start"], q["end"], q["sentence"], q["speaker_id"], bool(q["fragment"]))
            found[q["article_rowid"]].quotes.append(quote)
        for facts in found.values():
            needed = {m.entity_id for m in facts.mentions} | {i for r in facts.roles for i in (r.country_id, r.organization_id) if i}
            if not needed <= entities.keys():  # written by another process after ``entities`` was read
                entities.update(self._entities_between(bounds))
            facts.entities.extend(entities[i] for i in sorted(needed))
        return found

    def search_text(self, query: str, limit: int, deadline: float | None = None) -> list[TextHit]:
        """Full-text search over article titles and texts (SQLite FTS5, BM25 ranking)."""
        match = _fts_phrases(query)
        if match is None:
            return []
        rows = self._read(
            "SELECT articles.id AS id, snippet(article_search, 1, '[', ']', '…', 12) AS snippet,"
            " bm25(article_search) AS score FROM article_search JOIN articles ON articles.rowid = article_search.rowid"
            " WHERE article_search MATCH ? ORDER BY score LIMIT ?",
            (match, limit),
            deadline,
        )
        return [TextHit(row["id"], row["snippet"], -row["score"]) for row in rows]

    def search_quotes(self, text: str, deadline: float | None = None) -> list[str]:
        """Ids of the quotes containing every word (FTS5)."""
        match = _fts_phrases(text)
        if match is None:
            return []
        rows = self._read(
            "SELECT articles.id AS article_id, quotes.start AS start FROM quote_search"
            " JOIN quotes ON quotes.rowid = quote_search.rowid JOIN articles ON articles.rowid = quotes.article_rowid"
            " WHERE quote_search MATCH ?",
            (match,),
            deadline,
        )
        return [quote_id(row["article_id"], row["start"]) for row in rows]

    def matching_articles(self, query: str, deadline: float | None = None) -> list[str]:
        """Every match, in no particular order: no ranking, so it costs the matches' doclists only."""
        match = _fts_phrases(query)
        if match is None:
            return []
        rows = self._read(
            "SELECT articles.id AS id FROM article_search JOIN articles ON articles.rowid = article_search.rowid WHERE article_search MATCH ?",
            (match,),
            deadline,
        )
        return [row["id"] for row in rows]

    def _read(self, sql: str, parameters: tuple[object, ...] = (), deadline: float | None = None) -> list[sqlite3.Row]:
        """The rows of one query on this thread's read-only connection; SQLite itself stops it at the deadline."""
        connection = self._reader()
        if deadline is not None:
            connection.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
        try:
            with self._faults():
                return connection.execute(sql, parameters).fetchall()
        except sqlite3.OperationalError as error:
            if deadline is not None and time.monotonic() > deadline:
                raise SearchTimeout(str(error)) from None
            raise
        finally:
            connection.set_progress_handler(None, 0)

    def article_count(self) -> int:
        return int(self._read("SELECT COUNT(*) FROM articles")[0][0])

    def prepare_search(self) -> None:
        """Nothing to prepare: FTS5 is written in the same transaction as the articles."""

    def wait_for_changes(self, timeout: float) -> None:
        """Sleep: SQLite tells no other process of a commit, a follower looks at the positions."""
        time.sleep(timeout)

    def iter_article_texts(self, after: int, until: int, batch: int = 2000) -> Iterator[ArticleText]:
        """The articles at positions after ``after`` up to ``until``, in commit order, read ``batch`` at a time on this thread's reader."""
        while True:
            rows = self._read(
                "SELECT rowid, id, title, text FROM articles WHERE rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ?", (after, until, batch)
            )
            for row in rows:
                yield ArticleText(row["rowid"], row["id"], row["title"], row["text"])
            if len(rows) < batch:
                return
            after = rows[-1]["rowid"]

    def article_texts(self, positions: list[int]) -> dict[int, ArticleText]:
        """The articles at these positions that the store still holds, by position."""
        marks = ", ".join("?" * len(positions))
        rows = self._read(f"SELECT rowid, id, title, text FROM articles WHERE rowid IN ({marks})", tuple(positions)) if positions else []
        return {row["rowid"]: ArticleText(row["rowid"], row["id"], row["title"], row["text"]) for row in rows}


def _fault(error: sqlite3.Error, busy_timeout_ms: int) -> str | None:
    """What is wrong with the file, for a SQLite error that is its fault; None for an error of the data written."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one
    if code == sqlite3.SQLITE_BUSY:
        return f"locked by another process that is writing to it (waited {busy_timeout_ms / 1000:g} s)"
    problems = {
        sqlite3.SQLITE_NOTADB: "not a graph-api database",
        sqlite3.SQLITE_CORRUPT: "the database file is damaged",
        sqlite3.SQLITE_READONLY: "read-only: cannot write to the file or its folder",
        sqlite3.SQLITE_CANTOPEN: "cannot open or create the file",
        sqlite3.SQLITE_PERM: "no permission to use the file",
        sqlite3.SQLITE_IOERR: "cannot read or write the file",
        sqlite3.SQLITE_FULL: "the disk is full",
    }
    return f"{problems[code]} ({error})" if code in problems else None


def _fts_phrases(text: str) -> str | None:
    """An FTS5 query matching every word of the text, each quoted so no word acts as an operator."""
    terms = [t for t in text.replace('"', " ").split() if t]
    return " ".join(f'"{term}"' for term in terms) if terms else None


RECORD_COLUMNS = "rowid, id, source, title, url, published, word_count, json_array_length(removed) AS removed_lines, ingested_at"

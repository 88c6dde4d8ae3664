"""The PostgreSQL store: one database shared by many API replicas and writers (``--db postgresql://user@host/db``).

Commit order. PostgreSQL hands out sequence values before commit, so a serial id is no commit
order: a transaction holding id 7 may commit after the one holding id 8, and a follower that read 8
would never look back for 7. So every write transaction first takes one transaction-level advisory
lock (``pg_advisory_xact_lock``), held until it commits or rolls back: one writer at a time, in any
process on any machine. Under that lock the writer takes the next article position from a counter
row and the next change sequence, so positions and sequences are handed out in the order their
transactions commit (PostgreSQL releases a transaction's locks only once its commit is visible), and
a reader that sees position n has seen every lower position that will ever be committed. The
counter never goes back: a deleted article's position is not given again. A writer waits at most
``store_busy_timeout_ms`` for the lock (``lock_timeout``), then gives up with ``StoreError``.

Followers. The writer NOTIFYs channel ``graph_api_commits`` inside its transaction (delivered at
commit, never for a rollback). ``wait_for_changes`` waits for it on a LISTEN connection of its own,
kept by a thread; a notification missed while that connection was down costs one wait, since the
follower reads what is new by position anyway.

Search. Titles and texts are indexed as a generated ``tsvector`` (``to_tsvector('dutch', …)``: Dutch
stems, stop words dropped; the title weighted above the text) under a GIN index, quotes alike;
``plainto_tsquery`` asks for every word, ``ts_rank_cd`` ranks, ``ts_headline`` cuts the snippet in
the SQLite store's markup (``[word]``, ``…`` where the text goes on). A search's deadline becomes the
statement's ``statement_timeout``; a statement cancelled by it is ``SearchTimeout``.

Faults. A server that cannot be reached or drops the connection, missing privileges, a read-only
server, a full disk or a database of another program raise ``StoreError`` naming the URL without its
password; an error of one article's data (a constraint) is raised as psycopg's own, for the caller to
reject that article.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import psycopg
from psycopg import errors
from psycopg.rows import DictRow, dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from graph_api.model import ArticleBody, ArticleDeletion, ArticleFacts, Change, EntityRef, Mention, QuoteMention, RoleRecord, StoredArticle, quote_id
from graph_api.store.interface import SearchTimeout, StoreError, TextHit, without_password
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

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
WRITER_LOCK = 7_166_928_465_612_136_801  # the advisory lock every write transaction holds: one writer at a time
CHANNEL = "graph_api_commits"
LISTEN_POLL = 0.5  # seconds between two looks of the listener thread at whether the store is closing
RECONNECT_SECONDS = 1.0
CONNECT_SECONDS = 10
LAST_POSITION = "last_article_position"
RECORD_COLUMNS = "position, id, source, title, url, published, word_count, json_array_length(removed::json) AS removed_lines, ingested_at"
HEADLINE = "StartSel=[, StopSel=], MaxWords=12, MinWords=6, ShortWord=2, MaxFragments=1, FragmentDelimiter=…"

SCHEMA = """
CREATE TABLE graph_api_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    position BIGINT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    url TEXT,
    published TEXT,
    text TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    sentences TEXT NOT NULL,
    removed TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    search tsvector GENERATED ALWAYS AS (setweight(to_tsvector('dutch', title), 'A') || setweight(to_tsvector('dutch', text), 'B')) STORED
);
CREATE INDEX articles_search ON articles USING GIN (search);
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    geoname_id BIGINT,
    country_code TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    place_kind TEXT,
    population BIGINT
);
CREATE TABLE mentions (
    article_position BIGINT NOT NULL REFERENCES articles(position) ON DELETE CASCADE,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX mentions_by_article ON mentions(article_position);
CREATE INDEX mentions_by_entity ON mentions(entity_id);
CREATE TABLE roles (
    article_position BIGINT NOT NULL REFERENCES articles(position) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES entities(id),
    title TEXT NOT NULL,
    country_id TEXT REFERENCES entities(id),
    organization_id TEXT REFERENCES entities(id),
    sentence INTEGER NOT NULL
);
CREATE INDEX roles_by_article ON roles(article_position);
CREATE TABLE event_mentions (
    article_position BIGINT NOT NULL REFERENCES articles(position) ON DELETE CASCADE,
    type TEXT NOT NULL,
    trigger TEXT NOT NULL,
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    date TEXT,
    place_id TEXT REFERENCES entities(id),
    participants TEXT NOT NULL,
    label TEXT NOT NULL
);
CREATE INDEX events_by_article ON event_mentions(article_position);
CREATE TABLE quotes (
    id BIGSERIAL PRIMARY KEY,
    article_position BIGINT NOT NULL REFERENCES articles(position) ON DELETE CASCADE,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    speaker_id TEXT REFERENCES entities(id),
    fragment BOOLEAN NOT NULL,
    search tsvector GENERATED ALWAYS AS (to_tsvector('dutch', text)) STORED
);
CREATE INDEX quotes_by_article ON quotes(article_position);
CREATE INDEX quotes_search ON quotes USING GIN (search);
CREATE TABLE changes (
    sequence BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL,
    author TEXT NOT NULL,
    at TEXT NOT NULL,
    after_article BIGINT NOT NULL
);
"""

INSERT_ENTITY = "INSERT INTO entities VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING"
INSERT_MENTION = "INSERT INTO mentions VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
INSERT_ROLE = "INSERT INTO roles VALUES (%s, %s, %s, %s, %s, %s)"
INSERT_EVENT = "INSERT INTO event_mentions VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
INSERT_QUOTE = 'INSERT INTO quotes (article_position, text, start, "end", sentence, speaker_id, fragment) VALUES (%s, %s, %s, %s, %s, %s, %s)'

Connection = psycopg.Connection[DictRow]


class PostgresWriter:
    """Writes of one PostgreSQL transaction, which holds the writer lock."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add_article(self, article: StoredArticle) -> int:
        record, facts, body = article.record, article.facts, article.body
        row = self.connection.execute(
            "UPDATE graph_api_meta SET value = (value::bigint + 1)::text WHERE key = %s RETURNING value::bigint AS position", (LAST_POSITION,)
        ).fetchone()
        assert row is not None, "the schema holds the counter"
        position = int(row["position"])
        self.connection.execute(
            "INSERT INTO articles (position, id, source, title, url, published, text, word_count, sentences, removed, ingested_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                position, record.id, record.source, record.title, record.url, record.published.iso() if record.published else None,
                body.text, record.word_count, _json(body.sentences), _json([{"rule": rule, "text": text} for rule, text in body.removed]),
                record.ingested_at,
            ),
        )  # fmt: skip
        with self.connection.pipeline(), self.connection.cursor() as cursor:  # the facts' rows go in one round trip
            cursor.executemany(INSERT_ENTITY, [entity_row(e) for e in facts.entities])
            mentions = [(position, m.entity_id, m.text, m.start, m.end, m.sentence, m.label, m.kind.value) for m in facts.mentions]
            cursor.executemany(INSERT_MENTION, mentions)
            cursor.executemany(INSERT_ROLE, [(position, r.person_id, r.title, r.country_id, r.organization_id, r.sentence) for r in facts.roles])
            cursor.executemany(INSERT_EVENT, [event_row(position, e) for e in facts.events])
            cursor.executemany(INSERT_QUOTE, [(position, q.text, q.start, q.end, q.sentence, q.speaker_id, q.fragment) for q in facts.quotes])
        return position

    def delete_article(self, article_id: str) -> bool:
        deleted = self.connection.execute("DELETE FROM articles WHERE id = %s RETURNING position", (article_id,)).fetchone()
        return deleted is not None  # its facts go with it (ON DELETE CASCADE)

    def log_change(self, change: Change) -> Change:
        position = _last_position(self.connection)
        kind, target = (DELETE_ARTICLE, change.article_id) if isinstance(change, ArticleDeletion) else (change.kind.value, change.entity_id)
        row = self.connection.execute(
            "INSERT INTO changes (kind, target, detail, author, at, after_article) VALUES (%s, %s, %s, %s, %s, %s) RETURNING sequence",
            (kind, target, _json(change_detail(change)), change.author, change.at, position),
        ).fetchone()
        assert row is not None
        return replace(change, sequence=int(row["sequence"]), after_article=position)


class PostgresStore:
    """The store of record in a PostgreSQL database (see the module docstring)."""

    def __init__(self, url: str, busy_timeout_ms: int, pool_size: int) -> None:
        self.url = url
        self.location = without_password(url)
        self.busy_timeout_ms = busy_timeout_ms
        self._records = RecordReader()
        self._identity: str | None = None
        self._woken = threading.Event()
        self._closing = threading.Event()
        self._listener: threading.Thread | None = None
        self._listener_lock = threading.Lock()
        with self._faults():
            try:
                first = psycopg.connect(url, autocommit=True, row_factory=dict_row, connect_timeout=CONNECT_SECONDS)
            except psycopg.ProgrammingError as error:  # a malformed URL
                raise StoreError(self.location, f"not a usable PostgreSQL URL ({_first_line(error)})") from error
            with first:
                self._open(first)
        kwargs: dict[str, Any] = {"autocommit": True, "row_factory": dict_row, "connect_timeout": CONNECT_SECONDS}
        self._pool: ConnectionPool[Connection] = ConnectionPool(
            url, min_size=1, max_size=pool_size, kwargs=kwargs, open=False, check=ConnectionPool.check_connection, name="graph-api-store"
        )
        with self._faults():
            self._pool.open(wait=True, timeout=CONNECT_SECONDS)

    def _open(self, connection: Connection) -> None:
        """Create the schema in an empty database, or check the version of an existing one (under the writer lock: replicas start together)."""
        with connection.transaction():
            _lock_writer(connection, self.busy_timeout_ms)
            ours = _one(connection, "SELECT to_regclass('graph_api_meta') IS NOT NULL AS ours")["ours"]
            if not ours:
                others = _one(connection, "SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema()")["n"]
                if others:
                    raise StoreError(self.location, f"not a graph-api database: it holds {others} tables of another program (give an empty database)")
                connection.execute(SCHEMA)
                connection.cursor().executemany(
                    "INSERT INTO graph_api_meta VALUES (%s, %s)",
                    [("schema_version", str(SCHEMA_VERSION)), ("store_id", uuid.uuid4().hex), (LAST_POSITION, "0")],
                )
                return
            version = _one(connection, "SELECT value FROM graph_api_meta WHERE key = 'schema_version'")["value"]
            if int(version) != SCHEMA_VERSION:
                raise StoreError(self.location, f"store schema version {version}, this version of graph-api reads {SCHEMA_VERSION}")

    @contextmanager
    def _faults(self) -> Iterator[None]:
        """Raise a fault of the server or database as ``StoreError``; let an error of one article's data through as it is."""
        try:
            yield
        except (psycopg.Error, PoolTimeout) as error:
            problem = self._fault(error)
            if problem is None:
                raise
            raise StoreError(self.location, problem) from error

    def _fault(self, error: psycopg.Error | PoolTimeout) -> str | None:
        if isinstance(error, PoolTimeout):
            return f"no connection to the server within {CONNECT_SECONDS} s ({_first_line(error)})"
        if isinstance(error, errors.LockNotAvailable):
            return f"locked by another process that is writing to it (waited {self.busy_timeout_ms / 1000:g} s)"
        problems: list[tuple[type[psycopg.Error], str]] = [
            (errors.DiskFull, "the server's disk is full"),
            (errors.InsufficientPrivilege, "no permission"),
            (errors.ReadOnlySqlTransaction, "read-only: the server takes no writes (a standby?)"),
            (errors.UndefinedTable, "its graph-api tables are gone"),
            (errors.InvalidCatalogName, "no such database"),
            (psycopg.OperationalError, "cannot reach the server, or it dropped the connection"),
            (psycopg.InterfaceError, "the connection is unusable"),
        ]
        found = next((problem for kind, problem in problems if isinstance(error, kind)), None)
        return f"{found} ({_first_line(error)})" if found else None

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        with self._faults(), self._pool.connection() as connection:
            yield connection

    @contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        """A read-only transaction seeing one snapshot of the database (several statements agree)."""
        with self._connection() as connection, connection.transaction():
            connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield connection

    @contextmanager
    def _write(self, notify: bool) -> Iterator[Connection]:
        """A transaction holding the writer lock (waiting at most the busy timeout for it); NOTIFYing followers when ``notify``."""
        with self._connection() as connection, connection.transaction():
            _lock_writer(connection, self.busy_timeout_ms)
            yield connection
            if notify:
                connection.execute("SELECT pg_notify(%s, '')", (CHANNEL,))

    @contextmanager
    def transaction(self) -> Iterator[PostgresWriter]:
        """BEGIN … COMMIT under the writer lock, rolled back when the block raises; followers are told at commit."""
        with self._write(notify=True) as connection:
            yield PostgresWriter(connection)

    def check_writable(self) -> None:
        """Take the writer lock and write a row, then roll back: what any article's write needs first."""
        with self._faults(), self._pool.connection() as connection, connection.transaction(force_rollback=True):
            _lock_writer(connection, self.busy_timeout_ms)
            connection.execute("UPDATE graph_api_meta SET value = value WHERE key = 'schema_version'")

    def iter_articles(self, after: int = 0, batch: int = 2000) -> Iterator[tuple[int, StoredArticle]]:
        """(position, article) with its facts for every article after ``after``, in commit order, ``batch`` at a time."""
        entities = self._entities() if after == 0 else None
        last = after
        while True:
            with self._snapshot() as connection:
                rows = connection.execute(
                    f"SELECT {RECORD_COLUMNS} FROM articles WHERE position > %s ORDER BY position LIMIT %s", (last, batch)
                ).fetchall()
                if not rows:
                    return
                bounds = (rows[0]["position"], rows[-1]["position"])
                ids = {row["position"]: row["id"] for row in rows}
                facts = _facts(connection, bounds, ids, entities if entities is not None else _entities_between(connection, bounds))
            for row in rows:
                yield row["position"], StoredArticle(self._records.record(row), facts[row["position"]])
            last = rows[-1]["position"]

    def get_article(self, article_id: str) -> StoredArticle | None:
        with self._snapshot() as connection:
            row = connection.execute(f"SELECT {RECORD_COLUMNS} FROM articles WHERE id = %s", (article_id,)).fetchone()
            if row is None:
                return None
            position = row["position"]
            facts = _facts(connection, (position, position), {position: row["id"]}, _entities_between(connection, (position, position)))
        return StoredArticle(self._records.record(row), facts[position])

    def article_bodies(self, article_ids: list[str]) -> dict[str, ArticleBody]:
        rows = self._rows("SELECT id, text, sentences, removed FROM articles WHERE id = ANY(%s)", (article_ids,))
        return {row["id"]: body_from_row(row) for row in rows}

    def article_mentions(self, article_ids: list[str]) -> dict[str, list[Mention]]:
        found: dict[str, list[Mention]] = {article_id: [] for article_id in article_ids}
        query = (
            "SELECT articles.id AS article_id, mentions.* FROM articles JOIN mentions ON mentions.article_position = articles.position"
            " WHERE articles.id = ANY(%s) ORDER BY mentions.article_position, mentions.start"
        )
        for m in self._rows(query, (article_ids,)):
            found[m["article_id"]].append(mention_from_row(m))
        return found

    def identity(self) -> str:
        if self._identity is None:
            self._identity = str(self._rows("SELECT value FROM graph_api_meta WHERE key = 'store_id'")[0]["value"])
        return self._identity

    def article_at(self, position: int) -> str | None:
        rows = self._rows("SELECT id FROM articles WHERE position = %s", (position,))
        return str(rows[0]["id"]) if rows else None

    def iter_changes(self, after: int = 0) -> Iterator[Change]:
        rows = self._rows("SELECT * FROM changes WHERE sequence > %s ORDER BY sequence", (after,))
        for row in rows:
            yield change_from_row(row)

    def positions(self) -> tuple[int, int]:
        row = self._rows(
            "SELECT (SELECT value::bigint FROM graph_api_meta WHERE key = %s) AS article, (SELECT COALESCE(MAX(sequence), 0) FROM changes) AS change",
            (LAST_POSITION,),
        )[0]
        return int(row["article"]), int(row["change"])

    def _entities(self) -> dict[str, EntityRef]:
        return {row["id"]: entity_from_row(row) for row in self._rows("SELECT * FROM entities")}

    def search_text(self, query: str, limit: int, deadline: float | None = None) -> list[TextHit]:
        """Full-text search over titles and texts (Dutch stems, every word), best ``ts_rank_cd`` first, with a ``ts_headline`` snippet."""
        if not query.split():
            return []
        rows = self._rows(
            "SELECT id, text, ts_headline('dutch', text, q, %s) AS snippet, score FROM ("
            " SELECT id, text, q, ts_rank_cd(search, q) AS score FROM articles, plainto_tsquery('dutch', %s) AS q"
            " WHERE search @@ q ORDER BY score DESC, position LIMIT %s) AS best ORDER BY score DESC",
            (HEADLINE, query, limit),
            deadline,
        )
        return [TextHit(row["id"], _ellipsised(row["snippet"], row["text"]), float(row["score"])) for row in rows]

    def search_quotes(self, text: str, deadline: float | None = None) -> list[str]:
        if not text.split():
            return []
        rows = self._rows(
            "SELECT articles.id AS article_id, quotes.start AS start FROM quotes JOIN articles ON articles.position = quotes.article_position"
            " WHERE quotes.search @@ plainto_tsquery('dutch', %s)",
            (text,),
            deadline,
        )
        return [quote_id(row["article_id"], row["start"]) for row in rows]

    def matching_articles(self, query: str, deadline: float | None = None) -> list[str]:
        if not query.split():
            return []
        return [row["id"] for row in self._rows("SELECT id FROM articles WHERE search @@ plainto_tsquery('dutch', %s)", (query,), deadline)]

    def article_count(self) -> int:
        return int(self._rows("SELECT count(*) AS n FROM articles")[0]["n"])

    def prepare_search(self) -> None:
        """Nothing to prepare: the search vectors are written in the same transaction as the articles."""

    def wait_for_changes(self, timeout: float) -> None:
        """Wait for a commit's NOTIFY (the listener thread starts at the first call) or ``timeout`` seconds."""
        with self._listener_lock:
            if self._listener is None:
                self._listener = threading.Thread(target=self._listen, name="store-listener", daemon=True)
                self._listener.start()
        self._woken.wait(timeout)
        self._woken.clear()

    def _listen(self) -> None:
        """Keep a LISTEN connection, waking ``wait_for_changes`` at every notification and at every (re)connection."""
        while not self._closing.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_SECONDS) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self._woken.set()  # notifications may have been missed while there was no connection
                    while not self._closing.is_set():
                        for _ in connection.notifies(timeout=LISTEN_POLL):
                            self._woken.set()
            except psycopg.Error as error:
                log.warning("listening for commits to %s failed (%s); trying again", self.location, _first_line(error))
                self._closing.wait(RECONNECT_SECONDS)

    def close(self) -> None:
        self._closing.set()
        if self._listener is not None:
            self._listener.join()
        self._pool.close()

    def _rows(self, sql: str, parameters: tuple[object, ...] = (), deadline: float | None = None) -> list[DictRow]:
        """The rows of one statement; stopped by the server at ``deadline`` (``statement_timeout``) and raised as SearchTimeout."""
        if deadline is None:
            with self._connection() as connection:
                return connection.execute(sql, parameters).fetchall()
        remaining_ms = int((deadline - time.monotonic()) * 1000)
        if remaining_ms <= 0:
            raise SearchTimeout("the search's deadline passed before it started")
        with self._connection() as connection:
            try:
                with connection.transaction():
                    connection.execute(f"SET LOCAL statement_timeout = {remaining_ms}")
                    return connection.execute(sql, parameters).fetchall()
            except errors.QueryCanceled as cancelled:
                raise SearchTimeout(_first_line(cancelled)) from None


def _facts(connection: Connection, bounds: tuple[int, int], ids: dict[int, str], entities: dict[str, EntityRef]) -> dict[int, ArticleFacts]:
    """The facts of the articles with positions in ``bounds`` (ids maps their positions to article ids)."""
    found: dict[int, ArticleFacts] = {position: ArticleFacts() for position in ids}
    query = connection.execute
    between = "WHERE article_position BETWEEN %s AND %s"
    for m in query(f"SELECT * FROM mentions {between} ORDER BY article_position, start", bounds):
        found[m["article_position"]].mentions.append(mention_from_row(m))
    for r in query(f"SELECT * FROM roles {between}", bounds):
        role = RoleRecord(r["person_id"], r["title"], r["country_id"], r["organization_id"], ids[r["article_position"]], r["sentence"])
        found[r["article_position"]].roles.append(role)
    for e in query(f"SELECT * FROM event_mentions {between}", bounds):
        found[e["article_position"]].events.append(event_from_row(e))
    for q in query(f"SELECT * FROM quotes {between} ORDER BY id", bounds):
        found[q["article_position"]].quotes.append(QuoteMention(q["text"], q["start"], q["end"], q["sentence"], q["speaker_id"], q["fragment"]))
    for facts in found.values():
        needed = {m.entity_id for m in facts.mentions} | {i for r in facts.roles for i in (r.country_id, r.organization_id) if i}
        if not needed <= entities.keys():  # written by another process after ``entities`` was read
            entities.update(_entities_between(connection, bounds))
        facts.entities.extend(entities[i] for i in sorted(needed))
    return found


def _entities_between(connection: Connection, bounds: tuple[int, int]) -> dict[str, EntityRef]:
    """The entities the articles with positions in ``bounds`` refer to (through mentions and roles)."""
    needed = (
        "SELECT entity_id FROM mentions WHERE article_position BETWEEN %(a)s AND %(b)s"
        " UNION SELECT country_id FROM roles WHERE article_position BETWEEN %(a)s AND %(b)s"
        " UNION SELECT organization_id FROM roles WHERE article_position BETWEEN %(a)s AND %(b)s"
    )
    rows = connection.execute(f"SELECT * FROM entities WHERE id IN ({needed})", {"a": bounds[0], "b": bounds[1]}).fetchall()
    return {row["id"]: entity_from_row(row) for row in rows}


def _lock_writer(connection: Connection, busy_timeout_ms: int) -> None:
    """Take the writer lock for this transaction, waiting at most ``busy_timeout_ms`` (one round trip)."""
    connection.execute("SELECT set_config('lock_timeout', %s, true), pg_advisory_xact_lock(%s)", (str(int(busy_timeout_ms)), WRITER_LOCK))


def _last_position(connection: Connection) -> int:
    return int(_one(connection, "SELECT value FROM graph_api_meta WHERE key = %s", (LAST_POSITION,))["value"])


def _one(connection: Connection, sql: str, parameters: tuple[object, ...] = ()) -> DictRow:
    row = connection.execute(sql, parameters).fetchone()
    assert row is not None, sql
    return row


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _ellipsised(snippet: str, text: str) -> str:
    """The snippet with ``…`` where the text goes on before or after it, as SQLite's ``snippet()`` marks it."""
    plain = snippet.replace("[", "").replace("]", "")
    return ("" if text.startswith(plain) else "…") + snippet + ("" if text.endswith(plain) else "…")


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]

"""The durable store: SQLite in WAL mode, the source of truth for articles and extraction results.

The graph is rebuilt from here on start-up without running NLP again. An article and everything
extracted from it are written in one transaction, so an article is stored completely or not at all.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from graph_api.graph.model import (
    ArticleRecord,
    EntityRef,
    EventMention,
    Mention,
    MentionKind,
    NodeType,
    PlaceInfo,
    PlaceKind,
    QuoteMention,
    RoleRecord,
)
from graph_api.ingest.article import Article
from graph_api.ingest.dates import PartialDate

SCHEMA_VERSION = 1
_KINDS = {kind.value: kind for kind in MentionKind}

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
    confidence REAL,
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


@dataclass(frozen=True)
class StoredArticle:
    """An article with its extraction results, as the graph needs it."""

    record: ArticleRecord
    mentions: list[Mention]
    roles: list[RoleRecord]
    events: list[EventMention]
    quotes: list[QuoteMention]


@dataclass(frozen=True)
class TextHit:
    """An article whose text matches a search, with a highlighted snippet."""

    article_id: str
    snippet: str
    score: float


class Store:
    """SQLite store; one connection shared under a lock (SQLite serialises writers anyway)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._connection.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=NORMAL")
        self._connection.execute("PRAGMA foreign_keys=ON")
        self._connection.executescript(SCHEMA)
        self._check_version()

    def _check_version(self) -> None:
        row = self._connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            self._connection.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        elif int(row["value"]) != SCHEMA_VERSION:
            raise RuntimeError(f"{self.path}: store schema version {row['value']}, this version reads {SCHEMA_VERSION}")

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN … COMMIT, rolled back when the block raises."""
        with self._lock:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield self._connection
                self._connection.execute("COMMIT")
            except BaseException:
                # A failed COMMIT (a deferred constraint, a full disk) leaves the transaction open.
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise

    # ---- writing --------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        with self._lock:
            return self._connection.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    @staticmethod
    def insert_article(
        connection: sqlite3.Connection,
        article: Article,
        sentences: list[tuple[int, int]],
        mentions: list[Mention],
        entities: list[EntityRef],
        roles: list[RoleRecord],
        events: list[EventMention] = (),  # type: ignore[assignment]
        quotes: list[QuoteMention] = (),  # type: ignore[assignment]
    ) -> ArticleRecord:
        """Write one article and its extraction inside the caller's transaction."""
        ingested_at = datetime.now(UTC).isoformat(timespec="seconds")
        cursor = connection.execute(
            "INSERT INTO articles (id, source, title, url, published, text, word_count, sentences, removed, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id, article.source, article.title, article.url,
                article.published.iso() if article.published else None,
                article.text, article.word_count, json.dumps(sentences),
                json.dumps([{"rule": r.rule, "text": r.text} for r in article.removed], ensure_ascii=False),
                ingested_at,
            ),
        )  # fmt: skip
        rowid = cursor.lastrowid
        connection.execute("INSERT INTO article_search (rowid, title, text) VALUES (?, ?, ?)", (rowid, article.title, article.text))
        connection.executemany(
            "INSERT OR IGNORE INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_entity_row(entity) for entity in entities],
        )
        connection.executemany(
            "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(rowid, m.entity_id, m.text, m.start, m.end, m.sentence, m.label, m.confidence, m.kind.value) for m in mentions],
        )
        connection.executemany(
            "INSERT INTO roles VALUES (?, ?, ?, ?, ?, ?)",
            [(rowid, r.person_id, r.title, r.country_id, r.organization_id, r.sentence) for r in roles],
        )
        connection.executemany(
            "INSERT INTO event_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    rowid,
                    e.type,
                    e.trigger,
                    e.sentence,
                    e.start,
                    e.end,
                    e.date.iso() if e.date else None,
                    e.place_id,
                    json.dumps(e.participants),
                    e.label,
                )
                for e in events
            ],
        )
        for quote in quotes:
            cursor = connection.execute(
                "INSERT INTO quotes (article_rowid, text, start, end, sentence, speaker_id, fragment) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (rowid, quote.text, quote.start, quote.end, quote.sentence, quote.speaker_id, int(quote.fragment)),
            )
            connection.execute("INSERT INTO quote_search (rowid, text) VALUES (?, ?)", (cursor.lastrowid, quote.text))
        return ArticleRecord(
            id=article.id, source=article.source, title=article.title, text=article.text,
            published=article.published, url=article.url, word_count=article.word_count,
            sentences=sentences, ingested_at=ingested_at, removed=[(r.rule, r.text) for r in article.removed],
        )  # fmt: skip

    # ---- reading --------------------------------------------------------------------------

    def load_entities(self) -> dict[str, EntityRef]:
        with self._lock:
            rows = self._connection.execute("SELECT * FROM entities").fetchall()
        return {row["id"]: _entity_from_row(row) for row in rows}

    def iter_articles(self, batch: int = 2000) -> Iterator[StoredArticle]:
        """Every stored article with its mentions, in ingestion order."""
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
                bounds = (rows[0]["rowid"], rows[-1]["rowid"])
                mention_rows = self._connection.execute(
                    "SELECT * FROM mentions WHERE article_rowid BETWEEN ? AND ? ORDER BY article_rowid, start", bounds
                ).fetchall()
                role_rows = self._connection.execute("SELECT * FROM roles WHERE article_rowid BETWEEN ? AND ?", bounds).fetchall()
                event_rows = self._connection.execute("SELECT * FROM event_mentions WHERE article_rowid BETWEEN ? AND ?", bounds).fetchall()
                quote_rows = self._connection.execute("SELECT * FROM quotes WHERE article_rowid BETWEEN ? AND ? ORDER BY rowid", bounds).fetchall()
            ids = {row["rowid"]: row["id"] for row in rows}
            mentions: dict[int, list[Mention]] = {}
            for m in mention_rows:
                mentions.setdefault(m["article_rowid"], []).append(
                    Mention(m["entity_id"], m["text"], m["start"], m["end"], m["sentence"], m["label"], m["confidence"], _KINDS[m["kind"]])
                )
            roles: dict[int, list[RoleRecord]] = {}
            for r in role_rows:
                record = RoleRecord(r["person_id"], r["title"], r["country_id"], r["organization_id"], ids[r["article_rowid"]], r["sentence"])
                roles.setdefault(r["article_rowid"], []).append(record)
            events: dict[int, list[EventMention]] = defaultdict(list)
            for e in event_rows:
                participants = tuple((entity_id, role) for entity_id, role in json.loads(e["participants"]))
                date = PartialDate.parse(e["date"]) if e["date"] else None
                events[e["article_rowid"]].append(
                    EventMention(e["type"], e["trigger"], e["sentence"], e["start"], e["end"], date, e["place_id"], participants, e["label"])
                )
            quotes: dict[int, list[QuoteMention]] = defaultdict(list)
            for q in quote_rows:
                quotes[q["article_rowid"]].append(QuoteMention(q["text"], q["start"], q["end"], q["sentence"], q["speaker_id"], bool(q["fragment"])))
            for row in rows:
                key = row["rowid"]
                yield StoredArticle(_article_from_row(row), mentions.get(key, []), roles.get(key, []), events[key], quotes[key])
            last = rows[-1]["rowid"]

    def search_text(self, query: str, limit: int) -> list[TextHit]:
        """Full-text search over article titles and texts (SQLite FTS5, BM25 ranking)."""
        match = _fts_phrases(query)
        if match is None:
            return []
        with self._lock:
            rows = self._connection.execute(
                "SELECT articles.id AS id, snippet(article_search, 1, '[', ']', '…', 12) AS snippet,"
                " bm25(article_search) AS score FROM article_search JOIN articles ON articles.rowid = article_search.rowid"
                " WHERE article_search MATCH ? ORDER BY score LIMIT ?",
                (match, limit),
            ).fetchall()
        return [TextHit(row["id"], row["snippet"], -row["score"]) for row in rows]

    def search_quotes(self, text: str) -> list[tuple[str, int]]:
        """(article id, start) of every quote containing the words (FTS5)."""
        match = _fts_phrases(text)
        if match is None:
            return []
        with self._lock:
            rows = self._connection.execute(
                "SELECT articles.id AS article_id, quotes.start AS start FROM quote_search"
                " JOIN quotes ON quotes.rowid = quote_search.rowid JOIN articles ON articles.rowid = quotes.article_rowid"
                " WHERE quote_search MATCH ?",
                (match,),
            ).fetchall()
        return [(row["article_id"], row["start"]) for row in rows]

    def article_count(self) -> int:
        with self._lock:
            return self._connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


def _fts_phrases(text: str) -> str | None:
    """An FTS5 query matching every word of the text, each quoted so no word acts as an operator."""
    terms = [t for t in text.replace('"', " ").split() if t]
    return " ".join(f'"{term}"' for term in terms) if terms else None


def _entity_row(entity: EntityRef) -> tuple:
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

"""The store interface: what the rest of graph-api asks of a store of record.

The corpus writes articles through it and rebuilds the graph from it; the API searches through
it. A second backend implements these two protocols and nothing in ``api/``, ``nlp/`` or
``graph/`` changes. Every method is synchronous; async callers run them in a worker thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from graph_api.model import ArticleBody, Change, Mention, StoredArticle


class StoreError(Exception):
    """The store cannot be used at all (damaged, not ours, read-only, locked, no folder, no server): no one article's fault.

    ``location``: the SQLite file, or the PostgreSQL URL without its password."""

    def __init__(self, location: Path | str, problem: str) -> None:
        super().__init__(f"{location}: {problem}")
        self.location = location
        self.problem = problem


def without_password(url: str) -> str:
    """The URL without a password (in the user part or a ``password`` parameter), fit for messages and logs."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, host = netloc.rsplit("@", 1)
        netloc = f"{user.split(':', 1)[0]}@{host}"
    query = urlencode([(key, value) for key, value in parse_qsl(parts.query) if key != "password"])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


@dataclass(frozen=True)
class TextHit:
    """An article whose text matches a search, with a highlighted snippet."""

    article_id: str
    snippet: str
    score: float


@dataclass(frozen=True)
class ArticleText:
    """What a search index reads of an article: its commit position, id, title and text."""

    position: int
    article_id: str
    title: str
    text: str


class SearchTimeout(Exception):
    """A search ran past its deadline and was stopped."""


class StoreWriter(Protocol):
    """Writes inside one transaction: everything written commits together or not at all."""

    def add_article(self, article: StoredArticle) -> int:
        """Write an article with its facts (mentions, entities, roles, events, quotes); returns its commit position."""

    def delete_article(self, article_id: str) -> bool:
        """Delete an article and its facts; False when there is no such article."""

    def log_change(self, change: Change) -> Change:
        """Append a curation or deletion to the change log; returns it with its sequence and article position."""


class Store(Protocol):
    """A store of record for articles and what extraction found in them.

    Opening a store and every method raise ``StoreError`` when the store itself is at fault.
    """

    def transaction(self) -> AbstractContextManager[StoreWriter]:
        """A transaction: committed when the block ends, rolled back when it raises."""

    def check_writable(self) -> None:
        """Raise ``StoreError`` now if no article could be written (read-only, locked by another process)."""

    def iter_articles(self, after: int = 0) -> Iterator[tuple[int, StoredArticle]]:
        """(commit position, article) for every article committed after position ``after``, in commit order,
        each with its facts and the entities they refer to. Positions only grow: a deleted one is never reused."""

    def get_article(self, article_id: str) -> StoredArticle | None:
        """One article with its facts, as ``iter_articles`` gives it."""

    def article_bodies(self, article_ids: list[str]) -> dict[str, ArticleBody]:
        """The text, sentences and removed boilerplate of the articles among ``article_ids`` the store holds."""

    def article_mentions(self, article_ids: list[str]) -> dict[str, list[Mention]]:
        """Every article's mentions as extracted (before curations), in text order; empty for an unknown id."""

    def identity(self) -> str:
        """A random id the store was given when it was made: another store has another one."""

    def article_at(self, position: int) -> str | None:
        """The id of the article committed at ``position``, None when there is none (any more)."""

    def iter_changes(self, after: int = 0) -> Iterator[Change]:
        """The change log (curations and deletions) after sequence ``after``, in order."""

    def positions(self) -> tuple[int, int]:
        """(last article position, last change sequence): cheap, to see whether another process wrote."""

    def search_text(self, query: str, limit: int, deadline: float | None = None) -> list[TextHit]:
        """Articles whose title or text contains every word of the query, best first.

        SearchTimeout when it is still running at ``deadline`` (a ``time.monotonic()`` value).
        """

    def search_quotes(self, text: str, deadline: float | None = None) -> list[str]:
        """Ids of the quotes containing every word of the text; SearchTimeout at ``deadline``."""

    def matching_articles(self, query: str, deadline: float | None = None) -> list[str]:
        """Ids of every article whose title or text contains every word of the query, unranked; SearchTimeout at ``deadline``."""

    def article_count(self) -> int:
        """How many articles the store holds."""

    def wait_for_changes(self, timeout: float) -> None:
        """Wait up to ``timeout`` seconds, returning sooner when another process may have committed (PostgreSQL's NOTIFY);
        a follower then reads what is new by position (``positions``, ``iter_articles``, ``iter_changes``)."""

    def prepare_search(self) -> None:
        """Start bringing a search index kept beside the store up to date, off the caller's thread; returns at once."""

    def close(self) -> None:
        """Release the store's connections."""

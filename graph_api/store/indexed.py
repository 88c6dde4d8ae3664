"""The SQLite store searched through the tantivy index beside it (``search_engine = tantivy``).

Everything but article search is the SQLite store's own. The index is derived data: it is opened at
the first search (or ``prepare_search``), and before a search answers, the index reads in what the
store committed beyond it, whoever wrote it: this process, another one (``graph-api ingest``), or a
process killed between its SQLite commit and its index commit. A search that finds the index
further behind than ``search_index_lag`` (a new or rebuilt index, a large ingest by another process)
answers from SQLite's FTS5, which the store writes in the same transaction as the articles, while a
background thread catches up. A damaged index is rebuilt from the store, a folder that cannot hold
one is logged: no search fails for the index's sake. Hits are looked up in the store, which drops an
article deleted since the index last read the change log, and gives the text the snippet is cut from.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

from graph_api.model import ArticleBody, Change, Mention, StoredArticle
from graph_api.store.interface import SearchTimeout, TextHit
from graph_api.store.search_index import IndexBusy, IndexUnusable, SearchIndex, failed, first_line
from graph_api.store.sqlite import SQLiteStore, SQLiteWriter

log = logging.getLogger(__name__)

STOP_CHECK = 1000  # articles between two looks at whether the store is closing, during a background catch-up


class IndexedStore:
    """A SQLite store whose ``search_text`` goes through a tantivy index in ``folder`` (see the module docstring)."""

    def __init__(self, store: SQLiteStore, folder: Path, lag: int) -> None:
        self.store = store
        self.folder = folder
        self.lag = lag
        self._index: SearchIndex | None = None
        self._unusable = False
        self._opening = threading.Lock()
        self._writing = threading.Lock()  # one catch-up at a time in this process (tantivy's lock covers other processes)
        self._starting = threading.Lock()
        self._background: threading.Thread | None = None
        self._closing = threading.Event()

    def search_text(self, query: str, limit: int, deadline: float | None = None) -> list[TextHit]:
        """The best articles by the index when it is up to date with the store, else by FTS5."""
        if deadline is not None and time.monotonic() > deadline:
            raise SearchTimeout("the search's deadline passed before it started")
        index = self._current(deadline)
        if index is not None:
            try:
                return self._search(index, query, limit)
            except BaseException as error:
                if not failed(error):
                    raise
                self._damaged(index, error)
        return self.store.search_text(query, limit, deadline)

    def _search(self, index: SearchIndex, query: str, limit: int) -> list[TextHit]:
        """The index's best hits that the store still holds, with their snippets; more are asked for when some were deleted."""
        wanted = limit
        while True:
            matches = index.search(query, wanted)
            held = self.store.article_texts([hit.position for hit in matches.hits])
            kept = [(hit, held[hit.position]) for hit in matches.hits if hit.position in held][:limit]
            if len(kept) == limit or len(matches.hits) < wanted:
                return [TextHit(article.article_id, matches.snippet(article.text), hit.score) for hit, article in kept]
            wanted *= 4

    def _current(self, deadline: float | None) -> SearchIndex | None:
        """The index, brought up to the store's positions; None when FTS5 answers instead (see the module docstring)."""
        index = self._opened()
        if index is None:
            return None
        behind = index.state.behind(self.store.positions())
        if behind == 0:
            return index
        if behind > self.lag:
            self.prepare_search()
            return None
        if not self._writing.acquire(timeout=-1 if deadline is None else max(0.0, deadline - time.monotonic())):
            return None
        try:
            if index.state.behind(self.store.positions()) > 0:  # a background catch-up may have got there meanwhile
                index.catch_up(self.store)
            return index
        except IndexBusy:
            return None
        except BaseException as error:
            if not failed(error):
                raise
            self._rebuild(index, error)
            return None
        finally:
            self._writing.release()

    def _opened(self) -> SearchIndex | None:
        """The index, opened (or built anew) on first use; None when its folder cannot hold one."""
        if self._index is not None or self._unusable:
            return self._index
        with self._opening:
            if self._index is None and not self._unusable:
                try:
                    index = SearchIndex(self.folder)
                    try:
                        if not index.belongs_to(self.store):
                            log.warning("search index %s was made from another store: rebuilding it from this one", self.folder)
                            index.rebuild()
                    except BaseException as error:
                        if not failed(error):
                            raise
                        log.warning("search index %s is damaged (%s): rebuilding it from the store", self.folder, first_line(error))
                        index.rebuild()
                    self._index = index
                except IndexUnusable as error:
                    log.error("%s: article search uses SQLite's FTS5 instead", error)
                    self._unusable = True
        return self._index

    def _damaged(self, index: SearchIndex, error: BaseException) -> None:
        """A search failed in the index: rebuild it, unless a catch-up holds it (it fails too, and rebuilds it)."""
        if self._writing.acquire(blocking=False):
            try:
                self._rebuild(index, error)
            finally:
                self._writing.release()

    def _rebuild(self, index: SearchIndex, error: BaseException) -> None:
        """Start the index again from the store (the caller holds the writing lock)."""
        log.warning("search index %s failed (%s): rebuilding it from the store", self.folder, first_line(error))
        try:
            index.rebuild()
        except IndexUnusable as unusable:
            log.error("%s: article search uses SQLite's FTS5 instead", unusable)
            self._unusable = True
            self._index = None

    def prepare_search(self) -> None:
        """Start a background catch-up when the index is behind the store and none is running."""
        index = self._opened()
        if index is None or self._closing.is_set():
            return
        with self._starting:
            if self._background is not None and self._background.is_alive():
                return
            if index.state.behind(self.store.positions()) == 0:
                return
            self._background = threading.Thread(target=self._catch_up_in_background, args=(index,), name="search-index", daemon=True)
            self._background.start()

    def _catch_up_in_background(self, index: SearchIndex) -> None:
        with self._writing:
            started, before = time.monotonic(), index.state
            try:
                after = index.catch_up(self.store, stop=self._closing.is_set, stop_every=STOP_CHECK)
            except IndexBusy:
                return  # another process is catching up; the next look finds its work
            except BaseException as error:
                if not failed(error):
                    log.exception("catching up the search index %s failed", self.folder)
                    return
                self._rebuild(index, error)
                return
            log.info("search index %s: read articles %d to %d in %.1f s", self.folder, before.articles, after.articles, time.monotonic() - started)

    def close(self) -> None:
        self._closing.set()
        if self._background is not None:
            self._background.join()
        self.store.close()

    # The rest is the SQLite store's.
    def transaction(self) -> AbstractContextManager[SQLiteWriter]:
        return self.store.transaction()

    def check_writable(self) -> None:
        self.store.check_writable()

    def iter_articles(self, after: int = 0) -> Iterator[tuple[int, StoredArticle]]:
        return self.store.iter_articles(after)

    def get_article(self, article_id: str) -> StoredArticle | None:
        return self.store.get_article(article_id)

    def article_bodies(self, article_ids: list[str]) -> dict[str, ArticleBody]:
        return self.store.article_bodies(article_ids)

    def article_mentions(self, article_ids: list[str]) -> dict[str, list[Mention]]:
        return self.store.article_mentions(article_ids)

    def identity(self) -> str:
        return self.store.identity()

    def article_at(self, position: int) -> str | None:
        return self.store.article_at(position)

    def iter_changes(self, after: int = 0) -> Iterator[Change]:
        return self.store.iter_changes(after)

    def positions(self) -> tuple[int, int]:
        return self.store.positions()

    def wait_for_changes(self, timeout: float) -> None:
        self.store.wait_for_changes(timeout)

    def search_quotes(self, text: str, deadline: float | None = None) -> list[str]:
        return self.store.search_quotes(text, deadline)

    def matching_articles(self, query: str, deadline: float | None = None) -> list[str]:
        return self.store.matching_articles(query, deadline)

    def article_count(self) -> int:
        return self.store.article_count()

"""The full-text index of article titles and texts: tantivy (BM25 top-k), Dutch stemming.

Derived data in a folder of its own: the SQLite store stays the record. Every article is a document
of its commit position, id, title and text (analyzed, not stored: snippets are cut from the store's
text). One more document records how far the index has read the store: the last article position
and change-log sequence. It is replaced in the same tantivy commit as the articles it counts, so
whatever a crash leaves, the index says exactly what it holds, and ``catch_up`` goes on from there.

Words are split where letters and digits end, lowercased, folded to ASCII (``Caïro`` finds
``Cairo``) and stemmed by Snowball's Dutch stemmer (``gesprek`` finds ``gesprekken``), in the index
and in queries alike. A query matches the articles holding every one of its words, in the title or
the text; a word the analyzer cuts in two (``Rode-Kruis``) is a phrase.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import tantivy
from tantivy import Document, FieldType, Filter, Occur, Query, SnippetGenerator, TextAnalyzerBuilder, Tokenizer

from graph_api.model import ArticleDeletion, Change
from graph_api.store.interface import ArticleText

log = logging.getLogger(__name__)

VERSION = 1  # of the schema and analyzer: an index of another version is rebuilt
ANALYZER = "dutch_folded"
STATE_ID = "graph-api:index-state"  # the id of the document recording how far the index has read the store
MARKER = "graph-api-search-index"  # a file in the folder: only a folder holding it (or tantivy's meta.json) is ever wiped
TEXT_FIELDS = ("title", "text")
SNIPPET_CHARS = 80  # about FTS5's 12-token snippets
SNIPPET_SCAN_CHARS = 600  # analysing a whole article (stemming every word) costs ~0.3 ms; most words are found sooner
COMMIT_EVERY = 20_000  # articles between two commits while catching up: progress kept, state recorded
WRITER_HEAP_BYTES = 100_000_000
HIGHLIGHT = ("[", "]")
ELLIPSIS = "…"


class IndexBusy(Exception):
    """Another process holds the index's writer lock (it is catching up itself)."""


class IndexUnusable(Exception):
    """The index folder cannot hold an index: not ours, or not writable."""


@dataclass(frozen=True)
class IndexState:
    """How far the index has read the store: its last article position and change-log sequence."""

    articles: int = 0
    changes: int = 0

    def behind(self, store: tuple[int, int]) -> int:
        """How many article positions and changes the store holds beyond the index."""
        return max(0, store[0] - self.articles) + max(0, store[1] - self.changes)


class TextSource(Protocol):
    """What the index reads from the store of record."""

    def positions(self) -> tuple[int, int]: ...

    def iter_changes(self, after: int = 0) -> Iterator[Change]: ...

    def iter_article_texts(self, after: int, until: int) -> Iterator[ArticleText]: ...

    def article_texts(self, positions: list[int]) -> dict[int, ArticleText]: ...


@dataclass(frozen=True)
class IndexHit:
    position: int
    score: float


class Matches:
    """The best articles for a query, and their snippets."""

    def __init__(self, hits: list[IndexHit], snippets: SnippetGenerator | None) -> None:
        self.hits = hits
        self._snippets = snippets

    def snippet(self, text: str) -> str:
        """The passage that matches best, its words in [brackets], … where it is cut (as FTS5's ``snippet``): from the
        article's opening words when the words are there (it saves analysing the rest), else from all of it."""
        if self._snippets is None:
            return _opening(text)
        opening = text[: text.rfind(" ", 0, SNIPPET_SCAN_CHARS) + 1 or SNIPPET_SCAN_CHARS] if len(text) > SNIPPET_SCAN_CHARS else text
        snippet = self._snippets.snippet_from_doc(Document(text=opening))
        if not snippet.highlighted() and len(opening) < len(text):
            snippet = self._snippets.snippet_from_doc(Document(text=text))
        whole = text.encode()
        fragment = snippet.fragment_range()
        if fragment.start == fragment.end:  # the words are in the title only
            return _opening(text)
        parts = [ELLIPSIS] if fragment.start > 0 else []
        cursor = fragment.start
        for word in snippet.highlighted():  # byte ranges within the fragment
            start, end = fragment.start + word.start, fragment.start + word.end
            parts += [whole[cursor:start].decode(), HIGHLIGHT[0], whole[start:end].decode(), HIGHLIGHT[1]]
            cursor = end
        parts.append(whole[cursor : fragment.end].decode())
        if fragment.end < len(whole):
            parts.append(ELLIPSIS)
        return "".join(parts)


def analyzer() -> tantivy.TextAnalyzer:
    """Words, lowercased, folded to ASCII and stemmed for Dutch."""
    builder = TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.lowercase()).filter(Filter.ascii_fold())
    return builder.filter(Filter.stemmer("dutch")).build()


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("position", stored=True, indexed=True, fast=True)
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name=ANALYZER)
    for name in ("indexed_articles", "indexed_changes", "version"):
        builder.add_unsigned_field(name, stored=True)
    return builder.build()


class SearchIndex:
    """The tantivy index in one folder. Searches may run on any thread; ``catch_up`` on one at a time per process,
    and on one process at a time (tantivy's writer lock, held only while catching up)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.analyzer = analyzer()
        self.state = IndexState()
        self._index = self._open()

    def _open(self) -> tantivy.Index:
        """The index in the folder; a missing one is created, a damaged one or one of another version made anew."""
        try:
            if (self.folder / "meta.json").exists():
                index = self._load(tantivy.Index.open(str(self.folder)))
                if self._version(index) == VERSION:
                    return index
                log.warning("search index %s was written by another version of graph-api: rebuilding it from the store", self.folder)
            else:
                log.warning("no search index at %s: building it from the store", self.folder)
        except BaseException as error:
            if not failed(error):
                raise
            log.warning("search index %s is damaged (%s): rebuilding it from the store", self.folder, first_line(error))
        return self._create()

    def _load(self, index: tantivy.Index) -> tantivy.Index:
        index.register_tokenizer(ANALYZER, self.analyzer)
        index.config_reader(reload_policy="manual")
        self.state = self._read_state(index)
        return index

    def _create(self) -> tantivy.Index:
        """An empty index in the folder, after removing what was there (only if it was an index)."""
        if self.folder.exists():
            if not self.folder.is_dir():
                raise IndexUnusable(f"{self.folder} is a file, not a folder")
            if any(self.folder.iterdir()) and not ((self.folder / MARKER).exists() or (self.folder / "meta.json").exists()):
                raise IndexUnusable(f"{self.folder} holds files that are not a search index; give search_index another folder")
            shutil.rmtree(self.folder)
        try:
            self.folder.mkdir(parents=True)
            (self.folder / MARKER).write_text("A full-text search index of graph-api, rebuilt from the store when missing.\n")
            index = tantivy.Index(_schema(), path=str(self.folder), reuse=False)
        except OSError as error:
            raise IndexUnusable(f"cannot create {self.folder} ({error.strerror})") from error
        self.state = IndexState()
        return self._load(index)

    def rebuild(self) -> None:
        """Start again from an empty index (after a search found it damaged)."""
        self._index = self._create()

    def _read_state(self, index: tantivy.Index) -> IndexState:
        recorded = _state_document(index)
        return IndexState(recorded["indexed_articles"][0], recorded["indexed_changes"][0]) if recorded else IndexState()

    def _version(self, index: tantivy.Index) -> int:
        recorded = _state_document(index)
        return int(recorded["version"][0]) if recorded else VERSION  # an index records its version at its first commit

    def belongs_to(self, source: TextSource) -> bool:
        """False when the store holds another article at the index's last position: the index was made from another store."""
        if self.state.articles > source.positions()[0]:
            return False
        searcher = self._index.searcher()
        last = searcher.search(Query.exists_query("position"), 1, count=False, order_by_field="position").hits
        if not last:
            return True
        document = searcher.doc(last[0][1])
        held = source.article_texts([document["position"][0]]).get(document["position"][0])
        return held is None or held.article_id == document["id"][0]

    def catch_up(self, source: TextSource, stop: Callable[[], bool] = lambda: False, stop_every: int = COMMIT_EVERY) -> IndexState:
        """Read into the index what the store holds beyond it: deletions from the change log, then new articles.

        Committed with its state every ``COMMIT_EVERY`` articles, and when ``stop`` (asked every ``stop_every``) says so.
        IndexBusy when another process is catching up."""
        try:
            writer = self._index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)
        except ValueError as error:
            if "LockBusy" in str(error):
                raise IndexBusy(str(error)) from None
            raise
        try:
            self._index.reload()  # another process may have caught up since this one last looked
            self.state = start = self._read_state(self._index)
            # The article position first: every change made before an article up to it is then in the log read after.
            target = source.positions()
            if start.behind(target) == 0:
                return start
            for change in source.iter_changes(start.changes):
                if isinstance(change, ArticleDeletion) and change.sequence <= target[1]:
                    writer.delete_documents_by_query(self._deletion(change))
            for added, article in enumerate(source.iter_article_texts(start.articles, target[0]), start=1):
                writer.add_document(self._document(article))
                if added % stop_every == 0 and stop():
                    self._commit(writer, IndexState(article.position, target[1]))
                    return self.state
                if added % COMMIT_EVERY == 0:
                    self._commit(writer, IndexState(article.position, target[1]))
            self._commit(writer, IndexState(target[0], target[1]))
            return self.state
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()  # releases the writer lock

    def _commit(self, writer: tantivy.IndexWriter, state: IndexState) -> None:
        writer.delete_documents_by_term("id", STATE_ID)
        record = Document()
        record.add_text("id", STATE_ID)
        record.add_unsigned("indexed_articles", state.articles)
        record.add_unsigned("indexed_changes", state.changes)
        record.add_unsigned("version", VERSION)
        writer.add_document(record)
        writer.commit()
        self._index.reload()
        self.state = state

    def _document(self, article: ArticleText) -> Document:
        document = Document()
        document.add_unsigned("position", article.position)
        document.add_text("id", article.article_id)
        document.add_text("title", article.title)
        document.add_text("text", article.text)
        return document

    def _deletion(self, change: ArticleDeletion) -> Query:
        """The deleted article: its id at a position up to the deletion's (the same id ingested again later stays)."""
        schema = self._index.schema
        at_or_before = Query.range_query(schema, "position", FieldType.Unsigned, 0, change.after_article)
        return Query.boolean_query([(Occur.Must, Query.term_query(schema, "id", change.article_id)), (Occur.Must, at_or_before)])

    def search(self, text: str, limit: int) -> Matches:
        """The ``limit`` best articles holding every word of ``text`` (title or text), best first, by BM25."""
        query = self.query(text)
        if query is None or limit <= 0:
            return Matches([], None)
        searcher = self._index.searcher()
        found = searcher.search(query, limit, count=False).hits  # no count: counting would score every match
        positions = searcher.fast_field_values("position", [address for _, address in found])
        hits = [IndexHit(int(position), score) for (score, _), position in zip(found, positions, strict=True) if position is not None]
        if not hits:
            return Matches([], None)
        snippets = SnippetGenerator.create(searcher, query, self._index.schema, "text")
        snippets.set_max_num_chars(SNIPPET_CHARS)
        return Matches(hits, snippets)

    def query(self, text: str) -> Query | None:
        """Every whitespace-separated word of the text in the title or the text; None when no word is left."""
        words = [tokens for word in text.split() if (tokens := self.analyzer.analyze(word))]
        if not words:
            return None
        clauses = [Query.boolean_query([(Occur.Should, self._word(field, tokens)) for field in TEXT_FIELDS]) for tokens in words]
        # One word stays a plain disjunction of term queries, the shape tantivy can answer with block-max WAND (tantivy-py 0.27
        # collects through a MultiCollector, which scores every match: a top-1 search costs what counting does).
        return clauses[0] if len(clauses) == 1 else Query.boolean_query([(Occur.Must, clause) for clause in clauses])

    def _word(self, field: str, tokens: list[str]) -> Query:
        """One word in one field: a term, or a phrase of the pieces the analyzer cut it in."""
        if len(tokens) == 1:
            return Query.term_query(self._index.schema, field, tokens[0])
        pieces: list[str | tuple[int, str]] = list(tokens)
        return Query.phrase_query(self._index.schema, field, pieces)


def _state_document(index: tantivy.Index) -> Document | None:
    """The document recording how far the index has read the store; None before the first commit."""
    searcher = index.searcher()
    found = searcher.search(Query.term_query(index.schema, "id", STATE_ID), 1, count=False).hits
    return searcher.doc(found[0][1]) if found else None


def failed(error: BaseException) -> bool:
    """Whether an error raised by tantivy is the index's fault: its errors, I/O, and Rust panics on damaged files."""
    return isinstance(error, ValueError | OSError | RuntimeError) or type(error).__name__ == "PanicException"


def first_line(error: BaseException) -> str:
    """The error's message, first line, for a log line (a panic's message runs on with a backtrace)."""
    return str(error).splitlines()[0][:200] if str(error) else type(error).__name__


def _opening(text: str) -> str:
    """The start of a text, cut after a word, as a snippet without highlights."""
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text.rfind(" ", 0, SNIPPET_CHARS)
    return text[: cut if cut > 0 else SNIPPET_CHARS] + ELLIPSIS

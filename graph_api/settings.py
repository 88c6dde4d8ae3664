"""The one table of settings: every limit and path, declared once as a field with its default and help.

Each setting can be set with its environment variable (``GRAPH_API_`` + the name in upper case)
and some with a CLI flag; ``graph-api settings`` prints them all.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import Field, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

ENV_PREFIX = "GRAPH_API_"
BUNDLED_MODEL = "bundled"
BUNDLED_SEEDS = Path(__file__).resolve().parent / "seeds"  # the default corpus, shipped with the package
SEARCH_ENGINES = ("tantivy", "fts5")
POSTGRES_SCHEMES = ("postgresql://", "postgres://")

T = TypeVar("T")


def setting(default: T, help: str) -> T:
    """A row of the table: a dataclass field with its default and its help text."""
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Resolved settings: defaults, overridden by environment, overridden by explicit values."""

    db: str = setting(
        "data/graph.db",
        "The store of record: the path of a SQLite file (created if missing), or a PostgreSQL URL `postgresql://user@host/db`"
        " (its tables created on first use; shared by any number of `serve` replicas and writers).",
    )
    graph_snapshot: bool = setting(
        True,
        "Keep a snapshot of the resolved graph beside the store (`<db>.graph`): a restart loads it and reads in only what the store"
        " committed since, instead of rebuilding the graph from every article. Written after a rebuild and when the process stops.",
    )
    graph_snapshot_file: str = setting(
        "", "File of the graph snapshot; empty: beside a SQLite store (`<db>.graph`), none for a PostgreSQL store (each replica rebuilds)."
    )
    seeds: Path = setting(BUNDLED_SEEDS, "Folder of articles ingested when `serve` starts on an empty store (default: the bundled seeds).")
    host: str = setting("127.0.0.1", "Address the server listens on.")
    port: int = setting(8000, "Port the server listens on.")
    serve_workers: int = setting(
        1, "uvicorn worker processes `serve` runs on its port, each loading the graph and following the store (writes reach the others through it)."
    )
    max_article_bytes: int = setting(1_000_000, "Largest accepted article text, in UTF-8 bytes.")
    default_page_size: int = setting(20, "Items in a connection page when `first` is not given.")
    max_page_size: int = setting(100, "Largest `first` a connection accepts.")
    max_search_results: int = setting(50, "Largest `first` the search field accepts.")
    max_query_depth: int = setting(12, "Deepest selection nesting a GraphQL query may have (introspection aside).")
    max_aliases: int = setting(100, "Most aliased fields a GraphQL document may have, fragments expanded as often as they are spread.")
    max_query_tokens: int = setting(2000, "Most tokens (names, brackets, colons) a GraphQL document may have.")
    max_repeated_fields: int = setting(
        10, "Most fields a query may have on one response path: repeats multiplied through nested selections, fragments merged."
    )
    max_query_cost: int = setting(
        10_000, "Most nodes a query may return, computed before execution: page sizes multiplied along nested lists, plus resolver weights."
    )
    max_list_items: int = setting(
        100, "Most items a plain list field (one without `first`) returns; the cost counts it at the longest such list in the graph, at most this."
    )
    max_string_bytes: int = setting(1_000, "Longest string a query may pass as an argument or variable, in UTF-8 bytes.")
    max_search_terms: int = setting(16, "Most words a search text (`search`, `textContains`) may have.")
    introspection: bool = setting(True, "Answer schema introspection (`__schema`, `__type`); GraphiQL needs it.")
    max_batch_operations: int = setting(
        0, "Most operations a batched request (a JSON array) may hold; 0: batches are refused. A batch's operations share one cost limit."
    )
    execution_timeout: float = setting(5.0, "Seconds a query may execute before it is stopped and answered with an error.")
    inline_cost: int = setting(
        500, "Queries that may cost at most this many nodes run on the event loop (no thread hop); costlier ones in the execution threads."
    )
    execution_threads: int = setting(4, "Threads executing GraphQL queries, off the event loop that accepts connections and answers /health.")
    max_body_bytes: int = setting(256 * 1024, "Largest request body accepted, in bytes (larger: HTTP 413).")
    max_response_bytes: int = setting(8_000_000, "Largest GraphQL response sent, in bytes; a larger one is replaced by an error.")
    response_cache_entries: int = setting(1024, "GraphQL responses kept per distinct request body until the graph changes (0: off).")
    response_cache_bytes: int = setting(64_000_000, "Most bytes of responses the response cache keeps.")
    rate_limit: int = setting(0, "Requests per minute one client (bearer token, else IP address) may make to /graphql; 0: no limit.")
    rate_limit_burst: int = setting(60, "Requests a client may make at once before `rate_limit` applies.")
    cors_origins: str = setting("", "Origins allowed to call the API from a browser, comma-separated (`*` for any); empty: CORS off.")
    header_timeout: float = setting(10.0, "Seconds a client has to send a request's headers before the connection is closed.")
    body_timeout: float = setting(10.0, "Seconds a client has to send a request's body (slower: HTTP 408).")
    keep_alive_timeout: int = setting(5, "Seconds an idle keep-alive connection stays open.")
    max_concurrent_requests: int = setting(1000, "Most requests handled at once; more are answered with HTTP 503 (idle connections do not count).")
    shutdown_timeout: int = setting(5, "Seconds running requests get to finish after SIGTERM before the server stops.")
    access_log: bool = setting(False, "Log a line for every HTTP request (uvicorn's access log); off, a light query is answered about 5% faster.")
    related_limit: int = setting(25, "Most co-mentioned entities returned by `related` when `first` is not given.")
    max_neighbourhood_nodes: int = setting(100, "Largest `first` of `neighbourhood`: most entities around the centre it returns.")
    subgraph_edges_per_node: int = setting(4, "Most links a `neighbourhood` returns per entity in it (strongest first, every entity connected).")
    max_path_length: int = setting(6, "Largest `maxLength` of `path`, in hops.")
    max_timeline_buckets: int = setting(
        400, "Most buckets a timeline returns; a longer one is refused with a request to narrow `from`/`to` or widen `interval`."
    )
    write_tokens: str = setting(
        "", "Tokens allowed to write (mutations), as comma-separated `name:token` pairs; the name is recorded as the author. Empty: no writes."
    )
    write_token_file: str = setting("", "A file of write tokens, one `name:token` per line (`#` starts a comment), beside `write_tokens`.")
    read_tokens: str = setting("", "Tokens required to read, as comma-separated `name:token` pairs (write tokens read too); empty: reads are open.")
    max_ingest_articles: int = setting(100, "Most articles one `ingestArticles` call may carry.")
    max_write_body_bytes: int = setting(16_000_000, "Largest request body accepted from a client with a write token, in bytes.")
    write_timeout: float = setting(600.0, "Seconds a mutation may run (ingestion runs NLP); queries keep `execution_timeout`.")
    projection_interval: float = setting(
        5.0, "Seconds at least between two rebuilds of the entity projection while the graph changes; requests meanwhile use the last one."
    )
    follow_interval: float = setting(1.0, "Seconds between two looks of the server at its store for what another process wrote (0: never).")
    subscription_queue: int = setting(1000, "Changes a subscriber may fall behind before its subscription is closed.")
    max_subscriptions: int = setting(1000, "Most subscriptions open at once; more are refused.")
    spacy_model: str = setting(BUNDLED_MODEL, "spaCy pipeline for NER: `bundled` (ours) or an installed package name or path.")
    nlp_batch_size: int = setting(32, "Articles per batch sent through the spaCy pipeline.")
    ingest_workers: int = setting(
        0,
        "Processes extracting articles in `graph-api ingest`, each with its own model, while one commits in input order; 0: one per core available.",
    )
    progress_threshold: int = setting(20, "Inputs above which `ingest` shows a progress bar.")
    store_busy_timeout_ms: int = setting(5000, "Milliseconds to wait for another process's write to the store to finish before giving up.")
    postgres_pool_size: int = setting(10, "Most connections one process keeps open to a PostgreSQL store.")
    search_engine: str = setting(
        "tantivy",
        "Full-text search of articles in a SQLite store: `tantivy` (an index beside the store: Dutch stemming, BM25 scored in Rust)"
        " or `fts5` (SQLite's own index: whole words, `bm25()` called on every matching row). A PostgreSQL store searches with"
        " `to_tsvector('dutch', …)`.",
    )
    search_index: str = setting("", "Folder of the tantivy search index; empty: beside the store, its file name + `.search`.")
    search_index_lag: int = setting(
        1000,
        "Most articles and changes a search reads into the tantivy index itself before answering; when the index is further behind,"
        " FTS5 answers while it catches up in the background.",
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "db", str(self.db))  # a Path given in code is kept as its text, like the environment's
        if self.search_engine not in SEARCH_ENGINES:
            raise ValueError(f"search_engine {self.search_engine!r} is none of {', '.join(SEARCH_ENGINES)}")

    def store_is_postgres(self) -> bool:
        """Whether ``db`` names a PostgreSQL database rather than a SQLite file."""
        return self.db.startswith(POSTGRES_SCHEMES)

    def search_index_folder(self) -> Path:
        """Where the tantivy index lives: ``search_index``, else beside the store (``graph.db`` → ``graph.db.search``)."""
        db = Path(self.db)
        return Path(self.search_index) if self.search_index else db.with_name(db.name + ".search")

    def snapshot_file(self) -> Path | None:
        """Where the graph's snapshot lives: ``graph_snapshot_file``, else beside a SQLite store; None: no snapshot."""
        if self.graph_snapshot_file:
            return Path(self.graph_snapshot_file)
        if self.store_is_postgres():
            return None
        db = Path(self.db)
        return db.with_name(db.name + ".graph")

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ``GRAPH_API_*`` environment variables, then non-None overrides."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for row in fields(cls):
            variable = env_name(row)
            if variable in environ:
                try:
                    values[row.name] = _coerce(environ[variable], row.default)
                except ValueError as error:
                    raise ValueError(f"{variable}={environ[variable]!r}: {error}") from None
        unknown = set(overrides) - {row.name for row in fields(cls)}
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)

    def as_rows(self) -> list[tuple[str, str, str, str]]:
        """(name, current value, environment variable, help) for every setting."""
        return [(row.name, str(getattr(self, row.name)), env_name(row), row.metadata["help"]) for row in fields(self)]


def env_name(row: Field[Any]) -> str:
    """The environment variable of a setting: ``GRAPH_API_MAX_PAGE_SIZE`` for ``max_page_size``."""
    return ENV_PREFIX + row.name.upper()


def _coerce(value: str, default: object) -> object:
    """Parse an environment string into the type of the setting's default."""
    if isinstance(default, bool):
        return value.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    if isinstance(default, Path):
        return Path(value)
    return value

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

T = TypeVar("T")


def setting(default: T, help: str) -> T:
    """A row of the table: a dataclass field with its default and its help text."""
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Resolved settings: defaults, overridden by environment, overridden by explicit values."""

    db: Path = setting(Path("data/graph.db"), "Path of the SQLite store (created if missing).")
    seeds: Path = setting(BUNDLED_SEEDS, "Folder of articles ingested when `serve` starts on an empty store (default: the bundled seeds).")
    host: str = setting("127.0.0.1", "Address the server listens on.")
    port: int = setting(8000, "Port the server listens on.")
    max_article_bytes: int = setting(1_000_000, "Largest accepted article text, in UTF-8 bytes.")
    default_page_size: int = setting(20, "Items in a connection page when `first` is not given.")
    max_page_size: int = setting(100, "Largest `first` a connection accepts.")
    max_search_results: int = setting(50, "Largest `first` the search field accepts.")
    max_query_depth: int = setting(12, "Deepest selection nesting a GraphQL query may have (introspection aside).")
    max_aliases: int = setting(100, "Most aliased fields a GraphQL document may have.")
    max_query_tokens: int = setting(2000, "Most tokens (names, brackets, colons) a GraphQL document may have.")
    response_cache_entries: int = setting(1024, "GraphQL responses kept per distinct request body until the graph changes (0: off).")
    related_limit: int = setting(25, "Most co-mentioned entities returned by `related` when `first` is not given.")
    spacy_model: str = setting(BUNDLED_MODEL, "spaCy pipeline for NER: `bundled` (ours) or an installed package name or path.")
    nlp_batch_size: int = setting(32, "Articles per batch sent through the spaCy pipeline.")
    progress_threshold: int = setting(20, "Inputs above which `ingest` shows a progress bar.")

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
    if isinstance(default, Path):
        return Path(value)
    return value

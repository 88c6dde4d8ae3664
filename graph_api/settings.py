"""The one table of settings: every limit and path, its default, help and environment variable."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

ENV_PREFIX = "GRAPH_API_"
BUNDLED_MODEL = "bundled"


@dataclass(frozen=True)
class Setting:
    """One row of the settings table."""

    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("db", Path("data/graph.db"), "Path of the SQLite store (created if missing)."),
    Setting("seeds", Path("seeds"), "Folder of articles ingested when `serve` starts on an empty store."),
    Setting("host", "127.0.0.1", "Address the server listens on."),
    Setting("port", 8000, "Port the server listens on."),
    Setting("max_article_bytes", 1_000_000, "Largest accepted article text, in UTF-8 bytes."),
    Setting("default_page_size", 20, "Items in a connection page when `first` is not given."),
    Setting("max_page_size", 100, "Largest `first` a connection accepts."),
    Setting("max_search_results", 50, "Largest `first` the search field accepts."),
    Setting("max_query_depth", 12, "Deepest selection nesting a GraphQL query may have."),
    Setting("response_cache_entries", 1024, "GraphQL responses kept per distinct request body until the graph changes (0: off)."),
    Setting("related_limit", 25, "Most co-mentioned entities returned by `related` when `first` is not given."),
    Setting("spacy_model", BUNDLED_MODEL, "spaCy pipeline for NER: `bundled` (ours) or an installed package name."),
    Setting("nlp_batch_size", 32, "Articles per batch sent through the spaCy pipeline."),
    Setting("progress_threshold", 20, "Inputs above which `ingest` shows a progress bar."),
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}


def _coerce(value: str, default: Any) -> Any:
    """Parse an environment string into the type of the setting's default."""
    if isinstance(default, bool):
        return value.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(value)
    if isinstance(default, Path):
        return Path(value)
    return value


@dataclass(frozen=True)
class Settings:
    """Resolved settings: defaults, overridden by environment, overridden by explicit values."""

    db: Path = field(default=_BY_NAME["db"].default)
    seeds: Path = field(default=_BY_NAME["seeds"].default)
    host: str = field(default=_BY_NAME["host"].default)
    port: int = field(default=_BY_NAME["port"].default)
    max_article_bytes: int = field(default=_BY_NAME["max_article_bytes"].default)
    default_page_size: int = field(default=_BY_NAME["default_page_size"].default)
    max_page_size: int = field(default=_BY_NAME["max_page_size"].default)
    max_search_results: int = field(default=_BY_NAME["max_search_results"].default)
    max_query_depth: int = field(default=_BY_NAME["max_query_depth"].default)
    response_cache_entries: int = field(default=_BY_NAME["response_cache_entries"].default)
    related_limit: int = field(default=_BY_NAME["related_limit"].default)
    spacy_model: str = field(default=_BY_NAME["spacy_model"].default)
    nlp_batch_size: int = field(default=_BY_NAME["nlp_batch_size"].default)
    progress_threshold: int = field(default=_BY_NAME["progress_threshold"].default)

    @classmethod
    def load(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ``GRAPH_API_*`` environment variables, then non-None overrides."""
        environ = dict(os.environ if environ is None else environ)
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            if setting.env in environ:
                try:
                    values[setting.name] = _coerce(environ[setting.env], setting.default)
                except ValueError as error:
                    raise ValueError(f"{setting.env}={environ[setting.env]!r}: {error}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)

    def as_rows(self) -> list[tuple[str, str, str, str]]:
        """(name, current value, environment variable, help) for every setting."""
        return [(s.name, str(getattr(self, s.name)), s.env, s.help) for s in SETTINGS]


assert {f.name for f in fields(Settings)} == set(_BY_NAME), "Settings and SETTINGS must match"

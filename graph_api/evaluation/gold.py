"""The hand-made gold of the news development set (format: ``tests/data/NEWS_GOLD.md``), read and checked."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_api.dates import DatePrecision
from graph_api.model import ENTITY_TYPES, EventType, NodeType

PARTS = ("dev", "held_out")


class GoldError(ValueError):
    """The gold file is malformed; the message names the file, article and field."""


@dataclass(frozen=True)
class GoldEntity:
    name: str
    type: NodeType
    mentions: tuple[str, ...]
    geonames: int | None = None
    country: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class GoldQuote:
    opening: str
    speaker: str | None


@dataclass(frozen=True)
class GoldEvent:
    type: EventType
    anchors: tuple[str, ...]
    date: str | None
    precision: DatePrecision | None
    place: str | None
    participants: tuple[str, ...]
    key: str | None = None


@dataclass(frozen=True)
class GoldArticle:
    file: str
    entities: tuple[GoldEntity, ...]
    not_persons: tuple[str, ...]
    quotes: tuple[GoldQuote, ...]
    events: tuple[GoldEvent, ...]

    def entity(self, name: str) -> GoldEntity:
        return next(e for e in self.entities if e.name == name)


@dataclass(frozen=True)
class Gold:
    split: dict[str, tuple[str, ...]]
    articles: dict[str, GoldArticle]

    def files(self, part: str) -> tuple[str, ...]:
        """The files of a part of the split, or of the whole set for ``all``."""
        return tuple(self.articles) if part == "all" else self.split[part]


def load_gold(path: Path) -> Gold:
    """Read and check a gold file; every reference must resolve inside its article."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise GoldError(f"{path}: {error}") from None
    articles = {name: _article(f"{path}: {name}", name, value) for name, value in raw["articles"].items()}
    split = {part: tuple(raw["split"][part]) for part in PARTS}
    for part, files in split.items():
        unknown = [f for f in files if f not in articles]
        if unknown:
            raise GoldError(f"{path}: split {part!r} names files without gold: {unknown}")
    return Gold(split, articles)


def _article(where: str, name: str, raw: dict[str, Any]) -> GoldArticle:
    entities = tuple(_entity(f"{where}: entity {e.get('name')!r}", e) for e in raw["entities"])
    names = {e.name for e in entities}
    quotes = tuple(GoldQuote(q["opening"], q["speaker"]) for q in raw["quotes"])
    events = tuple(_event(f"{where}: event {e.get('anchors')!r}", e) for e in raw["events"])
    references = [q.speaker for q in quotes] + [e.place for e in events] + [p for e in events for p in e.participants]
    unknown = sorted({r for r in references if r is not None and r not in names})
    if unknown:
        raise GoldError(f"{where}: speakers, places or participants that are not entities of the article: {unknown}")
    return GoldArticle(name, entities, tuple(raw.get("not_persons", ())), quotes, events)


def _entity(where: str, raw: dict[str, Any]) -> GoldEntity:
    try:
        node_type = NodeType(str(raw["type"]).lower())
    except ValueError:
        raise GoldError(f"{where}: {raw['type']!r} is not an entity type") from None
    if node_type not in ENTITY_TYPES:
        raise GoldError(f"{where}: {raw['type']!r} is not an entity type")
    mentions = tuple(raw["mentions"]) or (raw["name"],)
    return GoldEntity(raw["name"], node_type, mentions, raw.get("geonames"), raw.get("country"), bool(raw.get("optional")))


def _event(where: str, raw: dict[str, Any]) -> GoldEvent:
    try:
        event_type = EventType(raw["type"])
        precision = DatePrecision(raw["precision"]) if raw.get("precision") else None
    except ValueError as error:
        raise GoldError(f"{where}: {error}") from None
    if not raw["anchors"]:
        raise GoldError(f"{where}: an event needs at least one anchor")
    return GoldEvent(event_type, tuple(raw["anchors"]), raw.get("date"), precision, raw.get("place"), tuple(raw["participants"]), raw.get("key"))

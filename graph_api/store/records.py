"""Rows to records and back, shared by the store backends (SQLite and PostgreSQL name their columns alike)."""

from __future__ import annotations

import json
import sys
from typing import Any, Protocol

from graph_api.dates import PartialDate
from graph_api.model import (
    ArticleBody,
    ArticleDeletion,
    ArticleRecord,
    Change,
    Curation,
    CurationKind,
    EntityRef,
    EventMention,
    EventType,
    Mention,
    MentionKind,
    NodeType,
    PlaceInfo,
    PlaceKind,
)

DELETE_ARTICLE = "DELETE_ARTICLE"  # the kind of a deletion in the change log; the other kinds are CurationKind values


class Row(Protocol):
    """A database row read by column name (``sqlite3.Row``, psycopg's ``dict_row``)."""

    def __getitem__(self, key: str, /) -> Any: ...


def event_row(rowid: int, e: EventMention) -> tuple[object, ...]:
    date = e.date.iso() if e.date else None
    return (rowid, e.type.value, e.trigger, e.sentence, e.start, e.end, date, e.place_id, json.dumps(e.participants), e.label)


def event_from_row(row: Row) -> EventMention:
    participants = tuple((entity_id, role) for entity_id, role in json.loads(row["participants"]))
    date = PartialDate.parse(row["date"]) if row["date"] else None
    event_type = EventType(row["type"])
    return EventMention(event_type, row["trigger"], row["sentence"], row["start"], row["end"], date, row["place_id"], participants, row["label"])


def change_detail(change: Change) -> dict[str, object]:
    if isinstance(change, ArticleDeletion):
        return {"extracted": [[e.id, e.type.value, e.name] for e in change.extracted]}
    place = change.place
    return {"sources": list(change.sources), "value": change.value, "place": place_json(place) if place else None}


def place_json(place: PlaceInfo) -> dict[str, object]:
    return {
        "geoname_id": place.geoname_id, "name": place.name, "country_code": place.country_code,
        "latitude": place.latitude, "longitude": place.longitude, "kind": place.kind.value, "population": place.population,
    }  # fmt: skip


def change_from_row(row: Row) -> Change:
    if row["kind"] == DELETE_ARTICLE:
        extracted = tuple(EntityRef(i, NodeType(t), name) for i, t, name in json.loads(row["detail"]).get("extracted", ()))
        return ArticleDeletion(row["target"], row["author"], row["at"], row["sequence"], row["after_article"], extracted)
    detail = json.loads(row["detail"])
    place = detail.get("place")
    return Curation(
        kind=CurationKind(row["kind"]), entity_id=row["target"], sources=tuple(detail.get("sources", ())), value=detail.get("value"),
        place=PlaceInfo(**{**place, "kind": PlaceKind(place["kind"])}) if place else None,
        author=row["author"], at=row["at"], sequence=row["sequence"], after_article=row["after_article"],
    )  # fmt: skip


def entity_row(entity: EntityRef) -> tuple[object, ...]:
    place = entity.place
    return (
        entity.id, entity.type.value, entity.name,
        place.geoname_id if place else None, place.country_code if place else None,
        place.latitude if place else None, place.longitude if place else None,
        place.kind.value if place else None, place.population if place else None,
    )  # fmt: skip


def entity_from_row(row: Row) -> EntityRef:
    place = None
    if row["place_kind"] is not None:
        place = PlaceInfo(
            row["geoname_id"], row["name"], row["country_code"], row["latitude"], row["longitude"],
            PlaceKind(row["place_kind"]), row["population"] or 0,
        )  # fmt: skip
    return EntityRef(row["id"], NodeType(row["type"]), row["name"], place)


def body_from_row(row: Row) -> ArticleBody:
    return ArticleBody(
        row["text"], [(start, end) for start, end in json.loads(row["sentences"])], [(r["rule"], r["text"]) for r in json.loads(row["removed"])]
    )


def mention_from_row(row: Row) -> Mention:
    return Mention(row["entity_id"], row["text"], row["start"], row["end"], row["sentence"], row["label"], _MENTION_KINDS[row["kind"]])


_MENTION_KINDS = {kind.value: kind for kind in MentionKind}  # the enum's own lookup costs microseconds a mention


class RecordReader:
    """Article records from rows (``RECORD_COLUMNS``), sharing the strings and dates many articles have in common."""

    def __init__(self) -> None:
        self._dates: dict[str, PartialDate] = {}

    def record(self, row: Row) -> ArticleRecord:
        published = row["published"]
        return ArticleRecord(
            id=row["id"], source=sys.intern(row["source"]), title=row["title"], url=row["url"],
            published=self._date(published) if published else None, word_count=row["word_count"],
            ingested_at=sys.intern(row["ingested_at"]), removed_lines=row["removed_lines"],
        )  # fmt: skip

    def _date(self, text: str) -> PartialDate:
        found = self._dates.get(text)
        if found is None:
            found = self._dates[text] = PartialDate.parse(text)
        return found

"""A small corpus written as facts (no NLP), stored in a real SQLite file: every expected answer is known.

Three articles, newest first A1 (2024-03-05), A2 (2024-03), A3 (undated):

- A1 names Anna de Vries twice (once as "De Vries"), Koen Bakker and Genève; it reports a meeting of
  Anna de Vries with Koen Bakker in Genève on 2024-03-04, quotes Anna de Vries, and calls her minister.
- A2 names Anna de Vries, Genève and the Rode Kruis, and holds one scare quote (a fragment).
- A3 names Koen Bakker and the Rode Kruis, and quotes nobody in particular.
"""

from __future__ import annotations

from pathlib import Path

from graph_api.dates import PartialDate
from graph_api.model import (
    ArticleBody,
    ArticleFacts,
    ArticleRecord,
    EntityRef,
    EventMention,
    EventType,
    Mention,
    NodeType,
    PlaceInfo,
    PlaceKind,
    QuoteMention,
    RoleRecord,
    StoredArticle,
)
from graph_api.store import SQLiteStore

ANNA = EntityRef("person:anna-de-vries", NodeType.PERSON, "Anna de Vries")
KOEN = EntityRef("person:koen-bakker", NodeType.PERSON, "Koen Bakker")
GENEVA = EntityRef("place:gn2660646", NodeType.PLACE, "Genève", PlaceInfo(2660646, "Genève", "CH", 46.20222, 6.14569, PlaceKind.CITY, 183981))
RED_CROSS = EntityRef("organization:rode-kruis", NodeType.ORGANIZATION, "Rode Kruis")

A1_TEXT = "Minister Anna de Vries sprak maandag in Genève met Koen Bakker. “We gaan door”, zei De Vries na afloop van de ontmoeting."
A2_TEXT = "Anna de Vries bezocht Genève opnieuw. Het Rode Kruis noemde het bezoek ‘nuttig’ en kondigde hulp aan."
A3_TEXT = "Koen Bakker en het Rode Kruis openden een kantoor. “Het werk begint nu”, klonk het op straat."

A1, A2, A3 = "a1", "a2", "a3"
MEETING_ID_SENTENCE = 0


def _mention(entity: EntityRef, text: str, body: str, label: str, occurrence: int = 0) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(text, start + 1)
    return Mention(entity.id, text, start, start + len(text), 0 if start < body.index(".") else 1, label)


def _record(article_id: str, title: str, text: str, published: PartialDate | None) -> ArticleRecord:
    return ArticleRecord(article_id, f"{article_id}.txt", title, published, None, len(text.split()), "2026-01-01T00:00:00+00:00")


def _body(text: str) -> ArticleBody:
    return ArticleBody(text, [(0, text.index(".") + 1), (text.index(".") + 2, len(text))])


def articles() -> list[StoredArticle]:
    """The three articles, in the order they are stored."""
    first_sentence_end = A1_TEXT.index(".") + 1
    meeting = EventMention(
        EventType.MEETING,
        "sprak",
        0,
        0,
        first_sentence_end,
        PartialDate(2024, 3, 4),
        GENEVA.id,
        ((ANNA.id, None), (KOEN.id, "with")),
        "ontmoeting met Anna de Vries, Koen Bakker in Genève",
    )
    quote_start = A1_TEXT.index("We gaan")
    a1 = StoredArticle(
        _record(A1, "De Vries in Genève", A1_TEXT, PartialDate(2024, 3, 5)),
        ArticleFacts(
            mentions=[
                _mention(ANNA, "Anna de Vries", A1_TEXT, "PER"),
                _mention(GENEVA, "Genève", A1_TEXT, "LOC"),
                _mention(KOEN, "Koen Bakker", A1_TEXT, "PER"),
                _mention(ANNA, "De Vries", A1_TEXT, "PER"),
            ],
            entities=[ANNA, GENEVA, KOEN],
            roles=[RoleRecord(ANNA.id, "minister", None, None, A1, 0)],
            events=[meeting],
            quotes=[QuoteMention("We gaan door", quote_start, quote_start + len("We gaan door"), 1, ANNA.id, False)],
        ),
        _body(A1_TEXT),
    )
    fragment_start = A2_TEXT.index("nuttig")
    a2 = StoredArticle(
        _record(A2, "Opnieuw in Genève", A2_TEXT, PartialDate(2024, 3)),
        ArticleFacts(
            mentions=[
                _mention(ANNA, "Anna de Vries", A2_TEXT, "PER"),
                _mention(GENEVA, "Genève", A2_TEXT, "LOC"),
                _mention(RED_CROSS, "Rode Kruis", A2_TEXT, "ORG"),
            ],
            entities=[ANNA, GENEVA, RED_CROSS],
            quotes=[QuoteMention("nuttig", fragment_start, fragment_start + len("nuttig"), 1, None, True)],
        ),
        _body(A2_TEXT),
    )
    unattributed = A3_TEXT.index("Het werk")
    a3 = StoredArticle(
        _record(A3, "Een kantoor", A3_TEXT, None),
        ArticleFacts(
            mentions=[_mention(KOEN, "Koen Bakker", A3_TEXT, "PER"), _mention(RED_CROSS, "Rode Kruis", A3_TEXT, "ORG")],
            entities=[KOEN, RED_CROSS],
            quotes=[QuoteMention("Het werk begint nu", unattributed, unattributed + len("Het werk begint nu"), 1, None, False)],
        ),
        _body(A3_TEXT),
    )
    return [a1, a2, a3]


def write_store(path: Path) -> Path:
    """A real SQLite store holding the three articles."""
    store = SQLiteStore(path)
    try:
        with store.transaction() as writer:
            for article in articles():
                writer.add_article(article)
    finally:
        store.close()
    return path

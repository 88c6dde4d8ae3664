"""The orders of articles and quotes kept up to date as articles come in (no sort per article), checked against a graph
that sorts once.

Articles of every kind of date (day, month, year, none, the same day twice), with none, one or two
quotes, come in out of order; after each one, the article and quote orders, every position in them,
the people's order and the article lists of the entities they mention must equal those of a graph
built from the same articles at once.
"""

from __future__ import annotations

import random
from datetime import date

from graph_api.dates import PartialDate
from graph_api.graph.knowledge_graph import KnowledgeGraph
from graph_api.model import ArticleBody, ArticleFacts, ArticleRecord, EntityRef, Mention, NodeType, QuoteMention, StoredArticle

PEOPLE = [EntityRef(f"person:p{i}", NodeType.PERSON, f"Persoon {i}") for i in range(3)]
DATES = [
    PartialDate(2024, 3, 5), PartialDate(2024, 3), PartialDate(2024), None, PartialDate(2024, 3, 5), PartialDate(2023, 12, 31),
    PartialDate(2025, 1, 1), None, PartialDate(2024, 3, 4), PartialDate(2024, 3),
]  # fmt: skip


def article(number: int, published: PartialDate | None) -> StoredArticle:
    named = [PEOPLE[number % 3], PEOPLE[(number + 1) % 3]] if number % 2 else [PEOPLE[number % 3]]
    said = ["Wij gaan door", "Het werk begint nu"][: number % 3]
    text = " en ".join(person.name for person in named) + " spraken." + "".join(f" “{words}”, zei {named[0].name}." for words in said)
    mentions, start = [], 0
    for person in named:
        start = text.index(person.name, start)
        mentions.append(Mention(person.id, person.name, start, start + len(person.name), 0, "PER"))
    quotes = [QuoteMention(words, text.index(words), text.index(words) + len(words), 1 + i, named[0].id, False) for i, words in enumerate(said)]
    record = ArticleRecord(f"art{number:02d}", "test", f"Bericht {number}", published, None, 3, "2026-01-01T00:00:00+00:00")
    return StoredArticle(record, ArticleFacts(mentions=mentions, entities=named, quotes=quotes), ArticleBody(text))


def orders(graph: KnowledgeGraph) -> dict[str, object]:
    order, quotes = graph.ids(NodeType.ARTICLE), graph.ids(NodeType.QUOTE)
    return {
        "articles": list(order),
        "positions": [graph.position(NodeType.ARTICLE, article_id) for article_id in order],
        "quotes": list(quotes),
        "quote_positions": [graph.position(NodeType.QUOTE, quote_id) for quote_id in quotes],
        "people": list(graph.ids(NodeType.PERSON)),
        "of_people": {p.id: list(graph.article_ids_of_entity(p.id)) for p in PEOPLE if graph.entity(p.id)},
        "among": {p.id: [graph.position_among_articles(graph.article_ids_of_entity(p.id), a) for a in order] for p in PEOPLE if graph.entity(p.id)},
    }


def test_the_article_order_kept_as_articles_come_in_equals_one_sorted_at_once() -> None:
    stored = [article(number, published) for number, published in enumerate(DATES)]
    random.Random(7).shuffle(stored)
    growing = KnowledgeGraph()
    for count, item in enumerate(stored, start=1):
        growing.add_article(item)
        at_once = KnowledgeGraph()
        for earlier in stored[:count]:
            at_once.add_article(earlier)
        assert orders(growing) == orders(at_once), f"after {count} articles"
    kept = orders(growing)
    sorted_by_key = KnowledgeGraph()  # its entities' articles asked for before the article order exists: sorted by key
    for item in stored:
        sorted_by_key.add_article(item)
    assert {p.id: sorted_by_key.article_ids_of_entity(p.id) for p in PEOPLE} == kept["of_people"]  # picked out of the order
    assert kept["positions"] == list(range(len(DATES)))
    assert len(kept["quotes"]) == sum(number % 3 for number in range(len(DATES))) and kept["quote_positions"] == list(range(len(kept["quotes"])))
    quoted = [(growing.quote(q).article_id, growing.quote(q).start) for q in kept["quotes"]]
    assert quoted == sorted(quoted, key=lambda q: (kept["articles"].index(q[0]), q[1]))  # newest article first, then in text order
    assert all(isinstance(p, int) for among in kept["among"].values() for p in among if p is not None)
    assert growing.position(NodeType.ARTICLE, "no-such-article") is None and growing.position(NodeType.ARTICLE, PEOPLE[0].id) is None
    newest_first = [growing.article(a).published for a in kept["articles"]]
    assert newest_first[0] == PartialDate(2025, 1, 1) and newest_first[-2:] == [None, None]


def test_trending_is_kept_per_graph_version_and_counted_again_after_a_write() -> None:
    graph = KnowledgeGraph()
    graph.add_article(article(0, PartialDate(2024, 5, 10)))  # Persoon 0, the window before
    graph.add_article(article(1, PartialDate(2024, 6, 10)))  # Persoon 1 and 2, the window
    june = (date(2024, 6, 1), date(2024, 6, 30))
    first = graph.trending(*june, NodeType.PERSON)
    assert [t.entity_id for t in first] == sorted([PEOPLE[1].id, PEOPLE[2].id]) and graph.trending(*june, NodeType.PERSON) is first
    graph.add_article(article(3, PartialDate(2024, 6, 20)))  # Persoon 0 and 1 again: Persoon 0 grows no more, Persoon 1 most
    after = graph.trending(*june, NodeType.PERSON)
    assert after is not first and after[0].entity_id == PEOPLE[1].id and after[0].mentions == 2
    assert graph.trending(*june, NodeType.PLACE) == []

"""The knowledge graph's indexes, on records built by hand."""

from __future__ import annotations

from graph_api.dates import PartialDate
from graph_api.graph.knowledge_graph import KnowledgeGraph
from graph_api.model import ArticleFacts, ArticleRecord, EntityRef, Mention, NodeType, StoredArticle


def article(article_id: str, published: PartialDate | None, mentions: list[Mention], entities: list[EntityRef]) -> StoredArticle:
    return StoredArticle(ArticleRecord(article_id, "test", article_id, published, None, 1), ArticleFacts(mentions, entities))


def mention(entity: EntityRef, text: str | None = None, start: int = 0) -> Mention:
    return Mention(entity.id, text or entity.name, start, start + len(text or entity.name), 0, "PER")


RUTTE = EntityRef("person:mark-rutte", NodeType.PERSON, "Mark Rutte")
ZELENSKY = EntityRef("person:volodymyr-zelensky", NodeType.PERSON, "Volodymyr Zelensky")
NAVO = EntityRef("organization:navo", NodeType.ORGANIZATION, "NAVO")


FIRST = article("article:1", PartialDate(2024, 1), [mention(RUTTE), mention(NAVO, start=20), mention(RUTTE, "Rutte", 40)], [RUTTE, NAVO])


def build() -> KnowledgeGraph:
    graph = KnowledgeGraph()
    graph.add_article(FIRST)
    graph.add_article(article("article:2", PartialDate(2024, 6, 2), [mention(RUTTE, "Rutte"), mention(ZELENSKY, "Zelénski", 10)], [RUTTE, ZELENSKY]))
    graph.add_article(article("article:3", None, [mention(NAVO, "Navo"), mention(RUTTE, "RUTTE", 10)], [NAVO, RUTTE]))
    return graph


def test_typed_nodes_and_edges() -> None:
    graph = build()
    assert graph.node_type("person:mark-rutte") is NodeType.PERSON
    assert dict(graph.mention_counts("article:1")) == {"person:mark-rutte": 2, "organization:navo": 1}
    assert [(m.entity_id, m.start) for m in graph.curated_mentions("article:1", FIRST.facts.mentions)] == [
        ("person:mark-rutte", 0), ("organization:navo", 20), ("person:mark-rutte", 40)
    ]  # fmt: skip
    assert not graph.mentions_entity("article:2", "organization:navo")
    assert graph.stats()["articles"] == 3 and graph.stats()["people"] == 2 and graph.stats()["organizations"] == 1


def test_name_lookup_ignores_case_and_diacritics_and_knows_aliases() -> None:
    graph = build()
    assert [e.id for e in graph.find_entities("mark rutte")] == ["person:mark-rutte"]
    assert [e.id for e in graph.find_entities("rutte")] == ["person:mark-rutte"]
    assert [e.id for e in graph.find_entities("ZELENSKI")] == ["person:volodymyr-zelensky"]
    assert [e.id for e in graph.find_entities("navo")] == ["organization:navo"]
    assert graph.find_entities("nobody") == []


def test_aliases_and_counts() -> None:
    rutte = build().entity("person:mark-rutte")
    assert rutte.mention_count == 4
    assert rutte.aliases == {"Mark Rutte": 1, "Rutte": 2, "RUTTE": 1}


def test_articles_newest_first_and_entities_by_article_count() -> None:
    graph = build()
    assert graph.ids(NodeType.ARTICLE) == ["article:2", "article:1", "article:3"]
    assert graph.article_ids_of_entity("person:mark-rutte") == ["article:2", "article:1", "article:3"]
    assert graph.ids(NodeType.PERSON) == ["person:mark-rutte", "person:volodymyr-zelensky"]
    assert graph.article_count("person:mark-rutte") == 3
    assert graph.position_among_articles(graph.article_ids_of_entity("organization:navo"), "article:3") == 1


def test_related_entities_weighted_by_shared_articles() -> None:
    graph = build()
    related = [(r.entity.id, r.weight) for r in graph.related("person:mark-rutte", 10)]
    assert related == [("organization:navo", 2), ("person:volodymyr-zelensky", 1)]
    assert [(r.entity.id, r.weight) for r in graph.related("person:mark-rutte", 1)] == [("organization:navo", 2)]


def test_search_by_name_prefix() -> None:
    graph = build()
    assert [e.id for e in graph.search_entities("zel", 5)] == ["person:volodymyr-zelensky"]
    assert [e.id for e in graph.search_entities("Mark", 5)] == ["person:mark-rutte"]

"""Wrap graph records in their GraphQL types."""

from __future__ import annotations

from graph_api.api.types.article import Article
from graph_api.api.types.entity import Entity
from graph_api.api.types.node import Node
from graph_api.api.types.organization import Organization
from graph_api.api.types.person import Person
from graph_api.api.types.place import Place
from graph_api.graph.knowledge_graph import KnowledgeGraph
from graph_api.graph.model import ArticleRecord, EntityRecord, NodeType

_ENTITY_TYPES: dict[NodeType, type[Entity]] = {
    NodeType.PERSON: Person,
    NodeType.PLACE: Place,
    NodeType.ORGANIZATION: Organization,
}


def as_entity(record: EntityRecord) -> Entity:
    return _ENTITY_TYPES[record.type](record=record)


def as_node(record: ArticleRecord | EntityRecord) -> Node:
    if isinstance(record, ArticleRecord):
        return Article(record=record)
    return as_entity(record)


def entity_by_id(graph: KnowledgeGraph, entity_id: str | None) -> Entity | None:
    """The entity with this id (or the one it was merged into); None for no id or no entity."""
    record = graph.entity(entity_id) if entity_id else None
    return as_entity(record) if record else None


def article_by_id(graph: KnowledgeGraph, article_id: str) -> Article | None:
    record = graph.article(article_id)
    return Article(record=record) if record else None


def article_records(graph: KnowledgeGraph, article_ids: list[str]) -> list[ArticleRecord]:
    """The records of the articles that exist, in the given order."""
    return [r for r in map(graph.article, article_ids) if r is not None]

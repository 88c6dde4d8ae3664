"""Wrap graph records in their GraphQL types."""

from __future__ import annotations

from graph_api.api.types.article import Article
from graph_api.api.types.entity import Entity
from graph_api.api.types.node import Node
from graph_api.api.types.organization import Organization
from graph_api.api.types.person import Person
from graph_api.api.types.place import Place
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

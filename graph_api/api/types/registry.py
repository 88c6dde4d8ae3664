"""Graph records → their GraphQL types, through one registry the type modules fill.

Each GraphQL object type registers itself for the node type it shows (``@shows(NodeType.PERSON)``);
resolvers turn any record into its GraphQL object with ``as_node``, ``as_entity`` or ``as_nodes``
without importing the other type modules, so the types never import each other at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from graph_api.model import ArticleRecord, EntityRecord, EventRecord, NodeRecord, NodeType, QuoteRecord

if TYPE_CHECKING:
    from graph_api.api.types.article import Article
    from graph_api.api.types.entity import Entity
    from graph_api.api.types.event import Event
    from graph_api.api.types.node import Node
    from graph_api.api.types.quote import Quote

T = TypeVar("T")
_TYPES: dict[NodeType, Callable[..., Any]] = {}


def shows(node_type: NodeType) -> Callable[[type[T]], type[T]]:
    """Class decorator: this GraphQL type shows the records of ``node_type``."""

    def register(cls: type[T]) -> type[T]:
        if node_type in _TYPES:
            raise ValueError(f"{node_type} is already shown by {_TYPES[node_type]}")
        _TYPES[node_type] = cls
        return cls

    return register


def node_type_of(record: NodeRecord) -> NodeType:
    """The node type of a record: entities carry theirs, the other records are one type each."""
    if isinstance(record, EntityRecord):
        return record.type
    if isinstance(record, ArticleRecord):
        return NodeType.ARTICLE
    if isinstance(record, EventRecord):
        return NodeType.EVENT
    return NodeType.QUOTE


def as_node(record: NodeRecord) -> Node:
    """The GraphQL object showing any record."""
    return cast("Node", _TYPES[node_type_of(record)](record=record))


# Appended to the description of every plain list field that grows with the corpus or the article.
CAPPED = " At most `max_list_items` (a setting) items."


def as_nodes(records: Iterable[NodeRecord | None]) -> list[Node]:
    """The GraphQL objects of the records that exist, in order."""
    return [as_node(r) for r in records if r is not None]


def as_entity(record: EntityRecord) -> Entity:
    return cast("Entity", as_node(record))


def as_entities(records: Iterable[NodeRecord | None]) -> list[Entity]:
    return [as_entity(r) for r in records if isinstance(r, EntityRecord)]


def as_article(record: ArticleRecord) -> Article:
    return cast("Article", as_node(record))


def as_articles(records: Iterable[NodeRecord | None]) -> list[Article]:
    return [as_article(r) for r in records if isinstance(r, ArticleRecord)]


def as_events(records: Iterable[EventRecord]) -> list[Event]:
    return [cast("Event", as_node(r)) for r in records]


def as_quotes(records: Iterable[QuoteRecord]) -> list[Quote]:
    return [cast("Quote", as_node(r)) for r in records]


def registered() -> set[NodeType]:
    """The node types that have a GraphQL type (every one, once the schema is built)."""
    return set(_TYPES)

"""The ``SearchHit`` type returned by ``search``."""

from __future__ import annotations

import strawberry

from graph_api.api.types.node import Node


@strawberry.type(description="One search result: an entity matched by name or an article matched by its text.")
class SearchHit:
    node: Node = strawberry.field(description="The entity or article found.")
    score: float = strawberry.field(description="Relevance; higher is better. Entities rank before articles.")
    snippet: str | None = strawberry.field(description="For an article, the matching passage with the terms in [brackets].")

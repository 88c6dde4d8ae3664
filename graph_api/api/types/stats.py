"""The ``Stats`` type: how big the graph is."""

from __future__ import annotations

import strawberry


@strawberry.type(description="Counts of what the knowledge graph holds.")
class Stats:
    articles: int = strawberry.field(description="Articles ingested.")
    people: int = strawberry.field(description="Distinct people.")
    places: int = strawberry.field(description="Distinct places.")
    organizations: int = strawberry.field(description="Distinct organisations.")
    events: int = strawberry.field(description="Distinct events.")
    quotes: int = strawberry.field(description="Quotes.")
    nodes: int = strawberry.field(description="All nodes of the graph.")
    edges: int = strawberry.field(description="All edges of the graph (mentions and co-mentions).")

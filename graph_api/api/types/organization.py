"""The ``Organization`` type."""

from __future__ import annotations

import strawberry

from graph_api.api.types.entity import Entity


@strawberry.type(description="An organisation named in the articles: a company, party, alliance, ministry …")
class Organization(Entity):
    pass

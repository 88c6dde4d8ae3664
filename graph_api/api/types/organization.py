"""The ``Organization`` type."""

from __future__ import annotations

import strawberry

from graph_api.api.types.entity import Entity
from graph_api.api.types.registry import shows
from graph_api.model import NodeType


@shows(NodeType.ORGANIZATION)
@strawberry.type(description="An organisation named in the articles: a company, party, alliance, ministry …")
class Organization(Entity):
    pass

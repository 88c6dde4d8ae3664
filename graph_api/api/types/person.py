"""The ``Person`` type."""

from __future__ import annotations

import strawberry

from graph_api.api.types.entity import Entity


@strawberry.type(description="A person named in the articles.")
class Person(Entity):
    pass

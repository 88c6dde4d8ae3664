"""The Relay ``Node`` interface: anything with a global id."""

from __future__ import annotations

from typing import Any

import strawberry


@strawberry.interface(description="An object with a global id, fetchable with `node(id:)`.")
class Node:
    record: strawberry.Private[Any]

    @strawberry.field(description="Global id, stable across restarts (for example `person:vladimir-putin`).")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.record.id)

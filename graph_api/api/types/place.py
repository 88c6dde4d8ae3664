"""The ``Place`` type, linked to GeoNames where the gazetteer knows it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph_api.api.connection import After, Connection, First
from graph_api.api.context import Info
from graph_api.api.types.entity import Entity
from graph_api.api.types.enums import PlaceKind
from graph_api.api.types.pages import event_page
from graph_api.api.types.registry import shows
from graph_api.model import NodeType

if TYPE_CHECKING:
    from graph_api.api.types.event import Event


EventRef = Annotated["Event", strawberry.lazy("graph_api.api.types.event")]


@shows(NodeType.PLACE)
@strawberry.type(description="A place named in the articles, with GeoNames data when it could be linked.")
class Place(Entity):
    @strawberry.field(description="ISO 3166-1 alpha-2 code of the country the place is (in); null when unknown.")
    def country_code(self) -> str | None:
        return self.record.place.country_code if self.record.place else None

    @strawberry.field(description="Latitude in degrees (WGS84); a country's is its capital's. Null when unknown.")
    def latitude(self) -> float | None:
        return self.record.place.latitude if self.record.place else None

    @strawberry.field(description="Longitude in degrees (WGS84); a country's is its capital's. Null when unknown.")
    def longitude(self) -> float | None:
        return self.record.place.longitude if self.record.place else None

    @strawberry.field(description="GeoNames id (see geonames.org); null for places not in the gazetteer.")
    def geoname_id(self) -> int | None:
        return self.record.place.geoname_id if self.record.place else None

    @strawberry.field(description="Events that happened here or that this country takes part in, newest first.")
    def events(self, info: Info, first: First = None, after: After = None) -> Connection[EventRef]:
        return event_page(info.context, info.context.graph.events_of_entity(self.record.id), first, after)

    @strawberry.field(description="Kind of place; OTHER when it could not be linked.")
    def kind(self) -> PlaceKind:
        return self.record.place.kind if self.record.place else PlaceKind.OTHER

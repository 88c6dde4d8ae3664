"""The GraphQL enums: the domain's own enums, registered with Strawberry with a description.

``strawberry.enum`` marks the class itself, so annotations name the domain classes imported from here.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from graph_api.dates import DatePrecision
from graph_api.graph.algorithms import Significance
from graph_api.graph.timeline import Interval
from graph_api.model import EdgeKind, EventType, MentionKind, NodeType, PlaceKind

__all__ = ["DatePrecision", "EdgeKind", "EntityType", "EventType", "Interval", "MentionKind", "NodeKind", "PlaceKind", "Significance"]


class _EntityKind:
    """What the two enums of entity kinds share (their values are ``NodeType`` names)."""

    value: str

    @property
    def node_type(self) -> NodeType:
        return NodeType[self.value]


@strawberry.enum(description="A kind of entity.")
class NodeKind(_EntityKind, Enum):
    PERSON = "PERSON"
    PLACE = "PLACE"
    ORGANIZATION = "ORGANIZATION"


# The same kinds under the name `setEntityType` takes (NodeKind is published for the exploration fields).
@strawberry.enum(description="The type an entity can be given: person, place or organisation.")
class EntityType(_EntityKind, Enum):
    PERSON = "PERSON"
    PLACE = "PLACE"
    ORGANIZATION = "ORGANIZATION"


for _enum, _description in (
    (DatePrecision, "How much of a date is known: year, month or day."),
    (EdgeKind, "How two entities are linked: named in the same article, or taking part in the same event (the stronger link)."),
    (Interval, "Width of a timeline bucket; weeks start on Monday."),
    (MentionKind, "How a mention refers to its entity."),
    (PlaceKind, "What kind of place: country, city, region, continent or other."),
    (EventType, "Kind of event, from a Dutch trigger lexicon."),
):
    strawberry.enum(_enum, description=_description)
strawberry.enum(Significance, name="RelatedBy", description="How co-mentioned entities are ranked: raw count, or a significance measure.")

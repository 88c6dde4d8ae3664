"""The GraphQL enums: the domain's own enums, registered with Strawberry with a description.

``strawberry.enum`` marks the class itself, so annotations name the domain classes imported from here.
"""

from __future__ import annotations

import strawberry

from graph_api.dates import DatePrecision
from graph_api.model import EventType, MentionKind, PlaceKind

__all__ = ["DatePrecision", "EventType", "MentionKind", "PlaceKind"]

for _enum, _description in (
    (DatePrecision, "How much of a date is known: year, month or day."),
    (MentionKind, "How a mention refers to its entity."),
    (PlaceKind, "What kind of place: country, city, region, continent or other."),
    (EventType, "Kind of event, from a Dutch trigger lexicon."),
):
    strawberry.enum(_enum, description=_description)

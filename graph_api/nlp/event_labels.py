"""Event labels as Dutch phrases: what happened, who took part, and where.

The event noun comes first, then the participants in the roles their prepositions gave them, then
the place: ``ontmoeting van Rutte met Macron in Parijs``, ``overname van X door Y``, ``vonnis tegen X``.
"""

from __future__ import annotations

from graph_api.model import EventType

ROLE_PREPOSITIONS = (("of", "van"), ("for", "namens"), ("with", "met"), ("between", "tussen"), ("by", "door"), ("against", "tegen"))
MAX_NAMES = 3
# Place names that take an article in Dutch ("in de Verenigde Staten").
ARTICLE_PLACE_STARTS = ("Verenigde ", "Filipijnen", "Nederlandse Antillen", "Emiraten")


def event_label(noun: str, event_type: EventType, participants: list[tuple[str, str | None]], place: str | None) -> str:
    """``noun`` with its participants (name, role) grouped by role, then ``in`` the place."""
    groups: dict[str, list[str]] = {}
    for name, role in participants[:MAX_NAMES]:
        groups.setdefault(role or "of", []).append(name)
    # A meeting's unmarked participants met each other: "ontmoeting van A met B".
    if event_type is EventType.MEETING and "with" not in groups and len(groups.get("of", [])) > 1:
        first, *others = groups["of"]
        groups["of"], groups["with"] = [first], others
    parts = [noun]
    for role, preposition in ROLE_PREPOSITIONS:
        if names := groups.get(role):
            parts.append(f"{preposition} {join_names(names)}")
    if place:
        parts.append(f"in {with_article(place)}")
    return " ".join(parts)


def join_names(names: list[str]) -> str:
    """``A``, ``A en B``, ``A, B en C``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def with_article(place: str) -> str:
    return f"de {place}" if place.startswith(ARTICLE_PLACE_STARTS) else place

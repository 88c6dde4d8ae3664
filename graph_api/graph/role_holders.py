"""Who held a role when: the graph-wide answer to "de premier" or "de Duitse bondskanselier" in an article that names nobody in it.

Every role an article states (``premier Mark Rutte``) is indexed by title and country with the
article's date. A role reference resolves to the person last stated in that role on or before the
referring article's date; without a country ("de premier"), only when the graph knows a single
holder of the title at all, since Dutch and Flemish news mean different premiers.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict
from collections.abc import Callable

from graph_api.dates import PartialDate
from graph_api.model import RoleRecord

# Dates sort as (year, month, day); an undated statement counts as the oldest.
_UNDATED = (0, 0, 0)


class RoleHolders:
    """(title, country) → (date, person) statements, in date order."""

    def __init__(self) -> None:
        self._by_title: dict[tuple[str, str | None], list[tuple[tuple[int, int, int], str]]] = defaultdict(list)
        self._people_by_title: dict[str, Counter[str]] = defaultdict(Counter)  # title → person → statements

    def add(self, role: RoleRecord, published: PartialDate | None) -> None:
        title = role.title.lower()
        insort(self._by_title[(title, role.country_id)], _statement(role, published))
        self._people_by_title[title][role.person_id] += 1

    def remove(self, role: RoleRecord, published: PartialDate | None) -> None:
        """Take back one statement ``add`` made (a no-op when there is none)."""
        title, statement = role.title.lower(), _statement(role, published)
        statements = self._by_title.get((title, role.country_id), [])
        index = bisect_left(statements, statement)
        if index == len(statements) or statements[index] != statement:
            return
        del statements[index]
        if not statements:
            del self._by_title[(title, role.country_id)]
        people = self._people_by_title[title]
        people[role.person_id] -= 1
        if people[role.person_id] <= 0:
            del people[role.person_id]
        if not people:
            del self._people_by_title[title]

    def holder(self, title: str, country_id: str | None, at: PartialDate | None, canonical: Callable[[str], str]) -> str | None:
        """The person holding the role at a date, by the latest statement on or before it."""
        title = title.lower()
        if country_id is None:
            people = {canonical(p) for p in self._people_by_title.get(title, ())}
            return next(iter(people)) if len(people) == 1 else None
        statements = self._by_title.get((title, country_id), [])
        cutoff = at.sort_key() if at else (9999, 99, 99)
        index = bisect_right(statements, (cutoff, "\uffff"))
        return canonical(statements[index - 1][1]) if index else None


def _statement(role: RoleRecord, published: PartialDate | None) -> tuple[tuple[int, int, int], str]:
    return (published.sort_key() if published else _UNDATED, role.person_id)

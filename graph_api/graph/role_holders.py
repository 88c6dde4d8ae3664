"""Who held a role when: the graph-wide answer to "de premier" or "de Duitse bondskanselier" in an article that names nobody in it.

Every role an article states (``premier Mark Rutte``) is indexed by title and country with the
article's date. A role reference resolves to the person last stated in that role on or before the
referring article's date; without a country ("de premier"), only when the graph knows a single
holder of the title at all, since Dutch and Flemish news mean different premiers.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections import defaultdict
from collections.abc import Callable

from graph_api.dates import PartialDate
from graph_api.model import RoleRecord

# Dates sort as (year, month, day); an undated statement counts as the oldest.
_UNDATED = (0, 0, 0)


class RoleHolders:
    """(title, country) → (date, person) statements, in date order."""

    def __init__(self) -> None:
        self._by_title: dict[tuple[str, str | None], list[tuple[tuple[int, int, int], str]]] = defaultdict(list)
        self._people_by_title: dict[str, set[str]] = defaultdict(set)

    def add(self, role: RoleRecord, published: PartialDate | None) -> None:
        title = role.title.lower()
        insort(self._by_title[(title, role.country_id)], (published.sort_key() if published else _UNDATED, role.person_id))
        self._people_by_title[title].add(role.person_id)

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

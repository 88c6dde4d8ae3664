"""Cross-article entity resolution: which existing entity a newly extracted one is.

Rules, applied when an article's entities join the graph:

- A full name joins a known person with the same surname and a compatible first name, allowing
  for transliteration (Zelenski, Zelensky; Joeri, Yuri; Volodymyr, Wolodymyr).
  Two people whose first names differ are never joined.
- A surname on its own joins the one known full name with that surname; when there are several,
  it stays apart. A surname seen before any full name joins it when the full name arrives.
- An acronym joins the one organisation or place whose initials it is (VS, Verenigde Staten;
  EU, Europese Unie), whichever arrives first.
- Type consistency: a one-word organisation or unlinked place known as a person's name is that
  person (NER most often mistypes people's surnames), and a person absorbs such an entity; an
  acronym in capitals (``SARS``) is never a surname.
"""

from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz.distance import JaroWinkler

from graph_api.model import EntityRef, NodeType
from graph_api.names import SURNAME_PARTICLES, name_key

SURNAME_SIMILARITY = 0.93
FIRST_NAME_SIMILARITY = 0.9
_SPELLING = ((r"oe", "u"), (r"ij", "i"), (r"y", "i"), (r"w", "v"), (r"j", "i"), (r"kh", "h"), (r"ph", "f"), (r"c", "k"), (r"q", "k"))
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


def spelling_key(word: str) -> str:
    """A key under which transliterations agree: ``Zelensky`` and ``Zelenski`` give ``zelenski``."""
    key = name_key(word).replace(" ", "")
    for pattern, replacement in _SPELLING:
        key = key.replace(pattern, replacement)
    return re.sub(r"(.)\1+", r"\1", key)


def similar(a: str, b: str, threshold: float) -> bool:
    return a == b or JaroWinkler.similarity(a, b) >= threshold


def initials(name: str) -> str:
    """``Verenigde Staten`` → ``vs``; only capitalised words count (``Ministerie van Defensie`` → ``md``)."""
    words = re.split(r"[\s-]+", name)
    return "".join(w[0] for w in words if w[:1].isupper()).lower() if len(words) >= 2 else ""


def person_parts(name: str) -> tuple[str, str]:
    """(first name, surname) spelling keys; no first name for ``Rutte`` or ``De Jonge``."""
    words = name_key(name).split()
    if not words:
        return "", ""
    has_first = len(words) >= 2 and words[0] not in SURNAME_PARTICLES
    return (spelling_key(words[0]) if has_first else ""), spelling_key(words[-1])


class Resolver:
    """Indexes of the graph's entities by surname, initials and acronym (no scans)."""

    def __init__(self) -> None:
        self.blocks: dict[str, set[str]] = defaultdict(set)  # first three letters of surname → persons
        self.parts: dict[str, tuple[str, str]] = {}  # person → (first name, surname)
        self.by_initials: dict[str, set[str]] = defaultdict(set)
        self.acronyms: dict[str, set[str]] = defaultdict(set)

    def register(self, entity: EntityRef) -> None:
        """Index a newly created canonical entity."""
        if entity.type is NodeType.PERSON:
            first, surname = person_parts(entity.name)
            if surname:
                self.parts[entity.id] = (first, surname)
                self.blocks[surname[:3]].add(entity.id)
        elif _ACRONYM.match(entity.name):
            self.acronyms[entity.name.lower()].add(entity.id)
        elif key := initials(entity.name):
            self.by_initials[key].add(entity.id)

    def forget(self, entity_id: str, entity: EntityRef) -> None:
        """Drop an entity merged into another."""
        parts = self.parts.pop(entity_id, None)
        if parts:
            self.blocks[parts[1][:3]].discard(entity_id)
        self.acronyms[entity.name.lower()].discard(entity_id)
        self.by_initials[initials(entity.name)].discard(entity_id)

    def _persons_with_surname(self, surname: str) -> list[tuple[str, str]]:
        """(id, first name) of persons whose surname is a spelling of this one."""
        return [
            (person_id, self.parts[person_id][0])
            for person_id in self.blocks.get(surname[:3], ())
            if similar(self.parts[person_id][1], surname, SURNAME_SIMILARITY)
        ]

    def match_person(self, name: str) -> str | None:
        """The known person a name refers to, if exactly one fits."""
        first, surname = person_parts(name)
        if not surname:
            return None
        candidates = self._persons_with_surname(surname)
        if first:
            same = {pid for pid, other in candidates if other and similar(other, first, FIRST_NAME_SIMILARITY)}
            return next(iter(same)) if len(same) == 1 else None
        full = {pid for pid, other in candidates if other}
        if len(full) == 1:
            return next(iter(full))
        if not full:
            single = {pid for pid, other in candidates if not other}
            return next(iter(single)) if len(single) == 1 else None
        return None

    def owns_surname(self, person_id: str) -> bool:
        """Whether this person is the only full name known with its surname."""
        first, surname = self.parts.get(person_id, ("", ""))
        return bool(first) and {pid for pid, other in self._persons_with_surname(surname) if other} == {person_id}

    def surnames_to_absorb(self, person_id: str) -> list[str]:
        """Surname-only persons a new full name takes over, when it is the only full name with that surname."""
        if not self.owns_surname(person_id):
            return []
        return [pid for pid, other in self._persons_with_surname(self.parts[person_id][1]) if not other]

    def match_acronym(self, name: str) -> str | None:
        if not _ACRONYM.match(name):
            return None
        found = self.by_initials.get(name.lower(), set())
        return next(iter(found)) if len(found) == 1 else None

    def acronyms_to_absorb(self, entity: EntityRef) -> list[str]:
        key = initials(entity.name)
        return sorted(self.acronyms.get(key, ())) if key and len(self.by_initials.get(key, ())) == 1 else []

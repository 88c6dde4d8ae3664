"""Name keys: the case- and diacritic-insensitive form every name index is keyed on."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+")
# Words that start a surname rather than end a given name: "Hugo de Jonge", "De Jonge".
SURNAME_PARTICLES = frozenset({"van", "de", "der", "den", "ter", "ten", "te", "het", "la", "le", "du", "von", "al", "el", "bin", "ibn"})


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """``"Zelénski"`` and ``"ZELENSKI"`` both give ``"zelenski"``; punctuation becomes a space."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.casefold()).replace("_", " ").strip()


def slug(name: str) -> str:
    """A readable id fragment: ``"Den Haag"`` gives ``"den-haag"``."""
    return name_key(name).replace(" ", "-") or "x"

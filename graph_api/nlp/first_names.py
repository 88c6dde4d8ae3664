"""Given names of many countries, from the name dictionary that the gender-guesser package ships.

The dictionary (Jörg Michael's ``nam_dict.txt``, GNU FDL) lists about 48,000 first names with
their use per country; a first name right before a capitalised word is strong evidence of a
person that the CoNLL training data alone cannot give for names it never saw.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from graph_api.names import name_key

# Columns of nam_dict.txt: a gender code, then the name in a fixed-width field.
NAME_COLUMNS = slice(3, 29)
GENDER_CODES = ("M", "F", "?", "1")


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Name keys of the given names (``"Jürgen"`` gives ``"jurgen"``); ``+`` parts also alone and joined."""
    text = files("gender_guesser").joinpath("data/nam_dict.txt").read_text(encoding="utf-8")
    names: set[str] = set()
    for line in text.splitlines():
        if not line.startswith(GENDER_CODES):
            continue
        name = line[NAME_COLUMNS].strip()
        parts = name.split("+")
        for form in {name.replace("+", " "), name.replace("+", ""), *parts}:
            key = name_key(form)
            if len(key) > 1:
                names.add(key)
    return frozenset(names)


def is_first_name(word: str) -> bool:
    return name_key(word) in first_names()

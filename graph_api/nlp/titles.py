"""Role words: the titles people hold (``president``, ``minister``) and the seats of government that
stand for a country (``Kremlin``, ``Elysée``), read from ``data/roles.tsv`` and ``data/metonyms.tsv``."""

from __future__ import annotations

from functools import lru_cache

from graph_api.names import name_key
from graph_api.nlp.tables import table_rows

LEADER_SUFFIX = "leider"  # Kremlinleider: the leader of the state the seat stands for


@lru_cache(maxsize=1)
def titles() -> dict[str, str]:
    """Name key of a title → its category (``head_of_state``, ``minister`` …)."""
    return {name_key(title): category for _, (title, category) in table_rows("roles.tsv")}


@lru_cache(maxsize=1)
def metonyms() -> dict[str, str]:
    """Name key of a seat of government → the code of the country it stands for."""
    return {name_key(word): code for _, (word, code) in table_rows("metonyms.tsv")}


def leader_seat(key: str) -> str | None:
    """``kremlinleider`` → ``kremlin``: the seat a leader word names, when it names one."""
    if key.endswith(LEADER_SUFFIX) and key[: -len(LEADER_SUFFIX)] in metonyms():
        return key[: -len(LEADER_SUFFIX)]
    return None


def is_role_word(text: str) -> bool:
    """A title (``president``) or a leader of a seat of government (``Kremlinleider``)."""
    key = name_key(text)
    return key in titles() or leader_seat(key) is not None

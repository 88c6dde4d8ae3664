"""Organisations Dutch-language news names often, from ``data/organizations.tsv``.

The NER model learnt from newspapers of 2000 and has never seen most of today's parties,
platforms, companies and agencies; the table makes them organisations wherever they are written,
and gives every alias one canonical name ("OM" → "Openbaar Ministerie"), so that articles using
different spellings meet in one node.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from graph_api.names import name_key
from graph_api.nlp.tables import DATA_DIR, table_rows

ORGANIZATIONS_TABLE = "organizations.tsv"


@lru_cache(maxsize=1)
def known_organizations() -> dict[str, str]:
    """Every name and alias as written → the canonical name."""
    return read_organizations()


def read_organizations(folder: Path = DATA_DIR) -> dict[str, str]:
    names: dict[str, str] = {}
    for _, (name, aliases, _country) in table_rows(ORGANIZATIONS_TABLE, columns=3, folder=folder):
        for written in [name, *(a for a in aliases.split("|") if a != "-")]:
            names.setdefault(written, name)
    return names


@lru_cache(maxsize=1)
def _canonical_by_key() -> dict[str, str]:
    return {name_key(written): name for written, name in known_organizations().items()}


def canonical_organization(text: str) -> str | None:
    """The canonical name of a known organisation written this way (case and diacritics ignored)."""
    return _canonical_by_key().get(name_key(text))

"""The hand-written corpus of ``tests/data/exploration/``: the entities it names and the graph it was written to make.

Twenty-six short fictional Dutch news articles (real places, invented people), each a ``.txt`` file in the
seed format (``date YYYY-MM-DD`` then the text; the first line is the headline). They were written for the
exploration queries, so that after ingestion with the real model the graph holds known structures:

- CHAIN: A and B share articles, B and C share others; A and C never meet, and nothing but B is named with both,
  so the shortest path from A to C is A–B–C.
- STAR: S is named with five partners (three people, an organisation, a place) that never meet each other;
  the strongest link is the partner named with S twice.
- TIMELINE: T is named in January, March and May 2024 (not February), with a quote and a dated meeting.
- PMI: R's exclusive partner E (two articles, both with R) against U, a country named in most articles.
- TRENDING: an organisation named three times in June 2024, the corpus's last month, and not in May.

Every article names exactly the entities listed for it in ``ARTICLES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from graph_api.dates import PartialDate
from graph_api.model import NodeType

FOLDER = Path(__file__).resolve().parent / "data" / "exploration"


@dataclass(frozen=True)
class Named:
    """An entity as the graph should show it: its display name and its type."""

    name: str
    type: NodeType


def person(name: str) -> Named:
    return Named(name, NodeType.PERSON)


def place(name: str) -> Named:
    return Named(name, NodeType.PLACE)


def organization(name: str) -> Named:
    return Named(name, NodeType.ORGANIZATION)


# CHAIN: A – B – C, with a place on each side that never crosses over.
A = person("Joris Hoogendijk")
B = person("Koen Verstraeten")
C = person("Ingrid Halvorsen")
A_PLACE = place("Leuven")  # named with A and B only
C_PLACE = place("Oslo")  # named with B and C only

# STAR: S and five partners that never meet each other; STRONGEST is named with S twice.
S = person("Wouter Brinkman")
STRONGEST = person("Sofie Jacobs")
STAR_PARTNERS = (STRONGEST, person("Tomasz Nowicki"), person("Gerrit Bosman"), organization("UNICEF"), place("Maastricht"))

# TIMELINE: T, with a quote and a meeting with MET in MEETING_PLACE.
T = person("Marleen Verhoeven")
MET = person("Olivier Lambert")
MEETING_PLACE = place("Brussel")

# PMI: R with a rare exclusive partner E and the ubiquitous country U.
R = person("Ruben Schouten")
E = person("Yara Haddad")
U = place("Nederland")

# TRENDING: concentrated in the corpus's last month.
TRENDING = organization("Greenpeace")

ENTITIES = (A, B, C, A_PLACE, C_PLACE, S, *STAR_PARTNERS, T, MET, MEETING_PLACE, R, E, U, TRENDING)

# Every article and exactly the entities the model should find in it.
ARTICLES: dict[str, frozenset[Named]] = {
    "chain_ab_1.txt": frozenset({A, B, A_PLACE}),
    "chain_ab_2.txt": frozenset({A, B}),
    "chain_bc_1.txt": frozenset({B, C, C_PLACE}),
    "chain_bc_2.txt": frozenset({B, C}),
    "star_1.txt": frozenset({S, STRONGEST}),
    "star_2.txt": frozenset({S, STRONGEST}),
    "star_3.txt": frozenset({S, STAR_PARTNERS[1]}),
    "star_4.txt": frozenset({S, STAR_PARTNERS[2]}),
    "star_5.txt": frozenset({S, STAR_PARTNERS[3]}),
    "star_6.txt": frozenset({S, STAR_PARTNERS[4]}),
    "timeline_1.txt": frozenset({T, U}),
    "timeline_2.txt": frozenset({T, U}),
    "timeline_3.txt": frozenset({T, U}),
    "timeline_4.txt": frozenset({T, U}),
    "timeline_5.txt": frozenset({T, MET, MEETING_PLACE, U}),
    "timeline_6.txt": frozenset({T, U}),
    "pmi_1.txt": frozenset({R, E, U}),
    "pmi_2.txt": frozenset({R, E}),
    "pmi_3.txt": frozenset({R, U}),
    "pmi_4.txt": frozenset({R, U}),
    "trending_1.txt": frozenset({TRENDING, U}),
    "trending_2.txt": frozenset({TRENDING, U}),
    "trending_3.txt": frozenset({TRENDING, U}),
    "trending_4.txt": frozenset({TRENDING, U}),
    "filler_1.txt": frozenset({U}),
    "filler_2.txt": frozenset({U}),
}

# The evidence of each hop of the chain: the articles naming both ends.
CHAIN_HOPS: dict[tuple[Named, Named], frozenset[str]] = {
    (A, B): frozenset({"chain_ab_1.txt", "chain_ab_2.txt"}),
    (B, C): frozenset({"chain_bc_1.txt", "chain_bc_2.txt"}),
}

# T per month (first day of the month): the articles naming T and how often they name T (full name or surname).
T_MONTHS: dict[tuple[int, int], tuple[frozenset[str], int]] = {
    (2024, 1): (frozenset({"timeline_1.txt", "timeline_2.txt"}), 3 + 2),
    (2024, 3): (frozenset({"timeline_3.txt"}), 3),
    (2024, 5): (frozenset({"timeline_4.txt", "timeline_5.txt", "timeline_6.txt"}), 2 + 2 + 3),
}
T_QUOTE = ("timeline_3.txt", "We gaan door")  # “We gaan door”, zei Verhoeven.
T_MEETING = ("timeline_5.txt", PartialDate(2024, 5, 13))  # Verhoeven ontmoette op 13 mei in Brussel … Olivier Lambert.

# PMI: R–U is named in more articles than R–E, but E is R's exclusive partner.
R_WITH_E = frozenset({"pmi_1.txt", "pmi_2.txt"})
R_WITH_U = frozenset({"pmi_1.txt", "pmi_3.txt", "pmi_4.txt"})

# TRENDING: named in June 2024 (the last month), not in May; once before, in February.
LAST_MONTH = (date(2024, 6, 1), date(2024, 6, 30))
TRENDING_IN_LAST_MONTH = frozenset({"trending_2.txt", "trending_3.txt", "trending_4.txt"})
TRENDING_BEFORE = frozenset({"trending_1.txt"})  # February 2024

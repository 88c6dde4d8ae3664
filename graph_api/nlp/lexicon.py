"""Dutch word frequencies (from wordfreq's Dutch list), shipped as a small committed table, and
nouns for kinds of things with the compounds they head.

``python -m graph_api.nlp.lexicon`` rebuilds ``data/nl_word_zipf.tsv`` (needs wordfreq).
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).parent / "data" / "nl_word_zipf.tsv"


@lru_cache(maxsize=1)
def word_zipf() -> dict[str, float]:
    """Lower-case Dutch word → Zipf frequency (log10 per billion words)."""
    table: dict[str, float] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        word, zipf = line.split("\t")
        table[word] = float(zipf)
    return table


def zipf(word: str) -> float:
    """Zipf frequency of a word's lower-case form; 0 for words outside the list."""
    return word_zipf().get(word.lower(), 0.0)


class NounKind:
    """Nouns for one kind of thing (``keten``, ``dorp``): whole words, and the head of a compound where marked
    ``*`` (``winkel|keten``, ``vissers|dorp``), after a first part of at least ``shortest_prefix`` letters."""

    def __init__(self, heads: str, shortest_prefix: int = 3) -> None:
        marked = heads.split()
        self.words = frozenset(head.rstrip("*") for head in marked)
        self.compound_heads = tuple(head[:-1] for head in marked if head.endswith("*"))
        self.shortest_prefix = shortest_prefix  # "winkel|keten", not "ver|band"

    def __call__(self, word: str) -> bool:
        lower = word.lower()
        if lower in self.words:
            return True
        heads = self.compound_heads
        return lower.endswith(heads) and any(lower.endswith(head) and len(lower) - len(head) >= self.shortest_prefix for head in heads)


def build() -> None:
    from wordfreq import get_frequency_dict

    frequencies = get_frequency_dict("nl", wordlist="small")
    rows = sorted(frequencies.items(), key=lambda item: -item[1])
    TABLE.write_text("".join(f"{word}\t{math.log10(f) + 9:.2f}\n" for word, f in rows), encoding="utf-8")


if __name__ == "__main__":
    build()
    print(f"wrote {TABLE}")

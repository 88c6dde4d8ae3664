"""Dutch word frequencies (from wordfreq's Dutch list), shipped as a small committed table.

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


def build() -> None:
    from wordfreq import get_frequency_dict

    frequencies = get_frequency_dict("nl", wordlist="small")
    rows = sorted(frequencies.items(), key=lambda item: -item[1])
    TABLE.write_text("".join(f"{word}\t{math.log10(f) + 9:.2f}\n" for word, f in rows), encoding="utf-8")


if __name__ == "__main__":
    build()
    print(f"wrote {TABLE}")

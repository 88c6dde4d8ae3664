"""Tokenizer fixes for news text on top of spaCy's Dutch exceptions.

spaCy's Dutch tokenizer keeps a trailing full stop on some 1,500 abbreviations, many taken from
a legal list: ``dat.``, ``top.``, ``pers.``, ``VS.``. In news these are mostly ordinary words or
acronyms at the end of a sentence, and keeping the stop on them joins two sentences (and a name
with the next sentence's first word). We drop those exceptions and keep the abbreviations that
news does write with a stop.
"""

from __future__ import annotations

import re
from typing import cast

from spacy.language import Language
from spacy.tokenizer import Tokenizer

from graph_api.nlp.lexicon import zipf

# A base this frequent as a word is read as that word when a full stop follows it.
WORD_ZIPF = 4.0
AMPERSAND_STOP = r"(?<=&[A-Z])\."  # "CD&V." at a sentence's end; spaCy keeps a stop after one capital (an initial)
NAME_SLASH = r"(?<=[^\W\d_]{2})/(?=[A-ZÀ-Þ])"  # "Reuters/ANP", "RABAT/BRUSSEL": two names; not "en/of" or "km/u"
NEWS_ABBREVIATIONS = frozenset("bijv blz ca dhr dr drs ds enz etc hr inc ing ir jr kg mevr mln mr nr prof resp sr st vgl zgn".split())


def is_sentence_end_exception(key: str) -> bool:
    """``dat.`` or ``VS.``: an exception that should split into word and full stop."""
    base = key[:-1]
    if not key.endswith(".") or "." in base or len(base) < 2 or not base.isalnum():
        return False
    if base.lower() in NEWS_ABBREVIATIONS:
        return False
    return base.isupper() or zipf(base) >= WORD_ZIPF


def split_sentence_final_stops(nlp: Language) -> None:
    """Remove the exceptions that glue a sentence's full stop to its last word; split two names joined by a slash."""
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    tokenizer.rules = {key: value for key, value in (tokenizer.rules or {}).items() if not is_sentence_end_exception(key)}
    if tokenizer.suffix_search is not None:
        suffixes = cast(re.Pattern[str], tokenizer.suffix_search.__self__)
        tokenizer.suffix_search = re.compile(f"{suffixes.pattern}|{AMPERSAND_STOP}$").search
    if tokenizer.infix_finditer is not None:
        infixes = cast(re.Pattern[str], tokenizer.infix_finditer.__self__)
        tokenizer.infix_finditer = re.compile(f"{infixes.pattern}|{NAME_SLASH}").finditer

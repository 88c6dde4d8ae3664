"""Sentence boundaries around initials, which a full stop makes ambiguous.

"John F. Kennedy" and "A.F.Th. van der Heijden" hold a stop inside a name, while "op partij D. De
leider …" and "op Y. Daar …" end a sentence on a one-letter word. A rule-based sentencizer cannot
tell them apart; the words after the stop can: a surname goes on, a determiner or adverb starts over.
"""

from __future__ import annotations

import re

from spacy.lang.nl.stop_words import STOP_WORDS
from spacy.tokens import Doc

from graph_api.names import SURNAME_PARTICLES

INITIALS_WITHOUT_STOP = re.compile(r"^(?:[A-Z]|Th|Ch|Ph)(?:\.(?:[A-Z]|Th|Ch|Ph))*$")
ONE_LETTER = re.compile(r"^[A-Z]\.$")


def fix_initial_boundaries(doc: Doc) -> Doc:
    """Join what a stop after initials split from a surname; split after a one-letter word before a new sentence."""
    for i in range(1, len(doc) - 1):
        token, following = doc[i], doc[i + 1]
        if token.text == "." and INITIALS_WITHOUT_STOP.match(doc[i - 1].text) and _goes_on_as_name(following.text):
            following.is_sent_start = False
        elif ONE_LETTER.match(token.text) and following.text[:1].isupper() and following.lower_ in STOP_WORDS:
            following.is_sent_start = True
    return doc


def _goes_on_as_name(word: str) -> bool:
    return word.lower() in SURNAME_PARTICLES or (word[:1].isupper() and word.lower() not in STOP_WORDS)

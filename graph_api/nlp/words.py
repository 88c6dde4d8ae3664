"""Helpers for the stages after the model: token texts and sentences made once per document, Dutch lemmas.

The stages run after the pipeline has finished with a document, so what they cache does not go stale.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from spacy.attrs import ORTH
from spacy.lookups import Table, load_lookups
from spacy.tokens import Doc, Span

TOKEN_TEXTS = "graph_api.token_texts"
SENTENCES = "graph_api.sentences"
SENTENCE_STARTS = "graph_api.sentence_starts"


def token_texts(doc: Doc) -> list[str]:
    """The text of every token, without making a Token object for each (they are costly in bulk)."""
    texts = doc.user_data.get(TOKEN_TEXTS)
    if texts is None:
        strings = doc.vocab.strings
        texts = doc.user_data[TOKEN_TEXTS] = [strings[orth] for orth in doc.to_array(ORTH).tolist()]
    return texts


def sentences(doc: Doc) -> list[Span]:
    """``doc.sents`` as a list, made once per document (each pass over ``doc.sents`` walks every token)."""
    found = doc.user_data.get(SENTENCES)
    if found is None:
        found = doc.user_data[SENTENCES] = list(doc.sents)
    return found


def sentence_index(doc: Doc, token_index: int) -> int:
    """The number (0-based) of the sentence a token is in."""
    starts = doc.user_data.get(SENTENCE_STARTS)
    if starts is None:
        starts = doc.user_data[SENTENCE_STARTS] = [sentence.start for sentence in sentences(doc)]
    return max(bisect_right(starts, token_index) - 1, 0)


@lru_cache(maxsize=1)
def _lemma_table() -> Table:
    return load_lookups("nl", ["lemma_lookup"]).get_table("lemma_lookup")


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The lemma of a word by spaCy's Dutch lookup table (spacy-lookups-data), lower case."""
    lower = word.lower()
    return str(_lemma_table().get(lower, lower))

"""Helpers for the stages after the model: token texts and sentences made once per document, Dutch lemmas.

The stages run after the pipeline has finished with a document, so what they cache does not go stale.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.attrs import ORTH
from spacy.lookups import Table, load_lookups
from spacy.tokens import Doc, Span

TOKEN_TEXTS = "graph_api.token_texts"
SENTENCES = "graph_api.sentences"


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


@lru_cache(maxsize=1)
def _lemma_table() -> Table:
    return load_lookups("nl", ["lemma_lookup"]).get_table("lemma_lookup")


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The lemma of a word by spaCy's Dutch lookup table (spacy-lookups-data), lower case."""
    lower = word.lower()
    return _lemma_table().get(lower, lower)

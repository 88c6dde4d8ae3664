"""Model parts of our own for spaCy (registered in ``registrations.py``).

``graph_api.LexicalHashEmbed.v1`` is spaCy's MultiHashEmbed with one more embedded column:
lexical evidence the CoNLL training data alone cannot give the model — whether a word names a
place in the gazetteer on its own, is part of a longer place name, is a nationality adjective,
is a capitalised given name, and how common its lower-case form is in Dutch.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, cast

import numpy
from spacy.attrs import ORTH
from spacy.tokens import Doc
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d, Ragged

from graph_api.names import name_key
from graph_api.nlp.demonyms import demonym_table
from graph_api.nlp.first_names import first_names
from graph_api.nlp.gazetteer import feature_gazetteer
from graph_api.nlp.lexicon import zipf


class LexicalFeatures:
    """One small integer of lexical evidence per word form, cached by the word's hash."""

    def __init__(self) -> None:
        self.place_words: set[str] = set()
        self.place_parts: set[str] = set()
        for key in feature_gazetteer().keys():  # noqa: SIM118 - a Gazetteer is not a dict
            words = key.split()
            if len(words) == 1:
                self.place_words.add(key)
            else:
                self.place_parts.update(words)
        self.demonyms = demonym_table()
        self.first_names = first_names()
        self._cache: dict[int, int] = {}

    def compute(self, text: str) -> int:
        key = name_key(text)
        bucket = min(int(zipf(text)), 7)
        value = bucket
        if key in self.place_words:
            value |= 1 << 3
        if key in self.place_parts:
            value |= 1 << 4
        if key in self.demonyms:
            value |= 1 << 5
        if text[:1].isupper() and bucket >= 4:
            value |= 1 << 6  # a capitalised common word: a name only in context
        if text[:1].isupper() and key in self.first_names:
            value |= 1 << 7
        return value

    def column(self, doc: Doc) -> numpy.ndarray:
        cache = self._cache
        strings = doc.vocab.strings
        orths = doc.to_array(ORTH).tolist()  # plain ints: no Token objects on this hot path
        for orth in set(orths) - cache.keys():
            cache[orth] = self.compute(strings[orth])
        return numpy.fromiter((cache[orth] for orth in orths), dtype="uint64", count=len(orths))


@lru_cache(maxsize=1)
def lexical_features() -> LexicalFeatures:
    return LexicalFeatures()


def LexicalFeatureExtractor(attrs: list[int | str]) -> Model[list[Doc], list[Ints2d]]:  # noqa: N802 - thinc layer naming
    """Like spaCy's FeatureExtractor, with the lexical evidence as a last column."""

    def forward(model: Model[list[Doc], list[Ints2d]], docs: list[Doc], is_train: bool) -> tuple[list[Ints2d], Callable[[Any], list[Any]]]:  # noqa: ARG001
        features = lexical_features()
        arrays: list[Ints2d] = []
        for doc in docs:
            base = doc.to_array(attrs).reshape((len(doc), len(attrs))).astype("uint64")
            combined = numpy.hstack([base, features.column(doc)[:, None]])
            arrays.append(model.ops.asarray2i(cast(Ints2d, combined), dtype="uint64"))
        return arrays, lambda _: []

    return Model("lexical_feature_extractor", forward, attrs={"attrs": attrs})


def LexicalHashEmbed(width: int, attrs: list[int | str], rows: list[int], feature_rows: int) -> Model[list[Doc], list[Floats2d]]:  # noqa: N802
    """Hash embeddings of the token attributes plus the lexical evidence, mixed by a Maxout layer."""
    all_rows = [*rows, feature_rows]
    embeddings: list[Model[Ints2d, Floats2d]] = [HashEmbed(width, n_rows, column=i, seed=8 + i, dropout=0.0) for i, n_rows in enumerate(all_rows)]
    max_out: Model[Ragged, Ragged] = with_array(Maxout(width, width * len(embeddings), nP=3, dropout=0.0, normalize=True))
    return chain(
        LexicalFeatureExtractor(attrs),
        list2ragged(),
        with_array(concatenate(*embeddings)),
        max_out,
        ragged2list(),
    )

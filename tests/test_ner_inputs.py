"""Word-level inputs of the NER model: the lexical evidence column and the tokenizer."""

from __future__ import annotations

import pytest

from graph_api.nlp.components import lexical_features
from graph_api.nlp.first_names import first_names, is_first_name
from graph_api.nlp.lexicon import zipf

PLACE_WORD, PLACE_PART, DEMONYM, COMMON_CAPITALISED, FIRST_NAME = (1 << bit for bit in range(3, 8))


@pytest.mark.parametrize("name", ["Pieter", "Annelies", "Mohammed", "Jürgen", "Olena", "Siobhan"])
def test_given_names_of_many_countries_are_known(name: str) -> None:
    assert is_first_name(name)


def test_surnames_places_and_words_are_not_given_names() -> None:
    assert not any(is_first_name(word) for word in ("Oosterhuis", "Maastricht", "Belastingdienst", "gisteren"))
    assert len(first_names()) > 40_000


def test_feature_bits_follow_the_evidence() -> None:
    features = lexical_features()
    assert features.compute("Annelies") & FIRST_NAME
    assert not features.compute("annelies") & FIRST_NAME  # only a capitalised word may be a name
    assert features.compute("Groningen") & PLACE_WORD
    assert features.compute("Zweedse") & DEMONYM
    assert features.compute("Vandaag") & COMMON_CAPITALISED
    assert features.compute("Vandaag") & 0b111 == min(int(zipf("vandaag")), 7)


def test_a_full_stop_after_a_word_or_acronym_ends_the_sentence(extractor) -> None:
    doc = extractor.analyzer.nlp("De minister sprak met de VN. Daarna zei ze dat. Ook dr. Visser kwam, bijv. uit Zwolle.")
    sentences = [sentence.text for sentence in doc.sents]
    assert sentences == ["De minister sprak met de VN.", "Daarna zei ze dat.", "Ook dr. Visser kwam, bijv. uit Zwolle."]


def test_a_slash_between_two_names_splits_them_and_nothing_else(extractor) -> None:
    doc = extractor.analyzer.nlp("Reuters/ANP meldt dat het en/of 90 km/u was, op 1/2 van de route.")
    words = [token.text for token in doc]
    assert words[:3] == ["Reuters", "/", "ANP"]
    assert {"en/of", "km/u", "1/2"} <= set(words)

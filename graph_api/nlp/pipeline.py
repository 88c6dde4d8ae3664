"""The spaCy side of extraction: text in, sentences and typed name spans with offsets out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import graph_api.nlp.registrations  # noqa: F401 - our factories and architectures, before any pipeline loads
from graph_api.nlp.admission import GRAPH_SPANS
from graph_api.nlp.labels import LABEL_MAP
from graph_api.nlp.spans import NamedSpan
from graph_api.nlp.tokenizer import split_sentence_final_stops
from graph_api.nlp.words import sentence_index, sentences
from graph_api.settings import BUNDLED_MODEL

BUNDLED_MODEL_PATH = Path(__file__).parent / "model"

SENTENCE_SPLITTERS = ("sentencizer", "senter", "parser")
SENTENCE_FIXERS = ("initial_boundaries",)


@dataclass(frozen=True)
class TextAnalysis:
    """Sentences (character ranges) and name spans of one text."""

    sentences: list[tuple[int, int]]
    spans: list[NamedSpan]


def load_pipeline(model: str = BUNDLED_MODEL) -> Language:
    """Load our bundled pipeline or another spaCy pipeline (package name or path), with its labels mapped."""
    if model == BUNDLED_MODEL:
        nlp = spacy.load(BUNDLED_MODEL_PATH)
    else:
        nlp = spacy.load(model, exclude=["lemmatizer", "attribute_ruler", "morphologizer", "tagger"])
        nlp.add_pipe("graph_api_label_mapper")
    split_sentence_final_stops(nlp)
    if not (set(SENTENCE_SPLITTERS) & set(nlp.pipe_names)):
        nlp.add_pipe("sentencizer", first=True)
    if "parser" not in nlp.pipe_names:
        nlp.add_pipe("initial_boundaries", after=next(name for name in nlp.pipe_names if name in SENTENCE_SPLITTERS))
    nlp.add_pipe("entity_refiner")
    nlp.add_pipe("graph_admission")
    return nlp


class Analyzer:
    """Runs a spaCy pipeline and maps its output onto our labels."""

    def __init__(self, model: str = BUNDLED_MODEL) -> None:
        self.nlp = load_pipeline(model)

    def analyse_word_lists(self, word_lists: Iterable[tuple[list[str], list[bool]]], batch_size: int = 32) -> Iterator[Doc]:
        """Run the pipeline on pre-tokenised texts (words, sentence starts), keeping the given sentences."""
        docs = (Doc(self.nlp.vocab, words=words, sent_starts=list[bool | int | None](starts)) for words, starts in word_lists)
        splitters = [name for name in self.nlp.pipe_names if name in SENTENCE_SPLITTERS + SENTENCE_FIXERS]
        with self.nlp.select_pipes(disable=splitters):
            yield from self.nlp.pipe(docs, batch_size=batch_size)

    @staticmethod
    def analyse_doc(doc: Doc) -> TextAnalysis:
        spans: list[NamedSpan] = []
        for ent in doc.spans.get(GRAPH_SPANS, doc.ents):
            label = LABEL_MAP.get(ent.label_)
            if label is not None:
                spans.append(NamedSpan(ent.start_char, ent.end_char, ent.text, label, sentence_index(doc, ent.start)))
        ranges = [(s.start_char, s.end_char) for s in sentences(doc)]
        return TextAnalysis(ranges, spans)

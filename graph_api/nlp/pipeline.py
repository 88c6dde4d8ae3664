"""The spaCy side of extraction: text in, sentences and typed name spans with offsets out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

import graph_api.nlp.components
import graph_api.nlp.refine  # noqa: F401 - registers the entity_refiner factory
from graph_api.nlp.tokenizer import split_sentence_final_stops
from graph_api.nlp.words import sentence_index, sentences
from graph_api.settings import BUNDLED_MODEL

BUNDLED_MODEL_PATH = Path(__file__).parent / "model"

# Labels of other spaCy pipelines (OntoNotes style, as in nl_core_news_*) mapped onto ours.
LABEL_MAP = {
    "PER": "PER", "PERSON": "PER",
    "LOC": "LOC", "GPE": "LOC", "FAC": "LOC",
    "ORG": "ORG",
    "MISC": "MISC", "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LANGUAGE": "MISC", "LAW": "MISC",
}  # fmt: skip
NAME_LABELS = ("PER", "LOC", "ORG", "MISC")
SENTENCE_SPLITTERS = ("sentencizer", "senter", "parser")


@dataclass(frozen=True)
class NamedSpan:
    """A name the model found: character offsets into the text, our label, its sentence."""

    start: int
    end: int
    text: str
    label: str
    sentence: int
    confidence: float | None = None


@dataclass(frozen=True)
class TextAnalysis:
    """Sentences (character ranges) and name spans of one text."""

    sentences: list[tuple[int, int]]
    spans: list[NamedSpan]


def map_labels(doc: Doc) -> Doc:
    """Relabel another pipeline's entities with ours (PERSON → PER, GPE → LOC …); drop the rest (DATE …)."""
    doc.ents = [Span(doc, e.start, e.end, label=LABEL_MAP[e.label_]) for e in doc.ents if e.label_ in LABEL_MAP]
    return doc


Language.component("graph_api_label_mapper", func=map_labels)


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
    nlp.add_pipe("entity_refiner")
    return nlp


class Analyzer:
    """Runs a spaCy pipeline and maps its output onto our labels."""

    def __init__(self, model: str = BUNDLED_MODEL) -> None:
        self.nlp = load_pipeline(model)
        self.model = model

    def analyse_word_lists(self, word_lists: Iterable[tuple[list[str], list[bool]]], batch_size: int = 32) -> Iterator[Doc]:
        """Run the pipeline on pre-tokenised texts (words, sentence starts), keeping the given sentences."""
        docs = (Doc(self.nlp.vocab, words=words, sent_starts=starts) for words, starts in word_lists)
        splitters = [name for name in self.nlp.pipe_names if name in SENTENCE_SPLITTERS]
        with self.nlp.select_pipes(disable=splitters):
            yield from self.nlp.pipe(docs, batch_size=batch_size)

    @staticmethod
    def analyse_doc(doc: Doc) -> TextAnalysis:
        spans: list[NamedSpan] = []
        for ent in doc.ents:
            label = LABEL_MAP.get(ent.label_)
            if label is not None:
                spans.append(NamedSpan(ent.start_char, ent.end_char, ent.text, label, sentence_index(doc, ent.start)))
        ranges = [(s.start_char, s.end_char) for s in sentences(doc)]
        return TextAnalysis(ranges, spans)

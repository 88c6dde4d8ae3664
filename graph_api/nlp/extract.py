"""Extraction, the one interface the rest of the system uses: article text in, linked mentions out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from graph_api.graph.model import EntityRef, Mention
from graph_api.nlp.gazetteer import Gazetteer, load_gazetteer
from graph_api.nlp.linking import link_mentions
from graph_api.nlp.pipeline import Analyzer, TextAnalysis
from graph_api.settings import BUNDLED_MODEL


@dataclass(frozen=True)
class Extraction:
    """What one article yields: its sentences, its mentions and the entities they refer to."""

    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    entities: list[EntityRef]


class Extractor:
    """The Dutch pipeline: spaCy NER, then linking and within-article resolution."""

    def __init__(self, model: str = BUNDLED_MODEL, gazetteer: Gazetteer | None = None) -> None:
        self.analyzer = Analyzer(model)
        self.gazetteer = gazetteer or load_gazetteer()

    def extract(self, text: str) -> Extraction:
        return self._link(self.analyzer.analyse(text))

    def extract_many(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[Extraction]:
        for analysis in self.analyzer.analyse_many(texts, batch_size):
            yield self._link(analysis)

    def _link(self, analysis: TextAnalysis) -> Extraction:
        linked = link_mentions(analysis.spans, self.gazetteer)
        entities = list({item.entity.id: item.entity for item in linked}.values())
        return Extraction(analysis.sentences, [item.mention for item in linked], entities)

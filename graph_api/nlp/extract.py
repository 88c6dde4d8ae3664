"""Extraction, the one interface the rest of the system uses: article text in, linked mentions out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc

from graph_api.graph.model import EntityRef, Mention
from graph_api.nlp.gazetteer import Gazetteer, load_gazetteer
from graph_api.nlp.linking import link_mentions
from graph_api.nlp.pipeline import Analyzer
from graph_api.nlp.roles import RoleFact, RoleFinder
from graph_api.settings import BUNDLED_MODEL


@dataclass(frozen=True)
class Extraction:
    """What one article yields: sentences, mentions, the entities they refer to, and roles."""

    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    entities: list[EntityRef]
    roles: list[RoleFact] = field(default_factory=list)


class Extractor:
    """The Dutch pipeline: spaCy NER and refinement, then linking, demonyms, roles and resolution."""

    def __init__(self, model: str = BUNDLED_MODEL, gazetteer: Gazetteer | None = None) -> None:
        self.analyzer = Analyzer(model)
        self.gazetteer = gazetteer or load_gazetteer()
        self.roles = RoleFinder(self.gazetteer)

    def extract(self, text: str) -> Extraction:
        return self.extract_doc(self.analyzer.nlp(text))

    def extract_many(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[Extraction]:
        for doc in self.analyzer.nlp.pipe(texts, batch_size=batch_size):
            yield self.extract_doc(doc)

    def extract_doc(self, doc: Doc) -> Extraction:
        """Extraction from a document the pipeline has already run on."""
        analysis = self.analyzer.analyse_doc(doc)
        linked = link_mentions(analysis.spans, self.gazetteer)
        extra, roles = self.roles.find(doc, linked)
        linked = sorted(linked + extra, key=lambda item: (item.mention.start, item.mention.end))
        entities: dict[str, EntityRef] = {}
        # Role references carry a bare person id; the named mention supplies the entity itself.
        for entity in [item.entity for item in linked] + [e for r in roles for e in (r.country, r.organization) if e]:
            if entity.name:
                entities.setdefault(entity.id, entity)
        return Extraction(analysis.sentences, [item.mention for item in linked], list(entities.values()), roles)

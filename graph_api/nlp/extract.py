"""Extraction, the one interface the rest of the system uses: article text in, linked mentions out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc

from graph_api.dates import PartialDate
from graph_api.model import ArticleFacts, EntityRef, EventMention, Mention, QuoteMention, RoleRecord
from graph_api.nlp.events import EventFinder
from graph_api.nlp.gazetteer import Gazetteer, load_gazetteer
from graph_api.nlp.linking import link_mentions
from graph_api.nlp.pipeline import Analyzer
from graph_api.nlp.quotes import QuoteFinder
from graph_api.nlp.roles import RoleFact, RoleFinder, RoleLookup
from graph_api.nlp.spans import NamedSpan, tidy
from graph_api.settings import BUNDLED_MODEL


@dataclass(frozen=True)
class Extraction:
    """What one article yields: sentences, mentions, the entities they refer to, and roles."""

    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    entities: list[EntityRef]
    roles: list[RoleFact] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    quotes: list[QuoteMention] = field(default_factory=list)
    # One-word names the model typed MISC: the corpus makes them people when they are a known surname.
    other_names: list[NamedSpan] = field(default_factory=list)

    def facts(self, article_id: str) -> ArticleFacts:
        """What the store keeps and the graph links, for the article with this id."""
        roles = [RoleRecord(r.person_id, r.title, r.country_id, r.organization_id, article_id, r.sentence) for r in self.roles]
        return ArticleFacts(self.mentions, self.entities, roles, self.events, self.quotes)


class Extractor:
    """The Dutch pipeline: spaCy NER and refinement, then linking, demonyms, roles and resolution."""

    def __init__(self, model: str = BUNDLED_MODEL, gazetteer: Gazetteer | None = None) -> None:
        self.analyzer = Analyzer(model)
        self.gazetteer = gazetteer or load_gazetteer()
        self.roles = RoleFinder(self.gazetteer)
        self.events = EventFinder()
        self.quotes = QuoteFinder()

    def warm_up(self) -> None:
        """Load the tables every component builds on first use, so timings measure steady work."""
        self.extract("Minister Jan de Vries sprak gisteren in Brussel met de Franse president: “Wij praten verder.”")

    def extract(self, text: str, published: PartialDate | None = None, known_holder: RoleLookup | None = None) -> Extraction:
        return self.extract_doc(self.analyzer.nlp(text), published, known_holder)

    def extract_many(
        self, items: Iterable[tuple[str, PartialDate | None]], batch_size: int = 32, known_holder: RoleLookup | None = None
    ) -> Iterator[Extraction]:
        """Texts with their published dates (time expressions and role references are resolved against them);
        ``known_holder`` answers role references the article itself does not resolve (the graph's knowledge)."""
        for doc, published in self.analyzer.nlp.pipe(items, batch_size=batch_size, as_tuples=True):
            yield self.extract_doc(doc, published, known_holder)

    def extract_doc(self, doc: Doc, published: PartialDate | None = None, known_holder: RoleLookup | None = None) -> Extraction:
        """Extraction from a document the pipeline has already run on."""
        analysis = self.analyzer.analyse_doc(doc)
        linked = link_mentions(analysis.spans, self.gazetteer)
        extra, roles = self.roles.find(doc, linked, known_holder, published)
        linked = sorted(linked + extra, key=lambda item: (item.mention.start, item.mention.end))
        entities: dict[str, EntityRef] = {}
        # Role references carry a bare person id; the named mention supplies the entity itself.
        for entity in [item.entity for item in linked] + [e for r in roles for e in (r.country, r.organization) if e]:
            if entity.name:
                entities.setdefault(entity.id, entity)
        events = self.events.find(doc, linked, published)
        quotes = self.quotes.find(doc.text, analysis.sentences, linked)
        for quote in quotes:
            if quote.speaker_id and quote.speaker_id not in entities:
                # A speaker known only through the graph (a role reference it resolved) is in the store already.
                named = next((item.entity for item in linked if item.entity.id == quote.speaker_id and item.entity.name), None)
                if named is not None:
                    entities[quote.speaker_id] = named
        other_names = [s for s in map(tidy, analysis.spans) if s is not None and s.label == "MISC" and " " not in s.text]
        return Extraction(analysis.sentences, [item.mention for item in linked], list(entities.values()), roles, events, quotes, other_names)

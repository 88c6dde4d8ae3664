"""Document-level corrections of the NER model's entities, as a spaCy component.

- A span whose whole text names a country, continent or large city is a place, whatever the
  model said (it sometimes tags a capital as a person); so is a "person" that is a city of a
  country the document names.
- Place names are mended at their edges: a span one or two words short of a country's name
  grows to it, and a run of country names is one place each.
- A person's name alone on a line is a subheading (a topic word), not a person.
- Label consistency: a name tagged with different labels in one document takes its majority label.
- Propagation: a name tagged somewhere in the document is tagged wherever else it occurs
  untagged, and so is the surname of a tagged full name; a capitalised common word at the start
  of a sentence is left alone.
What the knowledge graph admits of these names is decided after this, in ``admission.py``.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from graph_api.model import PlaceKind
from graph_api.names import SURNAME_PARTICLES, name_key
from graph_api.nlp.first_names import is_first_name
from graph_api.nlp.gazetteer import Gazetteer, load_gazetteer
from graph_api.nlp.known_names import names_institution
from graph_api.nlp.span_rules import COMMON_WORD_ZIPF, VERY_COMMON_WORD_ZIPF, Propagation, surnames, surnames_are_people, within_sentence
from graph_api.nlp.titles import is_role_word

OBVIOUS_PLACE_KINDS = (PlaceKind.COUNTRY, PlaceKind.CONTINENT)
# The component's defaults (``default_config`` in registrations.py), each a setting of the pipeline.
OBVIOUS_CITY_POPULATION = 500_000  # a city this large is a place whatever the model said
PERSON_CITY_POPULATION = 15_000  # smaller towns share their names with too many Dutch surnames


class EntityRefiner:
    """Corrects ``doc.ents`` using the gazetteer and the rest of the document."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        obvious_city_population: int = OBVIOUS_CITY_POPULATION,
        common_word_zipf: float = COMMON_WORD_ZIPF,
        very_common_word_zipf: float = VERY_COMMON_WORD_ZIPF,
    ) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self.obvious_city_population = obvious_city_population
        self.common_word_zipf = common_word_zipf
        self.very_common_word_zipf = very_common_word_zipf
        self.propagate = Propagation(common_word_zipf, very_common_word_zipf)

    def is_obvious_place(self, text: str) -> bool:
        """A country, a continent, or a city large enough that no one reads it as anything else."""
        place = self.gazetteer.lookup(text)
        if place is None:
            return False
        return place.kind in OBVIOUS_PLACE_KINDS or (place.kind is PlaceKind.CITY and place.population >= self.obvious_city_population)

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = filter_spans(self._corrected(doc))
        return doc

    def _corrected(self, doc: Doc) -> list[Span]:
        """The model's names with its mistakes mended (what the NER evaluation scores)."""
        names = [span for span in map(self._strip_title, doc.ents) if span is not None and any(ch.isalnum() for ch in span.text)]
        spans = [self._retype(span) for span in names if not self._is_role_phrase(span) and not self._is_heading_word(span)]
        spans = [fitted for span in spans for fitted in self._fit_place_names(span)]
        spans = self._consistent_labels(spans)
        spans = [self._complete_particle(span) for span in spans]
        spans = surnames_are_people(spans)
        spans = self._cities_of_named_countries(spans)
        spans = self.propagate(doc, spans)
        return [within_sentence(span) for span in spans]

    @staticmethod
    def _complete_particle(span: Span) -> Span:
        """``Griet Op de`` + ``Beeck``: a name that ends in a surname particle goes on to the next capitalised word."""
        doc = span.doc
        if (
            span.label_ == "PER"
            and len(span) >= 2
            and span[-1].lower_ in SURNAME_PARTICLES
            and span.end < len(doc)
            and doc[span.end].text[:1].isupper()
        ):
            return Span(doc, span.start, span.end + 1, label="PER")
        return span

    @staticmethod
    def _strip_title(span: Span) -> Span | None:
        """``Bondskanselier Olaf Scholz`` → ``Olaf Scholz``: a title before a name is not part of it."""
        if names_institution(span):
            return span
        start = span.start
        while start < span.end - 1 and is_role_word(span.doc[start].text):
            start += 1
        return span if start == span.start else Span(span.doc, start, span.end, label=span.label_)

    def _cities_of_named_countries(self, spans: list[Span]) -> list[Span]:
        """A "person" that is a city of a country the document names is that city (``Blumenau`` next to ``Brazilië``).

        Not when it is a given name or the surname of a person named in full.
        """
        countries = self.gazetteer.countries_named(s.text for s in spans if s.label_ == "LOC")
        known_surnames = surnames(spans)
        refined = []
        for span in spans:
            if span.label_ == "PER" and countries and span.text not in known_surnames and not is_first_name(span[0].text):
                place = self.gazetteer.lookup(span.text, countries)
                if (
                    place is not None
                    and place.kind is PlaceKind.CITY
                    and place.country_code in countries
                    and place.population >= PERSON_CITY_POPULATION
                ):
                    span = Span(span.doc, span.start, span.end, label="LOC")
            refined.append(span)
        return refined

    @staticmethod
    def _is_heading_word(span: Span) -> bool:
        """A one-word line (``Woningbouwplannen``) is an article's subheading, not a person."""
        doc = span.doc
        # Neighbouring tokens, not the text: slicing doc.text per span made long documents quadratic.
        before = doc[span.start - 1].text_with_ws if span.start > 0 else "\n"
        after = doc[span.end - 1].whitespace_ + (doc[span.end].text if span.end < len(doc) else "\n")
        alone = before.endswith("\n") and after.startswith("\n")
        return alone and len(span) == 1 and span.label_ == "PER"

    @staticmethod
    def _is_role_phrase(span: Span) -> bool:
        """``De premier``, ``president``: a role noun is not a name (roles.py resolves it)."""
        return all(token.lower_ in ("de", "het") or is_role_word(token.text) for token in span)

    def _fit_place_names(self, span: Span) -> list[Span]:
        """Mend the edges of place names: ``Dominicaanse`` + ``Republiek``; ``Frankrijk Duitsland`` is two places."""
        doc = span.doc
        for extra in (2, 1):
            end = span.end + extra
            if end <= len(doc) and all(t.text[:1].isupper() for t in doc[span.end : end]):
                longer = doc[span.start : end]
                if self.is_obvious_place(longer.text):
                    return [Span(doc, span.start, end, label="LOC")]
        if len(span) >= 2 and span.text not in self.gazetteer and all(self.is_obvious_place(t.text) for t in span):
            return [Span(doc, t.i, t.i + 1, label="LOC") for t in span]
        return [span]

    def _retype(self, span: Span) -> Span:
        if span.label_ in ("PER", "ORG") and self.is_obvious_place(span.text):
            return Span(span.doc, span.start, span.end, label="LOC")
        return span

    @staticmethod
    def _consistent_labels(spans: list[Span]) -> list[Span]:
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for span in spans:
            votes[name_key(span.text)][span.label_] += 1
        refined = []
        for span in spans:
            (label, count), *rest = votes[name_key(span.text)].most_common()
            if span.label_ != label and (not rest or count > rest[0][1]):
                span = Span(span.doc, span.start, span.end, label=label)
            refined.append(span)
        return refined

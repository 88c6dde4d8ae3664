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
"""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from graph_api.model import PlaceKind
from graph_api.names import name_key
from graph_api.nlp.first_names import is_first_name
from graph_api.nlp.gazetteer import Gazetteer, load_gazetteer
from graph_api.nlp.lexicon import zipf
from graph_api.nlp.titles import is_role_word
from graph_api.nlp.words import token_texts

OBVIOUS_PLACE_KINDS = (PlaceKind.COUNTRY, PlaceKind.CONTINENT)
# The component's defaults (``default_config`` in registrations.py), each a setting of the pipeline.
OBVIOUS_CITY_POPULATION = 500_000  # a city this large is a place whatever the model said
COMMON_WORD_ZIPF = 4.0  # a word this frequent in lower case may be an ordinary word at a sentence start
VERY_COMMON_WORD_ZIPF = 5.0  # … and this frequent, it is one


def _surnames(spans: list[Span]) -> set[str]:
    """Last words of the people named with two words or more."""
    return {span[-1].text for span in spans if span.label_ == "PER" and len(span) >= 2}


class LowerCaseWords:
    """The words a document writes in lower case, collected on first use (most documents never ask)."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self._words: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            self._words = {text for text in self.texts if text[:1].islower()}
        return word in self._words


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

    def is_obvious_place(self, text: str) -> bool:
        """A country, a continent, or a city large enough that no one reads it as anything else."""
        place = self.gazetteer.lookup(text)
        if place is None:
            return False
        return place.kind in OBVIOUS_PLACE_KINDS or (place.kind is PlaceKind.CITY and place.population >= self.obvious_city_population)

    def __call__(self, doc: Doc) -> Doc:
        names = [span for span in map(self._strip_title, doc.ents) if span is not None and any(ch.isalnum() for ch in span.text)]
        spans = [self._retype(span) for span in names if not self._is_role_phrase(span) and not self._is_heading_word(span)]
        spans = [fitted for span in spans for fitted in self._fit_place_names(span)]
        spans = self._consistent_labels(spans)
        spans = self._surnames_are_people(spans)
        spans = self._cities_of_named_countries(spans)
        spans = self._propagate(doc, spans)
        doc.ents = filter_spans(spans)
        return doc

    @staticmethod
    def _strip_title(span: Span) -> Span | None:
        """``Bondskanselier Olaf Scholz`` → ``Olaf Scholz``: a title before a name is not part of it."""
        start = span.start
        while start < span.end - 1 and is_role_word(span.doc[start].text):
            start += 1
        return span if start == span.start else Span(span.doc, start, span.end, label=span.label_)

    @staticmethod
    def _surnames_are_people(spans: list[Span]) -> list[Span]:
        """A lone surname of a person named in full in the document is that person, whatever its label."""
        surnames = _surnames(spans)
        return [
            Span(span.doc, span.start, span.end, label="PER") if len(span) == 1 and span.label_ != "PER" and span.text in surnames else span
            for span in spans
        ]

    def _cities_of_named_countries(self, spans: list[Span]) -> list[Span]:
        """A "person" that is a city of a country the document names is that city (``Blumenau`` next to ``Brazilië``).

        Not when it is a given name or the surname of a person named in full.
        """
        countries = self.gazetteer.countries_named(s.text for s in spans if s.label_ == "LOC")
        surnames = _surnames(spans)
        refined = []
        for span in spans:
            if span.label_ == "PER" and countries and span.text not in surnames and not is_first_name(span[0].text):
                place = self.gazetteer.lookup(span.text, countries)
                if place is not None and place.kind is PlaceKind.CITY and place.country_code in countries:
                    span = Span(span.doc, span.start, span.end, label="LOC")
            refined.append(span)
        return refined

    @staticmethod
    def _is_heading_word(span: Span) -> bool:
        """A one-word line (``Woningbouwplannen``) is an article's subheading, not a person."""
        text = span.doc.text
        alone = text[: span.start_char].endswith("\n") and text[span.end_char :].startswith("\n")
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

    def _propagate(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Tag untagged repetitions of names (and surnames of full names) found elsewhere in the doc."""
        known: dict[tuple[str, ...], str] = {}
        for span in spans:
            words = tuple(token.text for token in span)
            known.setdefault(words, span.label_)
            if span.label_ == "PER" and len(words) >= 2 and words[-1][:1].isupper():
                known.setdefault((words[-1],), "PER")
        if not known:
            return spans
        taken = {i for span in spans for i in range(span.start, span.end)}
        by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for words in sorted(known, key=len, reverse=True):
            by_first[words[0]].append(words)
        texts = token_texts(doc)
        lower_words = LowerCaseWords(texts)
        added: list[Span] = []
        for start, text in enumerate(texts):
            for words in by_first.get(text, ()):
                end = start + len(words)
                if end > len(doc) or any(i in taken for i in range(start, end)):
                    continue
                if tuple(texts[start:end]) != words or not self._may_propagate(doc, start, words, lower_words):
                    continue
                added.append(Span(doc, start, end, label=known[words]))
                taken.update(range(start, end))
                break
        return spans + added

    def _may_propagate(self, doc: Doc, start: int, words: tuple[str, ...], lower_words: LowerCaseWords) -> bool:
        """A found name is tagged again, except a lone word at a sentence start that is an ordinary word there.

        ``Wilders`` is common enough in Dutch to be in a word list, but a document that never
        writes it in lower case uses it only as a name; ``Groen`` next to ``groen`` is ambiguous.
        """
        if not words[0][:1].isupper() or len(words[0]) < 2:
            return False
        sentence_start = doc[start].is_sent_start or start == 0 or doc[start - 1].text in (".", "!", "?", ":", "“", '"', "„", "‘")
        if len(words) > 1 or not sentence_start:
            return True
        frequency = zipf(words[0])
        return frequency < self.common_word_zipf or (frequency < self.very_common_word_zipf and words[0].lower() not in lower_words)

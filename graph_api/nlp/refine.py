"""Document-level corrections of the NER model's entities, as a spaCy component.

- A span whose whole text names a country, continent or large city is a place, whatever the
  model said (it sometimes tags a capital as a person); so is a "person" that is a city of a
  country the document names.
- Place names are mended at their edges: a span one or two words short of a country's name
  grows to it, and a run of country names is one place each.
- A person's name alone on a line is a subheading (a topic word), not a person.
- Known names (``data/organizations.tsv``, the regions of ``data/regions.tsv``) are organisations
  and places wherever they are written, unless a longer name the model found contains them.
- Label consistency: a name tagged with different labels in one document takes its majority label.
- Propagation: a name tagged somewhere in the document is tagged wherever else it occurs
  untagged, and so is the surname of a tagged full name; a capitalised common word at the start
  of a sentence is left alone.
- Evidence: a very common word at a sentence start is no name unless the document also writes it
  capitalised elsewhere; a lone word is a person only when the document names them in full or
  introduces them (a title, a person noun, a speech verb, an age); otherwise it is left for the
  corpus to recognise (MISC), or it is an organisation when written as an acronym. A lone given
  name is nobody in particular. A place the gazetteer does not know needs a preposition of place
  before it or the shape of a place name (``-straat``, ``-plein``) to be one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

from spacy.lang.nl.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from graph_api.model import PlaceKind
from graph_api.names import SURNAME_PARTICLES, name_key
from graph_api.nlp.demonyms import demonym_table
from graph_api.nlp.first_names import is_first_name
from graph_api.nlp.gazetteer import Gazetteer, load_gazetteer
from graph_api.nlp.known_names import INITIALS, NAME_SUFFIXES, KnownNames, datelines, has_person_evidence, introduced_as_person, names_institution
from graph_api.nlp.lexicon import zipf
from graph_api.nlp.titles import is_role_word
from graph_api.nlp.words import token_texts

OBVIOUS_PLACE_KINDS = (PlaceKind.COUNTRY, PlaceKind.CONTINENT)
# The component's defaults (``default_config`` in registrations.py), each a setting of the pipeline.
OBVIOUS_CITY_POPULATION = 500_000  # a city this large is a place whatever the model said
COMMON_WORD_ZIPF = 4.0  # a word this frequent in lower case may be an ordinary word at a sentence start
VERY_COMMON_WORD_ZIPF = 5.0  # … and this frequent, it is one
GRAPH_SPANS = "graph"  # doc.spans key of the names the graph admits (doc.ents keeps the NER's corrected view)
PERSON_CITY_POPULATION = 15_000  # smaller towns share their names with too many Dutch surnames
BODY_SUFFIXES = ("regio", "raad", "commissie", "dienst", "bureau", "ministerie", "gemeente", "provincie", "politie", "rechtbank")
PORTFOLIO_TITLES = frozenset({"minister", "staatssecretaris", "onderminister", "vicepremier"})  # "minister van Financiën"
TITLES_OF_NAMES = frozenset({"Koning", "Koningin", "Prins", "Prinses", "Sint", "Keizer"})  # "Prinses Amalia Centrum"
GIVEN_NAME_MAX_ZIPF = 5.5  # "beste" and "de" are in the name dictionary; "jan" (5.2) must stay a name
GIVEN_NAMES_AMONG_STOP_WORDS = frozenset({"ben"})
FOREIGN_PARTICLES = frozenset({"de", "du", "d'", "d’", "des", "la", "di", "del", "a"})
PLACE_PREPOSITIONS = frozenset("in te naar uit bij vanuit nabij rond richting via langs over tussen".split())
PLACE_SUFFIXES = (
    "straat",
    "plein",
    "weg",
    "laan",
    "gracht",
    "kade",
    "dijk",
    "park",
    "brug",
    "baan",
    "haven",
    "markt",
    "veld",
    "bos",
    "berg",
    "dal",
    "meer",
    "zee",
    "eiland",
    "polder",
    "wijk",
    "dorp",
    "stad",
    "burg",
    "poort",
    "singel",
    "plantsoen",
)


def _blank_dutch_tokenizer() -> Callable[[str], Doc]:
    import spacy

    return spacy.blank("nl").tokenizer


def _at_sentence_start(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i].is_sent_start or doc[i - 1].text in (".", "!", "?", ":", "“", '"', "„", "‘", "\n", "\n\n") or "\n" in doc[i - 1].text


def _within_sentence(span: Span) -> Span | None:
    """A name does not run across a sentence boundary: ``D.`` | ``De leider`` keeps its first part."""
    for token in span[1:]:
        if token.is_sent_start:
            return Span(span.doc, span.start, token.i, label=span.label_)
    return span


def _lone_word(span: Span) -> bool:
    """One word, perhaps behind surname particles (``Van Aert``)."""
    return sum(token.lower_ not in SURNAME_PARTICLES for token in span) == 1


def _surname_like(text: str) -> bool:
    """A capitalised word that may be (part of) a surname: not all capitals, no digits, not a body (``Veiligheidsregio``)."""
    plain = text.replace("-", "").replace("’", "").replace("'", "")
    return len(text) >= 2 and text[:1].isupper() and not text.isupper() and plain.isalpha() and not text.lower().endswith(BODY_SUFFIXES)


def _acronym(text: str) -> bool:
    return len(text) >= 2 and (text.isupper() or any(ch.isdigit() or ch == "&" for ch in text))


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
        tokenizer: Callable[[str], Doc] | None = None,
    ) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self.obvious_city_population = obvious_city_population
        self.common_word_zipf = common_word_zipf
        self.very_common_word_zipf = very_common_word_zipf
        self.known_names = KnownNames(tokenizer or _blank_dutch_tokenizer())

    def is_obvious_place(self, text: str) -> bool:
        """A country, a continent, or a city large enough that no one reads it as anything else."""
        place = self.gazetteer.lookup(text)
        if place is None:
            return False
        return place.kind in OBVIOUS_PLACE_KINDS or (place.kind is PlaceKind.CITY and place.population >= self.obvious_city_population)

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = filter_spans(self._corrected(doc))
        doc.spans[GRAPH_SPANS] = filter_spans(self._admitted(doc, list(doc.ents)))
        return doc

    def _corrected(self, doc: Doc) -> list[Span]:
        """The model's names with its mistakes mended (what the NER evaluation scores)."""
        names = [span for span in map(self._strip_title, doc.ents) if span is not None and any(ch.isalnum() for ch in span.text)]
        spans = [self._retype(span) for span in names if not self._is_role_phrase(span) and not self._is_heading_word(span)]
        spans = [fitted for span in spans for fitted in self._fit_place_names(span)]
        spans = self._consistent_labels(spans)
        spans = [self._complete_particle(span) for span in spans]
        spans = self._surnames_are_people(spans)
        spans = self._cities_of_named_countries(spans)
        spans = self._propagate(doc, spans)
        return [cut for cut in map(_within_sentence, spans) if cut is not None]

    def _admitted(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """The names the knowledge graph takes as entities: known names and full names added, and
        only people and places with evidence (see the module docstring)."""
        spans = self._with_known_names(doc, spans)
        spans = self._with_datelines(doc, spans)
        spans = self._with_full_names(doc, spans)
        spans = self._portfolios([self._institution(self._misc_by_evidence(span)) for span in spans])
        spans = self._ministries(doc, spans)
        spans = self._surnames_are_people(spans)
        spans = self._propagate(doc, spans)
        spans = self._without_ordinary_words(doc, spans)
        spans = self._people_with_evidence(spans)
        return [self._place_with_evidence(span) for span in spans]

    def _with_known_names(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Known organisations and regions: they relabel the model's span they cover, or are added."""
        surnames = _surnames(spans)
        by_token = {i: span for span in spans for i in range(span.start, span.end)}
        replaced: set[int] = set()
        added: list[Span] = []
        found = self.known_names.find(doc)
        known_in: dict[int, list[Span]] = defaultdict(list)
        for known in found:
            for span in {id(by_token[i]): by_token[i] for i in range(known.start, known.end) if i in by_token}.values():
                known_in[id(span)].append(known)
        for known in found:
            covered = {id(by_token[i]): by_token[i] for i in range(known.start, known.end) if i in by_token}
            if not covered:
                if not self._ordinary_word_at_start(doc, known):
                    added.append(known)
                continue
            # Inside the known name, or one of several known names the model glued together ("RTV Utrecht NOS").
            inside = all((known.start <= span.start and span.end <= known.end) or len(known_in[id(span)]) > 1 for span in covered.values())
            person_surname = any(span.label_ == "PER" for span in covered.values()) and known.text in surnames
            if inside and not person_surname:
                replaced.update(covered)
                added.append(known)
        return [span for span in spans if id(span) not in replaced] + added

    @staticmethod
    def _ministries(doc: Doc, spans: list[Span]) -> list[Span]:
        """``ministerie van Justitie en Veiligheid``: the ministry is one organisation, however the model split it."""
        words = token_texts(doc)
        found = []
        for i, word in enumerate(words[:-2]):
            if word.lower() != "ministerie" or words[i + 1] != "van" or not words[i + 2][:1].isupper():
                continue
            end = i + 3
            while end < len(words) and (words[end][:1].isupper() or (words[end] == "en" and end + 1 < len(words) and words[end + 1][:1].isupper())):
                end += 1
            found.append(Span(doc, i, end, label="ORG"))
        taken = {i for span in found for i in range(span.start, span.end)}
        return [span for span in spans if not any(i in taken for i in range(span.start, span.end))] + found

    @staticmethod
    def _portfolios(spans: list[Span]) -> list[Span]:
        """``minister van Buitenlandse Zaken`` is a title, no organisation; ``Prinses`` belongs to ``Prinses Amalia Centrum``."""
        refined = []
        for span in spans:
            doc = span.doc
            before = [t.lower_ for t in doc[max(0, span.start - 2) : span.start]]
            if span.label_ == "ORG" and len(before) == 2 and before[1] == "van":
                if before[0] == "ministerie":
                    end = (
                        span.end + 2
                        if span.end + 1 < len(doc) and doc[span.end].lower_ == "en" and doc[span.end + 1].text[:1].isupper()
                        else span.end
                    )
                    span = Span(doc, span.start - 2, end, label="ORG")
                elif before[0] in PORTFOLIO_TITLES:
                    continue
            elif span.label_ == "ORG" and span.start > 0 and doc[span.start - 1].text in TITLES_OF_NAMES and names_institution(span):
                span = Span(doc, span.start - 1, span.end, label="ORG")  # "Prinses" + "Amalia Centrum"
            refined.append(span)
        return refined

    def _with_datelines(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """A dateline's place (``MOSKOU``, when the gazetteer knows it) and agency replace whatever the model made of them."""
        found = [span for pair in datelines(doc) for span in pair if span.label_ == "ORG" or span.text in self.gazetteer]
        if not found:
            return spans
        taken = {i for span in found for i in range(span.start, span.end)}
        return [span for span in spans if not any(i in taken for i in range(span.start, span.end))] + found

    def _with_full_names(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Given names (or initials), surname particles and a capitalised surname are a person's full name,
        also where the model tagged only a part (``Arthur`` | ``van Dijk``) or nothing."""
        known = {(span.start, span.end) for span in spans if span.label_ in ("ORG", "LOC") and len(span) > 1}
        by_token = {i: span for span in spans for i in range(span.start, span.end)}
        replaced: set[int] = set()
        added: list[Span] = []
        i = 0
        while i < len(doc):
            end = self._full_name_end(doc, i)
            if end is None:
                i += 1
                continue
            covered = {id(by_token[j]): by_token[j] for j in range(i, end) if j in by_token}
            # The model's MISC around a name ("Open VLD-raadslid Erica Caluwaerts") gives way to it.
            inside = all((i <= span.start and span.end <= end) or span.label_ == "MISC" for span in covered.values())
            if inside and not any((span.start, span.end) in known for span in covered.values()):
                replaced.update(covered)
                added.append(Span(doc, i, end, label="PER"))
            i = end
        return [span for span in spans if id(span) not in replaced] + added

    def _full_name_end(self, doc: Doc, start: int) -> int | None:
        """The end of a full name starting at ``start``, if one does; a name never runs into the next sentence."""
        limit = next((j for j in range(start + 1, min(len(doc), start + 9)) if doc[j].is_sent_start), min(len(doc), start + 9))
        i = start
        while i < limit and self._given_name_at(doc, i):
            i += 1
            if i < limit and doc[i].text == "." and INITIALS.match(doc[i - 1].text + "."):
                i += 1  # "A.F.Th" "." : the tokenizer split the last initial's stop
        if i == start or i - start > 3:
            return None
        while i < limit and doc[i].lower_ in SURNAME_PARTICLES:
            i += 1
        surname_start = i
        while i < limit and i - surname_start < 2 and _surname_like(doc[i].text):
            i += 1
        if i == surname_start:
            return None
        return i + 1 if i < limit and doc[i].text in NAME_SUFFIXES else i

    def _given_name_at(self, doc: Doc, i: int) -> bool:
        text = doc[i].text
        if not text[:1].isupper():
            return False
        if INITIALS.match(text) or (i + 1 < len(doc) and doc[i + 1].text == "." and INITIALS.match(text + ".") and "." in text):
            return True
        if not is_first_name(text) or not text[:1].isupper() or text.isupper() or is_role_word(text):
            return False
        lower = text.lower()
        if (lower in STOP_WORDS and lower not in GIVEN_NAMES_AMONG_STOP_WORDS) or zipf(text) >= GIVEN_NAME_MAX_ZIPF:
            return False  # "De Zevende Dag", "Beste Film": a title's words that happen to be names somewhere
        return not _at_sentence_start(doc, i) or zipf(text) < self.common_word_zipf

    def _misc_by_evidence(self, span: Span) -> Span:
        """A name the model called MISC: a person when introduced as one, a place when the gazetteer has it by its own name."""
        if span.label_ != "MISC" or not span.text[:1].isupper():
            return span
        if _lone_word(span) and introduced_as_person(span):
            return Span(span.doc, span.start, span.end, label="PER")
        if self.gazetteer.names_place(span.text) and name_key(span.text) not in demonym_table():
            return Span(span.doc, span.start, span.end, label="LOC")
        return span

    @staticmethod
    def _institution(span: Span) -> Span:
        return Span(span.doc, span.start, span.end, label="ORG") if span.label_ == "PER" and len(span) > 1 and names_institution(span) else span

    def _ordinary_word_at_start(self, doc: Doc, span: Span) -> bool:
        """A one-word name at a sentence start that is a very common word there (``Vooruit``, ``Kom``)."""
        if len(span) != 1 or not _at_sentence_start(doc, span.start):
            return False
        word = span.text
        if zipf(word) < self.very_common_word_zipf and not (zipf(word) >= self.common_word_zipf and word.lower() in LowerCaseWords(token_texts(doc))):
            return False
        return not any(token.text == word and not _at_sentence_start(doc, token.i) for token in doc)

    def _without_ordinary_words(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Drop ordinary words at sentence starts; a place the gazetteer knows is a name wherever it stands."""
        return [span for span in spans if self.gazetteer.is_prominent(span.text) or not self._ordinary_word_at_start(doc, span)]

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
    def _people_with_evidence(spans: list[Span]) -> list[Span]:
        """A lone-word person stays one only with evidence in the document (see the module docstring)."""
        surnames = _surnames(spans)
        evidenced = {span.text for span in spans if span.label_ == "PER" and _lone_word(span) and has_person_evidence(span)}
        refined = []
        for span in spans:
            if span.label_ == "PER" and len(span.text.strip(". \n")) <= 1:
                continue  # an initial alone is nobody
            if span.label_ == "PER" and _lone_word(span) and span[-1].text not in surnames and span.text not in evidenced:
                label = "ORG" if _acronym(span.text) else "MISC"
                span = Span(span.doc, span.start, span.end, label=label)
            elif span.label_ == "PER" and len(span) == 1 and is_first_name(span.text) and span.text not in surnames and span.text not in evidenced:
                span = Span(span.doc, span.start, span.end, label="MISC")
            refined.append(span)
        return refined

    def _place_with_evidence(self, span: Span) -> Span:
        """An unknown place needs a preposition of place before it or a place name's shape; a place
        inside a foreign name (``Tour de France``) is none."""
        doc = span.doc
        if span.label_ == "LOC" and span.start >= 2 and doc[span.start - 1].lower_ in FOREIGN_PARTICLES:
            head = doc[span.start - 2]
            if head.text[:1].isupper() and not _at_sentence_start(doc, head.i):
                return Span(doc, span.start, span.end, label="MISC")
        if span.label_ != "LOC" or span.text in self.gazetteer:
            return span
        introduced = span.start > 0 and doc[span.start - 1].lower_ in PLACE_PREPOSITIONS
        shaped = name_key(span[-1].text).endswith(PLACE_SUFFIXES) or _acronym(span.text)  # "de VS": resolution links it
        return span if introduced or shaped else Span(doc, span.start, span.end, label="MISC")

    @staticmethod
    def _strip_title(span: Span) -> Span | None:
        """``Bondskanselier Olaf Scholz`` → ``Olaf Scholz``: a title before a name is not part of it."""
        if names_institution(span):
            return span
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

"""Which names the knowledge graph admits as entities: the evidence-based view of a document's names.

The NER model's corrected names (``doc.ents``, see ``refine.py``) are what the CoNLL evaluation
scores; this component writes the names the graph takes to ``doc.spans["graph"]``:

- Known names (``data/organizations.tsv``, the regions of ``data/regions.tsv``) are organisations
  and places wherever they are written, unless a longer name the model found contains them; names
  the model glued together are split. A dateline ("MOSKOU (ANP) -") gives a place and an agency.
- Full names are found behind titles and initials ("Topman Johan de Graaf", "A.F.Th. van der
  Heijden"), also where the model tagged only part of them.
- A word the model called MISC is a person when introduced as one (a title, a person noun, an age
  before it), a place when the gazetteer has it by its own name. An institution ("… Centrum") is
  no person; a ministry is one organisation however the model split it; a portfolio after
  "minister van" is part of a title.
- Evidence: a very common word at a sentence start is no name unless the document also writes it
  capitalised elsewhere; a lone word is a person only when the document names them in full or
  introduces them (a title, a person noun, a speech verb, an age); otherwise it is left for the
  corpus to recognise (MISC), or it is an organisation when written as an acronym. A lone given
  name or initial is nobody in particular. A place the gazetteer does not know needs a preposition
  of place before it or the shape of a place name (``-straat``, ``-plein``, ``Hotel``); a place inside a
  foreign name (``Tour de France``) is none.
- The shapes around a name (``name_patterns.py``): names after a noun for a kind of organisation
  ("kledingketen Topshop") and a club's prefix ("FC Volendam") are organisations; a home town after
  a preposition of place ("uit Houten") is a place where the model saw nothing; levels and codes
  ("Defcon 3") are no names; a Dutch noun at a sentence start is no given name ("Kaartverkoper Eventim").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from spacy.lang.nl.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from graph_api.names import SURNAME_PARTICLES, name_key
from graph_api.nlp.demonyms import demonym_table
from graph_api.nlp.first_names import is_first_name
from graph_api.nlp.gazetteer import Gazetteer, load_gazetteer
from graph_api.nlp.known_names import (
    INITIALS,
    INSTITUTION_WORDS,
    NAME_SUFFIXES,
    PERSON_NOUNS,
    SPEECH_WORDS,
    KnownNames,
    datelines,
    has_person_evidence,
    introduced_as_person,
    names_institution,
    organisation_noun,
)
from graph_api.nlp.lexicon import zipf
from graph_api.nlp.name_patterns import (
    CLUB_PREFIXES,
    INSTITUTION_HEADS,
    LOCAL_OFFICES,
    LOWER_CASE_INSTITUTION_HEADS,
    PLACE_NOUN_HEADS,
    PLURAL_ENDINGS,
    VENUE_WORDS,
    article_before,
    code_or_level,
    compass_part,
    dutch_noun,
    landform,
    name_after,
    named_weather,
    names_after,
    place_noun_before,
    prize,
    town_of_office,
    without_leading_noun,
)
from graph_api.nlp.organizations import canonical_organization
from graph_api.nlp.span_rules import (
    COMMON_WORD_ZIPF,
    VERY_COMMON_WORD_ZIPF,
    LowerCaseWords,
    Overlay,
    Propagation,
    acronym,
    at_sentence_start,
    lone_word,
    surname_like,
    surnames,
    surnames_are_people,
)
from graph_api.nlp.titles import is_role_word
from graph_api.nlp.words import token_texts

GRAPH_SPANS = "graph"  # doc.spans key of the names the graph admits
PORTFOLIO_TITLES = frozenset({"minister", "staatssecretaris", "onderminister", "vicepremier"})  # "minister van Financiën"
TITLES_OF_NAMES = frozenset({"Koning", "Koningin", "Prins", "Prinses", "Sint", "Keizer"})  # "Prinses Amalia Centrum"
GIVEN_NAME_MAX_ZIPF = 5.5  # "beste" and "de" are in the name dictionary; "jan" (5.2) must stay a name
GIVEN_NAMES_AMONG_STOP_WORDS = frozenset({"ben"})
NAME_HONORIFICS = frozenset({"lady", "lord", "sir", "dame", "sint", "saint", "san", "santa"})  # part of the name they open
INHABITANT_SUFFIXES = ("ers", "er", "aar", "aan", "an", "iër", "ees", "in")
# Words for people of a nation that no suffix derives from its name ("Zweden" and "Polen" are left out: countries too).
IRREGULAR_INHABITANTS = frozenset(
    "Belg Belgen Brit Britten Fransman Fransen Française Engelsman Engelsen Ier Ieren Schot Schotten Duitser Duitsers "
    "Spanjaard Spanjaarden Zweed Noor Noren Deen Denen Fin Finnen Pool Rus Russen Turk Turken Griek Grieken Hongaar "
    "Hongaren Roemeen Roemenen Bulgaar Bulgaren Portugees Portugezen Zwitser Zwitsers Oostenrijker Oostenrijkers Sloveen "
    "Slovenen Kroaat Kroaten Tsjech Tsjechen Slowaak Slowaken Montenegrijn Argentijn Argentijnen Chileen Chilenen "
    "Jemeniet Jemenieten Saoedi Kazach Oezbeek Mongool".split()
)
FOREIGN_PARTICLES = frozenset({"de", "du", "d'", "d’", "des", "la", "di", "del", "a"})
PLACE_PREPOSITIONS = frozenset("in te naar uit bij vanuit nabij rond richting via langs over tussen".split())
TOWN_PREPOSITIONS = frozenset("in te uit vanuit nabij".split())  # before a club's name, "naar" and "bij" are as common
PLACE_SUFFIXES = (
    "straat", "plein", "weg", "laan", "gracht", "kade", "dijk", "park", "brug", "baan", "haven", "markt", "veld", "bos",
    "berg", "dal", "meer", "zee", "eiland", "polder", "wijk", "dorp", "stad", "burg", "poort", "singel", "plantsoen",
)  # fmt: skip


def _title(word: str) -> bool:
    """A role word, also as the head of a compound (``VN-chef``)."""
    return is_role_word(word) or is_role_word(word.rsplit("-", 1)[-1])


def _with_leading_particles(span: Span) -> Span:
    """``Ten`` + ``Hag``: capitalised surname particles before a person's name inside a sentence belong to it."""
    doc, start = span.doc, span.start
    while span.label_ == "PER" and start > 0 and doc[start - 1].text[:1].isupper() and doc[start - 1].lower_ in SURNAME_PARTICLES:
        if at_sentence_start(doc, start - 1):
            break
        start -= 1
    return span if start == span.start else Span(doc, start, span.end, label="PER")


def _institution_kind(words: list[str], i: int) -> bool:
    """``Rechtbank`` capitalised, or ``politie`` after an article: a kind of institution opening its name."""
    word = words[i]
    if word[:1].isupper() and word.lower() in INSTITUTION_HEADS:
        return True
    return word in LOWER_CASE_INSTITUTION_HEADS and i > 0 and words[i - 1].lower() in ("de", "het")


def _blank_dutch_tokenizer() -> Callable[[str], Doc]:
    import spacy

    return spacy.blank("nl").tokenizer


class GraphAdmission:
    """Writes ``doc.spans["graph"]``: the document's names as the knowledge graph takes them."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        common_word_zipf: float = COMMON_WORD_ZIPF,
        very_common_word_zipf: float = VERY_COMMON_WORD_ZIPF,
        tokenizer: Callable[[str], Doc] | None = None,
    ) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self.common_word_zipf = common_word_zipf
        self.very_common_word_zipf = very_common_word_zipf
        self.known_names = KnownNames(tokenizer or _blank_dutch_tokenizer())
        self.propagate = Propagation(common_word_zipf, very_common_word_zipf)

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[GRAPH_SPANS] = filter_spans(self._admitted(doc, list(doc.ents)))
        return doc

    def _admitted(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Known names and full names added, and only people and places with evidence (see the module docstring)."""
        spans = self._with_known_names(doc, spans)
        spans = self._with_datelines(doc, spans)
        spans = self._with_full_names(doc, self._without_words_before_given_names(spans))
        spans = self._towns_of_local_offices(doc, spans)
        spans = self._speakers_after_verbs(doc, spans)
        spans = self._institutions(doc, spans)
        spans = self._organisations_after_nouns(doc, spans)
        spans = self._organisations_by_kind(doc, spans)
        spans = self._places_after_prepositions(doc, spans)
        spans = self._places_after_nouns(doc, spans)
        spans = self._portfolios([self._institution(self._misc_by_evidence(span)) for span in spans])
        spans = self._ministries(doc, spans)
        spans = [_with_leading_particles(span) for span in surnames_are_people(spans)]
        spans = self.propagate(doc, spans)
        spans = self._without_ordinary_words(doc, spans)
        spans = [self._by_shape(span) for span in spans if not code_or_level(span) and not named_weather(span)]
        spans = [without_leading_noun(span) for span in spans]
        spans = self._people_with_evidence(spans)
        return [self._place_with_evidence(self._town_not_organisation(span)) for span in spans]

    def _with_known_names(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Known organisations and regions: they relabel the model's span they cover, or are added."""
        known_surnames = surnames(spans)
        overlay = Overlay(spans)
        found = [(known, overlay.touched(known.start, known.end)) for known in self.known_names.find(doc)]
        known_in: dict[int, int] = defaultdict(int)
        for _, covered in found:
            for span in covered:
                known_in[id(span)] += 1
        for known, covered in found:
            if not covered:
                if not self._ordinary_word_at_start(doc, known):
                    overlay.put(known, [])
                continue
            # Inside the known name, one of several known names the model glued together ("RTV Utrecht NOS"),
            # or a MISC around it ("De Tweede Kamer"): the known name stands.
            inside = all(
                (known.start <= span.start and span.end <= known.end)
                or known_in[id(span)] > 1
                or span.label_ == "MISC"
                or article_before(span, known)
                for span in covered
            )
            person_surname = any(span.label_ == "PER" and not article_before(span, known) for span in covered) and known.text in known_surnames
            if inside and not person_surname:
                overlay.put(known, covered)
        return overlay.result()

    def _speakers_after_verbs(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """``zegt De Jonge``, ``aldus Verbeek``, ``politicoloog Koichi Nakano``: capitalised names right after a
        speech verb or a word for a person, which the model left untagged or called MISC, are a person
        (not a place or an organisation the tables know)."""
        overlay = Overlay(spans)
        words = token_texts(doc)
        for i, word in enumerate(words[:-1]):
            lower = word.lower()
            if lower not in SPEECH_WORDS and lower not in PERSON_NOUNS:
                continue
            end = self._name_end(words, i + 1, 1 if lower in SPEECH_WORDS else 3)
            if end is None:
                continue
            covered = overlay.touched(i + 1, end)
            if any(span.label_ != "MISC" for span in covered):
                continue
            name = doc[i + 1 : end]
            if name.text in self.gazetteer or canonical_organization(name.text):
                continue
            overlay.put(Span(doc, i + 1, end, label="PER"), covered)
        return overlay.result()

    @staticmethod
    def _institutions(doc: Doc, spans: list[Span]) -> list[Span]:
        """``Hubrecht Instituut``, ``American Astronomical Society``, ``Den Haag FM``: capitalised words ending in an
        institution's word inside a sentence are an organisation, where the model found nothing, a MISC or a place in it."""
        overlay = Overlay(spans)
        words = token_texts(doc)
        for i, word in enumerate(words):
            if not word[:1].isupper() or word.lower() not in INSTITUTION_WORDS or i == 0:
                continue
            start = i
            while start > 0 and i - start < 3 and words[start - 1][:1].isupper() and not at_sentence_start(doc, start):
                start -= 1
            if start == i:
                continue
            covered = overlay.touched(start, i + 1)
            if all(span.label_ in ("MISC", "LOC") and span.start >= start for span in covered):  # "Den Haag" + "FM"
                label = "LOC" if word.lower() in VENUE_WORDS else "ORG"  # "Amstel Hotel" is a building
                overlay.put(Span(doc, start, i + 1, label=label), covered)
        return overlay.result()

    def _organisations_after_nouns(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """``kledingketen Topshop``, ``de partij Tokyo Citizens First``, ``de winkelketens Topshop, Topman en HIIT``: names
        right after a noun for a kind of organisation are organisations, whatever the model made of them (a
        place the gazetteer ranks as major stays one: ``de ploeg Frankrijk``)."""
        overlay = Overlay(spans)
        words = token_texts(doc)
        for i, word in enumerate(words[:-1]):
            if not (word.islower() or at_sentence_start(doc, i)) or not organisation_noun(word):
                continue
            for start, end in names_after(doc, words, i + 1, listing=word.lower().endswith(PLURAL_ENDINGS)):
                covered = overlay.touched(start, end)
                name = doc[start:end].text
                if self.gazetteer.is_major(name) or any(span.label_ == "ORG" and not (start <= span.start and span.end <= end) for span in covered):
                    continue
                overlay.put(Span(doc, start, end, label="ORG"), covered)
        return overlay.result()

    @staticmethod
    def _organisations_by_kind(doc: Doc, spans: list[Span]) -> list[Span]:
        """A club's prefix (``FC Volendam``, ``KV Mechelen``) or an institution's kind (``Rechtbank Overijssel``, ``de
        politie Zeeland-West-Brabant``) and the name after it are one organisation, not the town in it; an institution's
        name does not swallow a person the model found."""
        overlay = Overlay(spans)
        words = token_texts(doc)
        for i, word in enumerate(words[:-1]):
            club = word in CLUB_PREFIXES
            if not club and not _institution_kind(words, i):
                continue
            end = name_after(doc, words, i + 1)
            if end is None:
                continue
            covered = overlay.touched(i, end)
            if all(i <= span.start and span.end <= end and (club or span.label_ != "PER") for span in covered):
                overlay.put(Span(doc, i, end, label="ORG"), covered)
        return overlay.result()

    def _places_after_prepositions(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """``uit Houten en Rotterdam``: a capitalised name the model left untagged after a preposition of place is a
        place when a place at home or a major one bears it (the longest such name of up to three words)."""
        taken = {i for span in spans for i in range(span.start, span.end)}
        words = token_texts(doc)
        found: list[Span] = []
        for i, word in enumerate(words[:-1]):
            if word.lower() not in PLACE_PREPOSITIONS:
                continue
            start = i + 1
            while start < len(doc) and (start in taken or words[start][:1].isupper()) and not doc[start].is_sent_start:
                end = start + 1 if start in taken else self._prominent_place_end(doc, start, taken)
                if end is None:
                    break
                if start not in taken:
                    found.append(Span(doc, start, end, label="LOC"))
                    taken.update(range(start, end))
                else:
                    end = next(j for j in range(start, len(doc) + 1) if j not in taken or j == len(doc))  # past the tagged name
                if end + 1 >= len(doc) or words[end] not in (",", "en"):  # "in Simpelveld, Vaals en Eijsden"
                    break
                start = end + 1
        return spans + found

    def _prominent_place_end(self, doc: Doc, start: int, taken: set[int]) -> int | None:
        """The end of the longest name of up to three words at ``start`` that a place at home or a major one bears."""
        for end in range(min(len(doc), start + 3), start, -1):
            if doc[end - 1].is_punct or any(j in taken or (j > start and doc[j].is_sent_start) for j in range(start, end)):
                continue
            if self.gazetteer.is_prominent(doc[start:end].text):
                return end
        return None

    def _places_after_nouns(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """``het dorp Moulay Brahim``, ``de kustplaatsen Kiotari en Lindos``: names right after a noun for a kind of place
        are places, whatever the model made of them (a known organisation stays one)."""
        overlay = Overlay(spans)
        words = token_texts(doc)
        for i, word in enumerate(words[:-1]):
            if not word.islower() or not PLACE_NOUN_HEADS(word):
                continue
            for start, end in names_after(doc, words, i + 1, listing=True):
                covered = overlay.touched(start, end)
                if canonical_organization(doc[start:end].text) or any(not (start <= span.start and span.end <= end) for span in covered):
                    continue
                if any(span.label_ == "ORG" and canonical_organization(span.text) for span in covered):
                    continue
                overlay.put(Span(doc, start, end, label="LOC"), covered)
        return overlay.result()

    @staticmethod
    def _name_end(words: list[str], start: int, most: int) -> int | None:
        """The end of up to ``most`` capitalised name words (with surname particles between) from ``start``."""
        end, count = start, 0
        while end < len(words) and count < most:
            # Particles: capitalised ones open a surname ("De Jonge"), lower-case ones only follow a given name.
            while end < len(words) - 1 and words[end].lower() in SURNAME_PARTICLES and words[end + 1][:1].isupper():
                if words[end].islower() and not count:
                    return None
                end += 1
            word = words[end] if end < len(words) else ""
            if not surname_like(word) or word.lower() in STOP_WORDS or name_key(word) in demonym_table() or _title(word):
                break
            end, count = end + 1, count + 1
        return end if count else None

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
        found = [span for span in datelines(doc) if span.label_ == "ORG" or span.text in self.gazetteer]
        if not found:
            return spans
        taken = {i for span in found for i in range(span.start, span.end)}
        return [span for span in spans if not any(i in taken for i in range(span.start, span.end))] + found

    def _with_full_names(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Given names (or initials), surname particles and a capitalised surname are a person's full name,
        also where the model tagged only a part (``Arthur`` | ``van Dijk``) or nothing."""
        known = {(span.start, span.end) for span in spans if span.label_ in ("ORG", "LOC") and len(span) > 1}
        overlay = Overlay(spans)
        i = 0
        while i < len(doc):
            end = self._full_name_end(doc, i)
            if end is None:
                i += 1
                continue
            covered = overlay.touched(i, end)
            # The model's MISC around a name ("het huidige raadslid Ilse Vermeersch") gives way to it.
            inside = all((i <= span.start and span.end <= end) or span.label_ == "MISC" for span in covered)
            if inside and not any((span.start, span.end) in known for span in covered):
                overlay.put(Span(doc, i, end, label="PER"), covered)
            i = end
        return overlay.result()

    @staticmethod
    def _towns_of_local_offices(doc: Doc, spans: list[Span]) -> list[Span]:
        """``burgemeester Ellen Verburg van Veere``: after a full name with a town's office before it, ``van`` and a name
        are the town, not the end of a surname (a surname's ``van`` follows the given name: ``Jan van Dijk``)."""
        words = token_texts(doc)
        result = []
        for span in spans:
            if span.label_ != "PER" or span.start == 0 or doc[span.start - 1].lower_ not in LOCAL_OFFICES:
                result.append(span)
                continue
            inner = next((k for k in range(2, len(span) - 1) if span[k].text == "van" and span[k - 1].text[:1].isupper()), None)
            if inner is not None:
                result += [Span(doc, span.start, span.start + inner, label="PER"), Span(doc, span.start + inner + 1, span.end, label="LOC")]
                continue
            result.append(span)
            end = name_after(doc, words, span.end + 1) if span.end < len(words) and words[span.end] == "van" and len(span) >= 2 else None
            if end is not None and not any(other.start < end and span.end < other.end for other in spans):
                result.append(Span(doc, span.end + 1, end, label="LOC"))
        return result

    def _without_words_before_given_names(self, spans: list[Span]) -> list[Span]:
        """``de Sloveen Tadej`` | ``Pogačar``, ``Ploegmaat Mathieu`` | ``van der Poel``: the model's span took in the word
        before a given name (someone's origin, title or a noun), so the full name could not be read."""
        return [Span(span.doc, span.start + 1, span.end, label=span.label_) if self._word_before_given_name(span) else span for span in spans]

    def _word_before_given_name(self, span: Span) -> bool:
        word = span[0].text
        if span.label_ == "ORG" or len(span) < 2 or self._full_name_end(span.doc, span.start + 1) is None:
            return False
        if is_first_name(word) or word.lower() in SURNAME_PARTICLES | NAME_HONORIFICS or self.gazetteer.names_place(span.text):
            return False  # ``Lady Gaga``, ``New York``
        return self._inhabitant_noun(word) or name_key(word) in demonym_table() or is_role_word(word) or dutch_noun(word.lower())

    def _full_name_end(self, doc: Doc, start: int) -> int | None:
        """The end of a full name starting at ``start``, if one does; a name never runs into the next sentence."""
        if not self._given_name_at(doc, start):
            return None
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
        while i < limit and i - surname_start < 2 and surname_like(doc[i].text):
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
        return not at_sentence_start(doc, i) or zipf(text) < self.common_word_zipf

    def _by_shape(self, span: Span) -> Span:
        """What a name's shape says it is: a prize or a race (``Parijs-Roubaix``) is no entity, a landform or a
        point of the compass of a known place (``Oost-Afrika``) is a place."""
        if span.label_ in ("PER", "ORG") and (prize(span) or self._race(span.text)):
            return Span(span.doc, span.start, span.end, label="MISC")
        if span.label_ != "LOC" and (landform(span) or self._compass_place(span.text)):
            return Span(span.doc, span.start, span.end, label="LOC")
        return span

    def _race(self, text: str) -> bool:
        """``Milaan-San Remo``, ``Luik-Bastenaken-Luik``: places joined by hyphens name a race or a route, not a town."""
        parts = [part.strip() for part in text.split("-")]
        if len(parts) < 2 or self.gazetteer.names_place(text):
            return False
        # "San Remo" is also written "Sanremo"
        return all(self.gazetteer.candidates(part) or self.gazetteer.candidates(part.replace(" ", "")) for part in parts)

    def _compass_place(self, text: str) -> bool:
        part = compass_part(text)
        return part is not None and self.gazetteer.is_major(part)

    def _misc_by_evidence(self, span: Span) -> Span:
        """A name the model called MISC: a person when introduced as one, a place when the gazetteer has it by its own name."""
        if span.label_ != "MISC" or not span.text[:1].isupper():
            return span
        if lone_word(span) and introduced_as_person(span):
            return Span(span.doc, span.start, span.end, label="PER")
        if self.gazetteer.names_place(span.text) and name_key(span.text) not in demonym_table():
            return Span(span.doc, span.start, span.end, label="LOC")
        return span

    @staticmethod
    def _institution(span: Span) -> Span:
        return Span(span.doc, span.start, span.end, label="ORG") if span.label_ == "PER" and len(span) > 1 and names_institution(span) else span

    def _ordinary_word_at_start(self, doc: Doc, span: Span) -> bool:
        """A one-word name at a sentence start that is a very common word there (``Vooruit``, ``Kom``)."""
        if len(span) != 1 or not at_sentence_start(doc, span.start):
            return False
        word = span.text
        if zipf(word) < self.very_common_word_zipf and not (zipf(word) >= self.common_word_zipf and word.lower() in LowerCaseWords(token_texts(doc))):
            return False
        return not any(token.text == word and not at_sentence_start(doc, token.i) for token in doc)

    def _without_ordinary_words(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Drop ordinary words at sentence starts; a place the gazetteer knows is a name wherever it stands."""
        return [span for span in spans if self.gazetteer.is_prominent(span.text) or not self._ordinary_word_at_start(doc, span)]

    def _inhabitant_noun(self, word: str) -> bool:
        """``Limburger``, ``Amsterdammer``, ``Keniaan``, ``Indonesiër``, ``Belg``: a word for someone from a place the gazetteer knows."""
        if word in IRREGULAR_INHABITANTS:
            return True
        for suffix in INHABITANT_SUFFIXES:
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                stem = word[: -len(suffix)]
                if any(self.gazetteer.is_major(place) for place in (stem, stem[:-1], stem + "a", stem + "ë", stem + "e", stem + "land")):
                    return True
        return False

    def _people_with_evidence(self, spans: list[Span]) -> list[Span]:
        """A lone-word person stays one only with evidence in the document (see the module docstring)."""
        known_surnames = surnames(spans)
        evidenced = {span.text for span in spans if span.label_ == "PER" and lone_word(span) and has_person_evidence(span)}
        refined = []
        for span in spans:
            if span.label_ != "PER":
                refined.append(span)
                continue
            if len(span.text.strip(". \n")) <= 1:
                continue  # an initial alone is nobody
            proven = span.text in evidenced or span[-1].text in known_surnames
            if lone_word(span) and self._inhabitant_noun(span.text):
                span = Span(span.doc, span.start, span.end, label="MISC")  # "de Limburger", "een Keniaan": nobody by name
            elif len(span) == 1 and any(ch == "&" or ch.isdigit() for ch in span.text):
                span = Span(span.doc, span.start, span.end, label="ORG")  # "B&S", "D66": nobody's name is written so
            elif lone_word(span) and not proven:
                label = "ORG" if acronym(span.text) else "LOC" if self._prominent_place(span) else "MISC"
                span = Span(span.doc, span.start, span.end, label=label)
            elif len(span) == 1 and is_first_name(span.text) and not proven:
                span = Span(span.doc, span.start, span.end, label="MISC")  # a given name alone: nobody in particular
            refined.append(span)
        return refined

    def _prominent_place(self, span: Span) -> bool:
        """A place at home or a major one bears the name, and it is no Dutch word unless a preposition of place comes first
        (``uit Gendringen``, ``de fusie van Galmaarden``; not ``opende met Brand``)."""
        doc = span.doc
        introduced = span.start > 0 and doc[span.start - 1].lower_ in PLACE_PREPOSITIONS
        return self.gazetteer.is_prominent(span.text) and (introduced or not dutch_noun(span.text.lower()))

    def _town_not_organisation(self, span: Span) -> Span:
        """``uit Veldhoven``, ``in Baarle-Nassau``: a town the model called an organisation right after a preposition
        that only places take is the town (a known organisation, or a club ``tegen Volendam``, stays one)."""
        doc = span.doc
        if span.label_ != "ORG" or span.start == 0 or doc[span.start - 1].lower_ not in TOWN_PREPOSITIONS:
            return span
        if canonical_organization(span.text) or not self.gazetteer.is_prominent(span.text):
            return span
        return Span(doc, span.start, span.end, label="LOC")

    def _place_with_evidence(self, span: Span) -> Span:
        """An unknown place needs a preposition of place before it or a place name's shape; a place
        inside a foreign name (``Tour de France``) is none."""
        doc = span.doc
        if span.label_ == "LOC" and span.start >= 2 and doc[span.start - 1].lower_ in FOREIGN_PARTICLES:
            head = doc[span.start - 2]
            if head.text[:1].isupper() and not at_sentence_start(doc, head.i):
                return Span(doc, span.start, span.end, label="MISC")
        if span.label_ != "LOC" or span.text in self.gazetteer:
            return span
        after_preposition = span.start > 0 and doc[span.start - 1].lower_ in PLACE_PREPOSITIONS
        introduced = after_preposition or place_noun_before(doc, span.start) or town_of_office(doc, span.start)
        shaped = name_key(span[-1].text).endswith(PLACE_SUFFIXES) or span[-1].lower_ in VENUE_WORDS or acronym(span.text)  # "de VS": linked
        shaped = shaped or landform(span) or self._compass_place(span.text)
        return span if introduced or shaped else Span(doc, span.start, span.end, label="MISC")

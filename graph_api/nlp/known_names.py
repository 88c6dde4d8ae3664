"""Names the tables know (organisations, regions) found in a document, and the evidence that a lone word is a person.

The NER model decides from the words around a name; these checks add what it cannot know: that
"TikTok" is a company and "Krim" a region whatever the sentence looks like, and that a lone
capitalised word nobody introduces with a first name, a title or a speech verb is not a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from graph_api.nlp.gazetteer import region_names
from graph_api.nlp.lexicon import NounKind
from graph_api.nlp.organizations import known_organizations
from graph_api.nlp.titles import is_role_word

# Words that introduce a person by what they do, beyond the titles of roles.tsv.
PERSON_NOUNS = frozenset(
    "trainer coach bondscoach ploegleider teambaas manager aanvoerder spits keeper doelman renner schaatser schaatsster "
    "zanger zangeres acteur actrice regisseur schrijver schrijfster auteur dichter kunstenaar presentator presentatrice "
    "advocaat verdachte slachtoffer getuige rechter officier agent hoogleraar onderzoeker wetenschapper astronoom arts "
    "wethouder gedeputeerde schepen burgemeester raadslid kamerlid senator oud-minister oud-premier collega meneer mevrouw "
    "heer dokter dr prof mr ir ing drs politicoloog econoom deskundige expert analist historicus socioloog psycholoog "
    "journalist correspondent fotograaf student inwoner bewoner buurtbewoner eigenaar raadsleden kandidaat persrechter "
    "persofficier prins prinses hertog hertogin graaf gravin baron barones sjeik renster wielrenner "
    "wielrenster ploegmaat teamgenoot".split()
)
SPEECH_WORDS = frozenset(
    "zei zegt zeggen aldus vertelde vertelt verklaarde verklaart stelde stelt vindt vond reageerde reageert "
    "benadrukte benadrukt schreef schrijft liet laat antwoordde meldde erkende erkent volgens".split()
)
BRACKETED = re.compile(r"^(?:\d{1,3}|[A-Z][\w&-]*)$")  # "Jansen (54)", "Jansen (VVD)"
AGE_ADJECTIVE = re.compile(r"^\d{1,3}-jarige$")
INITIALS = re.compile(r"^(?:[A-Z]|Th|Ch|Ph|Chr|Joh)\.(?:(?:[A-Z]|Th|Ch|Ph)\.){0,3}$")
NAME_SUFFIXES = frozenset({"Jr.", "jr.", "Sr.", "sr.", "Jr", "Sr", "junior", "senior"})
# The last word of an institution's name: "Prinses Amalia Centrum" is no princess.
INSTITUTION_WORDS = frozenset(
    "centrum instituut ziekenhuis museum fonds stichting universiteit hogeschool school hotel theater schouwburg stadion "
    "huis groep bank fabriek kliniek academie orkest bibliotheek college raad dagblad courant nieuwsblad fm tv "
    "society association institute foundation university council agency company".split()
)


# Nouns that say the name after them is an organisation's ("kledingketen Topshop", "de partij Tokyo Citizens First",
# "de band Kensington"): whole words, or the head of a compound when ``*`` (``winkelketen``, ``regeringspartij``).
ORGANISATION_NOUN_HEADS = NounKind(
    "keten* ketens* bedrijf* bedrijven* concern* concerns* merk* merken* omroep* omroepen* krant* kranten* dagblad* "
    "weekblad* zender* zenders* vakbond* vakbonden* bank* banken* verzekeraar* verzekeraars* maatschappij* "
    "maatschappijen* fabrikant* fabrikanten* uitgeverij* uitgeverijen* supermarkt* supermarkten* webwinkel* "
    "webwinkels* webshop* partij* partijen* club* clubs* ploeg* ploegen* team* teams* organisatie* organisaties* stichting "
    "stichtingen vereniging* verenigingen* federatie* persbureau* nieuwsagentschap* streamingdienst* platform "
    "platforms label labels band bands rockband popband boyband metalband groep groepen popgroep meidengroep "
    "retailer* warenhuis* warenhuizen* luchtvaartmaatschappij* multinational* startup* start-up*"
)


@lru_cache(maxsize=4096)
def organisation_noun(word: str) -> bool:
    """Whether a word names a kind of organisation: one of the nouns above, or a compound ending in one marked ``*``."""
    return ORGANISATION_NOUN_HEADS(word)


@lru_cache(maxsize=1)
def _phrases() -> dict[str, str]:
    """Every known name as written → its label (ORG for organisations, LOC for regions)."""
    phrases = dict.fromkeys(region_names(), "LOC")
    phrases.update(dict.fromkeys(known_organizations(), "ORG"))
    return phrases


class KnownNames:
    """Finds the known organisations and regions in a document: exact spelling, longest match, and a name of
    several words also with its later words in lower case (``het Vlaams parlement``, ``de Tweede kamer``)."""

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer
        self._matchers: tuple[PhraseMatcher, PhraseMatcher] | None = None
        self._vocab: Vocab | None = None

    def _matchers_for(self, vocab: Vocab) -> tuple[PhraseMatcher, PhraseMatcher]:
        if self._matchers is None or self._vocab is not vocab:
            exact, lowered = PhraseMatcher(vocab), PhraseMatcher(vocab, attr="LOWER")
            by_label: dict[str, list[Doc]] = {"ORG": [], "LOC": []}
            for text, label in _phrases().items():
                by_label[label].append(self.tokenizer(text))
            for label, docs in by_label.items():
                exact.add(label, docs)
                lowered.add(label, [doc for doc in docs if len(doc) > 1 and doc[0].text[:1].isupper()])
            self._matchers, self._vocab = (exact, lowered), vocab
        return self._matchers

    def find(self, doc: Doc) -> list[Span]:
        exact, lowered = self._matchers_for(doc.vocab)
        found = [Span(doc, start, end, label=doc.vocab.strings[match_id]) for match_id, start, end in exact(doc)]
        found += [
            Span(doc, start, end, label=doc.vocab.strings[match_id])
            for match_id, start, end in lowered(doc)
            if doc[start].text[:1].isupper() and all(token.text[:1].isupper() or token.is_lower for token in doc[start:end])
        ]
        return filter_spans(found)


def has_person_evidence(span: Span) -> bool:
    """Whether a lone word tagged as a person is introduced as one: a title or person noun before it,
    a speech verb beside it, or an age or party in brackets after it."""
    doc = span.doc
    if introduced_as_person(span) or (span.start > 0 and doc[span.start - 1].lower_ in SPEECH_WORDS):
        return True
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if after in SPEECH_WORDS:
        return True
    return span.end + 2 < len(doc) and after == "(" and doc[span.end + 2].text == ")" and bool(BRACKETED.match(doc[span.end + 1].text))


def introduced_as_person(span: Span) -> bool:
    """The stronger evidence that makes a word the model called MISC a person: a title, person noun or age before it."""
    doc = span.doc
    before = doc[span.start - 1].text if span.start > 0 else ""
    return bool(before) and (is_role_word(before) or before.lower() in PERSON_NOUNS or bool(AGE_ADJECTIVE.match(before)))


def names_institution(span: Span) -> bool:
    """The name ends in an institution's word, or in a compound's kind of organisation (``Red Bull-team``)."""
    last = span[-1].lower_
    return last in INSTITUTION_WORDS or ("-" in last and organisation_noun(last.rsplit("-", 1)[1]))


# "MOSKOU (ANP) -", "DEN HAAG (Reuters) –", "LEIDEN -": a dateline's place in capitals, then perhaps the agency.
DATELINE = re.compile(r"(?:^|\n)[ \t]*([A-ZÀ-Þ][A-ZÀ-Þ'’ .-]*[A-ZÀ-Þ])[ \t]*(?:\(([^()\n]{1,40})\)[ \t]*)?[-–—][ \t]")


def datelines(doc: Doc) -> list[Span]:
    """The place (LOC) and agency (ORG) spans of every dateline that opens a line."""
    found = []
    for match in DATELINE.finditer(doc.text):
        place = doc.char_span(match.start(1), match.end(1), label="LOC", alignment_mode="expand")
        agencies = [doc.char_span(start, end, label="ORG", alignment_mode="expand") for start, end in _agency_parts(match)]
        if place is not None and all(agency is not None for agency in agencies):
            found += [place] + [agency for agency in agencies if agency is not None]
    return found


def _agency_parts(match: re.Match[str]) -> list[tuple[int, int]]:
    """The character ranges of a dateline's agencies: ``(Reuters/ANP)`` names two."""
    if not match.group(2):
        return []
    parts, start = [], match.start(2)
    for part in match.group(2).split("/"):
        stripped = part.strip()
        if stripped:
            offset = start + part.index(stripped)
            parts.append((offset, offset + len(stripped)))
        start += len(part) + 1
    return parts

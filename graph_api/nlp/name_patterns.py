"""The shapes of names in running text, as the graph's admission (``admission.py``) reads them.

What stands around a name says what it is without the NER model: a noun for a kind of organisation
before it ("kledingketen Topshop"), a club's prefix ("FC Volendam"), a level word before a value
("Defcon 3" is no name), a Dutch noun at a sentence start before it ("Kaartverkoper Eventim": no
given name), a building's word after it ("Amstel Hotel").
"""

from __future__ import annotations

from spacy.lang.nl.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from graph_api.names import SURNAME_PARTICLES
from graph_api.nlp.first_names import is_first_name
from graph_api.nlp.lexicon import NounKind, zipf
from graph_api.nlp.span_rules import at_sentence_start

# Alert levels, codes and scales are no names: "Defcon 3", "Code Rood", "fase 2", "windkracht 10", "categorie 5".
LEVEL_WORDS = frozenset("defcon code kleurcode fase alarmfase niveau dreigingsniveau alarmniveau windkracht categorie grip".split())
LEVEL_VALUES = frozenset("rood oranje geel groen zwart paars red orange yellow green black i ii iii iv v".split())
# Storms and hurricanes get names; "Storm Ciarán" is weather, not a person.
WEATHER_WORDS = frozenset("storm orkaan tyfoon cycloon hurricane typhoon".split())
# The last word of a prize's name: "Gysbert Japicxpriis", "Gouden Boekenuil-prijs", "Edison Award".
PRIZE_ENDINGS = ("prijs", "priis", "award", "awards", "trofee", "prize", "bokaal")
# The last word of a landform's name: "het Hoge Atlasgebergte", "de Sahelwoestijn" ("golf" is left out: "Volkswagen Golf").
LANDFORM_ENDINGS = ("gebergte", "woestijn", "vallei", "delta", "baai", "oceaan", "archipel", "hoogvlakte", "zee")
COMPASS_PREFIXES = ("noord-", "zuid-", "oost-", "west-", "midden-", "centraal-", "noordoost-", "noordwest-", "zuidoost-", "zuidwest-")
NOUN_ZIPF = 3.0  # a word this frequent in lower case is a Dutch word, and two of them make a compound
COMPOUND_PREFIX, COMPOUND_HEAD = 3, 4  # the shortest parts of a compound: "kaart" + "verkoper"
VENUE_WORDS = frozenset("hotel theater schouwburg stadion arena kerk kathedraal paleis kasteel toren".split())
# Nouns for a kind of place: the name right after them is a place ("het dorp Moulay Brahim", "de kustplaatsen Kiotari en
# Lindos", "de deelstaat Mato Grosso"); whole words, or the head of a compound when ``*`` ("vissersdorp", "buurgemeente").
PLACE_NOUN_HEADS = NounKind(
    "dorp* dorpje dorpen* stad* stadje steden* plaats* plaatsje plaatsen* gemeente* gemeenten* gemeentes* provincie "
    "provincies deelstaat deelstaten regio regio's streek eiland* eilanden* gehucht buurtschap wijk wijken kerkdorp district "
    "districten departement kanton prefectuur oblast graafschap",
    shortest_prefix=COMPOUND_PREFIX,
)
LISTED_NAMES_BACK = 3  # "de kustplaatsen Kiotari, Lindos en Pefki": how far back along a list the noun may stand
# Offices of a town or province: "burgemeester Ellen Verburg van Veere" names the town after the person.
LOCAL_OFFICES = frozenset(
    "burgemeester wethouder schepen gedeputeerde gouverneur raadslid gemeenteraadslid statenlid korpschef dijkgraaf "
    "gemeentesecretaris ocmw-voorzitter".split()
)
# Institutions named by their kind and then a place or a name: "Rechtbank Overijssel", "Museum Het Valkhof".
INSTITUTION_HEADS = frozenset(
    "rechtbank gerechtshof politie waterschap veiligheidsregio gemeente provincie museum universiteit hogeschool "
    "ziekenhuis omroep stichting brandweer stadsdeel".split()
)
LOWER_CASE_INSTITUTION_HEADS = frozenset("politie rechtbank gerechtshof waterschap veiligheidsregio".split())  # "de politie Utrecht"
CLUB_PREFIXES = frozenset("FC AFC SC SV VV RKC KV KRC KAA RSC AC AS SS US CF RC SK VfB VfL TSG".split())  # "FC Volendam", "AS Roma"
PLURAL_ENDINGS = ("s", "en")  # a plural noun may introduce a list of names
NAME_CONNECTORS = frozenset({"of", "&", "and", "van", "voor", "de", "der", "den", "the"})  # inside a name: "Ladies of Soul"
NAME_ARTICLES = frozenset({"De", "Het", "The", "Den", "Al", "El", "La", "Le", "Los", "Las"})  # "het dagblad De Telegraaf", "Al Haouz"
MOST_NAME_WORDS = 5


def article_before(span: Span, known: Span) -> bool:
    """``De Geul`` at a sentence start: the model's span is the known name with the sentence's article before it."""
    start = span.start
    return span.end == known.end and start == known.start - 1 and span[0].text in NAME_ARTICLES and at_sentence_start(span.doc, start)


def without_leading_noun(span: Span) -> Span:
    """``Kaartverkoper Eventim`` at a sentence start: a Dutch noun (or a compound of two) before a name is no given name."""
    first = span[0]
    if span.label_ != "PER" or len(span) < 2 or not at_sentence_start(span.doc, span.start) or not span[1].text[:1].isupper():
        return span
    if is_first_name(first.text) or first.lower_ in SURNAME_PARTICLES or not dutch_noun(first.lower_):
        return span
    return Span(span.doc, span.start + 1, span.end, label="PER")


def dutch_noun(word: str) -> bool:
    if zipf(word) >= NOUN_ZIPF:
        return True
    return any(zipf(word[:cut]) >= NOUN_ZIPF and zipf(word[cut:]) >= NOUN_ZIPF for cut in range(COMPOUND_PREFIX, len(word) - COMPOUND_HEAD + 1))


def code_or_level(span: Span) -> bool:
    """A level word with its value (``Defcon 3``, ``Code Rood``), inside the span or with the value right after it."""
    doc = span.doc
    if span[0].lower_ not in LEVEL_WORDS:
        return False
    value = span[1] if len(span) == 2 else doc[span.end] if len(span) == 1 and span.end < len(doc) else None
    return value is not None and (value.text.isdigit() or value.lower_ in LEVEL_VALUES)


def names_after(doc: Doc, words: list[str], start: int, listing: bool) -> list[tuple[int, int]]:
    """The token ranges of the name right after ``start`` and, when ``listing``, of the names listed after it."""
    found: list[tuple[int, int]] = []
    position = start
    while position < len(words):
        end = name_after(doc, words, position)
        if end is None:
            break
        found.append((position, end))
        if not listing or end + 1 >= len(words) or words[end] not in (",", "en"):
            break
        position = end + 1
    return found


def name_after(doc: Doc, words: list[str], start: int) -> int | None:
    """The end of a capitalised name of up to ``MOST_NAME_WORDS`` words at ``start`` (connectors inside), or None."""
    end = start + 1 if start < len(words) and words[start] in NAME_ARTICLES else start
    count = 0
    while end < len(words) and count < MOST_NAME_WORDS and not (end > start and doc[end].is_sent_start):
        word = words[end]
        if word in NAME_CONNECTORS and count and end + 1 < len(words) and words[end + 1][:1].isupper():
            end += 1
            continue
        if len(word) < 2 or not (word[:1].isupper() or (count and word.isdigit())) or word.lower() in STOP_WORDS:
            break
        end, count = end + 1, count + 1
    return end if count else None


def place_noun_before(doc: Doc, start: int) -> bool:
    """Whether a noun for a kind of place introduces the name at ``start``, also along a list (``dorpen X, Y en Z``)."""
    i = start - 1
    for _ in range(LISTED_NAMES_BACK + 1):
        if i < 0:
            return False
        if doc[i].is_lower and PLACE_NOUN_HEADS(doc[i].text):
            return True
        if doc[i].text not in (",", "en"):
            return False
        i -= 1
        while i >= 0 and (doc[i].text[:1].isupper() or doc[i].lower_ in SURNAME_PARTICLES) and not doc[i].is_sent_start:
            i -= 1
    return False


def town_of_office(doc: Doc, start: int) -> bool:
    """Whether the name at ``start`` follows ``<office> <full name> van`` (``burgemeester Ellen Verburg van Veere``)."""
    if start < 4 or doc[start - 1].text != "van":
        return False
    i = start - 2
    while i > start - 5 and i > 0 and doc[i].text[:1].isupper():
        i -= 1
    return start - 2 - i >= 2 and doc[i].lower_ in LOCAL_OFFICES


def named_weather(span: Span) -> bool:
    """``Storm Ciarán``, ``orkaan Milton``: a storm's name, no entity."""
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    return (len(span) > 1 and span[0].lower_ in WEATHER_WORDS) or before in WEATHER_WORDS


def prize(span: Span) -> bool:
    return span[-1].lower_.endswith(PRIZE_ENDINGS)


def landform(span: Span) -> bool:
    """A name that ends in a word for a mountain range, a desert, a sea or a bay: a place."""
    last = span[-1].lower_
    return last.endswith(LANDFORM_ENDINGS) and last[:1].isalpha()


def compass_part(text: str) -> str | None:
    """``Oost-Afrika`` → ``Afrika``: the place after a point of the compass, or None."""
    lower = text.lower()
    prefix = next((p for p in COMPASS_PREFIXES if lower.startswith(p)), None)
    return text[len(prefix) :] if prefix is not None and len(text) > len(prefix) + 2 else None

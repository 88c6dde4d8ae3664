"""Who said a quote, read from the words around it and the people the article names before it.

In order: a speech verb right after the quote with its subject (``”, zei Rutte``, ``”, liet de
politie weten``, ``”, aldus de minister``, ``”, klinkt het bij X``); the next sentence pointing
back (``Dat zei X``, ``Zo stelt X``); the subject of the sentence the quote stands in (``X zei:
“…”``), or whom it names after ``Volgens`` (``Volgens X was het „…”``); for a quote standing
alone, the nearest person before it in subject position, or the speaker of the quote before it.
Pronouns and role nouns (``zei hij``, ``zegt de trainer``) go the same way back. Organisations
speak only through a verb right next to their name, never by a pronoun or by going on from an
earlier quote. Names inside quotes never speak.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from enum import Enum

from graph_api.model import MentionKind, NodeType
from graph_api.nlp.known_names import PERSON_NOUNS, organisation_noun
from graph_api.nlp.linking import LinkedMention
from graph_api.nlp.titles import is_role_word

SPEECH_VERBS = (
    "zei|zeiden|zegt|zeggen|verklaarde|verklaarden|verklaart|aldus|antwoordde|antwoordt|benadrukte|benadrukt|"
    "beklemtoonde|beklemtoont|stelde|stelden|stelt|meldde|meldden|meldt|schreef|schreven|schrijft|twitterde|twittert|"
    "tweette|waarschuwde|waarschuwt|vertelde|vertelden|vertelt|vroeg|vraagt|beweerde|beweert|onderstreepte|onderstreept|"
    "concludeerde|concludeert|rechtvaardigde|erkende|erkent|reageerde|reageert|liet|lieten|laat|laten|sprak|spreekt|"
    "voegde|voegt|vulde|vult|citeerde|riep|roept|verzekerde|verzekert|herhaalde|herhaalt|opperde|oppert|zuchtte|"
    "verzuchtte|lachte|lacht|grapte|grapt|oordeelde|oordeelt|vond|vindt|meende|meent|vervolgde|vervolgt|verwees|"
    "verwijst|gaf|geeft|legde|legt|lichtte|licht|merkte|merkt|wees|wijst|deelde|deelt|bevestigde|bevestigt|ontkende|"
    "ontkent|betoogde|betoogt|pleitte|pleit|beaamde|beaamt|benadrukten|schetste|schetst|hoopte|hoopt|klaagde|klaagt|"
    "jubelde|juichte|glundert|glunderde|verklapte|verklapt|noemde|noemt|dacht|denkt|besloot|verduidelijkte|preciseerde|"
    "beloofde|belooft|dreigde|dreigt|eiste|eist|voorspelde|voorspelt|getuigde|getuigt|fluisterde|glimlachte|sneerde|"
    "stipte|stipt|wierp|werpt|hield|houdt|haalde|haalt"
)
_VERB = rf"(?:{SPEECH_VERBS})\b"
SPEECH_VERB = re.compile(SPEECH_VERBS, re.I)
CLOSING_MARKS = "”\"’'»›“"
OPENING_MARKS = "“„”‘'\"«‹,"
# After the closing mark: a comma or nothing, maybe an inserted clause, maybe ``zo``, then the verb.
AFTER_VERB = re.compile(rf"^[{CLOSING_MARKS}]*[ \t]*(?:[,:;–—-][ \t]*)?(?:[^.!?“”„\"\n]{{1,60}},[ \t]*)??(?:zo[ \t]+)?({_VERB})", re.I)
# The next sentence pointing back at the quote: ``Dat zei …``, ``Dit schrijft …``, ``Zo stelt …``.
POINTING_BACK = re.compile(rf"^[{CLOSING_MARKS}]*[ \t]*[.!?]?\s*(?:Dat|Dit|Zo)\s+({_VERB})", re.S)
MESSAGE_OF = re.compile(r"^[ \t,]*(?:was|is|luidde|luidt)\s+(?:de|het)\s+(?:boodschap|antwoord|reactie|oordeel|conclusie)\s+van\b", re.I)
SOUNDS_AT = re.compile(r"^[\s,]*(?:klinkt|klonk)\s+het\s+(?:bij|uit\s+de\s+mond\s+van|vanuit)\b", re.I)
WORD = re.compile(r"[^\W\d_][\w’'-]*|\d[\w-]*|[,;:()]")
# Not after an initial ("J. Vermeulen") or a title's abbreviation ("dr. Sanne Kuipers"): no sentence or clause ends there.
NOT_AFTER_INITIAL = r"(?<![\s.][A-Z])(?<!\bdr)(?<!\bmr)(?<!\bir)(?<!\bdrs)(?<!\bing)(?<!\bprof)(?<!\bmevr)(?<!\bdhr)"
SENTENCE_END = re.compile(rf"(?:[!?…]|{NOT_AFTER_INITIAL}\.)[”\"’']?\s+(?=[“„”‘'\"«‹,]*[A-Z])")
SENTENCE_LOOKBACK = 400
INITIALS = re.compile(r"^\s*([A-Z]{2,3}):\s*$")  # an interview's ``EG: “…”``
CLAUSE_END = re.compile(rf"[!?;\n“”„\"«»]|{NOT_AFTER_INITIAL}\.")
# Separable verbs are speech verbs only with their particle: ``liet X weten``, ``gaf X aan``, ``voegde X eraan toe``.
PARTICLES = {
    verb: re.compile(rf"\b(?:{particle})\b", re.I)
    for verbs, particle in (
        ("liet lieten laat laten", "weten"),
        ("gaf geeft", "aan|toe"),
        ("voegde voegt vulde vult", "toe|aan"),
        ("legde legt", "uit"),
        ("lichtte licht", "toe"),
        ("merkte merkt", "op"),
        ("wees wijst", "op|erop"),
        ("deelde deelt", "mee"),
        ("stipte stipt", "aan"),
        ("wierp werpt", "op|tegen|voor"),
        ("hield houdt", "vol"),
        ("haalde haalt", "aan"),
    )
    for verb in verbs.split()
}
PRONOUNS = {"hij", "zij", "ze"}
OBJECT_PRONOUNS = {"hem", "haar"}
ACCORDING_TO = re.compile(r"\s*Volgens\b")  # ``Volgens de minister was het „…”``
DETERMINERS = {"de", "het", "een", "deze", "zijn", "haar", "hun"}
PREPOSITIONS = {
    "van", "met", "aan", "tegen", "voor", "over", "door", "bij", "op", "naar", "om", "uit", "tot", "zonder", "tussen",
    "onder", "namens", "achter", "na", "in", "via", "jegens", "per", "rond", "richting", "dan", "als",
}  # fmt: skip
COORDINATORS = {"en", "of", "noch"}
SUBORDINATORS = {"dat", "omdat", "toen", "nadat", "terwijl", "wanneer", "zodat", "hoewel", "doordat"}
# Nouns that name an organisation, not a person: ``aldus de vakbond`` is no pronoun for the last person.
ORGANISATION_NOUNS = {
    "vakbond", "politie", "brandweer", "gemeente", "provincie", "rechtbank", "ministerie", "regering", "overheid", "club",
    "organisatie", "bedrijf", "partij", "ploeg", "bond", "stichting", "instantie", "omroep", "krant", "zender", "fabrikant",
    "marechaussee", "veiligheidsregio", "universiteit", "school", "woningcorporatie", "federatie", "vereniging", "kabinet",
}  # fmt: skip
SKIPPABLE_WORDS = 3  # adverbs and bare titles between a speech verb and its subject: ``zei dinsdag ook persofficier X``
APPOSITION_CHARS = 60
WINDOW_PARAGRAPHS = 2  # a quote standing alone looks back over its own paragraph and the one before
HEADING_MAX_CHARS = 100


class Strength(Enum):
    """How likely a mention is the subject of its sentence."""

    SUBJECT = "subject"
    SUBORDINATE = "subordinate"  # ``…, dat X het niet geloofde``: the subject of a clause inside the sentence
    UNSURE = "unsure"  # ``de geschorste X``, ``en X``: an object as often as a subject
    OBJECT = "object"  # after a preposition: ``met X``, ``van de Zwitser X``


@dataclass(frozen=True)
class Candidate:
    """A mention outside every quote that may speak, or mark who is being talked about."""

    start: int
    end: int
    entity_id: str
    person: bool
    strength: Strength


@dataclass(frozen=True)
class Said:
    """A quote already attributed: the next quote may go on with its speaker."""

    end: int
    speaker_id: str | None
    person: bool
    question: bool


@dataclass(frozen=True)
class Pronoun:
    """A speaker written as a pronoun or an unresolved role noun: resolved from the people named before."""

    position: int


class Nobody:
    """A speaker the words name but the article does not (``zei een buurtbewoner``, ``aldus het weerbureau``)."""


NOBODY = Nobody()
Phrase = Candidate | Pronoun | Nobody


def speech_verb_follows(after: str) -> bool:
    """Whether the text after a closing mark attributes the quote (``”, zei X``)."""
    return bool(AFTER_VERB.match(after) or MESSAGE_OF.match(after.lstrip(CLOSING_MARKS)))


def _is_acronym(text: str) -> bool:
    """``OM``, ``KNMI``: typed as a person by mistake, an organisation in fact."""
    letters = text.replace(".", "").replace(" ", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 6


class SpeakerResolver:
    """Attributes the quotes of one article, in order; built once per article."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], mentions: list[LinkedMention], quotes: list[tuple[int, int]]) -> None:
        self.text = text
        self.sentence_starts = [start for start, _ in sentences]
        self.quotes = quotes
        self.quote_starts = [start for start, _ in quotes]
        self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n+", text)]
        self.candidates = [c for c in map(self._candidate, mentions) if c is not None]
        self.candidate_starts = [c.start for c in self.candidates]
        self.person_starts = [c.start for c in self.candidates if c.person]
        self.persons = {c.entity_id for c in self.candidates if c.person}
        self.by_entity = {c.entity_id: c for c in reversed(self.candidates)}
        self.initials: dict[str, set[str]] = {}
        for item in mentions:
            if item.entity.id in self.persons and item.entity.name:
                self.initials.setdefault("".join(w[0] for w in item.entity.name.split() if w[:1].isupper()), set()).add(item.entity.id)
        self.descriptions = self._descriptions()
        self.said: list[Said] = []

    # --- the article, read once -------------------------------------------------------------

    def _candidate(self, item: LinkedMention) -> Candidate | None:
        mention, entity = item.mention, item.entity
        if entity.type not in (NodeType.PERSON, NodeType.ORGANIZATION) or mention.kind is MentionKind.DEMONYM:
            return None
        if self._inside_quote(mention.start) or self._in_heading(mention.start):
            return None
        person = entity.type is NodeType.PERSON and not _is_acronym(mention.text)
        return Candidate(mention.start, mention.end, mention.entity_id, person, self._strength(mention.start, mention.kind is MentionKind.ROLE))

    def _inside_quote(self, offset: int) -> bool:
        index = bisect_right(self.quote_starts, offset) - 1
        return index >= 0 and offset < self.quotes[index][1]

    def _paragraph(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.paragraph_starts, offset) - 1
        start = self.paragraph_starts[index]
        end = self.text.find("\n", start)
        return start, len(self.text) if end < 0 else end

    def _in_heading(self, offset: int) -> bool:
        """A line without a sentence's end (a heading): not narrative, names nobody as a subject."""
        start, end = self._paragraph(offset)
        line = self.text[start:end].strip()
        return len(line) <= HEADING_MAX_CHARS and line[-1:] not in ".!?:;…”\"’'"

    def _sentence_start(self, offset: int) -> int:
        """Where the sentence holding offset starts; the model's sentences miss some ends before quotes (``naar. ‘…``)."""
        index = bisect_right(self.sentence_starts, offset) - 1
        start = max(self.sentence_starts[index] if index >= 0 else 0, self._paragraph(offset)[0])
        lookahead = offset + 3  # the mark and capital after the sentence's end
        ends = [m.end() for m in SENTENCE_END.finditer(self.text, max(start, offset - SENTENCE_LOOKBACK), lookahead) if m.end() <= offset]
        return ends[-1] if ends else start

    def _strength(self, start: int, role: bool) -> Strength:
        """Subject or object, from the words before the mention in its sentence (there is no parser).

        After a comma the name is an apposition (``de oprichter van het bedrijf, X``) and stands where
        the noun phrase before the comma stands.
        """
        words = WORD.findall(self.text[max(self._sentence_start(start), start - 120) : start])
        if words and words[-1] == "(":
            return Strength.OBJECT  # ``X (CDA) verdedigde …``: a party or place in brackets is never the subject
        if words and words[-1].lower() in SUBORDINATORS:
            return Strength.SUBORDINATE
        apposition = bool(words) and words[-1] == ","
        determiner = False
        index = len(words) - 1 - apposition
        while index >= 0 and len(words) - index <= 12:
            word, lower = words[index], words[index].lower()
            following = words[index + 1].lower() if index + 1 < len(words) else ""
            # ``Schepen van Financiën X``: the office, then the name; not ``de oprichter van FNG``
            of_office = lower == "van" and 0 < index < len(words) - 1 - apposition and is_role_word(words[index - 1])
            if lower in PREPOSITIONS and not (apposition and lower == "van") and not of_office:
                return Strength.OBJECT
            if lower in COORDINATORS:
                return Strength.UNSURE
            if word in DETERMINERS or (index == 0 and lower in DETERMINERS):  # ``De Wever`` mid-sentence is a name
                determiner = True
            elif not (_inside_noun_phrase(word) or (apposition and (lower == "van" or (word.islower() and following in ("van", ","))))):
                break
            index -= 1
        if determiner and index >= 0 and not role:
            return Strength.UNSURE
        return Strength.SUBJECT

    def _descriptions(self) -> dict[str, set[str]]:
        """Lower-case nouns written right before a name (``vakbond CNE``, ``persofficier X``): what ``de vakbond`` can mean."""
        found: dict[str, set[str]] = {}
        for candidate in self.candidates:
            words = WORD.findall(self.text[max(0, candidate.start - 40) : candidate.start])
            title = words[-1].lower() if words else ""
            if title.isalpha() and (words[-1].islower() or is_role_word(title)) and title not in DETERMINERS | PREPOSITIONS | COORDINATORS:
                found.setdefault(title.rpartition("-")[2], set()).add(candidate.entity_id)
        return found

    # --- one quote --------------------------------------------------------------------------

    def speaker(self, start: int, end: int) -> str | None:
        """The entity id of who said the quote at text[start:end], or None; later quotes may go on with it."""
        after = self.text[end : end + 200]
        opening = self._opening(start)
        phrase = self._verb_after(end, after)
        if phrase is None:
            phrase = self._pointing_back(end, after)
        speaker_id = self._resolve(phrase, opening) if phrase is not None else self._implicit_speaker(start, end, opening)
        if speaker_id is not None or phrase is not None:
            # Counted from the end of the attribution (``”, vroeg X.``); a speaker the article does not name blocks going on.
            person = speaker_id is not None and speaker_id in self.persons
            self.said.append(Said(self._clause_end(end + 1), speaker_id, person, self.text[start:end].rstrip().endswith("?")))
        return speaker_id

    def _implicit_speaker(self, start: int, end: int, opening: int) -> str | None:
        """No speech verb next to the quote: the sentence's subject, the person below a heading, or the person before."""
        sentence_start = self._sentence_start(opening)
        prefix = self.text[sentence_start:opening]
        if WORD.search(prefix):
            return self._in_sentence(sentence_start, opening, prefix)
        if self._is_heading_quote(start, end):
            return self._heading_speaker(end)
        return self._nearest_person(opening, blockers=True)

    def _opening(self, start: int) -> int:
        """Where the opening mark is."""
        position = start
        while position > 0 and self.text[position - 1] in OPENING_MARKS:
            position -= 1
        return position

    def _verb_after(self, end: int, after: str) -> Phrase | None:
        """The subject of a speech verb right after the quote; None when no verb follows."""
        rest = after.lstrip(CLOSING_MARKS)
        offset = end + len(after) - len(rest)
        for pattern in (SOUNDS_AT, MESSAGE_OF):
            found = pattern.match(rest)
            if found:
                return self._phrase_at(offset + found.end())
        verb = AFTER_VERB.match(after)
        if verb is None:
            return None
        return self._phrase_at(end + verb.end(), verb.group(1).lower())

    def _pointing_back(self, end: int, after: str) -> Phrase | None:
        verb = POINTING_BACK.match(after)
        return None if verb is None else self._phrase_at(end + verb.end(), verb.group(1).lower())

    def _clause_end(self, position: int) -> int:
        stop = CLAUSE_END.search(self.text, position, position + 120)
        return stop.start() if stop else min(len(self.text), position + 120)

    def _phrase_at(self, position: int, verb: str = "") -> Phrase:
        """The subject after a speech verb: a name, a pronoun, or a role noun (``de gedeputeerde``)."""
        clause_end = self._clause_end(position)
        particle = PARTICLES.get(verb)
        if particle is not None and not particle.search(self.text, position, clause_end):
            return NOBODY  # ``liet zien``, ``gaf het op``: not a speech verb here
        first = self._first_candidate(position, clause_end)
        for skipped, word in enumerate(WORD.finditer(self.text, position, clause_end)):
            lower = word.group(0).lower()
            if first is not None and word.start() >= first.start:
                return first
            if lower in PRONOUNS:
                return Pronoun(word.start())
            if lower in ("de", "het", "zijn", "haar"):
                return self._description(word.end(), clause_end, lower, first)
            if not (word.group(0).islower() or is_role_word(lower)) or skipped >= SKIPPABLE_WORDS:
                return NOBODY  # ``zei Statenlid X``, ``zei CEO X``: a title may stand capitalised before the name
        return first if first is not None else NOBODY

    def _first_candidate(self, start: int, end: int) -> Candidate | None:
        index = bisect_left(self.candidate_starts, start)
        return self.candidates[index] if index < len(self.candidates) and self.candidates[index].start < end else None

    def _description(self, position: int, clause_end: int, determiner: str, first: Candidate | None) -> Phrase:
        """``de Franse president``, ``zijn moeder, X``, ``de vakbond``, ``de hoogleraar``: a name, or a pronoun."""
        if first is not None and _noun_phrase_between(self.text[position : first.start]):
            return first
        words = WORD.findall(self.text, position, clause_end)
        nouns: list[str] = []
        for index, word in enumerate(words[:3]):
            if not word.replace("-", "").isalpha() or not (word.islower() or (index == 0 and _adjective(word))):
                break
            nouns.append(word.lower())  # ``de Duitse groep``: a capitalised adjective of a country comes first
        noun = next((w for w in nouns if is_role_word(w) or _organisation_noun(w)), nouns[-1] if nouns else "")
        organisation = _organisation_noun(noun)
        named = {i for i in self.descriptions.get(noun.rpartition("-")[2], set()) if (i in self.persons) != organisation}
        if len(named) == 1:
            return self.by_entity[next(iter(named))]
        if len(named) > 1:
            return NOBODY  # two people with that title: ``de wethouder`` is either
        if determiner == "het" or organisation:
            following = nouns.index(noun) + 1 if noun in nouns else len(nouns)
            specified = words[following : following + 1] == ["van"]
            return NOBODY if specified else self._organisation_named_before(position)  # ``de politie van Waregem``: not one named before
        return Pronoun(position)

    def _organisation_named_before(self, position: int) -> Phrase:
        """``aldus het weerbureau``: the one organisation the paragraph names before, or nobody."""
        paragraph_start = self._paragraph(position)[0]
        named = {c.entity_id: c for c in self._candidates_between(paragraph_start, position) if not c.person}
        return next(iter(named.values())) if len(named) == 1 else NOBODY

    def _resolve(self, phrase: Phrase, before: int) -> str | None:
        if isinstance(phrase, Pronoun):
            return self._nearest_person(min(before, phrase.position), blockers=False)
        if isinstance(phrase, Nobody) or (not phrase.person and phrase.entity_id.startswith("person:")):
            return None  # nobody named, or an acronym typed as a person: no reliable node to give the quote to
        return phrase.entity_id

    def _in_sentence(self, sentence_start: int, opening: int, prefix: str) -> str | None:
        """A quote inside a sentence: the sentence's subject said it (``X zei: “…”``, ``Even later verklaarde ze: “…”``)."""
        according = ACCORDING_TO.match(prefix)
        if according is not None:
            return self._according_to(sentence_start + according.end(), opening)
        subject = next((c for c in self._candidates_between(sentence_start, opening) if c.strength is Strength.SUBJECT), None)
        pronoun = next((w for w in list(WORD.finditer(prefix))[:4] if w.group(0).lower() in PRONOUNS), None)
        if pronoun is not None and (subject is None or sentence_start + pronoun.start() < subject.start):
            return self._nearest_person(sentence_start, blockers=False)
        if subject is not None:
            return subject.entity_id if subject.person or self._organisation_speaking(subject) else None
        initials = INITIALS.match(prefix)
        if initials is not None:
            named = self.initials.get(initials.group(1), set())
            return next(iter(named)) if len(named) == 1 else None
        if prefix.rstrip().endswith(":"):
            return self._nearest_person(sentence_start, blockers=True)
        return None

    def _according_to(self, position: int, opening: int) -> str | None:
        """``Volgens X was het „…”``: X, a person or an organisation, or the person ``hem``/``haar`` points back to."""
        word = WORD.search(self.text, position, opening)
        if word is not None and word.group(0).lower() in OBJECT_PRONOUNS:
            return self._nearest_person(position, blockers=False)
        phrase = self._phrase_at(position)
        if isinstance(phrase, Candidate) and phrase.start >= opening:
            return None
        if isinstance(phrase, Pronoun) and not any(is_role_word(w) for w in WORD.findall(self.text, position, opening)[:4]):
            return None  # ``Volgens de regels is het „…”``: no one
        return self._resolve(phrase, opening)

    def _is_heading_quote(self, start: int, end: int) -> bool:
        """A quote that is a whole line without a sentence's end: a heading announcing who speaks next."""
        line_start, line_end = self._paragraph(start)
        line = self.text[line_start:line_end].strip()
        return self.text[start:end].strip()[-1:] not in ".!?…" and len(line) - (end - start) <= 4

    def _heading_speaker(self, end: int) -> str | None:
        _, line_end = self._paragraph(end)
        next_start = line_end + len(self.text[line_end:]) - len(self.text[line_end:].lstrip())
        index = bisect_right(self.sentence_starts, next_start)
        sentence_end = self.sentence_starts[index] if index < len(self.sentence_starts) else len(self.text)
        low, high = bisect_left(self.candidate_starts, next_start), bisect_left(self.candidate_starts, sentence_end)
        first = next((c for c in self.candidates[low:high] if c.strength is Strength.SUBJECT), None)
        return first.entity_id if first is not None and first.person else None

    def _nearest_person(self, before: int, blockers: bool) -> str | None:
        """The person talked about just before: the nearest subject or earlier speaker in this paragraph or the one before.

        With ``blockers``, a nearer organisation in subject position means the quote is the organisation's
        when a speech verb names it (``…, schrijft Philips. “…”``) and nobody's the graph knows otherwise. An
        unnamed subject in between (``Een buurtbewoner zag …``) makes it nobody's the graph knows, also for a
        pronoun. A question just before is answered by someone else.
        """
        window_start = self.paragraph_starts[max(0, bisect_right(self.paragraph_starts, before) - WINDOW_PARAGRAPHS)]
        said = [s for s in self.said if s.end <= before]
        last_said = said[-1] if said else None
        items: list[Candidate | Said] = [c for c in self._candidates_between(window_start, before) if c.strength is Strength.SUBJECT]
        if last_said is not None and last_said.end >= window_start:
            items.append(last_said)
        items.sort(key=lambda item: item.start if isinstance(item, Candidate) else item.end)
        if not blockers:
            # A pronoun: a person this paragraph names, even where the word order hides the subject
            # (``Op het plein stond de Nederlandse X. “…”, vertelde ze``), beats a subject further back.
            paragraph_start = self._paragraph(before)[0]
            nearest_end = (items[-1].start if isinstance(items[-1], Candidate) else items[-1].end) if items else -1
            here = [c for c in self._candidates_between(paragraph_start, before) if c.person and c.strength is Strength.UNSURE]
            if here and nearest_end < paragraph_start:
                return here[-1].entity_id
        if items:
            nearest = items[-1]
            anonymous = self._anonymous_subject_between(nearest.start if isinstance(nearest, Candidate) else nearest.end, before)
            if anonymous:
                return None  # "Een festivalganger … “…”, lachte ze": the unnamed one, not the person before
            if isinstance(nearest, Said):
                if blockers and (nearest.question or not nearest.person):
                    return None
                if nearest.speaker_id is not None:
                    return nearest.speaker_id
            elif nearest.person:
                return nearest.entity_id
            elif blockers:
                return nearest.entity_id if self._organisation_speaking(nearest) else None  # ``schrijft Philips. “…”``
        unsure = [c for c in self._candidates_between(window_start, before) if c.strength in (Strength.SUBORDINATE, Strength.UNSURE) and c.person]
        if unsure:
            return unsure[-1].entity_id
        if last_said is None or not last_said.person or self._person_named_between(last_said.end, before):
            return None
        return None if self._anonymous_subject_between(last_said.end, before) else last_said.speaker_id

    def _organisation_speaking(self, candidate: Candidate) -> bool:
        """An organisation written right after or before a speech verb (``schrijft Philips``, ``Philips meldt``)."""
        if candidate.entity_id.startswith("person:"):
            return False  # an acronym typed as a person: no reliable node to give the quote to
        before = WORD.findall(self.text[max(0, candidate.start - 30) : candidate.start])
        after = WORD.findall(self.text[candidate.end : candidate.end + 30])
        return any(SPEECH_VERB.fullmatch(words[index]) for words, index in ((before, -1), (after, 0)) if words)

    def _candidates_between(self, start: int, end: int) -> list[Candidate]:
        return self.candidates[bisect_left(self.candidate_starts, start) : bisect_left(self.candidate_starts, end)]

    def _person_named_between(self, start: int, end: int) -> bool:
        return bisect_left(self.person_starts, end) > bisect_left(self.person_starts, start)

    def _anonymous_subject_between(self, start: int, end: int) -> bool:
        """A sentence between that opens with someone unnamed: ``Een buurtbewoner …``, ``Twee getuigen …``."""
        low, high = bisect_left(self.sentence_starts, start), bisect_left(self.sentence_starts, end)
        return any(ANONYMOUS.match(self.text, self.sentence_starts[i]) for i in range(low, high))


# Someone unnamed opening a sentence ("Een buurtbewoner", "Twee getuigen"), not a part of something ("Een van de vondsten").
ANONYMOUS = re.compile(r"\s*(?:Een|Twee|Drie|Enkele|Sommige|Veel|Andere|Vele)\s+(?!(?:van|paar|aantal|deel|keer|groot|klein)\b)[a-zë]+", re.U)


def _organisation_noun(word: str) -> bool:
    """``aldus de vakbond``, ``liet de brouwerijgroep weten``: a noun for an organisation, not a person."""
    return word in ORGANISATION_NOUNS or organisation_noun(word)


def _adjective(word: str) -> bool:
    """A capitalised adjective of a country or region before a noun (``Duitse``, ``Belgische``, ``West-Vlaamse``)."""
    return word[:1].isupper() and word.endswith(("se", "sche"))


def _noun_phrase_between(text: str) -> bool:
    """Whether only a noun phrase stands between a determiner and a name (``Franse president``, ``moeder,``)."""
    words = WORD.findall(text)
    return len(words) <= 4 and words.count(",") <= 1 and not any(w.lower() in PREPOSITIONS for w in words)


def _inside_noun_phrase(word: str) -> bool:
    """A word that can stand between a determiner and a name: an adjective, a capitalised word, a title."""
    lower = word.lower()
    return (
        word[:1].isupper()
        or lower.endswith("e")
        or lower.endswith(("’s", "'s"))
        or is_role_word(word)
        or lower[:1].isdigit()
        or organisation_noun(lower)  # ``voor motorleverancier Honda``
        or lower in PERSON_NOUNS
    )

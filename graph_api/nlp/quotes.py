"""Direct quotes and who said them.

Quotes in every Dutch typographic style are found: “…”, „…”, ”…”, ‘…’, '…', "…" and ,,…” (also
across sentences). A speaker is attributed from the words around the quote: a speech verb with a
name after it (``”, zei Rutte``, ``”, aldus de president``, ``verklaarde hij``, ``voegde X toe``),
a name and a colon or speech verb before it (``Rutte zei: “…”``), ``volgens X``; a pronoun or
``klonk het`` is resolved to the last person named before the quote. A role noun phrase is
resolved through the roles (kind ROLE mentions). With no speaker found, the quote is kept
without one. Short quotes inside a sentence (scare quotes, ‘vernederende’) are fragments.
"""

from __future__ import annotations

import re

from graph_api.model import Mention, NodeType, QuoteMention
from graph_api.nlp.linking import LinkedMention

# Opening mark → the closing marks that end it.
PAIRS = {"“": '”"', "„": '”“"', ",,": "”“\"'", "”": "”", "‘": "’'", "'": "'’", '"': '"”'}
OPENING = re.compile(r",,|[“„”‘'\"]")
SPEECH_VERBS = (
    "zei|zegt|zeggen|zeiden|verklaarde|verklaart|aldus|antwoordde|antwoordt|benadrukte|benadrukt|stelde|stelt|meldde|meldt|"
    "schreef|schrijft|twitterde|waarschuwde|waarschuwt|vertelde|vertelt|vroeg|vraagt|beweerde|beweert|onderstreepte|"
    "concludeerde|rechtvaardigde|erkende|erkent|reageerde|reageert|liet weten|sprak|voegde|voegt|klonk|citeerde|riep|roept|"
    "verzekerde|herhaalde|opperde|zuchtte|lachte|besloot|oordeelde|vond|vindt"
)
AFTER = re.compile(rf"^[\s,.:;!?–—-]*(?:(?:{SPEECH_VERBS})\b|(?:was|is|luidde) (?:de|het) (?:boodschap|antwoord|reactie|oordeel) van\b)", re.I)
CONTINUATION_GAP = 40  # a quote this close after an attributed one in the same paragraph continues it
BEFORE = re.compile(rf"(?:\b(?:{SPEECH_VERBS})\b[^.“„”‘\"]{{0,60}}|:)\s*$", re.I)
VOLGENS = re.compile(r"\bvolgens\s+$", re.I)
PRONOUNS = re.compile(r"^\s*(hij|zij|ze|het)\b", re.I)
INLINE_FRAGMENT_MAX_WORDS = 8
APOSTROPHE_WORDS = re.compile(r"^(s|t|n|k|m|r)\b", re.I)  # 's avonds, 't, m'n: not quotes
MAX_QUOTE_CHARS = 2000


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of every quoted passage, marks excluded."""
    found: list[tuple[int, int]] = []
    position = 0
    while (match := OPENING.search(text, position)) is not None:
        mark = match.group(0)
        start = match.end()
        if mark in "'‘" and ((start < len(text) and APOSTROPHE_WORDS.match(text[start:])) or _inside_word(text, match.start())):
            position = start
            continue
        if mark == "”" and match.start() > 0 and not text[match.start() - 1].isspace() and text[match.start() - 1] not in "(":
            position = start  # a closing mark, not a Dutch-style opening one
            continue
        end = _closing(text, start, PAIRS[mark])
        if end is None:
            position = start
            continue
        if text[start:end].strip():
            found.append((start, end))
        position = end + 1
    return found


def _inside_word(text: str, index: int) -> bool:
    return index > 0 and text[index - 1].isalnum() and index + 1 < len(text) and text[index + 1].isalnum()


def _closing(text: str, start: int, closers: str) -> int | None:
    for index in range(start, min(len(text), start + MAX_QUOTE_CHARS)):
        char = text[index]
        if char in closers and not _inside_word(text, index):
            return index
        if char == "\n" and index + 1 < len(text) and text[index + 1] == "\n" and closers not in ("”", '"”'):
            return None  # single quotes do not run across paragraphs
    return None


def is_fragment(text: str, quote: str, start: int, end: int | None = None) -> bool:
    """Scare quotes and quoted words inside a sentence (‘vernederende’), not quotations.

    A quote that opens its sentence is a quotation unless it is a single word, and so is one
    inside a sentence that starts with a capital and ends a sentence or is attributed (``”, zei
    X``); other short quotes inside a sentence (``zijn “speciale militaire operatie”``) are fragments.
    """
    words = quote.split()
    if len(words) <= 1:
        return True
    before = text[: max(0, start - 1)].rstrip(" ,„“'\"‘")
    opens_sentence = not before or before[-1] in ".:!?\n…"
    if opens_sentence:
        return False
    ends_sentence = quote.rstrip()[-1:] in ".!?…"
    attributed = end is not None and bool(AFTER.match(text[end + 1 : end + 80]))
    if quote[:1].isupper() and (attributed or ends_sentence):
        return False
    return len(words) <= INLINE_FRAGMENT_MAX_WORDS and not ends_sentence


class QuoteFinder:
    """Finds quotes and attributes speakers using the article's person mentions."""

    def find(self, text: str, sentences: list[tuple[int, int]], mentions: list[LinkedMention]) -> list[QuoteMention]:
        people = sorted((m.mention for m in mentions if m.entity.type is NodeType.PERSON), key=lambda m: m.start)
        quotes: list[QuoteMention] = []
        last_speaker: str | None = None
        previous_end = -1
        for start, end in find_quotes(text):
            quote = text[start:end].strip()
            fragment = is_fragment(text, quote, start, end)
            speaker = None if fragment else self._speaker(text, start, end, people, last_speaker)
            if speaker is None and not fragment and quotes and quotes[-1].speaker_id and self._continues(text, previous_end, start, people):
                speaker = quotes[-1].speaker_id
            if speaker is not None:
                last_speaker = speaker
            previous_end = end
            quotes.append(QuoteMention(quote, start, end, _sentence_of(sentences, start), speaker, fragment))
        return quotes

    def _speaker(self, text: str, start: int, end: int, people: list[Mention], last_speaker: str | None) -> str | None:
        after = text[end + 1 : end + 120]
        verb = AFTER.match(after)
        if verb:
            window_end = end + 1 + verb.end() + 60
            named = next((m for m in people if end < m.start < window_end and not _quote_between(text, end + 1, m.start)), None)
            if named is not None:
                return named.entity_id
            if PRONOUNS.match(after[verb.end() :]) or re.match(r"^\s*het\b", after[verb.end() :], re.I):
                return self._previous_person(people, start, last_speaker)
        line_start = text.rfind("\n", 0, start) + 1
        before = text[max(line_start, start - 160) : start - 1]
        if BEFORE.search(before) or VOLGENS.search(before):
            before_quote = [m for m in people if start - 160 < m.start < start - 1 and m.start >= line_start]
            if before_quote:
                return before_quote[-1].entity_id
            if PRONOUNS.search(before):
                return self._previous_person(people, start, last_speaker)
        return None

    @staticmethod
    def _continues(text: str, previous_end: int, start: int, people: list[Mention]) -> bool:
        """Whether a quote goes on from the previous one: same paragraph, little between, nobody else named."""
        between = text[previous_end + 1 : start]
        return len(between) <= CONTINUATION_GAP and "\n" not in between and not any(previous_end < m.start < start for m in people)

    @staticmethod
    def _previous_person(people: list[Mention], before: int, last_speaker: str | None) -> str | None:
        """A pronoun's person: the last speaker, or else the last person named before the quote."""
        if last_speaker is not None:
            return last_speaker
        earlier = [m for m in people if m.start < before]
        return earlier[-1].entity_id if earlier else None


def _quote_between(text: str, start: int, end: int) -> bool:
    return bool(OPENING.search(text[start:end]))


def _sentence_of(sentences: list[tuple[int, int]], offset: int) -> int:
    for index, (start, end) in enumerate(sentences):
        if start <= offset < end:
            return index
    return max(0, len(sentences) - 1)

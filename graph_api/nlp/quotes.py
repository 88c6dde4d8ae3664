"""Direct quotes: where they are, and which are quotations rather than scare quotes.

Quotes in every Dutch typographic style are found: “…”, „…”, ”…”, ‘…’, '…', "…", ,,…” and ,,…''
(also across sentences), and guillemets «…» and ‹…›. A quote opening a paragraph that is never
closed runs to the paragraph's end (the Dutch way of quoting over paragraphs). Short quotes inside a
sentence (scare quotes, ‘vernederende’) and a heading that repeats words of the quote below it are
fragments. Who said each quote is worked out by graph_api/nlp/speakers.py.
"""

from __future__ import annotations

import re

from graph_api.model import QuoteMention
from graph_api.nlp.linking import LinkedMention
from graph_api.nlp.speakers import SpeakerResolver, speech_verb_follows

# Opening mark → the closing marks that end it.
PAIRS = {"“": '”"', "„": '”“"', ",,": "”“\"'’", "”": "”", "‘": "’'", "'": "'’", '"': '"”', "«": "»", "‹": "›"}
OPENING = re.compile(r",,|[“„”‘'\"«‹]")
DOUBLED_CLOSERS = ("''", "’’", "’'")  # ,,…'' and ,,…’’: one closing mark written twice
INLINE_FRAGMENT_MAX_WORDS = 3  # scare quotes and quoted terms are short; four words or more inside a sentence are someone's words
APOSTROPHE_WORDS = re.compile(r"^(s|t|n|k|m|r)\b", re.I)  # 's avonds, 't, m'n: not quotes
MAX_QUOTE_CHARS = 2000
HEADING_ECHO_QUOTES = 3  # a heading in quotes is compared with this many quotes after it


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
            end = _unclosed_paragraph_end(text, match.start(), start)
            if end is None:
                position = start
                continue
        if text[start:end].strip():
            found.append((start, end))
        position = end + (2 if text[end : end + 2] in DOUBLED_CLOSERS else 1)
    return found


def _unclosed_paragraph_end(text: str, mark: int, start: int) -> int | None:
    """A quote that opens a sentence and is not closed in its paragraph: it ends with the paragraph."""
    line_start = text.rfind("\n", 0, mark) + 1
    before = text[line_start:mark].rstrip()
    if before and before[-1] not in ".!?:":
        return None
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    paragraph = text[start:line_end].rstrip()
    if paragraph[-1:] not in ".!?…" or OPENING.search(paragraph) or any(c in paragraph for c in "”»›"):
        return None
    return start + len(paragraph)


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
    attributed = end is not None and speech_verb_follows(text[end : end + 80])
    if quote[:1].isupper() and (attributed or ends_sentence):
        return False
    return len(words) <= INLINE_FRAGMENT_MAX_WORDS and not ends_sentence


class QuoteFinder:
    """Finds quotes and attributes speakers using the article's mentions."""

    def find(self, text: str, sentences: list[tuple[int, int]], mentions: list[LinkedMention]) -> list[QuoteMention]:
        spans = find_quotes(text)
        speakers = SpeakerResolver(text, sentences, mentions, spans)
        quotes: list[QuoteMention] = []
        for index, (start, end) in enumerate(spans):
            quote = text[start:end].strip()
            fragment = is_fragment(text, quote, start, end) or _echoes_a_quote_below(text, spans, index)
            speaker = None if fragment else speakers.speaker(start, end)
            quotes.append(QuoteMention(quote, start, end, _sentence_of(sentences, start), speaker, fragment))
        return quotes


def _echoes_a_quote_below(text: str, spans: list[tuple[int, int]], index: int) -> bool:
    """A heading in quotes (a line of its own, no sentence's end) that repeats words of a quote after it."""
    start, end = spans[index]
    line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    heading = text[start:end].strip().lower()
    if len(line) - len(heading) > 4 or heading[-1:] in ".!?…":
        return False
    return any(heading in text[s:e].lower() for s, e in spans[index + 1 : index + 1 + HEADING_ECHO_QUOTES])


def _sentence_of(sentences: list[tuple[int, int]], offset: int) -> int:
    for index, (start, end) in enumerate(sentences):
        if start <= offset < end:
            return index
    return max(0, len(sentences) - 1)

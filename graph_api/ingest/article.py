"""Articles as they enter the system: the raw input and the cleaned, identified article."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from graph_api.dates import PartialDate
from graph_api.ingest.cleaning import RemovedLine

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
TITLE_MAX_CHARS = 120


@dataclass(frozen=True)
class RawInput:
    """One input before validation: where it came from and its undecoded or decoded text."""

    origin: str  # names the input in messages: a path, or path:line for JSON Lines
    source: str
    content: bytes | str
    title: str | None = None
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Article:
    """A validated, cleaned article ready for extraction."""

    id: str
    source: str
    text: str
    title: str
    published: PartialDate | None = None
    url: str | None = None
    removed: tuple[RemovedLine, ...] = field(default_factory=tuple)

    @property
    def word_count(self) -> int:
        return count_words(self.text)


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def article_id(cleaned_text: str) -> str:
    """Stable id from the cleaned text, so the same article ingested twice is one article."""
    canonical = " ".join(cleaned_text.split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def headline(text: str) -> str:
    """A title for an article that has none: its first sentence, cut at a word boundary."""
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0].strip()
    if len(first) <= TITLE_MAX_CHARS:
        return first
    return first[:TITLE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"

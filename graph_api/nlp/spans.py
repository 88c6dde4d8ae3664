"""Name spans: what the model found in a text, as character offsets with our label."""

from __future__ import annotations

from dataclasses import dataclass

_STRIP = " \t\n\r.,;:!?\"'“”„‘’()[]"


@dataclass(frozen=True)
class NamedSpan:
    """A name the model found: character offsets into the text, our label, its sentence."""

    start: int
    end: int
    text: str
    label: str
    sentence: int


def tidy(span: NamedSpan) -> NamedSpan | None:
    """Trim whitespace and punctuation the model took into a span; None when nothing is left."""
    text = span.text
    left = len(text) - len(text.lstrip(_STRIP))
    right = len(text.rstrip(_STRIP))
    if right <= left:
        return None
    return NamedSpan(span.start + left, span.start + right, text[left:right], span.label, span.sentence)

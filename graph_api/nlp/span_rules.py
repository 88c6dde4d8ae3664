"""Document-level rules on name spans that the NER corrections (``refine.py``) and the graph's admission (``admission.py``) share."""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Doc, Span

from graph_api.names import SURNAME_PARTICLES
from graph_api.nlp.lexicon import zipf
from graph_api.nlp.words import token_texts

# Defaults of the components' ``common_word_zipf`` and ``very_common_word_zipf`` (registrations.py).
COMMON_WORD_ZIPF = 4.0  # a word this frequent in lower case may be an ordinary word at a sentence start
VERY_COMMON_WORD_ZIPF = 5.0  # … and this frequent, it is one
BODY_SUFFIXES = ("regio", "raad", "commissie", "dienst", "bureau", "ministerie", "gemeente", "provincie", "politie", "rechtbank")


def at_sentence_start(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i].is_sent_start or doc[i - 1].text in (".", "!", "?", ":", "“", '"', "„", "‘", "\n", "\n\n") or "\n" in doc[i - 1].text


def within_sentence(span: Span) -> Span:
    """A name does not run across a sentence boundary: ``D.`` | ``De leider`` keeps its first part."""
    for token in span[1:]:
        if token.is_sent_start:
            return Span(span.doc, span.start, token.i, label=span.label_)
    return span


def lone_word(span: Span) -> bool:
    """One word, perhaps behind surname particles (``Van Aert``)."""
    return sum(token.lower_ not in SURNAME_PARTICLES for token in span) == 1


def surname_like(text: str) -> bool:
    """A capitalised word that may be (part of) a surname: not all capitals, no digits, not a body (``Veiligheidsregio``)."""
    plain = text.replace("-", "").replace("’", "").replace("'", "")
    return len(text) >= 2 and text[:1].isupper() and not text.isupper() and plain.isalpha() and not text.lower().endswith(BODY_SUFFIXES)


def acronym(text: str) -> bool:
    return len(text) >= 2 and (text.isupper() or any(ch.isdigit() or ch == "&" for ch in text))


def surnames(spans: list[Span]) -> set[str]:
    """Last words of the people named with two words or more."""
    return {span[-1].text for span in spans if span.label_ == "PER" and len(span) >= 2}


def surnames_are_people(spans: list[Span]) -> list[Span]:
    """A lone surname of a person named in full in the document is that person, whatever its label."""
    known = surnames(spans)
    return [
        Span(span.doc, span.start, span.end, label="PER") if len(span) == 1 and span.label_ != "PER" and span.text in known else span
        for span in spans
    ]


class LowerCaseWords:
    """The words a document writes in lower case, collected on first use (most documents never ask)."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self._words: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            self._words = {text for text in self.texts if text[:1].islower()}
        return word in self._words


class Propagation:
    """Tags untagged repetitions of names (and surnames of full names) found elsewhere in the document.

    A lone word at a sentence start is tagged again only when it is no ordinary word there:
    ``Wilders`` is common enough in Dutch to be in a word list, but a document that never writes
    it in lower case uses it only as a name; ``Groen`` next to ``groen`` is ambiguous.
    """

    def __init__(self, common_word_zipf: float, very_common_word_zipf: float) -> None:
        self.common_word_zipf = common_word_zipf
        self.very_common_word_zipf = very_common_word_zipf

    def __call__(self, doc: Doc, spans: list[Span]) -> list[Span]:
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
        if not words[0][:1].isupper() or len(words[0]) < 2:
            return False
        sentence_start = doc[start].is_sent_start or start == 0 or doc[start - 1].text in (".", "!", "?", ":", "“", '"', "„", "‘")
        if len(words) > 1 or not sentence_start:
            return True
        frequency = zipf(words[0])
        return frequency < self.common_word_zipf or (frequency < self.very_common_word_zipf and words[0].lower() not in lower_words)


class Overlay:
    """New spans laid over a document's spans: each one put replaces the spans it touches that the caller passes."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self._by_token = {i: span for span in spans for i in range(span.start, span.end)}
        self._replaced: set[int] = set()
        self._added: list[Span] = []

    def touched(self, start: int, end: int) -> list[Span]:
        """The spans with a token in ``start:end``, each once."""
        return list({id(span): span for j in range(start, end) if (span := self._by_token.get(j)) is not None}.values())

    def put(self, span: Span, replacing: list[Span]) -> None:
        self._replaced.update(id(old) for old in replacing)
        self._added.append(span)

    def result(self) -> list[Span]:
        return [span for span in self.spans if id(span) not in self._replaced] + self._added

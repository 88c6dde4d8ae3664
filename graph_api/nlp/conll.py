"""Read CoNLL-2002 style files (one ``word ... tag`` per line) into spaCy documents."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc
from spacy.training import biluo_tags_to_spans, iob_to_biluo
from spacy.vocab import Vocab


@dataclass(frozen=True)
class ConllSentence:
    """One sentence: its tokens, their BIO tags, and the document it belongs to."""

    words: list[str]
    tags: list[str]
    document: int


def read_conll(path: Path) -> Iterator[ConllSentence]:
    """Yield the sentences of a CoNLL file; ``-DOCSTART-`` lines start a new document."""
    words: list[str] = []
    tags: list[str] = []
    document = 0
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            parts = line.split()
            if not parts:
                if words:
                    yield ConllSentence(words, tags, document)
                    words, tags = [], []
                continue
            if parts[0] == "-DOCSTART-":
                if words:
                    yield ConllSentence(words, tags, document)
                    words, tags = [], []
                document += 1
                continue
            words.append(parts[0])
            tags.append(_normalise_tag(parts[-1]) if len(parts) > 1 else "O")
    if words:
        yield ConllSentence(words, tags, document)


def _normalise_tag(tag: str) -> str:
    """Map IOB1 or stray tags onto BIO (an ``I-`` after ``O`` starts an entity)."""
    return tag if tag == "O" or tag[:2] in ("B-", "I-") else "O"


def fix_bio(tags: list[str]) -> list[str]:
    """Turn an ``I-X`` that does not continue an ``X`` into ``B-X``."""
    fixed: list[str] = []
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        fixed.append(tag)
        previous = tag
    return fixed


def sentence_to_doc(vocab: Vocab, sentence: ConllSentence) -> Doc:
    """A spaCy Doc with the sentence's words and its gold entities."""
    doc = Doc(vocab, words=sentence.words)
    biluo = iob_to_biluo(fix_bio(sentence.tags))
    doc.ents = biluo_tags_to_spans(doc, biluo)
    return doc


def gold_spans(sentence: ConllSentence) -> set[tuple[int, int, str]]:
    """The gold entities of a sentence as (first token, end token, label)."""
    spans: set[tuple[int, int, str]] = set()
    start, label = -1, ""
    for i, tag in enumerate([*fix_bio(sentence.tags), "O"]):
        if start >= 0 and not (tag.startswith("I-") and tag[2:] == label):
            spans.add((start, i, label))
            start = -1
        if tag.startswith("B-"):
            start, label = i, tag[2:]
    return spans

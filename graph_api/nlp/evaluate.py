"""Entity-level evaluation of our extraction on CoNLL-2002 style files."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from graph_api.nlp.conll import gold_spans, read_conll
from graph_api.nlp.extract import Extractor

LABELS = ("PER", "LOC", "ORG", "MISC")
PLO = ("PER", "LOC", "ORG")


@dataclass
class Tally:
    """True positives, predictions and gold entities per label."""

    correct: Counter[str]
    predicted: Counter[str]
    gold: Counter[str]

    def score(self, labels: tuple[str, ...]) -> dict[str, float]:
        correct = sum(self.correct[label] for label in labels)
        predicted = sum(self.predicted[label] for label in labels)
        gold = sum(self.gold[label] for label in labels)
        precision = correct / predicted if predicted else 0.0
        recall = correct / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"p": round(precision, 4), "r": round(recall, 4), "f": round(f1, 4)}


@dataclass(frozen=True)
class GoldDocument:
    """One CoNLL document: its words, which of them start a sentence, and the gold entity spans."""

    words: list[str]
    sentence_starts: list[bool]
    spans: set[tuple[int, int, str]]


def gold_documents(path: Path) -> Iterator[GoldDocument]:
    for _, group in groupby(read_conll(path), key=lambda s: s.document):
        sentences = list(group)
        words = [word for sentence in sentences for word in sentence.words]
        starts = [i == 0 for sentence in sentences for i in range(len(sentence.words))]
        spans: set[tuple[int, int, str]] = set()
        offset = 0
        for sentence in sentences:
            spans.update((start + offset, end + offset, label) for start, end, label in gold_spans(sentence))
            offset += len(sentence.words)
        yield GoldDocument(words, starts, spans)


def pin_to_one_core() -> None:
    """Measure on one core, as the targets are stated (where the OS allows pinning)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def evaluate(path: Path, extractor: Extractor, batch_size: int = 32) -> dict:
    """Run the full extraction on each CoNLL document (gold tokens, batched as ingestion does); score exact-match entities.

    The clock covers everything from the words to the finished extraction: making the
    documents, the spaCy pipeline, and linking, roles, events and quotes; loading the model
    and its tables is left out (one warm-up sentence runs first).
    """
    golds = list(gold_documents(path))
    extractor.warm_up()
    predictions: list[set[tuple[int, int, str]]] = []
    began = time.perf_counter()
    for doc in extractor.analyzer.analyse_word_lists(((g.words, g.sentence_starts) for g in golds), batch_size):
        extractor.extract_doc(doc)
        predictions.append({(ent.start, ent.end, ent.label_) for ent in doc.ents if ent.label_ in LABELS})
    elapsed = time.perf_counter() - began
    tally = Tally(Counter(), Counter(), Counter())
    for gold, predicted in zip(golds, predictions, strict=True):
        tally.correct.update(label for *_, label in predicted & gold.spans)
        tally.predicted.update(label for *_, label in predicted)
        tally.gold.update(label for *_, label in gold.spans)
    tokens = sum(len(g.words) for g in golds)
    result: dict = {label: tally.score((label,)) for label in LABELS}
    result["micro_plo"] = tally.score(PLO)
    result["micro_all"] = tally.score(LABELS)
    result["tokens"] = tokens
    result["tokens_per_second"] = round(tokens / elapsed) if elapsed else 0
    return result


def format_table(result: dict) -> str:
    lines = [f"{'':<10} {'P':>7} {'R':>7} {'F1':>7}"]
    for key in (*LABELS, "micro_plo", "micro_all"):
        score = result[key]
        lines.append(f"{key:<10} {score['p']:>7.4f} {score['r']:>7.4f} {score['f']:>7.4f}")
    lines.append(f"{result['tokens']:,} tokens, {result['tokens_per_second']:,} tokens/s")
    return "\n".join(lines)

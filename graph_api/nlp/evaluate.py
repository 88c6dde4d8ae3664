"""Entity-level evaluation of our extraction on CoNLL-2002 style files."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from graph_api.nlp.conll import ConllSentence, gold_spans, read_conll
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


def documents(path: Path) -> Iterator[list[ConllSentence]]:
    for _, sentences in groupby(read_conll(path), key=lambda s: s.document):
        yield list(sentences)


def pin_to_one_core() -> None:
    """Measure on one core, as the targets are stated (where the OS allows pinning)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def evaluate(path: Path, extractor: Extractor) -> dict:
    """Run the full extraction on each CoNLL document (gold tokens) and score exact-match entities."""
    tally = Tally(Counter(), Counter(), Counter())
    tokens = 0
    elapsed = 0.0
    for sentences in documents(path):
        words = [word for sentence in sentences for word in sentence.words]
        starts = [i == 0 for sentence in sentences for i in range(len(sentence.words))]
        gold: set[tuple[int, int, str]] = set()
        offset = 0
        for sentence in sentences:
            gold.update((start + offset, end + offset, label) for start, end, label in gold_spans(sentence))
            offset += len(sentence.words)
        began = time.perf_counter()
        doc = extractor.analyzer.analyse_words(words, starts)
        extractor.extract_doc(doc)
        elapsed += time.perf_counter() - began
        tokens += len(words)
        predicted = {(ent.start, ent.end, ent.label_) for ent in doc.ents if ent.label_ in LABELS}
        tally.correct.update(label for *_, label in predicted & gold)
        tally.predicted.update(label for *_, label in predicted)
        tally.gold.update(label for *_, label in gold)
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

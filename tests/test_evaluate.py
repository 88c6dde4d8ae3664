"""``graph-api evaluate-ner`` on a small CoNLL sample written for this test."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import spacy

from graph_api.nlp.conll import gold_spans, read_conll
from graph_api.nlp.evaluate import evaluate
from graph_api.nlp.extract import Extractor
from tests.conftest import graph_api_command

SAMPLE = Path(__file__).parent / "data" / "sample.conll"


def test_reader_groups_documents_and_reads_bio_spans() -> None:
    sentences = list(read_conll(SAMPLE))
    assert [s.document for s in sentences] == [1, 1, 2]
    assert gold_spans(sentences[0]) == {(1, 3, "PER"), (6, 8, "LOC"), (10, 11, "ORG"), (13, 14, "MISC")}


def test_scores_are_exact_match_per_type(extractor: Extractor) -> None:
    result = evaluate(SAMPLE, extractor)
    assert set(result) >= {"PER", "LOC", "ORG", "MISC", "micro_plo", "micro_all", "tokens_per_second"}
    assert result["tokens"] == sum(len(s.words) for s in read_conll(SAMPLE)) == 33
    assert result["LOC"]["f"] > 0.5 and result["PER"]["f"] > 0.5
    for key in ("PER", "LOC", "ORG", "MISC", "micro_plo", "micro_all"):
        assert 0 <= result[key]["p"] <= 1 and 0 <= result[key]["r"] <= 1


def test_cli_prints_the_json_object(tmp_path: Path) -> None:
    result = subprocess.run([*graph_api_command(), "evaluate-ner", str(SAMPLE), "--json"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert set(scores) >= {"PER", "LOC", "ORG", "MISC", "micro_plo", "micro_all", "tokens_per_second"}
    assert all(set(scores[k]) == {"p", "r", "f"} for k in ("PER", "LOC", "ORG", "MISC", "micro_plo", "micro_all"))


def test_another_spacy_pipeline_can_be_chosen_and_its_labels_are_mapped(tmp_path: Path) -> None:
    """A pipeline with OntoNotes labels (PERSON, GPE), built and saved here, loaded by path."""
    nlp = spacy.blank("nl")
    ruler = nlp.add_pipe("entity_ruler")
    patterns = [("PERSON", "Sigrid Kaag"), ("GPE", "Utrecht"), ("DATE", "dinsdag")]
    ruler.add_patterns([{"label": label, "pattern": text} for label, text in patterns])
    nlp.to_disk(tmp_path / "other")
    extraction = Extractor(str(tmp_path / "other")).extract("Sigrid Kaag was dinsdag in Utrecht.")
    assert [(m.text, m.label) for m in extraction.mentions if m.kind.value == "NAME"] == [("Sigrid Kaag", "PER"), ("Utrecht", "LOC")]

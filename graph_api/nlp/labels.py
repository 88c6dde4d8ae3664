"""Our entity labels (PER, LOC, ORG, MISC) and the mapping from other spaCy pipelines' labels onto them."""

from __future__ import annotations

from spacy.tokens import Doc, Span

# Labels of other spaCy pipelines (OntoNotes style, as in nl_core_news_*) mapped onto ours.
LABEL_MAP = {
    "PER": "PER", "PERSON": "PER",
    "LOC": "LOC", "GPE": "LOC", "FAC": "LOC",
    "ORG": "ORG",
    "MISC": "MISC", "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LANGUAGE": "MISC", "LAW": "MISC",
}  # fmt: skip


def map_labels(doc: Doc) -> Doc:
    """Relabel another pipeline's entities with ours (PERSON → PER, GPE → LOC …); drop the rest (DATE …)."""
    doc.ents = [Span(doc, e.start, e.end, label=LABEL_MAP[e.label_]) for e in doc.ents if e.label_ in LABEL_MAP]
    return doc

"""Convert the CoNLL-2002 Dutch files into spaCy's binary training format.

Usage: python training/convert.py SRC.conll OUT.spacy [--docs-per-example N]
"""

from __future__ import annotations

import argparse
from itertools import groupby
from pathlib import Path

from spacy.lang.nl import Dutch
from spacy.tokens import Doc, DocBin

from graph_api.nlp.conll import read_conll, sentence_to_doc


def convert(source: Path, target: Path) -> int:
    """Write one spaCy Doc per CoNLL document (so context spans sentences)."""
    nlp = Dutch()
    docs = DocBin(store_user_data=False)
    count = 0
    for _, sentences in groupby(read_conll(source), key=lambda s: s.document):
        sentence_docs = [sentence_to_doc(nlp.vocab, s) for s in sentences]
        for doc in sentence_docs:
            for i, token in enumerate(doc):
                token.is_sent_start = i == 0
        docs.add(Doc.from_docs(sentence_docs))
        count += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    docs.to_disk(target)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    print(f"{args.source} -> {args.target}: {convert(args.source, args.target)} documents")


if __name__ == "__main__":
    main()

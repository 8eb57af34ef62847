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
while read -r set ent rel; do
  "$bin" extract --quiet "$shared/dev/$set.input.jsonl" -o "$out/$set.pred.jsonl"
  args=(--gold "$shared/dev/$set.gold.jsonl" --pred "$out/$set.pred.jsonl" --max-offset-errors 0)
  if [ "$check" = "--check" ]; then
    args+=(--min-entity-f1 "$ent" --min-relation-f1 "$rel")
  fi
  echo "== $set"
  python3 "$shared/score.py" "${args[@]}" || status=1
done <<'SETS'
seed 0.85 0.60
re3d-dev 0.0 0.0
crossre-news-dev 0.0 0.0
SETS
exit $status

#!/usr/bin/env bash
# Checks that a refactoring changed no output byte.
#
#   scripts/check-same-output.sh --save DIR   write the outputs of the current
#                                              tree to DIR (the reference)
#   scripts/check-same-output.sh DIR          write them again to a temporary
#                                              folder and compare with DIR byte
#                                              for byte; exit 1 on any difference
#
# Inputs: every dev set (../shared/bench/dev/*.input.jsonl), the corpus
# (../shared/corpus/wikinews.jsonl), examples/articles/, and a small JSON
# Lines file of odd metadata written by this script (dates in many forms,
# impossible dates, non-string titles), so that a change in how documents
# are read shows up here too. For each: `extract`; `build` to every format
# with `--extractions`; `merge` of the extraction file; `export` with filters.
# stderr is kept with the run time masked, and so is each exit status.
set -euo pipefail
cd "$(dirname "$0")/.."

save=false
if [ "${1:-}" = "--save" ]; then
  save=true
  shift
fi
ref=${1:?usage: scripts/check-same-output.sh [--save] DIR}

cargo build --release --quiet
bin=$PWD/target/release/newsgraph
shared=$PWD/../shared

if $save; then
  out=$ref
  rm -rf "$out"
  mkdir -p "$out"
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi

# Odd metadata: what the JSON Lines reader does with it is part of the check.
odd=$(mktemp -d)
trap 'rm -rf "$odd"; [ "$save" = true ] || rm -rf "$out"' EXIT
cat >"$odd/odd-metadata.jsonl" <<'EOF'
{"id":"iso","text":"Iran and Oman held talks in Muscat.","date":"2025-04-12"}
{"id":"iso-time","text":"Iran and Oman held talks in Muscat.","date":"2025-04-12T08:00:00Z"}
{"id":"rfc2822","text":"Iran and Oman held talks in Muscat.","date":"Tue, 05 Mar 2024 10:00:00 GMT"}
{"id":"oracle","text":"Iran and Oman held talks in Muscat.","date":"05-MAR-2024 10:00:00.00"}
{"id":"slashes","text":"Iran and Oman held talks in Muscat.","date":"2024/03/05"}
{"id":"us-long","text":"Iran and Oman held talks in Muscat.","date":"March 5, 2024"}
{"id":"uk-long","text":"Iran and Oman held talks in Muscat.","date":"5 March 2024"}
{"id":"compact","text":"Iran and Oman held talks in Muscat.","date":"20240305"}
{"id":"impossible","text":"Iran and Oman held talks in Muscat.","date":"2024-02-30"}
{"id":"nonsense","text":"Iran and Oman held talks in Muscat.","date":"next Tuesday"}
{"id":"blank-date","text":"Iran and Oman held talks in Muscat.","date":"  "}
{"id":"number-date","text":"Iran and Oman held talks in Muscat.","date":20240305}
{"id":"number-title","text":"Iran and Oman held talks in Muscat.","title":42}
{"id":"list-url","text":"Iran and Oman held talks in Muscat.","url":["a","b"]}
{"id":"null-source","text":"Iran and Oman held talks in Muscat.","source":null}
EOF

run() { # name, then the command; writes NAME.stdout, NAME.stderr, NAME.status
  local name=$1
  shift
  local status=0
  "$@" >"$out/$name.stdout" 2>"$out/$name.stderr.raw" || status=$?
  # Mask what changes from run to run: the run time and the temporary folders.
  sed -E -e 's/ in [0-9]+\.[0-9]+ s$/ in N s/' -e "s#$out/#OUT/#g" -e "s#$odd/#IN/#g" \
    "$out/$name.stderr.raw" >"$out/$name.stderr"
  rm "$out/$name.stderr.raw"
  echo "$status" >"$out/$name.status"
}

inputs=()
for f in "$shared"/bench/dev/*.input.jsonl; do
  inputs+=("$(basename "$f" .input.jsonl)=$f")
done
inputs+=("wikinews=$shared/corpus/wikinews.jsonl" "examples=$PWD/examples/articles" "odd=$odd/odd-metadata.jsonl")

for pair in "${inputs[@]}"; do
  name=${pair%%=*}
  input=${pair#*=}
  run "$name.extract" "$bin" extract "$input" -o "$out/$name.extract.jsonl"
  run "$name.build" "$bin" build "$input" \
    -o "$out/$name.graph.json" -o "$out/$name.graph.dot" -o "$out/$name.graph.gexf" \
    -o "$out/$name.graph.graphml" -o "$out/$name.graph.csv" -o "$out/$name.graph.jsonl" \
    --extractions "$out/$name.build.extractions.jsonl"
  run "$name.merge" "$bin" merge "$out/$name.extract.jsonl" -o "$out/$name.merged.json"
  run "$name.merge-graph" "$bin" merge "$out/$name.graph.json" -o "$out/$name.remerged.dot"
  run "$name.export-top" "$bin" export "$out/$name.graph.json" --top 20 -o "$out/$name.top.dot"
  run "$name.export-filter" "$bin" export "$out/$name.graph.json" \
    --class CONSULT ASSAULT --type country person --since 2025 --min-weight 1 -o "$out/$name.filtered.gexf"
  run "$name.export-stdout" "$bin" export "$out/$name.graph.json" --format jsonl
done

if $save; then
  echo "check-same-output: reference written to $out ($(ls "$out" | wc -l) files)"
  exit 0
fi

if diff -r "$ref" "$out" >"$out.diff" 2>&1; then
  echo "check-same-output: byte-identical ($(ls "$out" | wc -l) files)"
  rm -f "$out.diff"
else
  echo "check-same-output: DIFFERENCES (full diff in $out.diff; outputs kept in $out.kept)"
  cp -r "$out" "$out.kept"
  diff -rq "$ref" "$out" || true
  exit 1
fi

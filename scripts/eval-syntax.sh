#!/usr/bin/env bash
# Scores the syntax backbone on UD English EWT test from RAW text: rebuilds
# the text from `# text` (paragraphs from `# newpar`/`# newdoc`), runs
# `newsgraph parse` (our own tokenizer and sentence splitter, tagger,
# lemmatizer and parser) and scores with ../shared/tools/eval_parse.py
# (CoNLL 2018-style character alignment). Prints its JSON.
#   scripts/eval-syntax.sh [test|dev]
set -euo pipefail
cd "$(dirname "$0")/.."
split=${1:-test}
gold=../shared/resources/ud-english-ewt/en_ewt-ud-$split.conllu
bin=target/release/newsgraph
[ -x "$bin" ] || cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$gold" "$work/raw.txt" <<'PY'
import sys
paras, cur = [], []
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("# newdoc") or line.startswith("# newpar"):
        if cur:
            paras.append(" ".join(cur))
            cur = []
    elif line.startswith("# text = "):
        cur.append(line[len("# text = "):].rstrip("\n"))
if cur:
    paras.append(" ".join(cur))
open(sys.argv[2], "w", encoding="utf-8").write("\n\n".join(paras) + "\n")
PY
"$bin" parse --quiet "$work/raw.txt" -o "$work/pred.conllu"
python3 ../shared/tools/eval_parse.py "$gold" "$work/pred.conllu"

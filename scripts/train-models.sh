#!/usr/bin/env bash
# Retrains the syntax models from UD English EWT (CC BY-SA 4.0) and writes
# them into src/syntax/data/, byte for byte as committed (fixed seeds and
# order). The tagger comes first: the parser trainer tags dev with the
# embedded tagger and jackknifes its training tags with the same options, so
# it is rebuilt after the tagger changes. About 8 minutes on 2 cores.
#   scripts/train-models.sh [TREEBANK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
ewt=${1:-../shared/resources/ud-english-ewt}
cargo build --release --quiet --bin newsgraph-train-tagger
target/release/newsgraph-train-tagger "$ewt" src/syntax/data/tagger.bin
# The parser trainer embeds the new tagger.
cargo build --release --quiet --bin newsgraph-train-parser
target/release/newsgraph-train-parser "$ewt" --output src/syntax/data/parser.bin
sha256sum src/syntax/data/tagger.bin src/syntax/data/parser.bin

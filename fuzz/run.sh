#!/usr/bin/env bash
# Runs one fuzz target for a while with the committed seeds.
#   fuzz/run.sh TARGET [SECONDS]       (default 600)
# Works on the stable toolchain: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its
# -Z sanitizer flags to a stable rustc (no nightly needed). New corpus
# entries go to fuzz/corpus/TARGET (not committed); a crashing input lands
# in fuzz/artifacts/TARGET: copy it to tests/data/fuzz/TARGET/ so that
# tests/fuzz_regressions.rs runs it under `cargo test`.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh TARGET [SECONDS]}
secs=${2:-600}
mkdir -p "corpus/$target"
max_len=4096
[ "$target" = extract ] && max_len=16384
[ "$target" = graph ] || [ "$target" = extraction_record ] && max_len=32768
exec env RUSTC_BOOTSTRAP=1 cargo +stable fuzz run "$target" "corpus/$target" "seeds/$target" -- \
  -max_total_time="$secs" -max_len="$max_len" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1

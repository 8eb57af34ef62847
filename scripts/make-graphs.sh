#!/usr/bin/env bash
# Regenerates graphs/ from the bundled example articles: the graph in every
# format, and (when Graphviz is installed) the SVG and PNG pictures.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/newsgraph
mkdir -p graphs
"$bin" build examples/articles \
  -o graphs/examples.json -o graphs/examples.dot -o graphs/examples.gexf \
  -o graphs/examples.graphml -o graphs/examples.csv -o graphs/examples.jsonl \
  --extractions graphs/examples.extractions.jsonl
# A report-sized picture: entities with at least one relation.
"$bin" export graphs/examples.json --min-weight 1 --top 45 -o graphs/examples-top.dot
if command -v dot >/dev/null; then
  dot -Tsvg graphs/examples.dot -o graphs/examples.svg
  dot -Tsvg graphs/examples-top.dot -o graphs/examples-top.svg
  dot -Tpng -Gdpi=72 graphs/examples-top.dot -o graphs/examples-top.png
else
  echo "make-graphs: Graphviz (dot) not installed; pictures not rendered" >&2
fi

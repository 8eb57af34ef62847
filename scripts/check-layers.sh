#!/usr/bin/env bash
# Checks the layering of src/: every module imports only from its own layer
# or the layers below it (grep for `crate::<module>` outside comments).
#
#   0  ontology span error tokens date output   vocabulary, spans, errors, tokens, dates, atomic files
#   1  document                                 reading documents
#   2  lexicon                                  embedded data + user lexicons
#   3  record                                   the extraction record
#   4  extract syntax                           per-document extraction; the parser's own module
#   5  graph                                    merge, graph file, filters
#   6  export                                   one module per format
#   7  config                                   validated configuration
#   8  pipeline                                 the commands end to end
#   -  main cli commands report bin             the binaries: the library only as `newsgraph::`
set -euo pipefail
cd "$(dirname "$0")/.."

rank() {
  case $1 in
    ontology | span | error | tokens | date | output) echo 0 ;;
    document) echo 1 ;;
    lexicon) echo 2 ;;
    record) echo 3 ;;
    extract | syntax) echo 4 ;;
    graph) echo 5 ;;
    export) echo 6 ;;
    config) echo 7 ;;
    pipeline) echo 8 ;;
    *) echo unknown ;;
  esac
}

status=0
while IFS= read -r file; do
  rel=${file#src/}
  module=${rel%%/*}
  module=${module%.rs}
  case $module in
    lib) continue ;;
    main | cli | commands | report | bin)
      # The binary reaches the library only through its public API.
      if grep -v '^[[:space:]]*//' "$file" | grep -qE 'crate::(ontology|span|error|tokens|date|output|document|lexicon|record|extract|syntax|graph|export|config|pipeline)\b'; then
        echo "$file: the binary uses a library module through crate::"
        status=1
      fi
      continue
      ;;
  esac
  own=$(rank "$module")
  if [ "$own" = unknown ]; then
    echo "$file: module $module has no layer in scripts/check-layers.sh"
    status=1
    continue
  fi
  for dep in $(grep -v '^[[:space:]]*//' "$file" | grep -oE 'crate::[a-z_]+' | sed 's/crate:://' | sort -u); do
    [ "$dep" = "$module" ] && continue
    layer=$(rank "$dep")
    if [ "$layer" = unknown ] || [ "$layer" -gt "$own" ]; then
      echo "$file: $module (layer $own) uses crate::$dep (layer $layer)"
      status=1
    fi
  done
done < <(find src -name '*.rs' | sort)

if [ $status = 0 ]; then
  echo "check-layers: every import goes down the layers"
fi
exit $status

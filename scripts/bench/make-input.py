#!/usr/bin/env python3
"""Writes a large benchmark input by repeating a JSON Lines corpus.

usage: make-input.py SOURCE.jsonl TIMES OUT.jsonl

Copy k (1-based) of every document keeps its text and gets the id
"<id>~k" for k > 1, so every id in the output is unique and copy 1 is the
source unchanged. Lines are written as read apart from the id, so the
output is TIMES x the source's size (plus the id suffixes).
"""
import json
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip())
    src, times, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(src, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    with open(out, "w", encoding="utf-8") as f:
        for k in range(1, times + 1):
            for d in docs:
                if k > 1:
                    d = dict(d, id=f"{d['id']}~{k}")
                f.write(json.dumps(d, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

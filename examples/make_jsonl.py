#!/usr/bin/env python3
"""Build examples/articles.jsonl from the plain-text articles in examples/articles/.

Each article file is named YYYY-MM-DD-short-slug.txt; its first line is the
headline. Output is one JSON object per line, sorted by file name:

    {"id": <file stem>, "title": <headline>, "date": <YYYY-MM-DD>,
     "source": "newsgraph examples", "text": <whole file content>}

Standard library only and deterministic: run it again after editing articles.
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
OUTPUT = HERE / "articles.jsonl"
NAME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9-]+\.txt$")


def main() -> int:
    lines = []
    for path in sorted(ARTICLES.glob("*.txt"), key=lambda p: p.name):
        match = NAME_RE.match(path.name)
        if not match:
            print(f"skipping badly named file: {path.name}", file=sys.stderr)
            continue
        text = path.read_bytes().decode("utf-8")
        obj = {
            "id": path.stem,
            "title": text.split("\n", 1)[0].strip(),
            "date": match.group(1),
            "source": "newsgraph examples",
            "text": text,
        }
        lines.append(json.dumps(obj, ensure_ascii=False))
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as out:
        for line in lines:
            out.write(line + "\n")
    print(f"wrote {len(lines)} articles to {OUTPUT.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Precision audit: a fixed-seed sample of graph edges to read against their evidence.

Usage:
  scripts/audit-precision.py sample GRAPH.json [-n 50] [--seed 11] > audit.tsv
  scripts/audit-precision.py score audit.tsv

`sample` draws up to N edges from every PLOVER class and from AFFILIATION and
LOCATED_IN (the groups the audit reports), with one evidence quote each, and
writes a TSV with an empty `verdict` column. A reader fills it with `y` (the
edge is right: the quote says subject -relation-> object), `n` (wrong) or `?`
(cannot tell). `score` prints the share right per group, `?` rows left out.

The sample depends only on the graph and the seed: the same graph gives the same
rows, so two builds can be audited on the same footing. Groups follow the
class of each edge; AFFILIATION and LOCATED_IN are classes of their own.
"""
import argparse
import csv
import json
import random
import sys
from collections import defaultdict

COLUMNS = ["group", "edge", "relation", "subject", "object", "rule", "doc", "quote", "verdict"]


def clean(s):
    return " ".join(str(s).split())


def sample(args):
    try:
        with open(args.graph, encoding="utf-8") as f:
            g = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"audit-precision: {args.graph}: {e}")
    by_group = defaultdict(list)
    for e in g.get("edges", []):
        group = e.get("class") or e.get("relation")
        by_group[group].append(e)
    rng = random.Random(args.seed)
    w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    w.writerow(COLUMNS)
    for group in sorted(by_group):
        edges = sorted(by_group[group], key=lambda e: e["id"])
        picked = edges if len(edges) <= args.n else rng.sample(edges, args.n)
        for e in sorted(picked, key=lambda e: e["id"]):
            ev = rng.choice(e["evidence"])
            subj = ev.get("subject", {}).get("text", e["source"])
            obj = (ev.get("object") or {}).get("text", e["target"])
            w.writerow([group, e["id"], e["relation"], clean(subj), clean(obj),
                        ev.get("rule", ""), ev["doc"], clean(ev["quote"]), ""])


def score(args):
    tally = defaultdict(lambda: [0, 0, 0])
    with open(args.tsv, encoding="utf-8") as f:
        for lineno, row in enumerate(csv.DictReader(f, delimiter="\t"), start=2):
            v = (row.get("verdict") or "").strip().lower()
            t = tally[row["group"]]
            if v == "y":
                t[0] += 1
            elif v == "n":
                t[1] += 1
            elif v in ("?", ""):
                t[2] += 1
            else:
                sys.exit(f"audit-precision: {args.tsv}:{lineno}: verdict must be y, n or ?, got {v!r}")
    print("| group | right | wrong | unsure/unread | precision |")
    print("|---|---|---|---|---|")
    for group in sorted(tally):
        y, n, u = tally[group]
        p = f"{y / (y + n):.0%}" if y + n else "-"
        print(f"| {group} | {y} | {n} | {u} | {p} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("graph")
    s.add_argument("-n", type=int, default=50)
    s.add_argument("--seed", type=int, default=11)
    s.set_defaults(func=sample)
    c = sub.add_parser("score")
    c.add_argument("tsv")
    c.set_defaults(func=score)
    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()

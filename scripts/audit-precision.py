#!/usr/bin/env python3
"""Precision audit: a fixed-seed sample of graph edges to read against their evidence.

Usage:
  scripts/audit-precision.py sample GRAPH.json [-n 50] [--seed 11] > audit.tsv
  scripts/audit-precision.py score audit.tsv
  scripts/audit-precision.py keep audit.tsv > scripts/audit/verdicts-NAME.tsv
  scripts/audit-precision.py rescore GRAPH.json scripts/audit/verdicts-NAME.tsv

`sample` draws up to N edges from every PLOVER class and from AFFILIATION and
LOCATED_IN (the groups the audit reports), with one evidence quote each, and
writes a TSV with an empty `verdict` column. A reader fills it with `y` (the
edge is right: the quote says subject -relation-> object), `n` (wrong) or `?`
(cannot tell). `score` prints the share right per group, `?` rows left out.

The sample depends only on the graph and the seed: the same graph gives the same
rows, so two builds can be audited on the same footing. Groups follow the
class of each edge; AFFILIATION and LOCATED_IN are classes of their own.

`keep` turns a filled sample into verdicts the repository can hold: each row
becomes a digest of (relation, subject, object, quote) with its group,
verdict and error note, no corpus text. `rescore` reads a newer graph and
reports, for the audited edges it still has (same relation, arguments and
quote), the share right per group, and how many right and wrong audited
edges it no longer has: a change's effect on precision without a new
reading.
"""
import argparse
import csv
import hashlib
import json
import random
import sys
from collections import defaultdict

COLUMNS = ["group", "edge", "relation", "subject", "object", "rule", "doc", "quote", "verdict"]


def clean(s):
    return " ".join(str(s).split())


def label(e):
    """The edge's claim as a reader must judge it: the relation with `not `
    for a negated edge and `former ` for a past role (its networkx key)."""
    return ("not " if e.get("negated") else "") + ("former " if e.get("past") else "") \
        + e["relation"]


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
            w.writerow([group, e["id"], label(e), clean(subj), clean(obj),
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


def digest(relation, subject, obj, quote):
    relation = relation.removeprefix("not ").removeprefix("former ")
    text = "\x1f".join([relation, clean(subject), clean(obj), clean(quote)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def keep(args):
    w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    w.writerow(["digest", "group", "rule", "verdict", "error"])
    with open(args.tsv, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            w.writerow([digest(row["relation"], row["subject"], row["object"], row["quote"]),
                        row["group"], row.get("rule", ""), row.get("verdict", ""),
                        row.get("error", "")])


def rescore(args):
    try:
        with open(args.graph, encoding="utf-8") as f:
            g = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"audit-precision: {args.graph}: {e}")
    have = set()
    for e in g.get("edges", []):
        for ev in e["evidence"]:
            s = ev.get("subject", {}).get("text", "")
            o = (ev.get("object") or {}).get("text", "")
            have.add(digest(label(e), s, o, ev["quote"]))
            have.add(digest(label(e), o, s, ev["quote"]))
    kept = defaultdict(lambda: [0, 0])
    gone = defaultdict(int)
    with open(args.verdicts, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            v = row["verdict"]
            if v not in ("y", "n"):
                continue
            if row["digest"] in have:
                kept[row["group"]][v == "n"] += 1
            else:
                gone[v] += 1
    print("| group | right | wrong | precision |")
    print("|---|---|---|---|")
    ty = tn = 0
    for group in sorted(kept):
        y, n = kept[group]
        ty, tn = ty + y, tn + n
        print(f"| {group} | {y} | {n} | {y / (y + n):.0%} |")
    if ty + tn:
        print(f"| all | {ty} | {tn} | {ty / (ty + tn):.1%} |")
    print(f"audited edges gone: {gone['y']} right, {gone['n']} wrong")


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
    k = sub.add_parser("keep")
    k.add_argument("tsv")
    k.set_defaults(func=keep)
    r = sub.add_parser("rescore")
    r.add_argument("graph")
    r.add_argument("verdicts")
    r.set_defaults(func=rescore)
    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()

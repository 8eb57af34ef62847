#!/usr/bin/env python3
"""Validate the frame and agent tables under src/lexicon/data/.

Usage (from the repository root; plain Python 3, no packages needed):

    python3 scripts/lexicon/check_frames.py [DATA_DIR] [--plover FILE] [--ontology FILE]

Checks frames.tsv, frames_extra.tsv and agents.tsv: UTF-8, LF line endings and
a final newline; the exact column count; lowercase lemmas; pos VERB/NOUN/ADJ;
classes known to the ontology; CAMEO codes present in CAMEO2PLOVER (or 02x
appeals, filed under REQUEST) with the class the mapping gives (163 is
SANCTION); no-event rows all `-`; the path grammar of source, target and
require (see the header of frames.tsv); known flags; one class per relation
name; no duplicate rows; the generated files sorted; an example comment above
every hand-written row; no (lemma, pos, require) key in both frame files; no
key mixing an event and a no-event row; agent types and sector codes. Prints
counts per class and per type; exits with status 1 when a problem was found.
Also checks the expected column of tests/data/frames_constructions.tsv
(Subject|relation|CLASS|Object[|flags], classes as in the frames).
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

PLOVER_CLASSES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                  "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
                  "MOBILIZE", "COERCE", "ASSAULT"]
STRUCTURAL = ["AFFILIATION", "LOCATED_IN"]
CLASS_OVERRIDE = {"163": "SANCTION"}     # ontology.md: PLOVER files sanctions under SANCTION
APPEAL_CLASS = "REQUEST"                 # 02x, not in CAMEO2PLOVER-2021
POS = {"VERB", "NOUN", "ADJ"}
FLAGS = {"symmetric", "objectless", "intent", "weak", "past"}
AGENT_TYPES = {"person", "organization", "group", "location", "other"}
FRAME_COLS = ["lemma", "pos", "relation", "class", "cameo", "source", "target", "require",
              "flags"]
AGENT_COLS = ["head_lemma", "type", "sector", "origin"]

SUB = r"[a-z]+(?:_[a-z]+)*"
REL = (rf"(?:nsubj(?::pass)?|obj|iobj|agent|prt|mod|amod|compound(?::prt)?|xcomp|ccomp"
       rf"|advmod|appos|conj|nummod|det|aux(?::pass)?|cop|mark|case|flat|parataxis"
       rf"|obl(?::{SUB})?|nmod(?::{SUB})?|advcl(?::{SUB})?|acl(?::{SUB})?)")
PATH = rf"{REL}(?:>{REL})*"
PATHS = re.compile(rf"^{PATH}(?:\|{PATH})*$")
LEMMA = r"[a-z0-9][a-z0-9'./\-]*"
VALUES = re.compile(rf"^{LEMMA}(?:\|{LEMMA})*$")
LEMMA_RE = re.compile(rf"^{LEMMA}$")
RELATION_RE = re.compile(r"^[a-z]+(?:_[a-z]+)*$")
CODE_RE = re.compile(r"^\d{3,4}$")


class Checker:
    def __init__(self) -> None:
        self.problems = 0

    def err(self, where: str, msg: str) -> None:
        self.problems += 1
        print(f"error: {where}: {msg}")


def read_plover(path: Path) -> dict[str, str]:
    classes = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,", line)
        if m:
            classes.setdefault(m.group(1), m.group(2))
    return classes


def ontology_classes(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    found = set()
    for name in PLOVER_CLASSES + STRUCTURAL:
        if re.search(rf"\b{name}\b", text):
            found.add(name)
    return found


def read_table(ck: Checker, path: Path, ncols: int):
    """-> list of (line number, fields, comment line above or None)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        ck.err(path.name, f"not UTF-8: {e}")
        return []
    if "\r" in text:
        ck.err(path.name, "CR characters (line endings must be LF)")
    if text and not text.endswith("\n"):
        ck.err(path.name, "no final newline")
    rows = []
    prev_comment = None
    for n, line in enumerate(text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"), 1):
        if not line.strip():
            prev_comment = None
            continue
        if line.startswith("#"):
            prev_comment = line
            continue
        fields = line.split("\t")
        if len(fields) != ncols:
            ck.err(f"{path.name}:{n}", f"{len(fields)} columns, expected {ncols}")
            prev_comment = None
            continue
        for i, f in enumerate(fields):
            if f != f.strip() or not f:
                ck.err(f"{path.name}:{n}", f"column {i + 1} empty or padded: {f!r}")
        rows.append((n, fields, prev_comment))
        prev_comment = None
    return rows


def check_require(req: str) -> str | None:
    if req == "-":
        return None
    for item in req.split(","):
        if item.startswith("!"):
            item = item[1:]
        paths, _, values = item.partition("=")
        if not PATHS.match(paths):
            return f"bad require path {paths!r}"
        if "=" in item and not VALUES.match(values):
            return f"bad require values {values!r}"
    return None


def check_frames(ck: Checker, path: Path, plover: dict[str, str], classes: set[str],
                 generated: bool, rel_class: dict, counts: collections.Counter):
    rows = read_table(ck, path, len(FRAME_COLS))
    keys = collections.defaultdict(list)
    seen = set()
    for n, f, comment in rows:
        where = f"{path.name}:{n}"
        lemma, pos, rel, cls, code, src, tgt, req, flags = f
        if not LEMMA_RE.match(lemma):
            ck.err(where, f"lemma not lowercase: {lemma!r}")
        if pos not in POS:
            ck.err(where, f"unknown pos {pos!r}")
        if rel == "-":
            if (cls, code, src, tgt) != ("-", "-", "-", "-"):
                ck.err(where, "a no-event row has class, cameo, source and target '-'")
        else:
            if not RELATION_RE.match(rel):
                ck.err(where, f"relation not snake_case: {rel!r}")
            if cls not in classes:
                ck.err(where, f"unknown class {cls!r}")
            if code != "-":
                if not CODE_RE.match(code):
                    ck.err(where, f"bad CAMEO code {code!r}")
                elif code.startswith("02"):
                    if cls != APPEAL_CLASS:
                        ck.err(where, f"appeal code {code} must be {APPEAL_CLASS}, not {cls}")
                elif code not in plover:
                    ck.err(where, f"CAMEO code {code} not in CAMEO2PLOVER")
                else:
                    want = CLASS_OVERRIDE.get(code, plover[code])
                    if cls != want:
                        ck.err(where, f"code {code} is {want} in the mapping, row says {cls}")
            for name, p in (("source", src), ("target", tgt)):
                if p != "-" and not PATHS.match(p):
                    ck.err(where, f"bad {name} path {p!r}")
            if src == "-":
                ck.err(where, "an event row needs a source path")
            if tgt == "-" and "objectless" not in flags.split(","):
                ck.err(where, "no target path and not objectless")
            prev = rel_class.setdefault(rel, cls)
            if prev != cls:
                ck.err(where, f"relation {rel} has class {cls} here and {prev} elsewhere")
        msg = check_require(req)
        if msg:
            ck.err(where, msg)
        if flags != "-":
            fl = flags.split(",")
            bad = [x for x in fl if x not in FLAGS]
            if bad:
                ck.err(where, f"unknown flags {bad}")
            if fl != sorted(set(fl)):
                ck.err(where, "flags not sorted or repeated")
        if tuple(f) in seen:
            ck.err(where, "duplicate row")
        seen.add(tuple(f))
        if not generated and not (comment and comment.startswith("# e.g. ")):
            ck.err(where, "hand-written row without an example comment ('# e.g. ...') above it")
        keys[(lemma, pos, req)].append((n, f))
        counts[cls if cls != "-" else "no-event"] += 1
    if generated:
        data = [tuple(f) for _, f, _ in rows]
        if data != sorted(data):
            ck.err(path.name, "rows not sorted")
    for key, group in keys.items():
        events = [g for g in group if g[1][2] != "-"]
        if events and len(events) != len(group):
            ck.err(f"{path.name}:{group[0][0]}", f"key {key} has event and no-event rows")
        paths = collections.Counter((g[1][5], g[1][6]) for g in group)
        for p, c in paths.items():
            if c > 1:
                ck.err(f"{path.name}:{group[0][0]}", f"key {key} has {c} rows on paths {p}")
    return keys, len(rows)


def check_agents(ck: Checker, path: Path, counts: collections.Counter):
    rows = read_table(ck, path, len(AGENT_COLS))
    seen = set()
    for n, f, _ in rows:
        where = f"{path.name}:{n}"
        lemma, typ, sector, origin = f
        if not LEMMA_RE.match(lemma):
            ck.err(where, f"head lemma not lowercase: {lemma!r}")
        if lemma in seen:
            ck.err(where, f"duplicate head {lemma!r}")
        seen.add(lemma)
        if typ not in AGENT_TYPES:
            ck.err(where, f"unknown type {typ!r}")
        if not re.fullmatch(r"(?:[A-Z]{3})+", sector):
            ck.err(where, f"bad sector code {sector!r}")
        if origin not in ("phoenix", "ours"):
            ck.err(where, f"origin must be phoenix or ours, not {origin!r}")
        counts[typ] += 1
    data = [tuple(f) for _, f, _ in rows]
    if data != sorted(data):
        ck.err(path.name, "rows not sorted")
    return len(rows)


def check_constructions(ck: Checker, path: Path, classes: set[str], rel_class: dict) -> int:
    """tests/data/frames_constructions.tsv: construction, sentence, expected."""
    rows = read_table(ck, path, 3)
    for n, (cons, sent, expected), _ in rows:
        where = f"{path.name}:{n}"
        if not re.fullmatch(r"[a-z]+(?:_[a-z]+)*", cons):
            ck.err(where, f"construction not snake_case: {cons!r}")
        if expected == "NONE":
            continue
        for item in expected.split(";"):
            parts = [p.strip() for p in item.strip().split("|")]
            if len(parts) not in (4, 5) or not all(parts[:4]):
                ck.err(where, f"expected item not Subject|relation|CLASS|Object[|flags]: {item!r}")
                continue
            subj, rel, cls, obj = parts[:4]
            if cls not in classes:
                ck.err(where, f"unknown class {cls!r}")
            elif cls in PLOVER_CLASSES and rel_class.get(rel, cls) != cls:
                ck.err(where, f"relation {rel} is {rel_class[rel]} in the frames, here {cls}")
            if len(parts) == 5:
                for fl in parts[4].split(","):
                    if fl not in ("negated", "intent", "past") and not fl.startswith("said="):
                        ck.err(where, f"unknown flag {fl!r}")
    return len(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir", nargs="?", default="src/lexicon/data")
    ap.add_argument("--plover", default="../shared/resources/plover/CAMEO2PLOVER-2021.txt")
    ap.add_argument("--ontology", default="../shared/design/ontology.md")
    ap.add_argument("--constructions", default="tests/data/frames_constructions.tsv")
    args = ap.parse_args()
    ck = Checker()
    data = Path(args.data_dir)
    plover = read_plover(Path(args.plover))
    classes = set(PLOVER_CLASSES + STRUCTURAL)
    onto = Path(args.ontology)
    if onto.exists():
        missing = classes - ontology_classes(onto)
        if missing:
            ck.err(onto.name, f"classes not in the ontology: {sorted(missing)}")
    rel_class: dict[str, str] = {}
    c_gen, c_extra, c_agents = collections.Counter(), collections.Counter(), collections.Counter()
    keys_gen, n_gen = check_frames(ck, data / "frames.tsv", plover, classes, True, rel_class, c_gen)
    keys_extra, n_extra = check_frames(ck, data / "frames_extra.tsv", plover, classes, False,
                                       rel_class, c_extra)
    for key in sorted(set(keys_gen) & set(keys_extra)):
        ck.err("frames.tsv", f"key {key} is also in frames_extra.tsv (the hand-written row owns it)")
    n_agents = check_agents(ck, data / "agents.tsv", c_agents)
    cons = Path(args.constructions)
    n_cons = check_constructions(ck, cons, classes, rel_class) if cons.exists() else 0

    def show(counter):
        return "  ".join(f"{k}={v}" for k, v in sorted(counter.items()))
    print(f"frames.tsv        {n_gen:5d} rows, {len({k[0] for k in keys_gen})} lemmas")
    print(f"  {show(c_gen)}")
    print(f"frames_extra.tsv  {n_extra:5d} rows, {len({k[0] for k in keys_extra})} lemmas")
    print(f"  {show(c_extra)}")
    print(f"agents.tsv        {n_agents:5d} rows")
    print(f"  {show(c_agents)}")
    print(f"relations: {len(rel_class)} names")
    print(f"{cons.name}: {n_cons} rows")
    if ck.problems:
        print(f"{ck.problems} problem(s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

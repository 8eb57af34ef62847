#!/usr/bin/env python3
"""newsgraph beside the spaCy baseline, in one run on one machine.

usage: vs_spacy.py BINARY CORPUS.jsonl WORKDIR [--runs 3]
                   [--spacy-python /tmp/spacy-peer/bin/python]
                   [--spacy-script ../shared/peers/spacy_extract.py]

Alternates, --runs times: the spaCy baseline (one process), `newsgraph
build` with one extraction thread, `newsgraph build` on all cores. Both
tools are given the same word count (whitespace-separated words of the
texts). spaCy's words/s is its own figure, timed around its processing loop
(model loading excluded); newsgraph's is the wall time of the whole process
(lexicon loading, reading, extraction, merge and graph writing included), so
the ratio leans in spaCy's favour. Reports each run's ratio and the medians.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def words_of(path):
    with open(path, encoding="utf-8") as f:
        return sum(len(json.loads(l).get("text", "").split()) for l in f if l.strip())


def wall_and_cpu(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode("utf-8", "replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err}")
    return wall, ru.ru_utime + ru.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("corpus")
    ap.add_argument("workdir")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--spacy-python", default="/tmp/spacy-peer/bin/python")
    ap.add_argument("--spacy-script", default=os.path.join(HERE, "../../../shared/peers/spacy_extract.py"))
    ap.add_argument("--markdown", help="also write the table here")
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    words = words_of(a.corpus)
    cores = os.cpu_count() or 1
    timing = os.path.join(a.workdir, "spacy-timing.jsonl")
    rows = []
    for i in range(a.runs):
        if os.path.exists(timing):
            os.remove(timing)
        sp_wall, sp_cpu = wall_and_cpu([a.spacy_python, a.spacy_script, a.corpus,
                                        "--out", os.path.join(a.workdir, "spacy.jsonl"),
                                        "--timing-json", timing])
        with open(timing) as f:
            sp = json.loads(f.readline())
        sp_wps = words / sp["seconds"]
        graph = os.path.join(a.workdir, "graph.json")
        ng1_wall, ng1_cpu = wall_and_cpu([a.binary, "build", "--quiet", "--threads", "1", a.corpus, "-o", graph])
        ngn_wall, ngn_cpu = wall_and_cpu([a.binary, "build", "--quiet", a.corpus, "-o", graph])
        row = {
            "run": i + 1,
            "spacy_s": sp["seconds"], "spacy_process_s": sp_wall, "spacy_wps": sp_wps,
            "ng1_s": ng1_wall, "ng1_cpu_s": ng1_cpu, "ng1_wps": words / ng1_wall,
            "ngn_s": ngn_wall, "ngn_wps": words / ngn_wall,
        }
        row["ratio1"] = row["ng1_wps"] / sp_wps
        row["spacy_cpu_s"] = sp_cpu
        # CPU seconds of the whole process against the whole process.
        row["ratio1_cpu"] = sp_cpu / ng1_cpu
        row["ratio_process"] = sp_wall / ng1_wall
        row["ration"] = row["ngn_wps"] / sp_wps
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)

    med = lambda k: statistics.median(r[k] for r in rows)
    lines = [
        f"{words:,} words ({os.path.basename(a.corpus)}), {cores} cores, {a.runs} alternating runs.",
        "",
        "| run | spaCy s | spaCy words/s | newsgraph 1 thread s | words/s | ratio | newsgraph all cores s | words/s | ratio |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['run']} | {r['spacy_s']:.2f} | {r['spacy_wps']:,.0f} | {r['ng1_s']:.3f} | {r['ng1_wps']:,.0f} | "
            f"{r['ratio1']:.0f}x | {r['ngn_s']:.3f} | {r['ngn_wps']:,.0f} | {r['ration']:.0f}x |"
        )
    lines += [
        "",
        f"Median ratio, one thread: **{med('ratio1'):.0f}x**; whole process against whole process "
        f"(spaCy's model loading included): {med('ratio_process'):.0f}x by wall time, "
        f"{med('ratio1_cpu'):.0f}x by CPU time; "
        f"all {cores} cores: **{med('ration'):.0f}x**.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()

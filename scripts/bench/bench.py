#!/usr/bin/env python3
"""Throughput and memory benchmark of `newsgraph extract` and `newsgraph build`.

usage: bench.py BINARY CORPUS.jsonl WORKDIR [--times 1,10,70] [--repeat 3]
                [--threads 1,0] [--markdown FILE]

For every input size (the corpus repeated TIMES times with new ids, made by
make-input.py in WORKDIR), every command and every thread count (0 = all
cores), runs the command --repeat times and reports the median wall time,
words/s (whitespace-separated words of the texts, as the spaCy baseline
counts them), MB/s (of the input file), CPU seconds and peak resident memory
(the largest over the repeats), then how the time grows from the smallest
to each larger input.
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
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                n += len(json.loads(line).get("text", "").split())
    return n


def measure(cmd):
    """Runs cmd; returns (wall s, cpu s, peak RSS bytes)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode("utf-8", "replace")
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(cmd)} failed ({code}):\n{err}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("corpus")
    ap.add_argument("workdir")
    ap.add_argument("--times", default="1,10,70")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", default="1,0", help="thread counts; 0 = all cores")
    ap.add_argument("--markdown", help="also write the tables here")
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    times = [int(t) for t in a.times.split(",")]
    threads = [int(t) for t in a.threads.split(",")]
    cores = os.cpu_count() or 1
    base_words = words_of(a.corpus)

    rows = []
    for k in times:
        inp = os.path.join(a.workdir, f"docs-{k}x.jsonl")
        if not os.path.exists(inp):
            subprocess.run([sys.executable, os.path.join(HERE, "make-input.py"), a.corpus, str(k), inp], check=True)
        size = os.path.getsize(inp)
        words = base_words * k
        for command in ("extract", "build"):
            out = os.path.join(a.workdir, "out.jsonl" if command == "extract" else "graph.json")
            for t in threads:
                cmd = [a.binary, command, "--quiet", inp, "-o", out]
                if t:
                    cmd += ["--threads", str(t)]
                runs = [measure(cmd) for _ in range(a.repeat)]
                wall = statistics.median(r[0] for r in runs)
                cpu = statistics.median(r[1] for r in runs)
                rss = max(r[2] for r in runs)
                row = {
                    "times": k, "mb": size / 1e6, "command": command,
                    "threads": t or cores, "wall": wall, "cpu": cpu,
                    "words_per_s": words / wall, "mb_per_s": size / 1e6 / wall,
                    "rss_mb": rss / 1e6, "out_mb": os.path.getsize(out) / 1e6,
                }
                rows.append(row)
                print(json.dumps(row), file=sys.stderr)

    lines = [
        f"Machine: {cores} cores; median of {a.repeat} runs; words = whitespace words of the texts.",
        "",
        "| input | command | threads | wall s | CPU s | words/s | MB/s | peak RSS MB | output MB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['times']}x ({r['mb']:.1f} MB) | {r['command']} | {r['threads']} | {r['wall']:.2f} | "
            f"{r['cpu']:.2f} | {r['words_per_s']:,.0f} | {r['mb_per_s']:.2f} | {r['rss_mb']:.0f} | {r['out_mb']:.1f} |"
        )
    base = times[0]
    if len(times) > 1:
        lines += ["", f"Growth of wall time from {base}x:", "",
                  "| command | threads | " + " | ".join(f"{k}x / {base}x" for k in times[1:]) + " |",
                  "| --- | ---: | " + " | ".join("---:" for _ in times[1:]) + " |"]
        for command in ("extract", "build"):
            for t in threads:
                t = t or cores
                by = {r["times"]: r["wall"] for r in rows if r["command"] == command and r["threads"] == t}
                lines.append(f"| {command} | {t} | " + " | ".join(f"{by[k] / by[base]:.2f}" for k in times[1:]) + " |")
    text = "\n".join(lines) + "\n"
    print(text)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Build a newsgraph knowledge graph on Apache Spark: extract is the map,
merge is the reduce.

    python3 examples/spark/newsgraph_spark.py DOCS.jsonl OUT_DIR \
        [--bin target/release/newsgraph] [--partitions 4] [--master local[2]]

1. Spark reads DOCS.jsonl (one document per line; a local path, hdfs:// or
   s3a://) into an RDD of lines, split into partitions.
2. `RDD.pipe` streams every partition through `newsgraph extract -` (JSON
   Lines on stdin, one extraction line per document on stdout). Each task
   runs one single-threaded extractor; Spark runs the tasks in parallel.
3. The extraction shards are saved as OUT_DIR/extractions/part-*.
4. `newsgraph merge` joins the shards into OUT_DIR/graph.json. Merging is
   associative and order-independent, so the graph is byte-identical to
   `newsgraph build DOCS.jsonl -o graph.json` on one machine.

Document ids must be unique across the whole input (one machine renames
duplicates as it reads them; separate partitions cannot see each other).

Needs `pip install pyspark` and Java 17. On a cluster, pass --master (or run
under spark-submit), make the newsgraph binary available at the same path
on every executor (for instance with --files and a relative path), and
point --bin at it.
"""
import argparse
import glob
import os
import shlex
import subprocess
import sys


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("docs", help="document JSON Lines (local path or any Hadoop URI)")
    ap.add_argument("out", help="output folder (local): extractions/ and graph.json")
    ap.add_argument("--bin", default="target/release/newsgraph", help="the newsgraph binary")
    ap.add_argument("--partitions", type=int, default=4, help="minimum number of partitions")
    ap.add_argument("--master", default=None, help="Spark master (default: local[*])")
    ap.add_argument("--graph", default=None, help="graph file (default: OUT/graph.json)")
    return ap.parse_args()


def extract_command(binary):
    """The command each partition is piped through.

    `newsgraph extract` reports an input without documents as an error, and
    a partition can be empty (more partitions than lines), so the wrapper
    runs the extractor only when at least one line arrives.
    """
    script = (
        'IFS= read -r first || exit 0; '
        '{ printf "%s\\n" "$first"; exec cat; } '
        '| exec "$0" extract - --quiet --threads 1'
    )
    return "/bin/sh -c " + shlex.quote(script) + " " + shlex.quote(binary)


def main():
    a = parse_args()
    binary = os.path.abspath(a.bin)
    if not os.access(binary, os.X_OK):
        sys.exit(f"newsgraph binary not found at {binary}; build it with cargo build --release")
    os.makedirs(a.out, exist_ok=True)
    shards = os.path.join(os.path.abspath(a.out), "extractions")
    graph = a.graph or os.path.join(a.out, "graph.json")

    from pyspark import SparkConf, SparkContext

    conf = SparkConf().setAppName("newsgraph").setMaster(a.master or "local[*]")
    # Executors hold nothing but lines in flight; newsgraph does the work.
    conf.set("spark.ui.enabled", "false")
    conf.set("spark.ui.showConsoleProgress", "false")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("WARN")
    try:
        docs = sc.textFile(a.docs, minPartitions=a.partitions).filter(lambda l: l.strip())
        # The map: every partition streams through one extractor process.
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        extracted = docs.pipe(extract_command(binary), env=env, checkCode=True)
        if os.path.exists(shards):
            import shutil

            shutil.rmtree(shards)
        extracted.saveAsTextFile("file://" + shards)
        partitions = docs.getNumPartitions()
    finally:
        sc.stop()

    # The reduce: merge the shards (in any order) into one graph.
    parts = sorted(glob.glob(os.path.join(shards, "part-*")))
    parts = [p for p in parts if os.path.getsize(p) > 0]
    if not parts:
        sys.exit("no extractions were written")
    subprocess.run([binary, "merge", "--quiet", *parts, "-o", graph], check=True)
    print(f"newsgraph-spark: {partitions} partitions, {len(parts)} shards -> {graph}", file=sys.stderr)


if __name__ == "__main__":
    main()

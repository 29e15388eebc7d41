#!/usr/bin/env python3
"""Time of every rule against the terminology rules alone, over the Canadian Hansard.

Writes the whole line-aligned Hansard corpus of ../shared/data/corpora (~195,000 pairs)
as a bitext, then times, best of --runs (alternating), release build, output as JSON lines to /dev/null:
    check --bitext hansard.tsv --format jsonl                          (every rule)
    check --bitext hansard.tsv --format jsonl --select term-missing,... (terms alone)
with the shipped glossary (the default).  Prints both times, the ratio and the
findings per rule of the full run; exit 1 when the ratio exceeds --max-ratio.
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from hansard import write_bitext  # noqa: E402

ROOT = os.path.dirname(HERE)
TERM_RULES = "term-missing,term-case,term-forbidden,term-inconsistent"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/bitexte"))
    ap.add_argument("--shared", default=os.environ.get("BITEXTE_SHARED", os.path.join(ROOT, "..", "shared")))
    ap.add_argument("--runs", type=int, default=5, help="timed runs of each, alternating; best kept")
    ap.add_argument("--max-ratio", type=float)
    ap.add_argument("--json")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench_qa.")
    try:
        measure(a, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def measure(a, tmp):
    bitext = os.path.join(tmp, "hansard.tsv")
    n = write_bitext(a.shared, bitext)
    out_path = os.path.join(tmp, "findings.jsonl")

    def once(extra, out_file=subprocess.DEVNULL):
        t = time.perf_counter()
        p = subprocess.run([a.bin, "check", "--bitext", bitext, "--format", "jsonl", *extra],
                           stdout=out_file, stderr=subprocess.PIPE)
        dt = time.perf_counter() - t
        if p.returncode not in (0, 1):
            sys.exit(f"bitexte failed: {p.stderr.decode()}")
        return dt

    # Timed with the output thrown away, for both runs alike: the full run writes 17 MB of
    # findings, the terminology run 0.3 MB, and what a file or a pipe costs on this machine is
    # not the checker's. The two runs alternate, so that a slow spell falls on both.
    terms_s, every_s = [], []
    for _ in range(a.runs):
        terms_s.append(once(["--select", TERM_RULES]))
        every_s.append(once([]))
    terms, every = min(terms_s), min(every_s)
    # The findings per rule, from one more (untimed) run.
    with open(out_path, "wb") as out_file:
        once([], out_file)
    with open(out_path, "rb") as f:
        out = f.read()
    per_rule = collections.Counter(json.loads(line)["rule"] for line in out.splitlines())
    ratio = every / terms
    print(f"{n} pairs; every rule: {every:.2f} s; terminology rules alone: {terms:.2f} s; ratio {ratio:.2f}"
          f" (every rule costs {every - terms:.2f} s more)")
    for rule, count in sorted(per_rule.items()):
        print(f"  {rule:<26}{count:>8}")
    if a.json:
        json.dump({"pairs": n, "every_s": every, "terms_s": terms, "ratio": ratio,
                   "every_runs_s": every_s, "terms_runs_s": terms_s,
                   "findings": per_rule}, open(a.json, "w"))
    if a.max_ratio is not None and ratio > a.max_ratio:
        print(f"FAIL: ratio {ratio:.2f} > {a.max_ratio}")
        sys.exit(1)


if __name__ == "__main__":
    main()

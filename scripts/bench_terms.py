#!/usr/bin/env python3
"""Speed of `bitexte check` with a large and a small glossary.

Builds a bitext of the first N line-aligned pairs of the Hansard corpus
(../shared/data/corpora/hansard36-enfr), then times `check --format jsonl`
with EuroVoc en-fr (~7,300 concepts) and with its first 100 concepts, best
of --runs, release build, terminology rules only (--select). Fails (exit 1) when the EuroVoc run exceeds
--max-seconds or the ratio exceeds --max-ratio (when given).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hansard import write_bitext  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TERM_RULES = "term-missing,term-case,term-forbidden"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/bitexte"))
    ap.add_argument("--shared", default=os.environ.get("BITEXTE_SHARED", os.path.join(ROOT, "..", "shared")))
    ap.add_argument("--pairs", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--max-seconds", type=float)
    ap.add_argument("--max-ratio", type=float)
    ap.add_argument("--json")
    a = ap.parse_args()
    eurovoc = os.path.join(a.shared, "data/terms/eurovoc-en-fr/eurovoc_en_fr.tsv")
    tmp = tempfile.mkdtemp(prefix="bench_terms.")
    bitext = os.path.join(tmp, "hansard.tsv")
    n = write_bitext(a.shared, bitext, a.pairs)
    small = os.path.join(tmp, "eurovoc100.tsv")
    with open(eurovoc, encoding="utf-8") as f, open(small, "w", encoding="utf-8") as out:
        for k, line in enumerate(f):
            if k > 100:
                break
            out.write(line)

    def run(glossary):
        best = None
        for _ in range(a.runs):
            t = time.perf_counter()
            p = subprocess.run([a.bin, "check", "--glossary", glossary, "--bitext", bitext,
                                "--select", TERM_RULES, "--format", "jsonl"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            dt = time.perf_counter() - t
            if p.returncode not in (0, 1):
                sys.exit(f"bitexte failed: {p.stderr.decode()}")
            best = dt if best is None else min(best, dt)
        return best

    big, little = run(eurovoc), run(small)
    ratio = big / little
    print(f"{n} pairs; EuroVoc (7,317 concepts): {big:.2f} s; 100 concepts: {little:.2f} s; ratio {ratio:.2f}")
    if a.json:
        json.dump({"pairs": n, "eurovoc_s": big, "small_s": little, "ratio": ratio}, open(a.json, "w"))
    bad = []
    if a.max_seconds is not None and big > a.max_seconds:
        bad.append(f"EuroVoc run {big:.2f} s > {a.max_seconds} s")
    if a.max_ratio is not None and ratio > a.max_ratio:
        bad.append(f"ratio {ratio:.2f} > {a.max_ratio}")
    for b in bad:
        print("FAIL:", b)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

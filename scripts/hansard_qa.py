#!/usr/bin/env python3
"""Findings per rule on the Canadian Hansard, and samples of each for a review by hand.

Writes the line-aligned Hansard corpus of ../shared/data/corpora (~195,000 pairs) as a
bitext, runs `check --format jsonl` with every rule and the shipped glossary, prints the
number of findings per rule and writes --samples (Markdown): --per-rule findings of each
rule drawn at random (fixed --seed), each with both segments, the message and an empty
verdict to fill in (`ok` a true finding, `fp` a false alarm).  With --verdicts FILE (a
filled-in copy of the samples file) it prints the precision per rule instead.
"""
import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from hansard import write_bitext  # noqa: E402

ROOT = os.path.dirname(HERE)


def precision(path):
    """Precision per rule from a reviewed samples file: lines `verdict: ok|fp` under
    `### RULE #k` headings."""
    rule, ok, fp = None, collections.Counter(), collections.Counter()
    for line in open(path, encoding="utf-8"):
        m = re.match(r"### (\S+) #\d+", line)
        if m:
            rule = m.group(1)
            continue
        m = re.match(r"- verdict: *(ok|fp)\b", line)
        if m and rule:
            (ok if m.group(1) == "ok" else fp)[rule] += 1
    print(f"{'rule':<26}{'ok':>4}{'fp':>4}{'precision':>11}")
    low = False
    for r in sorted(set(ok) | set(fp)):
        p = ok[r] / (ok[r] + fp[r])
        low |= p < 0.9
        print(f"{r:<26}{ok[r]:>4}{fp[r]:>4}{p:>11.2f}")
    return 1 if low else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/bitexte"))
    ap.add_argument("--shared", default=os.environ.get("BITEXTE_SHARED", os.path.join(ROOT, "..", "shared")))
    ap.add_argument("--samples", help="write the samples to review here (Markdown)")
    ap.add_argument("--per-rule", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--verdicts", help="a reviewed samples file: print the precision per rule")
    a = ap.parse_args()
    if a.verdicts:
        sys.exit(precision(a.verdicts))
    tmp = tempfile.mkdtemp(prefix="hansard_qa.")
    bitext = os.path.join(tmp, "hansard.tsv")
    n = write_bitext(a.shared, bitext)
    pairs = open(bitext, encoding="utf-8").read().split("\n")
    p = subprocess.run([a.bin, "check", "--bitext", bitext, "--format", "jsonl"],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"bitexte failed: {p.stderr}")
    by_rule = collections.defaultdict(list)
    for line in p.stdout.splitlines():
        m = json.loads(line)
        by_rule[m["rule"]].append(m)
    print(f"{n} pairs; findings per rule:")
    for rule in sorted(by_rule):
        print(f"  {rule:<26}{len(by_rule[rule]):>8}")
    if not a.samples:
        return
    rng = random.Random(a.seed)
    with open(a.samples, "w", encoding="utf-8") as out:
        out.write(f"# Hansard review: {a.per_rule} findings per rule (seed {a.seed})\n\n")
        for rule in sorted(by_rule):
            items = by_rule[rule]
            pick = rng.sample(items, min(a.per_rule, len(items)))
            pick.sort(key=lambda m: m["segment"])
            out.write(f"## {rule} ({len(items)} findings)\n\n")
            for k, m in enumerate(pick, 1):
                src, _, tgt = pairs[m["segment"]].partition("\t")
                out.write(f"### {rule} #{k}\n- segment {m['segment']}: {m['message']}\n")
                for side in ("source", "target"):
                    if side in m:
                        out.write(f"- {side} at fault: `{m[side]['text']}`\n")
                out.write(f"- en: {src}\n- fr: {tgt}\n- verdict: \n\n")
    print(f"samples: {a.samples}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Speed of reading glossaries: TBX of 10k concepts (lint, convert) and the CSV reader, merge and diff.

Generates a CSV glossary of --concepts concepts (en and fr terms, a forbidden
French variant, a note and a domain per concept; written by this script), converts it
to TBX with our own `glossary convert`, then times, best of --runs (release build):
`glossary lint` and `glossary convert --to csv` of the TBX (the bar), the
same of the CSV, `glossary merge` of the CSV and the TBX and `glossary diff`
of the CSV against a changed copy. Each command is also timed on a quarter of
the concepts: a growth well above 4 for 4 times the concepts is quadratic.
`--gate` exits 1 when a TBX read (lint or convert) exceeds --max-seconds.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYLLABLES = ["ar", "mé", "con", "tré", "de", "fen", "sé", "al", "li", "an", "ce", "pol", "i", "tique",
             "for", "ces", "ra", "dar", "co", "mis", "sion", "na", "val", "ter", "rain"]


def word(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def write_csv(path, n, changed=False):
    """A glossary of `n` concepts; `changed` alters every tenth one."""
    rng = random.Random(14)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("id,en,fr,fr_status,note,domain\n")
        for i in range(n):
            en = f"{word(rng)} {word(rng)} {i}"
            fr = f"{word(rng)} de {word(rng)} {i}"
            note = f"Note {i}: use “{fr}”, not the calque."
            if changed and i % 10 == 0:
                fr += " révisé"
            f.write(f"c{i},{en},{fr},,\"{note}\",domain {i % 40}\n")
            f.write(f"c{i},,{word(rng)} {i},forbidden,,\n")


def run(cmd, ok=(0, 1)):
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode not in ok:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr.decode()}")


def best(cmd, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        run(cmd)
        times.append(time.perf_counter() - t)
    return min(times)


def measure(binary, tmp, n, runs):
    csv = os.path.join(tmp, f"g{n}.csv")
    changed = os.path.join(tmp, f"g{n}_changed.csv")
    tbx = os.path.join(tmp, f"g{n}.tbx")
    write_csv(csv, n)
    write_csv(changed, n, changed=True)
    run([binary, "glossary", "convert", csv, "-o", tbx], ok=(0,))
    out = lambda ext: os.path.join(tmp, f"out{n}.{ext}")  # noqa: E731
    cmds = {
        "tbx_lint": [binary, "glossary", "lint", tbx],
        "tbx_convert": [binary, "glossary", "convert", tbx, "-o", out("csv")],
        "csv_lint": [binary, "glossary", "lint", csv],
        "csv_convert": [binary, "glossary", "convert", csv, "-o", out("tbx")],
        "merge": [binary, "glossary", "merge", csv, tbx, "--prefer", "first", "-o", out("merged.csv")],
        "diff": [binary, "glossary", "diff", csv, changed],
    }
    return {k: best(c, runs) for k, c in cmds.items()}, os.path.getsize(tbx)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/bitexte"))
    ap.add_argument("--concepts", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--max-seconds", type=float, default=1.0)
    ap.add_argument("--gate", action="store_true", help="exit 1 when a TBX read exceeds --max-seconds")
    ap.add_argument("--json", metavar="OUT")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_glossary.") as tmp:
        full, size = measure(a.bin, tmp, a.concepts, a.runs)
        quarter, _ = measure(a.bin, tmp, a.concepts // 4, a.runs)
    print(f"{a.concepts} concepts (TBX {size / 1e6:.1f} MB), best of {a.runs}; growth = time / time at {a.concepts // 4}")
    for k, t in full.items():
        print(f"  {k:12} {t:6.3f} s   growth {t / quarter[k]:4.1f}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"concepts": a.concepts, "tbx_bytes": size, "runs": a.runs, "seconds": full,
                       "seconds_quarter": quarter}, f, indent=2)
    bad = [f"{k} {full[k]:.3f} s > {a.max_seconds} s" for k in ("tbx_lint", "tbx_convert")
           if full[k] > a.max_seconds]
    for b in bad:
        print("FAIL:", b)
    sys.exit(1 if a.gate and bad else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Time and memory of `check` on hostile segments: many numbers, links, findings in one segment.

Each case is a bitext of one segment pair (written here, by us), checked by the release
build with every rule, output in one format to a file; best of --runs.  Cases:
    numbers      500,000 numbers in one segment (number-mismatch alone, one missing each side)
    urls         100,000 URLs and the term `NATO` in one segment (term-missing, url-mismatch)
    guillemets   5,000 x `« a »` (10,000 findings) in every output format and the HTML report
    percent      20,000 x `1%` (a finding each, no words around; every rule)
    doubled      10,000 x `le le` (doubled-word alone: 20,000 findings)
    doubled-100k 100,000 x `le le` (doubled-word alone: 200,000 findings in one segment)
    semicolons   500,000 x `a; ` (500,000 findings in one segment; every rule)
(The last two were quadratic while every finding's place was counted from its segment's start.)
Prints seconds, peak RSS and output size per case; with --gate, exit 1 when a case takes more
than --max-seconds or its output exceeds --max-bytes-per-finding per finding.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def cases():
    """(name, source, target, format, findings expected or None, rules selected or None)."""
    n = 500_000
    src = "".join(f"{k}; " for k in range(n))
    tgt = "".join(f"{k}; " for k in range(n, 0, -1))
    yield "numbers", src, tgt, "jsonl", None, "number-mismatch"
    urls = "".join(f"https://site{k}.org/p " for k in range(100_000))
    yield "urls", "NATO " + urls, "L'Alliance " + urls.replace("site7", "elsewhere7"), "jsonl", None, \
        "term-missing,url-mismatch"
    for fmt in ["human", "json", "jsonl", "sarif", "github", "junit", "html"]:
        yield f"guillemets-{fmt}", "A a.", "« a »" * 5000, fmt, 10_000, None
    yield "percent", "Half.", "1%" * 20_000, "jsonl", 20_000, None
    yield "doubled", "The the.", "le le " * 10_000, "jsonl", 20_000, "doubled-word"
    yield "doubled-100k", "The the.", "le le " * 100_000, "jsonl", 200_000, "doubled-word"
    yield "semicolons", "Half.", "a; " * 500_000, "jsonl", 500_000, None


def run(a, tmp, name, src, tgt, fmt, select):
    path = os.path.join(tmp, f"{name}.tsv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"{src}\t{tgt}\n")
    out = os.path.join(tmp, f"{name}.out")
    if fmt == "html":
        cmd = [a.bin, "report", "--isolated", "-q", "--bitext", path, "-o", out]
    else:
        cmd = [a.bin, "check", "--isolated", "-q", "--bitext", path, "--format", fmt]
    if select:
        cmd += ["--select", select]
    best = None
    for _ in range(a.runs):
        with open(out if fmt != "html" else os.devnull, "wb") as sink:
            t = time.perf_counter()
            p = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(p.pid, 0)
            secs = time.perf_counter() - t
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            sys.exit(f"{name}: exit {code}: {' '.join(cmd)}")
        r = (secs, usage.ru_maxrss / 1024, os.path.getsize(out))
        best = r if best is None or r[0] < best[0] else best
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/bitexte"))
    ap.add_argument("--runs", type=int, default=3, help="timed runs of each case; best kept")
    ap.add_argument("--gate", action="store_true", help="exit 1 when a case is over a bar")
    ap.add_argument("--max-seconds", type=float, default=2.0)
    ap.add_argument("--max-bytes-per-finding", type=int, default=2000)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench_qa_hostile.")
    failed = []
    try:
        for name, src, tgt, fmt, findings, select in cases():
            secs, rss, size = run(a, tmp, name, src, tgt, fmt, select)
            per = f"{size / findings:.0f} B/finding" if findings else ""
            print(f"{name:20} {secs:6.2f} s {rss:7.0f} MB {size / 1e6:8.2f} MB out  {per}", flush=True)
            if secs > a.max_seconds:
                failed.append(f"{name}: {secs:.2f} s > {a.max_seconds} s")
            if findings and fmt != "github" and size / findings > a.max_bytes_per_finding:
                failed.append(f"{name}: {size / findings:.0f} bytes per finding")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failed:
        print("over the bar:", f)
    if a.gate and failed:
        sys.exit(1)


if __name__ == "__main__":
    main()

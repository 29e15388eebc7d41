#!/usr/bin/env python3
"""Time and memory of bitexte on hostile sizes (issue 14, items 13 and 15).

Generates in a temporary directory:

  split   20 MB (1e6 bytes = 1 MB) each of `1.1.1...`, `http://a.a.a...`,
          `word.word....` and one token without spaces (`xxx...`);
          `bitexte split --lang fr FILE > /dev/null`, best wall clock of
          --runs runs, and the peak RSS of one of them.
  align   --align-lines one-word lines per side (`Hello` / `Bonjour`, no
          anchors: the widest search band); `bitexte align --pre-split SRC
          TGT > /dev/null`, one run, wall clock and peak RSS.

Peak RSS from `/usr/bin/time -v`, or by polling VmHWM in /proc/PID/status
when GNU time is missing.

--gate: exit 1 if a bar is missed: each split <= --max-split-seconds (1.0),
align peak RSS <= --max-align-mb (400). --json OUT writes the figures.
Exit 2 on setup errors (binary missing or failing).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_split import poll_peak  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
MB = 1_000_000


class SetupError(Exception):
    pass


def write_repeated(path, unit, size, prefix=b""):
    """`prefix` then `unit` repeated to `size` bytes (written in chunks)."""
    block = unit * max(1, (1 << 20) // len(unit))
    written = 0
    with open(path, "wb") as f:
        f.write(prefix)
        written += len(prefix)
        while written < size:
            piece = block[: size - written]
            f.write(piece)
            written += len(piece)


def run_measured(cmd):
    """(wall seconds, peak RSS in MB) of one run; SetupError if it fails."""
    gnu_time = shutil.which("time", path="/usr/bin:/bin") or ""
    if gnu_time:
        t0 = time.perf_counter()
        p = subprocess.run([gnu_time, "-v"] + cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        wall = time.perf_counter() - t0
        err = p.stderr.decode("utf-8", "replace")
        m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", err)
        if p.returncode != 0:
            raise SetupError(f"{' '.join(cmd)} failed: {err.strip()[-500:]}")
        if m:
            return wall, int(m.group(1)) * 1024 / MB
    # Without GNU time: poll VmHWM of the child (bench_split.poll_peak).
    wall, code, hwm_kb, _, err = poll_peak(cmd)
    if code != 0:
        raise SetupError(f"{' '.join(cmd)} failed (exit {code}): {err.strip()[-500:]}")
    return wall, hwm_kb * 1024 / MB


def time_best(cmd, runs):
    """Best wall clock of `runs` runs (plain, no time wrapper)."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if p.returncode != 0:
            raise SetupError(f"{' '.join(cmd)} failed: {p.stderr.decode()[-500:]}")
        best = min(best, time.perf_counter() - t0)
    return best


SPLIT_INPUTS = [
    ("numbers", b"1.", b""),
    ("urls", b"a.", b"http://"),
    ("words", b"word.", b""),
    ("one_token", b"x", b""),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "bitexte"))
    ap.add_argument("--runs", type=int, default=3, help="runs per split input (best of)")
    ap.add_argument("--split-mb", type=float, default=20.0)
    ap.add_argument("--align-lines", type=int, default=400_000)
    ap.add_argument("--max-split-seconds", type=float, default=1.0)
    ap.add_argument("--max-align-mb", type=float, default=400.0)
    ap.add_argument("--gate", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("--keep", action="store_true", help="keep the temporary files")
    args = ap.parse_args()
    if not os.access(args.bin, os.X_OK):
        print(f"error: {args.bin} is not an executable (cargo build --release)", file=sys.stderr)
        return 2

    tmp = tempfile.mkdtemp(prefix="bench_hostile.")
    results = {"split": {}, "align": {}}
    failures = []
    try:
        size = int(args.split_mb * MB)
        for name, unit, prefix in SPLIT_INPUTS:
            path = os.path.join(tmp, f"{name}.txt")
            write_repeated(path, unit, size, prefix)
            cmd = [args.bin, "split", "--lang", "fr", path]
            wall, rss = run_measured(cmd)
            best = min(wall, time_best(cmd, max(0, args.runs - 1))) if args.runs > 1 else wall
            results["split"][name] = {"mb": size / MB, "seconds": round(best, 3),
                                      "peak_rss_mb": round(rss, 1)}
            ok = best <= args.max_split_seconds
            print(f"split {name:10} {size / MB:5.1f} MB  best {best:6.3f} s  "
                  f"peak {rss:6.1f} MB  {'ok' if ok else 'MISSED'} (bar {args.max_split_seconds} s)")
            if not ok:
                failures.append(f"split {name}: {best:.3f} s > {args.max_split_seconds} s")
            os.remove(path)

        n = args.align_lines
        src, tgt = os.path.join(tmp, "src.txt"), os.path.join(tmp, "tgt.txt")
        write_repeated(src, b"Hello\n", 6 * n)
        write_repeated(tgt, b"Bonjour\n", 8 * n)
        wall, rss = run_measured([args.bin, "align", "--pre-split", src, tgt])
        per = rss * MB / (2 * n) if n else 0.0
        results["align"] = {"lines_per_side": n, "seconds": round(wall, 2),
                            "peak_rss_mb": round(rss, 1), "bytes_per_sentence": round(per)}
        ok = rss <= args.max_align_mb
        print(f"align --pre-split {n} lines per side  {wall:6.1f} s  peak {rss:6.1f} MB "
              f"({per:.0f} bytes per sentence)  {'ok' if ok else 'MISSED'} "
              f"(bar {args.max_align_mb} MB)")
        if not ok:
            failures.append(f"align: {rss:.1f} MB > {args.max_align_mb} MB")
    except SetupError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    results["failures"] = failures
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    if failures:
        print("bars missed: " + "; ".join(failures))
        if args.gate:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""`bitexte check` over the Hansard corpus laid out as a project: time, thread scaling, memory.

Lays out ../shared/data/corpora (hansard36-enfr: 65 sittings, nato: 8 sittings; 73 document
pairs, ~46 MB) as a project of two folders, `en/NAME.txt` and `fr/NAME.txt` (symbolic links,
nothing is copied), with a bitexte.toml that pairs them (`source = "en/*.txt"`,
`target = "fr/{path}"`) and the shipped glossary.  The files are one aligned segment per
line, so the project says `aligned = true` (line N of a source translates line N of its
target); `--split-align` also times the general path where every document is split into
sentences and aligned first (informational).

Runs `bitexte check --format jsonl` (release build, output discarded), best of --runs, with
RAYON_NUM_THREADS=2 and =1, under /usr/bin/time for the peak RSS.  Bars (issue 7):
2 threads <= 10 s, 2-thread time <= 0.6 x 1-thread time, peak RSS <= 500 MB; --gate exits 1
when one is missed.
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

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def layout(shared, dest, aligned=True):
    """Writes the project; returns (pairs, bytes)."""
    corpora = os.path.join(shared, "data", "corpora")
    en, fr = os.path.join(dest, "en"), os.path.join(dest, "fr")
    os.makedirs(en)
    os.makedirs(fr)
    pairs, size = 0, 0
    # (folder, source suffix, target suffix): hansard36-enfr has NAME.en/NAME.fr, nato NAME.en.txt/NAME.fr.txt.
    for folder, s_suf, t_suf in (("hansard36-enfr", ".en", ".fr"), ("nato", ".en.txt", ".fr.txt")):
        d = os.path.join(corpora, folder)
        for name in sorted(os.listdir(d)):
            if not name.endswith(s_suf):
                continue
            stem = name[:-len(s_suf)]
            src, tgt = os.path.join(d, name), os.path.join(d, stem + t_suf)
            if os.path.exists(tgt):
                os.symlink(src, os.path.join(en, stem + ".txt"))
                os.symlink(tgt, os.path.join(fr, stem + ".txt"))
                pairs += 1
                size += os.path.getsize(src) + os.path.getsize(tgt)
    glossary = os.path.join(ROOT, "glossaries", "nato-defence.csv")
    with open(os.path.join(dest, "bitexte.toml"), "w") as f:
        f.write('src-lang = "en"\ntgt-lang = "fr"\nsource = "en/*.txt"\ntarget = "fr/{path}"\n')
        f.write(f"aligned = {'true' if aligned else 'false'}\n")
        f.write(f"glossaries = [{json.dumps(glossary)}]\n")
    return pairs, size


def run_once(cmd, cwd, threads, stdout=subprocess.DEVNULL):
    """Wall time and peak RSS (MB) of one run with `threads` rayon threads."""
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    have_time = os.path.exists("/usr/bin/time")
    full = (["/usr/bin/time", "-f", "%M"] if have_time else []) + cmd
    t = time.perf_counter()
    p = subprocess.run(full, cwd=cwd, env=env, stdout=stdout, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t
    if p.returncode not in (0, 1):
        sys.exit(f"bitexte failed (exit {p.returncode}): {p.stderr.decode()[-2000:]}")
    rss = 0.0
    if have_time:
        m = re.findall(rb"^(\d+)\s*$", p.stderr, re.M)
        if m:
            rss = int(m[-1]) / 1024
    return dt, rss, p.stdout


def timed(cmd, cwd, runs):
    """Best wall times with 2 and 1 threads, runs alternating (a slow spell of the machine
    falls on both), output thrown away alike; the largest peak RSS; then the findings of
    one more (untimed) run."""
    best = {2: None, 1: None}
    rss = 0.0
    for _ in range(runs):
        for threads in (2, 1):
            dt, r, _ = run_once(cmd, cwd, threads)
            rss = max(rss, r)
            best[threads] = dt if best[threads] is None else min(best[threads], dt)
    _, _, out = run_once(cmd, cwd, 2, subprocess.PIPE)
    return best[2], best[1], rss, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/bitexte"))
    ap.add_argument("--shared", default=os.environ.get("BITEXTE_SHARED", os.path.join(ROOT, "..", "shared")))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--split-align", action="store_true",
                    help="also time the project with aligned = false (split and align every document)")
    ap.add_argument("--gate", action="store_true")
    ap.add_argument("--max-seconds", type=float, default=10.0)
    ap.add_argument("--max-ratio", type=float, default=0.6)
    ap.add_argument("--max-rss-mb", type=float, default=500.0)
    ap.add_argument("--json")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    tmp = tempfile.mkdtemp(prefix="bench_project.")
    try:
        proj = os.path.join(tmp, "hansard")
        pairs, size = layout(a.shared, proj)
        cmd = [binary, "check", "--format", "jsonl"]
        t2, t1, rss, out = timed(cmd, proj, a.runs)
        findings = out.count(b"\n")
        docs = len({json.loads(l).get("document") for l in out.splitlines()})
        ratio = t2 / t1
        res = {"documents": pairs, "mb": size / 1e6, "findings": findings,
               "documents_with_findings": docs, "t2_s": t2, "t1_s": t1, "ratio": ratio,
               "rss_mb": rss}
        print(f"project: {pairs} document pairs, {size / 1e6:.1f} MB, aligned = true; "
              f"{findings} findings in {docs} documents")
        rows = [("check, 2 threads: wall s (best of %d)" % a.runs, f"{t2:.2f}", f"<= {a.max_seconds}", t2 <= a.max_seconds),
                ("check, 1 thread: wall s (best of %d)" % a.runs, f"{t1:.2f}", "", None),
                ("2 threads / 1 thread", f"{ratio:.2f}", f"<= {a.max_ratio}", ratio <= a.max_ratio),
                ("peak RSS MB", f"{rss:.0f}", f"<= {a.max_rss_mb}", rss <= a.max_rss_mb)]
        if a.split_align:
            proj2 = os.path.join(tmp, "hansard-split")
            layout(a.shared, proj2, aligned=False)
            s2, srss, _ = run_once(cmd, proj2, 2)
            res.update({"split_align_t2_s": s2, "split_align_rss_mb": srss})
            rows.append(("info: aligned = false (split + align), 2 threads: s", f"{s2:.2f}", "", None))
            rows.append(("info: aligned = false: peak RSS MB", f"{srss:.0f}", "", None))
        failed = []
        for name, value, bar, ok in rows:
            status = "" if ok is None else ("PASS" if ok else "FAIL")
            print(f"  {name:<52}{value:>10}  {bar:<10} {status}")
            if ok is False:
                failed.append(name)
        if a.json:
            with open(a.json, "w") as f:
                json.dump(res, f, indent=1)
        if a.gate and failed:
            print("GATE FAILED: " + "; ".join(failed))
            sys.exit(1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

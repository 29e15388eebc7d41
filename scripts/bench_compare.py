#!/usr/bin/env python3
"""Same-run speed comparison of two bitexte binaries on the workloads of the earlier speed bars.

    python3 scripts/bench_compare.py --old OLD --new target/release/bitexte [--shared ../shared]
        [--runs 5] [--gate 1.05] [--only split,align,...] [--json OUT]

An old binary: build the commit to compare against in its own worktree, e.g.
    git worktree add ../bitexte-old <commit> && (cd ../bitexte-old && cargo build --release)
    python3 scripts/bench_compare.py --old ../bitexte-old/target/release/bitexte \\
        --new target/release/bitexte --gate 1.05
(the binary of db2ea44, before the library redesign of issue 15, is kept at
/work/baseline/bitexte-db2ea44 on the development machine). Passing the same binary as --old
and --new shows the noise of the machine: every ratio should be near 1.00.

Not run in CI (it needs an old binary). Inputs are built once, in a temporary folder, by the
functions of the scripts that set the bars (imported, not copied); where a binary is needed to
build an input (sentence pairs for the TMX, the TBX glossary) the OLD one is used, so both
binaries get the very same files. The workloads (`--only` takes their names):

  split         `split --lang fr` of a French text of --split-mb MB (50), pinned to core 0 when
                taskset exists (bench_split.py: load_chunks, build_file)
  align         `align --pre-split` of Candide x10 (bench_align.py: build, align_cmd)
  check-all     `check --bitext hansard.tsv --format jsonl`, every rule, the whole Hansard
                (~195,000 pairs; bench_qa.py, hansard.py: write_bitext)
  check-terms   the same with `--select` the terminology rules (bench_qa.py: TERM_RULES)
  check-eurovoc `check` of the first 100,000 Hansard pairs with EuroVoc en-fr, terminology rules
                (bench_terms.py: TERM_RULES)
  project       `check --format jsonl` of the Hansard laid out as a project, RAYON_NUM_THREADS=2
                (bench_project.py: layout)
  tmx-to-tsv    `tmx convert big.tmx --to tsv` of --tmx-units units (1,000,000; bench_tmx.py:
                corpus_pairs, write_jsonl; the TMX is written by the old binary)
  tbx-lint      `glossary lint` of a TBX of --concepts concepts (10,000; bench_glossary.py:
                write_csv; the TBX converted by the old binary)
  tbx-convert   `glossary convert` of that TBX to CSV

Each workload runs --runs times per binary (default 5), old and new alternating (old first on
even runs, new first on odd ones), output thrown away; the best wall time of each is kept. Short
workloads run more often (up to 4 x --runs) until each binary's runs add up to --min-total s (3),
so that a sub-second time is a best of 10 or 20. A warning is printed when the load average is
above half the cpus: then the ratios are noise (run with the machine idle).
Printed per workload: old s, new s, ratio new/old. A run that exits with a code the workload does
not expect (0, or 0 and 1 for check and lint) stops the script (exit 2); old and new ending with
different exit codes is printed as a warning (compare_outputs.py is the judge of outputs).
--gate R: exit 1 when a ratio exceeds R (e.g. 1.05: 5 % slower). Default runs take about
4 minutes on a 2-core machine (inputs built in ~10 s); do not run it while something else is
compiling: with the same binary as old and new, at a load average of 4 to 8 on 2 cpus, the ratios
ranged from 0.84 to 1.18.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import bench_align  # noqa: E402
import bench_glossary  # noqa: E402
import bench_project  # noqa: E402
import bench_qa  # noqa: E402
import bench_split  # noqa: E402
import bench_terms  # noqa: E402
import bench_tmx  # noqa: E402
from hansard import write_bitext  # noqa: E402

MB = 1_000_000
ORDER = ["split", "align", "check-all", "check-terms", "check-eurovoc", "project", "tmx-to-tsv",
         "tbx-lint", "tbx-convert"]


class SetupError(Exception):
    pass


class Workload:
    def __init__(self, name, what, cmd, cwd=None, env=None, ok=(0,)):
        self.name = name
        self.what = what
        self.cmd = cmd  # binary -> argv
        self.cwd = cwd
        self.env = env
        self.ok = ok


def run_checked(cmd, what):
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise SetupError(f"{what}: `{' '.join(cmd)}` exited {p.returncode}: "
                         f"{p.stderr.decode('utf-8', 'replace').strip()[:500]}")


def build_split(a, tmp):
    chunks = bench_split.load_chunks(bench_split.corpus_files(a.shared))
    path = os.path.join(tmp, "fr_speed.txt")
    nbytes, _ = bench_split.build_file(path, chunks, int(a.split_mb * MB))
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    return [Workload("split", f"split --lang fr, {nbytes / MB:.0f} MB" + (", core 0" if pin else ""),
                     lambda b: pin + [b, "split", "--lang", "fr", path])]


def build_align(a, tmp):
    sc = bench_align.load_scorer(a.shared)
    base = os.path.join(a.shared, "data", "align", "transread-enfr")
    files = bench_align.build(tmp, sc, base, 10)
    out = os.path.join(tmp, "candide10.beads")
    return [Workload("align", f"align --pre-split, Candide x10 ({files['n_src']} x {files['n_tgt']})",
                     lambda b: bench_align.align_cmd(b, files, out, False))]


def build_check(a, tmp, wanted):
    out = []
    if {"check-all", "check-terms"} & wanted:
        bitext = os.path.join(tmp, "hansard.tsv")
        n = write_bitext(a.shared, bitext)
        cmd = lambda b: [b, "check", "--bitext", bitext, "--format", "jsonl"]  # noqa: E731
        out.append(Workload("check-all", f"check, every rule, Hansard {n} pairs", cmd, cwd=tmp, ok=(0, 1)))
        out.append(Workload("check-terms", f"check --select terms, Hansard {n} pairs",
                            lambda b: cmd(b) + ["--select", bench_qa.TERM_RULES], cwd=tmp, ok=(0, 1)))
    if "check-eurovoc" in wanted:
        bitext = os.path.join(tmp, "hansard100k.tsv")
        n = write_bitext(a.shared, bitext, 100_000)
        eurovoc = os.path.join(a.shared, "data/terms/eurovoc-en-fr/eurovoc_en_fr.tsv")
        if not os.path.isfile(eurovoc):
            raise SetupError(f"missing {eurovoc}")
        out.append(Workload("check-eurovoc", f"check with EuroVoc, terms, Hansard {n} pairs",
                            lambda b: [b, "check", "--glossary", eurovoc, "--bitext", bitext,
                                       "--select", bench_terms.TERM_RULES, "--format", "jsonl"],
                            cwd=tmp, ok=(0, 1)))
    return out


def build_project(a, tmp):
    proj = os.path.join(tmp, "hansard-project")
    pairs, size = bench_project.layout(a.shared, proj)
    env = dict(os.environ, RAYON_NUM_THREADS="2")
    return [Workload("project", f"check, Hansard project ({pairs} pairs, {size / MB:.0f} MB), 2 threads",
                     lambda b: [b, "check", "--format", "jsonl"], cwd=proj, env=env, ok=(0, 1))]


def build_tmx(a, tmp):
    pairs = bench_tmx.corpus_pairs(a.old)
    jsonl = os.path.join(tmp, "big.jsonl")
    tmx = os.path.join(tmp, "big.tmx")
    bench_tmx.write_jsonl(jsonl, pairs, a.tmx_units)
    run_checked([a.old, "tmx", "convert", jsonl, "--to", "tmx", "-o", tmx], "TMX input")
    os.unlink(jsonl)
    tsv = os.path.join(tmp, "big.tsv")
    return [Workload("tmx-to-tsv", f"tmx convert --to tsv, {a.tmx_units} units",
                     lambda b: [b, "tmx", "convert", tmx, "--to", "tsv", "-o", tsv])]


def build_glossary(a, tmp):
    csv = os.path.join(tmp, "glossary.csv")
    tbx = os.path.join(tmp, "glossary.tbx")
    bench_glossary.write_csv(csv, a.concepts)
    run_checked([a.old, "glossary", "convert", csv, "-o", tbx], "TBX input")
    out = os.path.join(tmp, "glossary-out.csv")
    return [Workload("tbx-lint", f"glossary lint, TBX of {a.concepts} concepts",
                     lambda b: [b, "glossary", "lint", tbx], ok=(0, 1)),
            Workload("tbx-convert", f"glossary convert TBX -> CSV, {a.concepts} concepts",
                     lambda b: [b, "glossary", "convert", tbx, "-o", out], ok=(0, 1))]


def build(a, tmp, wanted):
    out = []
    if "split" in wanted:
        out += build_split(a, tmp)
    if "align" in wanted:
        out += build_align(a, tmp)
    if {"check-all", "check-terms", "check-eurovoc"} & wanted:
        out += build_check(a, tmp, wanted)
    if "project" in wanted:
        out += build_project(a, tmp)
    if "tmx-to-tsv" in wanted:
        out += build_tmx(a, tmp)
    if {"tbx-lint", "tbx-convert"} & wanted:
        out += build_glossary(a, tmp)
    return [w for w in out if w.name in wanted]


def time_once(w, binary):
    cmd = w.cmd(binary)
    t = time.perf_counter()
    p = subprocess.run(cmd, cwd=w.cwd, env=w.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t
    if p.returncode not in w.ok:
        raise SetupError(f"{w.name}: `{' '.join(cmd)}` exited {p.returncode}: "
                         f"{p.stderr.decode('utf-8', 'replace').strip()[-500:]}")
    return dt, p.returncode


def compare(w, old, new, runs, min_total):
    """Best times of old and new over alternating runs, and their exit codes: `runs` runs each,
    more (up to 4 x `runs`) while either binary's runs add up to less than `min_total` seconds."""
    times = {"old": [], "new": []}
    codes = {"old": set(), "new": set()}
    i = 0
    while i < runs or (i < 4 * runs and min(sum(times["old"]), sum(times["new"])) < min_total):
        order = (("old", old), ("new", new)) if i % 2 == 0 else (("new", new), ("old", old))
        for key, binary in order:
            dt, rc = time_once(w, binary)
            times[key].append(dt)
            codes[key].add(rc)
        i += 1
    return times, codes


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--old", required=True, help="the binary to compare against")
    ap.add_argument("--new", default=os.path.join(ROOT, "target", "release", "bitexte"),
                    help="the binary under test (default: target/release/bitexte)")
    ap.add_argument("--shared", default=os.environ.get("BITEXTE_SHARED", os.path.join(ROOT, "..", "shared")),
                    help="shared data checkout (default: ../shared or $BITEXTE_SHARED)")
    ap.add_argument("--runs", type=int, default=5, help="runs per binary and workload, best kept (5)")
    ap.add_argument("--min-total", type=float, default=3.0,
                    help="more runs (up to 4 x --runs) until each binary's runs add up to this many s (3)")
    ap.add_argument("--gate", type=float, metavar="RATIO", help="exit 1 when a ratio new/old exceeds RATIO")
    ap.add_argument("--only", help=f"comma-separated workloads (default all: {','.join(ORDER)})")
    ap.add_argument("--split-mb", type=float, default=50, help="size of the split input, MB (50)")
    ap.add_argument("--tmx-units", type=int, default=1_000_000, help="units of the TMX (1000000)")
    ap.add_argument("--concepts", type=int, default=10_000, help="concepts of the TBX (10000)")
    ap.add_argument("--json", metavar="OUT", help="write every time to this JSON file")
    ap.add_argument("--tmpdir", help="where to build the inputs (default: system temp)")
    ap.add_argument("--keep", action="store_true", help="keep the inputs")
    a = ap.parse_args(argv)

    a.old, a.new, a.shared = os.path.abspath(a.old), os.path.abspath(a.new), os.path.abspath(a.shared)
    for b in (a.old, a.new):
        if not (os.path.isfile(b) and os.access(b, os.X_OK)):
            print(f"bench_compare: error: not an executable: {b}", file=sys.stderr)
            return 2
    wanted = set(a.only.split(",")) if a.only else set(ORDER)
    unknown = wanted - set(ORDER)
    if unknown or a.runs < 1:
        print(f"bench_compare: error: unknown workload {', '.join(sorted(unknown))} (known: {', '.join(ORDER)})"
              if unknown else "bench_compare: error: --runs must be >= 1", file=sys.stderr)
        return 2

    load = os.getloadavg()[0]
    if load > 0.5 * (os.cpu_count() or 1):
        print(f"bench_compare: warning: load average {load:.2f} on {os.cpu_count()} cpus: other jobs skew "
              f"the timings (the same binary as old and new gave ratios 0.84-1.18 at load 4-8 on 2 cpus)",
              file=sys.stderr)
    start = time.perf_counter()
    tmp = tempfile.mkdtemp(prefix="bench_compare.", dir=a.tmpdir)
    rows, res = [], {"old": a.old, "new": a.new, "runs": a.runs, "workloads": {}}
    try:
        workloads = build(a, tmp, wanted)
        print(f"bench_compare: inputs built in {time.perf_counter() - start:.0f} s; "
              f"{len(workloads)} workloads, best of at least {a.runs} runs each, old and new alternating", flush=True)
        for w in sorted(workloads, key=lambda w: ORDER.index(w.name)):
            times, codes = compare(w, a.old, a.new, a.runs, a.min_total)
            old_s, new_s = min(times["old"]), min(times["new"])
            ratio = new_s / old_s
            rows.append((w.name, old_s, new_s, ratio))
            res["workloads"][w.name] = {"what": w.what, "old_s": old_s, "new_s": new_s, "ratio": ratio,
                                        "old_runs_s": times["old"], "new_runs_s": times["new"],
                                        "old_exit": sorted(codes["old"]), "new_exit": sorted(codes["new"])}
            print(f"  {w.name:<14} {old_s:8.3f} s old  {new_s:8.3f} s new  ratio {ratio:5.3f}   "
                  f"{w.what} ({len(times['old'])} runs each)",
                  flush=True)
            if codes["old"] != codes["new"]:
                print(f"  warning: {w.name}: exit codes differ: old {sorted(codes['old'])}, "
                      f"new {sorted(codes['new'])}", file=sys.stderr)
    except (SetupError, bench_split.SetupError, bench_align.SetupError, bench_tmx.SetupError, OSError) as e:
        print(f"bench_compare: error: {e}", file=sys.stderr)
        return 2
    finally:
        if a.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    print()
    print(f"{'workload':<14} {'old s':>8} {'new s':>8} {'new/old':>8}")
    for name, old_s, new_s, ratio in rows:
        flag = "  FAIL" if a.gate is not None and ratio > a.gate else ""
        print(f"{name:<14} {old_s:8.3f} {new_s:8.3f} {ratio:8.3f}{flag}")
    total = time.perf_counter() - start
    print(f"(best of at least {a.runs} runs, alternating; {total:.0f} s in all; load average now "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cpus)")
    res["total_s"] = total
    slow = [r for r in rows if a.gate is not None and r[3] > a.gate]
    res["gate"] = a.gate
    res["over_gate"] = [r[0] for r in slow]
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(res, f, indent=1)
        print(f"wrote {a.json}")
    if slow:
        print(f"GATE FAILED: new/old above {a.gate}: " + ", ".join(f"{r[0]} {r[3]:.3f}" for r in slow))
        return 1
    if a.gate is not None:
        print(f"every ratio <= {a.gate}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

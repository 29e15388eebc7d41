#!/usr/bin/env python3
"""Speed, memory and scaling benchmark of `bitexte align` on Candide EN-FR.

Builds, in a temporary directory, Candide x1, x10 and x20: the files
shared/data/align/transread-enfr/Candide.en and Candide.fr (1524 x 1346
sentences) each concatenated k times (x10 = 15,240 x 13,460 sentences), and a
gold for each made by shifting the ids of Candide.enfr by the copy offset. Then:

  speed    `bitexte align --pre-split --src-lang en --tgt-lang fr
           CANDIDEk.en CANDIDEk.fr -o OUT` (output to a temp file), best wall
           clock of --runs runs (default 3) for each k.
  memory   peak RSS of those runs from `/usr/bin/time -f %M` (max over the runs);
           without GNU time, one extra run inside a fresh `python3 -c` wrapper
           that prints its own RUSAGE_CHILDREN ru_maxrss (an upper bound: it can
           include the wrapper's pre-exec RSS, a few MB).  MB = 1e6 bytes.
  scaling  x20/x10 ratios of the best wall time and of the peak RSS (linear
           behaviour gives ~2.0; a quadratic table gives ~4).
  accuracy strict/lax F1 of each output against its shifted gold with
           shared/eval/score_align.py (imported, not copied); x10 and x20
           should score about what x1 scores.
  peers    (--peers) NLTK's Gale-Church, `nltk.translate.gale_church.align_blocks`
           on the character lengths of the Candide x1 sentences, run in a fresh
           Python process (MAX_ALIGN_BLOCKS raised, alignment.md §4): wall time
           of the call, the process's peak RSS, its links converted to beads
           (connected components; unlinked sentences become 1-0 / 0-1 beads)
           and scored the same way; speed ratio NLTK time / bitexte time on x1.
           `pip install nltk` first; when it is not importable this is said and
           skipped.  hunalign is not packaged here (alignment.md §4): its
           published figures from alignment.md are listed, not re-run.

--gate: exit 1 if x10 wall > --max-s10 (2.0 s) or x10 peak RSS > --max-mb10
(200 MB), or the x20/x10 time or memory ratio > --max-ratio (2.2); each miss is
named.  Exit 2 on setup errors (binary or data missing, binary failing).
Temporary files are removed at the end (unless --keep).
"""
import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
MB = 1_000_000
RUN_TIMEOUT = 600  # seconds, per aligner run
PEER_TIMEOUT = 1800
FACTORS = (1, 10, 20)

# alignment.md §4, measured on this machine by the research step; not re-run here.
PUBLISHED = [
    ("hunalign (null dict)", "0.38 s, 22 MB", "12.1 s, 450 MB", "0.792 / 0.917 at x1 and x10"),
    ("hunalign -realign", "1.10 s, 57 MB", "26.4 s, 815 MB", "0.842 / 0.951 x1 -> 0.804 / 0.921 x10"),
    ("NLTK Gale-Church", "22.0 s, 306 MB", "not run (~2,300 s, ~27 GB extrapolated)",
     "0.681 / 0.812 at x1, x2, x4"),
]
HUNALIGN_X1_S = 0.38

NLTK_SCRIPT = r"""
import json, resource, sys, time
try:
    import nltk
    import nltk.translate.gale_church as gc
except Exception as e:
    print(json.dumps({"available": False, "error": f"{type(e).__name__}: {e}"}))
    sys.exit(0)
def lens(p):
    with open(p, encoding="utf-8") as f:
        return [len(l.rstrip("\n")) for l in f]
s, t = lens(sys.argv[1]), lens(sys.argv[2])
guard = getattr(gc, "MAX_ALIGN_BLOCKS", None)
if guard is not None:
    gc.MAX_ALIGN_BLOCKS = max(guard, len(s) + 1, len(t) + 1)
t0 = time.perf_counter()
links = gc.align_blocks(s, t)
secs = time.perf_counter() - t0
print(json.dumps({"available": True, "version": nltk.__version__, "seconds": secs,
                  "guard": guard, "guard_set": getattr(gc, "MAX_ALIGN_BLOCKS", None),
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "n_src": len(s), "n_tgt": len(t), "links": links}))
"""

RSS_WRAPPER = r"""
import resource, subprocess, sys, time
t0 = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
w = time.perf_counter() - t0
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc, w)
"""


class SetupError(Exception):
    pass


def load_scorer(shared):
    path = os.path.join(shared, "eval", "score_align.py")
    if not os.path.isfile(path):
        raise SetupError(f"scorer not found: {path}")
    spec = importlib.util.spec_from_file_location("score_align", path)
    mod = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(mod)
    except Exception as e:  # noqa: BLE001
        raise SetupError(f"cannot import {path}: {e}")
    return mod


def read_bytes(path):
    if not os.path.isfile(path):
        raise SetupError(f"missing file: {path}")
    with open(path, "rb") as f:
        data = f.read()
    if data and not data.endswith(b"\n"):
        data += b"\n"
    return data


def fmt_ids(ids):
    return "[" + ", ".join(str(i) for i in ids) + "]"


def build(tmp, sc, base, k):
    """Candide xk: .en, .fr and shifted gold .enfr in tmp; returns paths and sizes."""
    en = read_bytes(os.path.join(base, "Candide.en"))
    fr = read_bytes(os.path.join(base, "Candide.fr"))
    ns, nt = en.count(b"\n"), fr.count(b"\n")
    gold = sc.read_beads(os.path.join(base, "Candide.enfr"))
    p = {x: os.path.join(tmp, f"Candide{k}.{x}") for x in ("en", "fr", "enfr")}
    with open(p["en"], "wb") as f:
        f.write(en * k)
    with open(p["fr"], "wb") as f:
        f.write(fr * k)
    with open(p["enfr"], "w", encoding="utf-8") as f:
        for c in range(k):
            for S, T in gold:
                f.write(f"{fmt_ids(s + c * ns for s in S)}:{fmt_ids(t + c * nt for t in T)}\n")
    p.update(n_src=ns * k, n_tgt=nt * k)
    return p


def gnu_time():
    t = shutil.which("time", path="/usr/bin:/bin")
    if not t:
        return None
    try:
        p = subprocess.run([t, "-f", "%M", "true"], capture_output=True, text=True, timeout=10)
        if p.returncode == 0 and p.stderr.strip().splitlines()[-1].isdigit():
            return t
    except (OSError, subprocess.SubprocessError, IndexError):
        pass
    return None


def align_cmd(binary, files, out, pin):
    cmd = [binary, "align", "--pre-split", "--src-lang", "en", "--tgt-lang", "fr",
           "--format", "beads", "-o", out, files["en"], files["fr"]]
    return (["taskset", "-c", "0"] + cmd) if pin else cmd


def bench_one(binary, files, out, runs, pin, timer, tmp):
    """Best-of-`runs` wall time and peak RSS (MB) of aligning `files`."""
    cmd = align_cmd(binary, files, out, pin)
    times, rss, cpu = [], [], []
    tfile = os.path.join(tmp, "time.out")
    for _ in range(runs):
        full = [timer, "-f", "%M %U %S", "-o", tfile] + cmd if timer else cmd
        t0 = time.perf_counter()
        try:
            p = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise SetupError(f"timeout after {RUN_TIMEOUT}s: {' '.join(cmd)}")
        times.append(time.perf_counter() - t0)
        if p.returncode != 0:
            raise SetupError(f"`{' '.join(cmd)}` exited {p.returncode}: "
                             f"{p.stderr.decode('utf-8', 'replace').strip()[:500]}")
        if timer:
            with open(tfile) as f:
                lines = [l.split() for l in f.read().splitlines() if l.strip()]
            try:  # last line: "%M %U %S" (earlier lines may be warnings)
                m, u, sy = lines[-1][-3:]
                rss.append(int(m) * 1024 / MB)
                cpu.append(float(u) + float(sy))
            except (IndexError, ValueError):
                pass
    how = "/usr/bin/time -f %M, max over runs"
    if not rss:
        p = subprocess.run([sys.executable, "-c", RSS_WRAPPER] + cmd, capture_output=True,
                           text=True, timeout=RUN_TIMEOUT)
        try:
            kb, rc, _ = p.stdout.split()
        except ValueError:
            raise SetupError(f"RSS wrapper failed: {p.stderr.strip()[:300]}")
        if int(rc) != 0:
            raise SetupError(f"`{' '.join(cmd)}` exited {rc} under the RSS wrapper")
        rss.append(int(kb) * 1024 / MB)
        how = "python3 -c wrapper RUSAGE_CHILDREN (upper bound)"
    return {"runs_s": times, "best_s": min(times), "peak_rss_mb": max(rss), "rss_method": how,
            "cpu_s": cpu, "best_cpu_s": min(cpu) if cpu else None, "command": " ".join(cmd)}


def links_to_beads(links, n_src, n_tgt):
    """Connected components of the (s, t) links; unlinked sentences -> null beads."""
    parent = {}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for s, t in links:
        a, b = ("s", s), ("t", t)
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    comp = {}
    for node in parent:
        comp.setdefault(find(node), []).append(node)
    beads = []
    for nodes in comp.values():
        S = tuple(sorted(i for side, i in nodes if side == "s"))
        T = tuple(sorted(i for side, i in nodes if side == "t"))
        beads.append((S, T))
    linked_s = {s for s, _ in links}
    linked_t = {t for _, t in links}
    beads += [((s,), ()) for s in range(n_src) if s not in linked_s]
    beads += [((), (t,)) for t in range(n_tgt) if t not in linked_t]
    beads.sort(key=lambda b: (b[0][0] if b[0] else -1, b[1][0] if b[1] else -1))
    return beads


def run_nltk(files, sc):
    try:
        p = subprocess.run([sys.executable, "-c", NLTK_SCRIPT, files["en"], files["fr"]],
                           capture_output=True, text=True, timeout=PEER_TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"available": False, "error": f"timeout after {PEER_TIMEOUT}s"}
    if p.returncode != 0:
        return {"available": False, "error": f"exit {p.returncode}: {p.stderr.strip()[-500:]}"}
    try:
        res = json.loads(p.stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        return {"available": False, "error": f"unreadable output: {p.stdout[-300:]!r}"}
    if not res.get("available"):
        return res
    links = [tuple(x) for x in res.pop("links")]
    beads = links_to_beads(links, res["n_src"], res["n_tgt"])
    gold = sc.read_beads(files["enfr"])
    r = sc.score_many([gold], [beads])
    res.update(peak_rss_mb=res.pop("maxrss_kb") * 1024 / MB, beads=len(beads),
               f1_strict=r["f1_strict"], f1_lax=r["f1_lax"])
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "bitexte"),
                    help="bitexte binary (default: target/release/bitexte)")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(REPO), "shared"),
                    help="shared data checkout (default: ../shared)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per size, best kept (default 3)")
    ap.add_argument("--peers", action="store_true", help="also run NLTK Gale-Church on x1")
    ap.add_argument("--pin", action="store_true", help="run the aligner under `taskset -c 0`")
    ap.add_argument("--gate", action="store_true", help="exit 1 if a bar is missed")
    ap.add_argument("--max-s10", type=float, default=2.0, help="gate: x10 wall seconds (default 2.0)")
    ap.add_argument("--max-mb10", type=float, default=200.0, help="gate: x10 peak RSS MB (default 200)")
    ap.add_argument("--max-ratio", type=float, default=2.2,
                    help="gate: x20/x10 time and memory ratios (default 2.2)")
    ap.add_argument("--json", metavar="OUT", help="write the numbers to this JSON file")
    ap.add_argument("--tmpdir", help="where to build the files (default: system temp)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary files")
    args = ap.parse_args(argv)

    binary = os.path.abspath(args.bin)
    shared = os.path.abspath(args.shared)
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        print(f"bench_align: error: binary not found: {binary} (run `cargo build --release`)",
              file=sys.stderr)
        return 2
    if args.runs < 1:
        print("bench_align: error: --runs must be >= 1", file=sys.stderr)
        return 2
    pin = args.pin and shutil.which("taskset") is not None
    if args.pin and not pin:
        print("bench_align: warning: taskset missing, runs are not pinned", file=sys.stderr)
    timer = gnu_time()
    if not timer:
        print("bench_align: warning: GNU time missing, RSS from a python wrapper (upper bound)",
              file=sys.stderr)

    tmp = tempfile.mkdtemp(prefix="bitexte-bench-align-", dir=args.tmpdir)
    res = {"bin": binary, "pinned_core0": pin, "runs": args.runs, "sizes": {},
           "loadavg_before": os.getloadavg()}
    try:
        sc = load_scorer(shared)
        base = os.path.join(shared, "data", "align", "transread-enfr")
        files = {}
        for k in FACTORS:
            files[k] = build(tmp, sc, base, k)
            out = os.path.join(tmp, f"out{k}.beads")
            b = bench_one(binary, files[k], out, args.runs, pin, timer, tmp)
            try:
                test = sc.read_beads(out)
            except (ValueError, OSError) as e:
                raise SetupError(f"unreadable bitexte output for x{k}: {e}")
            r = sc.score_many([sc.read_beads(files[k]["enfr"])], [test])
            b.update(n_src=files[k]["n_src"], n_tgt=files[k]["n_tgt"], beads=len(test),
                     f1_strict=r["f1_strict"], f1_lax=r["f1_lax"],
                     precision_strict=r["precision_strict"], recall_strict=r["recall_strict"])
            res["sizes"][f"x{k}"] = b
        s10, s20 = res["sizes"]["x10"], res["sizes"]["x20"]
        res["ratio_time_20_10"] = s20["best_s"] / s10["best_s"]
        res["ratio_rss_20_10"] = s20["peak_rss_mb"] / s10["peak_rss_mb"]
        if args.peers:
            res["nltk"] = run_nltk(files[1], sc)
            if res["nltk"].get("available"):
                res["nltk"]["speedup_bitexte_vs_nltk_x1"] = \
                    res["nltk"]["seconds"] / res["sizes"]["x1"]["best_s"]
            else:
                print(f"bench_align: NLTK not available, peer skipped: {res['nltk'].get('error')} "
                      f"(pip install nltk)", file=sys.stderr)
    except SetupError as e:
        print(f"bench_align: error: {e}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    # table
    rows, misses = [], []

    def bar_row(part, metric, value, shown, bar, op, what):
        ok = value <= bar
        rows.append((part, metric, shown, f"{op} {bar:g}", "PASS" if ok else "FAIL"))
        if not ok:
            misses.append(f"{what} = {shown} (bar {op} {bar:g})")

    for k in FACTORS:
        s = res["sizes"][f"x{k}"]
        part = f"bitexte x{k}"
        rows.append((part, "input", f"{s['n_src']} x {s['n_tgt']} sentences", "", ""))
        rows.append((part, f"wall s (best of {args.runs})", f"{s['best_s']:.3f}  (runs "
                     + " / ".join(f"{t:.3f}" for t in s["runs_s"]) + ")", "", ""))
        if s["best_cpu_s"] is not None:
            rows.append((part, "cpu s user+sys (best)", f"{s['best_cpu_s']:.2f}", "", ""))
        if k == 10:
            bar_row(part, "best wall s", s["best_s"], f"{s['best_s']:.3f}", args.max_s10, "<=",
                    "x10 wall time s")
            bar_row(part, "peak RSS MB", s["peak_rss_mb"], f"{s['peak_rss_mb']:.1f}",
                    args.max_mb10, "<=", "x10 peak RSS MB")
        else:
            rows.append((part, "peak RSS MB", f"{s['peak_rss_mb']:.1f}", "", ""))
        rows.append((part, "strict / lax F1", f"{s['f1_strict']:.4f} / {s['f1_lax']:.4f}  "
                     f"({s['beads']} beads)", "", ""))
        if k != 1:
            d = s["f1_strict"] - res["sizes"]["x1"]["f1_strict"]
            rows.append((part, "strict F1 - x1", f"{d:+.4f}", "", ""))
        rows.append((part, "k sentences / s", f"{(s['n_src'] + s['n_tgt']) / 1e3 / s['best_s']:.1f}",
                     "", ""))
    bar_row("scaling", "time x20 / x10", res["ratio_time_20_10"], f"{res['ratio_time_20_10']:.2f}",
            args.max_ratio, "<=", "time ratio x20/x10")
    bar_row("scaling", "RSS x20 / x10", res["ratio_rss_20_10"], f"{res['ratio_rss_20_10']:.2f}",
            args.max_ratio, "<=", "memory ratio x20/x10")
    rows.append(("scaling", "RSS method", res["sizes"]["x10"]["rss_method"], "", ""))
    rows.append(("machine", "load avg 1 min before/after",
                 f"{res['loadavg_before'][0]:.2f} / {os.getloadavg()[0]:.2f}  "
                 f"({os.cpu_count()} cpus; other jobs add timing noise)", "", ""))
    if args.peers:
        n = res["nltk"]
        part = "NLTK G-C x1"
        if n.get("available"):
            guard = (f"MAX_ALIGN_BLOCKS {n['guard']} -> {n['guard_set']}"
                     if n.get("guard") is not None else "no MAX_ALIGN_BLOCKS guard")
            rows.append((part, "version / guard", f"{n['version']} / {guard}", "", ""))
            rows.append((part, "wall s (1 run, in-process)", f"{n['seconds']:.2f}", "", ""))
            rows.append((part, "peak RSS MB (process)", f"{n['peak_rss_mb']:.1f}", "", ""))
            rows.append((part, "strict / lax F1", f"{n['f1_strict']:.4f} / {n['f1_lax']:.4f}  "
                         f"({n['beads']} beads)", "", ""))
            rows.append((part, "bitexte speed-up x1", f"{n['speedup_bitexte_vs_nltk_x1']:.0f}x "
                         f"(NLTK s / bitexte s)", "", ""))
        else:
            rows.append((part, "status", f"skipped: nltk not importable ({n.get('error', '')})",
                         "", ""))
    res["published_not_rerun"] = [
        {"system": a, "x1": b, "x10": c, "accuracy_strict_lax": d} for a, b, c, d in PUBLISHED]
    res["vs_published_hunalign_x1"] = HUNALIGN_X1_S / res["sizes"]["x1"]["best_s"]

    hdr = ("part", "metric", "value", "bar", "status")
    w = [max(len(r[i]) for r in rows + [hdr]) for i in range(5)]
    fmt = "  ".join("{:<%d}" % n for n in w)
    print()
    print(fmt.format(*hdr).rstrip())
    print("  ".join("-" * n for n in w))
    prev = None
    for r in rows:
        shown = list(r)
        if r[0] == prev:
            shown[0] = ""
        prev = r[0]
        print(fmt.format(*shown).rstrip())
    print()
    print("published in shared/docs/alignment.md §4 (same machine), not re-run here "
          "(hunalign is not packaged):")
    pw = [max(len(p[i]) for p in PUBLISHED + [("system", "x1", "x10", "")]) for i in range(3)]
    print(f"  {'system':<{pw[0]}}  {'Candide x1':<{pw[1]}}  {'x10':<{pw[2]}}  strict / lax F1")
    for a, b, c, d in PUBLISHED:
        print(f"  {a:<{pw[0]}}  {b:<{pw[1]}}  {c:<{pw[2]}}  {d}")
    print(f"  (bitexte x1 {res['sizes']['x1']['best_s']:.3f} s vs hunalign null dict "
          f"{HUNALIGN_X1_S} s: {res['vs_published_hunalign_x1']:.1f}x, indicative only)")
    print()

    res["gate_misses"] = misses
    res["all_bars_met"] = not misses
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(res, f, indent=1)
        print(f"wrote {args.json}")
    if misses:
        print(("GATE FAILED" if args.gate else "bars missed (no --gate)") + ":")
        for x in misses:
            print(f"  - {x}")
        return 1 if args.gate else 0
    print("all bars met")
    return 0


if __name__ == "__main__":
    sys.exit(main())

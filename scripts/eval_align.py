#!/usr/bin/env python3
"""Score `bitexte align` against the shared sentence-alignment gold.

Runs the release binary on every document of the gold sets described in
shared/docs/alignment.md (§1) and scores the beads with the project's scorer,
shared/eval/score_align.py (imported from the shared checkout, never copied;
its read_beads / score_many / doc_counts are used, so the numbers are the ones
`score_align.py -g GOLD... -t TEST...` prints; --verify-cli checks that).

Sets (one sentence per line, `bitexte align --pre-split --format beads`)
  textberg_test  Text+Berg DE-FR test0..test6 (.de/.fr/.defr), micro-averaged
                 over the 7 articles.  Bars: strict F1 >= 0.78, lax F1 >= 0.90.
  textberg_dev   Text+Berg dev (dev.de/.fr/.defr); the tuning set, report only.
  transread      TransRead EN-FR, 11 novels (<Book>.en/.fr/.enfr), micro-averaged.
                 Bars: strict F1 >= 0.85, lax F1 >= 0.95, every novel strict >= 0.60.
                 Per-novel F1 is always printed (worst-novel bar).
  extra:<dir>    (--extra DIR, repeatable) every triple X.src/X.tgt/X.gold, or
                 X.<a>/X.<b>/X.<a><b> with two-letter language codes (X.en/X.fr/
                 X.enfr, X.de/X.fr/X.defr); .src/.tgt are run as en -> fr.
                 Bars 0.85 / 0.95, gated only with --gate-extra.

Confidence check (report only): every output bead of the fixed sets is labelled
correct when it is a strict hit (the identical bead is in the gold); reported:
mean confidence of correct / incorrect beads, ROC AUC of the confidence for
separating them, and the strict precision of beads with confidence >= 0.5 vs < 0.5.

Usage
  python3 scripts/eval_align.py [--bin PATH] [--shared PATH] [--json OUT]
                                [--gate] [--by-doc] [--quick]
                                [--extra DIR ...] [--gate-extra]
                                [--jobs N] [--out-dir DIR] [--arg ARG ...]
                                [--verify-cli]

  --gate        exit 1 when a bar of the fixed sets is missed (each miss named)
  --by-doc      per-document strict/lax F1 for every set (TransRead: always)
  --quick       one line only: `TB s/l | dev s/l | TR s/l | worst <novel> s`
  --out-dir     keep the aligner outputs there (default: a temp dir, removed)
  --arg         extra argument passed to `bitexte align` (repeatable), e.g.
                --arg=--glossary --arg=terms.tsv
  --verify-cli  also run score_align.py as a CLI on each set and check that it
                prints the same numbers (exit 2 if not)

Exit status: 0 ok (or bars met), 1 a gated bar missed, 2 setup error
(binary or data missing, binary failing or writing unreadable beads,
scorer not importable).
"""
import argparse
import concurrent.futures as cf
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
EPS = 1e-9
DOC_TIMEOUT = 300  # seconds, per document

TB_BARS = (0.78, 0.90)       # strict, lax F1
TR_BARS = (0.85, 0.95)
TR_WORST_BAR = 0.60          # every novel, strict F1
EXTRA_BARS = (0.85, 0.95)

LANG_CODE = re.compile(r"^[a-z]{2}$")


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
    except Exception as e:  # noqa: BLE001 - report any import problem as setup error
        raise SetupError(f"cannot import {path}: {e}")
    for fn in ("read_beads", "score_many", "doc_counts"):
        if not hasattr(mod, fn):
            raise SetupError(f"{path} has no {fn}()")
    return mod


# --------------------------------------------------------------------- sets

def doc(name, src, tgt, gold, src_lang, tgt_lang):
    for p in (src, tgt, gold):
        if not os.path.isfile(p):
            raise SetupError(f"missing file: {p}")
    return {"name": name, "src": src, "tgt": tgt, "gold": gold,
            "src_lang": src_lang, "tgt_lang": tgt_lang}


def fixed_sets(shared):
    base = os.path.join(shared, "data", "align")
    tb = os.path.join(base, "textberg-defr")
    tr = os.path.join(base, "transread-enfr")
    sets = []
    docs = [doc(f"test{i}", f"{tb}/test{i}.de", f"{tb}/test{i}.fr", f"{tb}/test{i}.defr", "de", "fr")
            for i in range(7)]
    sets.append({"name": "textberg_test", "short": "TB", "docs": docs, "bars": TB_BARS,
                 "worst_bar": None, "gated": True, "by_doc": False})
    sets.append({"name": "textberg_dev", "short": "dev",
                 "docs": [doc("dev", f"{tb}/dev.de", f"{tb}/dev.fr", f"{tb}/dev.defr", "de", "fr")],
                 "bars": None, "worst_bar": None, "gated": False, "by_doc": False})
    if not os.path.isdir(tr):
        raise SetupError(f"missing directory: {tr}")
    books = sorted(f[:-5] for f in os.listdir(tr) if f.endswith(".enfr"))
    if not books:
        raise SetupError(f"no *.enfr gold in {tr}")
    if len(books) != 11:
        print(f"eval_align: warning: {len(books)} TransRead novels found, expected 11",
              file=sys.stderr)
    docs = [doc(b, f"{tr}/{b}.en", f"{tr}/{b}.fr", f"{tr}/{b}.enfr", "en", "fr") for b in books]
    sets.append({"name": "transread", "short": "TR", "docs": docs, "bars": TR_BARS,
                 "worst_bar": TR_WORST_BAR, "gated": True, "by_doc": True})
    return sets


def extra_set(d, gated):
    if not os.path.isdir(d):
        raise SetupError(f"--extra is not a directory: {d}")
    files = set(os.listdir(d))
    docs = []
    for f in sorted(files):
        stem, ext = os.path.splitext(f)
        ext = ext[1:]
        if ext == "gold" and f"{stem}.src" in files and f"{stem}.tgt" in files:
            docs.append(doc(stem, os.path.join(d, stem + ".src"), os.path.join(d, stem + ".tgt"),
                            os.path.join(d, f), "en", "fr"))
        elif (len(ext) == 4 and LANG_CODE.match(ext[:2]) and LANG_CODE.match(ext[2:])
              and f"{stem}.{ext[:2]}" in files and f"{stem}.{ext[2:]}" in files):
            a, b = ext[:2], ext[2:]
            docs.append(doc(stem, os.path.join(d, f"{stem}.{a}"), os.path.join(d, f"{stem}.{b}"),
                            os.path.join(d, f), a, b))
    if not docs:
        print(f"eval_align: warning: no X.src/X.tgt/X.gold or X.en/X.fr/X.enfr triple in {d}",
              file=sys.stderr)
    name = "extra:" + (os.path.basename(os.path.normpath(d)) or d)
    return {"name": name, "short": name, "docs": docs, "bars": EXTRA_BARS, "worst_bar": None,
            "gated": gated, "by_doc": False, "extra": True}


# --------------------------------------------------------------- running

def run_doc(binary, extra_args, d, out):
    cmd = [binary, "align", "--pre-split", "--src-lang", d["src_lang"], "--tgt-lang", d["tgt_lang"],
           "--format", "beads", *extra_args, "-o", out, d["src"], d["tgt"]]
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=DOC_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, f"timeout after {DOC_TIMEOUT}s: {' '.join(cmd)}"
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").strip()
        first = next((l for l in err.splitlines() if "error" in l.lower()),
                     err.splitlines()[0] if err else "")
        return elapsed, f"exit {p.returncode}: {first[:300]}\n    command: {' '.join(cmd)}"
    if not os.path.isfile(out):
        return elapsed, f"no output file written: {' '.join(cmd)}"
    return elapsed, None


def read_confidences(path):
    """Third field of every non-blank line, in the order read_beads sees them (None if absent)."""
    conf = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            parts = line.split(":")
            try:
                conf.append(float(parts[2]) if len(parts) >= 3 and parts[2].strip() else None)
            except ValueError:
                conf.append(None)
    return conf


def sentence_ids(path):
    """0-based line numbers of the non-blank lines (blank lines are paragraph breaks)."""
    ids = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f):
            if line.strip():
                ids.append(n)
    return ids


def contract_problems(beads, src_ids, tgt_ids):
    """Partition and order checks: each sentence in exactly one bead, beads monotone."""
    probs = []
    for side, ids, k in (("source", src_ids, 0), ("target", tgt_ids, 1)):
        seen = {}
        for b in beads:
            for i in b[k]:
                seen[i] = seen.get(i, 0) + 1
        want = set(ids)
        missing = len(want - seen.keys())
        dup = sum(1 for c in seen.values() if c > 1)
        bad = sum(1 for i in seen if i not in want)
        if missing:
            probs.append(f"{missing} {side} sentences in no bead")
        if dup:
            probs.append(f"{dup} {side} sentences in several beads")
        if bad:
            probs.append(f"{bad} {side} ids out of range")
    last = [-1, -1]
    nonmono = 0
    for b in beads:
        ok = True
        for k in (0, 1):
            if b[k]:
                if min(b[k]) <= last[k]:
                    ok = False
                last[k] = max(last[k], max(b[k]))
        nonmono += not ok
    if nonmono:
        probs.append(f"{nonmono} beads out of order (crossing)")
    return probs


def auc(pos, neg):
    """ROC AUC = P(score of a random positive > random negative), ties count 1/2 (rank form)."""
    if not pos or not neg:
        return None
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    rank_sum_pos = 0.0
    i, n = 0, len(allv)
    while i < n:
        j = i
        while j < n and allv[j][0] == allv[i][0]:
            j += 1
        avg_rank = (i + 1 + j) / 2.0  # ranks i+1..j
        rank_sum_pos += avg_rank * sum(1 for k in range(i, j) if allv[k][1])
        i = j
    npos, nneg = len(pos), len(neg)
    return (rank_sum_pos - npos * (npos + 1) / 2.0) / (npos * nneg)


def confidence_stats(items):
    """items: [(confidence, correct)]; None confidences are counted and left out."""
    missing = sum(1 for c, _ in items if c is None)
    items = [(c, ok) for c, ok in items if c is not None]
    pos = [c for c, ok in items if ok]
    neg = [c for c, ok in items if not ok]
    hi = [ok for c, ok in items if c >= 0.5]
    lo = [ok for c, ok in items if c < 0.5]
    mean = lambda xs: sum(xs) / len(xs) if xs else None
    return {"beads": len(items), "missing_confidence": missing,
            "correct": len(pos), "incorrect": len(neg),
            "mean_conf_correct": mean(pos), "mean_conf_incorrect": mean(neg),
            "auc": auc(pos, neg),
            "n_ge_0_5": len(hi), "precision_ge_0_5": mean([float(x) for x in hi]),
            "n_lt_0_5": len(lo), "precision_lt_0_5": mean([float(x) for x in lo]),
            "out_of_range": sum(1 for c, _ in items if not (0.0 <= c <= 1.0))}


def norm(b):
    return (tuple(sorted(b[0])), tuple(sorted(b[1])))


def evaluate(sc, sets, binary, extra_args, outdir, jobs):
    jobs_list = []
    for s in sets:
        sdir = os.path.join(outdir, re.sub(r"[^\w.-]+", "_", s["name"]))
        os.makedirs(sdir, exist_ok=True)
        for d in s["docs"]:
            d["out"] = os.path.join(sdir, d["name"] + ".beads")
            jobs_list.append(d)
    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
        results = list(ex.map(lambda d: run_doc(binary, extra_args, d, d["out"]), jobs_list))
    wall = time.perf_counter() - t0
    errors = []
    for d, (secs, err) in zip(jobs_list, results):
        d["seconds"] = secs
        if err:
            errors.append(f"{d['name']}: {err}")
    if errors:
        more = f"\n  ... and {len(errors) - 3} more documents" if len(errors) > 3 else ""
        raise SetupError(f"bitexte align failed on {len(errors)} of {len(jobs_list)} documents:\n  "
                         + "\n  ".join(errors[:3]) + more)

    for s in sets:
        G, T = [], []
        s["conf_items"] = []
        for d in s["docs"]:
            try:
                g = sc.read_beads(d["gold"])
            except ValueError as e:
                raise SetupError(f"unreadable gold: {e}")
            try:
                t = sc.read_beads(d["out"])
            except ValueError as e:
                raise SetupError(f"unreadable bitexte output for {d['name']}: {e}")
            conf = read_confidences(d["out"])
            G.append(g)
            T.append(t)
            r = sc.score_many([g], [t])
            gold_set = {norm(b) for b in g}
            items = [(c, norm(b) in gold_set) for b, c in zip(t, conf) if b[0] or b[1]]
            s["conf_items"].extend(items)
            d["result"] = {k: r[k] for k in ("precision_strict", "recall_strict", "f1_strict",
                                             "precision_lax", "recall_lax", "f1_lax")}
            d["result"].update(out_beads=len(t), gold_beads=len(g),
                               strict_hits=sum(1 for _, ok in items if ok))
            d["problems"] = contract_problems(t, sentence_ids(d["src"]), sentence_ids(d["tgt"]))
            if d["problems"]:
                print(f"  [{s['name']}/{d['name']}] output contract: {'; '.join(d['problems'])}",
                      file=sys.stderr)
        s["result"] = sc.score_many(G, T) if s["docs"] else None
        if s["docs"]:
            s["bead_types_out"] = dict(sorted(sc.bead_types(T).items()))
            s["bead_types_gold"] = dict(sorted(sc.bead_types(G).items()))
        s["seconds_sum"] = sum(d["seconds"] for d in s["docs"])
        s["confidence"] = confidence_stats(s["conf_items"])
        worst = min(s["docs"], key=lambda d: d["result"]["f1_strict"]) if s["docs"] else None
        s["worst"] = (worst["name"], worst["result"]["f1_strict"]) if worst else None
    return wall


def verify_cli(shared, sets):
    """Run score_align.py as a CLI per set; return list of mismatches."""
    script = os.path.join(shared, "eval", "score_align.py")
    bad = []
    for s in sets:
        if not s["docs"]:
            continue
        cmd = [sys.executable, script, "--json", "-g", *[d["gold"] for d in s["docs"]],
               "-t", *[d["out"] for d in s["docs"]]]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            bad.append(f"{s['name']}: CLI exited {p.returncode}: {p.stderr.strip()[:300]}")
            continue
        cli = json.loads(p.stdout)
        for k, v in cli.items():
            if abs(s["result"][k] - v) > 1e-12:
                bad.append(f"{s['name']}: {k} CLI {v} vs ours {s['result'][k]}")
    return bad


# ------------------------------------------------------------------ report

def f3(x):
    return "-" if x is None else f"{x:.3f}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "bitexte"),
                    help="bitexte binary (default: target/release/bitexte)")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(REPO), "shared"),
                    help="shared data checkout (default: ../shared)")
    ap.add_argument("--json", metavar="OUT", help="write every number to this JSON file")
    ap.add_argument("--gate", action="store_true", help="exit 1 if a bar is missed")
    ap.add_argument("--by-doc", action="store_true", help="per-document F1 for every set")
    ap.add_argument("--quick", action="store_true", help="print one summary line only")
    ap.add_argument("--extra", action="append", default=[], metavar="DIR",
                    help="extra gold directory (repeatable)")
    ap.add_argument("--gate-extra", action="store_true",
                    help="with --gate, extra sets must also reach strict >= 0.85, lax >= 0.95")
    ap.add_argument("--jobs", "-j", type=int, default=2, help="parallel aligner processes (default 2)")
    ap.add_argument("--out-dir", help="keep the aligner outputs in this directory")
    ap.add_argument("--arg", action="append", default=[], metavar="ARG",
                    help="extra argument for `bitexte align` (repeatable; use --arg=--flag)")
    ap.add_argument("--verify-cli", action="store_true",
                    help="check the numbers against the score_align.py CLI")
    args = ap.parse_args(argv)

    binary = os.path.abspath(args.bin)
    shared = os.path.abspath(args.shared)
    tmp = None
    try:
        if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
            raise SetupError(f"binary not found or not executable: {binary} "
                             f"(run `cargo build --release` first)")
        sc = load_scorer(shared)
        sets = fixed_sets(shared)
        sets += [extra_set(d, args.gate_extra) for d in args.extra]
        if args.out_dir:
            outdir = os.path.abspath(args.out_dir)
            os.makedirs(outdir, exist_ok=True)
        else:
            outdir = tmp = tempfile.mkdtemp(prefix="bitexte-eval-align-")
        wall = evaluate(sc, sets, binary, args.arg, outdir, args.jobs)
        cli_check = None
        if args.verify_cli:
            bad = verify_cli(shared, sets)
            if bad:
                raise SetupError("score_align.py CLI disagrees:\n  " + "\n  ".join(bad))
            cli_check = "identical"
    except SetupError as e:
        print(f"eval_align: error: {e}", file=sys.stderr)
        return 2
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    fixed = [s for s in sets if not s.get("extra")]
    by_name = {s["name"]: s for s in sets}

    # gates
    misses = []
    for s in sets:
        r = s["result"]
        s["checks"] = []
        if r is None or s["bars"] is None:
            continue
        for kind, bar in zip(("strict", "lax"), s["bars"]):
            ok = r[f"f1_{kind}"] >= bar - EPS
            s["checks"].append((f"{kind} F1", ok))
            if not ok and s["gated"]:
                misses.append(f"{s['name']} {kind} F1 = {r[f'f1_{kind}']:.4f} (bar >= {bar:.2f})")
        if s["worst_bar"] is not None:
            low = [d for d in s["docs"] if d["result"]["f1_strict"] < s["worst_bar"] - EPS]
            for d in low:
                if s["gated"]:
                    misses.append(f"{s['name']} novel {d['name']} strict F1 = "
                                  f"{d['result']['f1_strict']:.4f} (bar >= {s['worst_bar']:.2f})")

    conf_all = confidence_stats([it for s in fixed for it in s["conf_items"]])

    if args.quick:
        parts = []
        for s in fixed:
            r = s["result"]
            parts.append(f"{s['short']} {r['f1_strict']:.3f}/{r['f1_lax']:.3f}")
        for s in sets:
            if s.get("extra") and s["result"]:
                parts.append(f"{s['name']} {s['result']['f1_strict']:.3f}/{s['result']['f1_lax']:.3f}")
        w = by_name["transread"]["worst"]
        parts.append(f"worst {w[0]} {w[1]:.3f}")
        print(" | ".join(parts))
    else:
        rows = []

        def status(ok, gated):
            return "PASS" if ok else ("FAIL" if gated else "fail (not gated)")

        for s in sets:
            r = s["result"]
            if r is None:
                rows.append((s["name"], "documents", "0", "-", ""))
                continue
            nd = len(s["docs"])
            pairs = ", ".join(sorted({f"{d['src_lang']}->{d['tgt_lang']}" for d in s["docs"]}))
            rows.append((s["name"], "documents", f"{nd} ({pairs}), {s['seconds_sum']:.2f} s aligner",
                         "-", ""))
            checks = dict(s["checks"])
            for kind, i in (("strict", 0), ("lax", 1)):
                bar = s["bars"][i] if s["bars"] else None
                st = status(checks[f"{kind} F1"], s["gated"]) if bar is not None else ""
                rows.append((s["name"], f"{kind} F1", f"{r[f'f1_{kind}']:.4f}",
                             f">= {bar:.2f}" if bar is not None else "-", st))
                rows.append((s["name"], f"{kind} P / R",
                             f"{r[f'precision_{kind}']:.4f} / {r[f'recall_{kind}']:.4f}", "-", ""))
            rows.append((s["name"], "beads out / gold",
                         f"{r['test_beads']} / {sum(d['result']['gold_beads'] for d in s['docs'])}",
                         "-", ""))
            if s["worst"] and nd > 1:
                wb = s["worst_bar"]
                ok = s["worst"][1] >= wb - EPS if wb is not None else None
                rows.append((s["name"], "worst doc strict F1", f"{s['worst'][0]} {s['worst'][1]:.4f}",
                             f">= {wb:.2f}" if wb is not None else "-",
                             status(ok, s["gated"]) if wb is not None else ""))
            nprob = sum(1 for d in s["docs"] if d["problems"])
            if nprob:
                rows.append((s["name"], "output contract", f"{nprob} docs with problems (stderr)",
                             "0", "WARN"))

        hdr = ("set", "metric", "value", "bar", "status")
        w = [max(len(str(x[i])) for x in rows + [hdr]) for i in range(5)]
        line = "  ".join("{:<%d}" % n for n in w)
        print()
        print(line.format(*hdr).rstrip())
        print("  ".join("-" * n for n in w))
        prev = None
        for row in rows:
            shown = list(row)
            if row[0] == prev:
                shown[0] = ""
            prev = row[0]
            print(line.format(*shown).rstrip())

        # per document
        for s in sets:
            if not s["docs"] or not (s["by_doc"] or args.by_doc):
                continue
            print()
            print(f"{s['name']} per document")
            names = [d["name"] for d in s["docs"]]
            nw = max(len(n) for n in names + ["document"])
            wb = s["worst_bar"]
            print(f"  {'document':<{nw}}  strict F1  lax F1  beads out/gold  src x tgt  seconds"
                  + ("  status" if wb is not None else ""))
            for d in s["docs"]:
                r = d["result"]
                st = ""
                if wb is not None:
                    st = "  " + status(r["f1_strict"] >= wb - EPS, s["gated"])
                dims = f"{len(sentence_ids(d['src']))}x{len(sentence_ids(d['tgt']))}"
                print(f"  {d['name']:<{nw}}  {r['f1_strict']:9.4f}  {r['f1_lax']:6.4f}  "
                      f"{r['out_beads']:>6}/{r['gold_beads']:<7}  {dims:>9}  {d['seconds']:7.3f}{st}")

        # confidence
        print()
        print("confidence (report only; correct = strict hit, i.e. the identical bead is in the gold)")
        cw = max(len(s["name"]) for s in fixed + [{"name": "all fixed sets"}])
        print(f"  {'set':<{cw}}  beads  correct  mean conf ok / wrong   AUC    "
              f"P(conf>=0.5) n     P(conf<0.5) n")
        for name, c in [(s["name"], s["confidence"]) for s in sets if s["docs"]] + \
                       [("all fixed sets", conf_all)]:
            print(f"  {name:<{cw}}  {c['beads']:5d}  {c['correct']:7d}  "
                  f"{f3(c['mean_conf_correct']):>9} / {f3(c['mean_conf_incorrect']):<7}  "
                  f"{f3(c['auc']):>5}  {f3(c['precision_ge_0_5']):>12} {c['n_ge_0_5']:<5} "
                  f"{f3(c['precision_lt_0_5']):>11} {c['n_lt_0_5']}")
        if conf_all["missing_confidence"]:
            print(f"  warning: {conf_all['missing_confidence']} beads without a confidence field")
        if conf_all["out_of_range"]:
            print(f"  warning: {conf_all['out_of_range']} confidences outside [0, 1]")
        print()
        print(f"aligner wall time, all documents, {args.jobs} jobs: {wall:.2f} s")
        if cli_check:
            print(f"score_align.py CLI check: {cli_check}")
        if args.out_dir:
            print(f"outputs kept in {os.path.abspath(args.out_dir)}")
        print()

    if args.json:
        out = {"bin": binary, "shared": shared, "align_args": args.arg, "wall_s": wall,
               "cli_check": cli_check, "sets": [], "confidence_all_fixed": conf_all,
               "gate_misses": misses, "all_bars_met": not misses}
        for s in sets:
            out["sets"].append({
                "name": s["name"], "gated": s["gated"], "bars_f1_strict_lax": s["bars"],
                "worst_doc_bar": s["worst_bar"], "result": s["result"],
                "worst_doc": s["worst"], "seconds_sum": s["seconds_sum"],
                "bead_types_out": s.get("bead_types_out"), "bead_types_gold": s.get("bead_types_gold"),
                "confidence": s["confidence"],
                "docs": [{"name": d["name"], "src": d["src"], "tgt": d["tgt"], "gold": d["gold"],
                          "src_lang": d["src_lang"], "tgt_lang": d["tgt_lang"],
                          "seconds": d["seconds"], "problems": d["problems"], **d["result"]}
                         for d in s["docs"]]})
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=1)
        if not args.quick:
            print(f"wrote {args.json}")

    if misses and args.quick and not args.gate:
        return 0
    if misses:
        stream = sys.stderr if args.quick else sys.stdout
        print(("GATE FAILED" if args.gate else "bars missed (no --gate)") + ":", file=stream)
        for m in misses:
            print(f"  - {m}", file=stream)
        return 1 if args.gate else 0
    if not args.quick:
        print("all bars met")
    return 0


if __name__ == "__main__":
    sys.exit(main())

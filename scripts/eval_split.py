#!/usr/bin/env python3
"""Score `bitexte split` against the shared segmentation suites.

Runs the release binary on every suite described in shared/docs/splitting.md
(§2-§4) and scores it with the project's scorer, shared/eval/score_split.py
(imported from the shared checkout, never copied).

Suites
  golden / institutional (JSONL {"id","title","text","expected"}):
      every case's text is passed whole, one process per case, on stdin, with
      `bitexte split --lang L --format jsonl -`; the "text" fields of the output
      lines are the predicted segments.  Score: exact-match accuracy (acc) and
      the whitespace-collapsed view (acc_wsnorm).
  UD streams (.txt + gold .sents):
      `bitexte split --lang L --format text FILE.txt`, non-blank output lines are
      the predicted sentences.  Score: span and boundary F1 (x100).

Usage
  python3 scripts/eval_split.py [--bin PATH] [--shared PATH] [--json OUT]
                                [--gate] [--verbose]
                                [--suite-dir DIR ...] [--gate-extra]

  --gate        exit 1 when any bar of the fixed suites is missed
  --suite-dir   extra golden-format *.jsonl files (language from the file-name
                suffix _fr / _en, default fr; a case's own "lang" field wins),
                bar acc >= 0.95, reported; they
                count for the exit status only with --gate-extra
  --verbose     print every failed case with expected and predicted segments

Exit status: 0 ok (or bars met), 1 a gated bar missed, 2 setup error
(binary or data missing, scorer not importable).
"""
import argparse
import concurrent.futures as cf
import importlib.util
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
EPS = 1e-9
CASE_TIMEOUT = 60  # seconds, per process
STREAM_TIMEOUT = 300

# name, relative path under shared/data/split, lang, bar on acc (None = report only)
GOLDEN_SUITES = [
    ("golden_en_52", "golden_en/golden_en_52.jsonl", "en", 0.92),
    ("golden_en_pysbd48", "golden_en/golden_en_pysbd48.jsonl", "en", 0.98),
    ("golden_fr_5", "golden_fr/golden_fr_5.jsonl", "fr", 1.0),
    ("institutional_fr", "institutional/institutional_fr.jsonl", "fr", 0.95),
    ("institutional_en", "institutional/institutional_en.jsonl", "en", 0.95),
]

# name, stem under shared/data/split (no extension), lang, bar span F1, bar boundary F1 (x100)
STREAM_SUITES = [
    ("ud_fr_gsd_test", "ud_fr_gsd/fr_gsd-ud-test", "fr", 93.5, 97.0),
    ("ud_fr_gsd_dev", "ud_fr_gsd/fr_gsd-ud-dev", "fr", None, None),
    ("ud_en_ewt_test", "ud_en_ewt/en_ewt-ud-test", "en", 85.0, None),
    ("ud_fr_sequoia_test", "ud_fr_sequoia/fr_sequoia-ud-test", "fr", None, None),
]

EXTRA_BAR = 0.95


class SetupError(Exception):
    pass


def load_scorer(shared):
    path = os.path.join(shared, "eval", "score_split.py")
    if not os.path.isfile(path):
        raise SetupError(f"scorer not found: {path}")
    spec = importlib.util.spec_from_file_location("score_split", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_jsonl(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    cases.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise SetupError(f"{path}:{n}: bad JSON: {e}")
    return cases


def normalise_input(text):
    """What the binary's byte offsets refer to: BOM removed, CRLF/CR -> LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def run_case(binary, lang, case):
    """Split one case. Returns (segments, problem-or-None)."""
    text = case["text"]
    try:
        p = subprocess.run([binary, "split", "--lang", lang, "--format", "jsonl", "-"],
                           input=text.encode("utf-8"), capture_output=True,
                           timeout=CASE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return [], f"timeout after {CASE_TIMEOUT}s"
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").strip()
        return [], f"exit {p.returncode}: {err}"
    segs, problems = [], []
    src = normalise_input(text).encode("utf-8")
    for n, line in enumerate(p.stdout.decode("utf-8", "replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            seg = obj["text"]
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            problems.append(f"output line {n} is not a sentence object ({e}): {line[:120]!r}")
            continue
        segs.append(seg)
        # contract check: text is the exact byte slice [start, end) of the input
        s, e = obj.get("start"), obj.get("end")
        if not (isinstance(s, int) and isinstance(e, int)) or src[s:e] != seg.encode("utf-8"):
            problems.append(f"line {n}: text is not input[{s}:{e}]")
    return segs, ("; ".join(problems) if problems else None)


def case_lang(case, default):
    lang = str(case.get("lang", "")).lower()
    return lang if lang in ("fr", "en") else default


def eval_golden(sc, binary, name, path, lang, bar, jobs, verbose, gated):
    cases = read_jsonl(path)
    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(max_workers=jobs) as ex:
        # a case may carry its own "lang" (fr/en); otherwise the suite's language
        results = list(ex.map(lambda c: run_case(binary, case_lang(c, lang), c), cases))
    elapsed = time.perf_counter() - t0
    preds = {c["id"]: segs for c, (segs, _) in zip(cases, results)}
    problems = {c["id"]: pr for c, (_, pr) in zip(cases, results) if pr}
    res = sc.score_golden(cases, preds)
    res.update(name=name, kind="golden", lang=lang, file=path, bar_acc=bar, gated=gated,
               seconds=round(elapsed, 3), problems=problems)
    res["failed"] = [{"id": c["id"], "title": c.get("title", ""), "text": c["text"],
                      "expected": c["expected"], "pred": preds[c["id"]]}
                     for c in cases if c["id"] in set(res["failed_ids"])]
    if problems:
        for cid, pr in problems.items():
            print(f"  [{name}] {cid}: binary problem: {pr}", file=sys.stderr)
    if verbose and res["failed"]:
        print(f"\n--- {name}: {len(res['failed'])} failed of {res['n']} ---")
        for f in res["failed"]:
            print(f"[{f['id']}] {f['title']}")
            print(f"  text:     {f['text']!r}")
            for s in f["expected"]:
                print(f"  expected: {s!r}")
            for s in f["pred"]:
                print(f"  got:      {s!r}")
    return res


def eval_stream(sc, binary, name, stem, lang, bar_span, bar_bound, verbose):
    txt, sents = stem + ".txt", stem + ".sents"
    for p in (txt, sents):
        if not os.path.isfile(p):
            raise SetupError(f"missing stream file: {p}")
    t0 = time.perf_counter()
    try:
        p = subprocess.run([binary, "split", "--lang", lang, "--format", "text", txt],
                           capture_output=True, timeout=STREAM_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise SetupError(f"{name}: binary timed out after {STREAM_TIMEOUT}s")
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        raise SetupError(f"{name}: binary exited {p.returncode}: "
                         f"{p.stderr.decode('utf-8', 'replace').strip()}")
    with open(txt, encoding="utf-8") as f:
        text = f.read()
    with open(sents, encoding="utf-8") as f:
        gold = [l.rstrip("\n") for l in f if l.strip()]
    pred = [l for l in p.stdout.decode("utf-8", "replace").split("\n") if l.strip()]
    res = sc.score_stream(text, gold, pred)
    for k in ("span_p", "span_r", "span_f1", "bound_p", "bound_r", "bound_f1"):
        res[k] = res[k] * 100.0
    res.update(name=name, kind="stream", lang=lang, file=txt, bar_span_f1=bar_span,
               bar_bound_f1=bar_bound, seconds=round(elapsed, 3),
               count_ratio=res["pred_sents"] / res["gold_sents"] if res["gold_sents"] else 0.0)
    if res["altered_chars"]:
        print(f"  [{name}] warning: output alters {res['altered_chars']} non-space characters "
              f"(the splitter should be lossless)", file=sys.stderr)
    return res


def lang_from_filename(path):
    """`x_en.jsonl` -> en, `x_fr.jsonl` -> fr; else an `en`/`fr` name part; default fr."""
    stem = os.path.splitext(os.path.basename(path))[0].lower()
    m = re.search(r"(?:^|[_.-])(en|fr)$", stem) or re.search(r"(?:^|[_.-])(en|fr)(?:[_.-]|$)", stem)
    return m.group(1) if m else "fr"


def fmt_bar(op, bar, pct=False):
    if bar is None:
        return "-"
    return f"{op} {bar:.2f}" if pct else f"{op} {bar:g}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "bitexte"),
                    help="bitexte binary (default: target/release/bitexte)")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(REPO), "shared"),
                    help="shared data checkout (default: ../shared)")
    ap.add_argument("--json", metavar="OUT", help="write every number to this JSON file")
    ap.add_argument("--gate", action="store_true", help="exit 1 if a bar is missed")
    ap.add_argument("--suite-dir", action="append", default=[], metavar="DIR",
                    help="extra golden-format *.jsonl suites (repeatable)")
    ap.add_argument("--gate-extra", action="store_true",
                    help="with --gate, extra suites must also reach acc >= 0.95")
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="print failed cases with predicted segments")
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                    help="parallel binary processes for the golden cases")
    ap.add_argument("--no-streams", action="store_true", help="skip the UD streams")
    args = ap.parse_args(argv)

    binary = os.path.abspath(args.bin)
    shared = os.path.abspath(args.shared)
    try:
        if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
            raise SetupError(f"binary not found or not executable: {binary} "
                             f"(run `cargo build --release` first)")
        sc = load_scorer(shared)
        split_dir = os.path.join(shared, "data", "split")
        results = []
        for name, rel, lang, bar in GOLDEN_SUITES:
            path = os.path.join(split_dir, rel)
            if not os.path.isfile(path):
                raise SetupError(f"missing suite file: {path}")
            results.append(eval_golden(sc, binary, name, path, lang, bar, args.jobs,
                                       args.verbose, gated=True))
        for d in args.suite_dir:
            if not os.path.isdir(d):
                raise SetupError(f"--suite-dir is not a directory: {d}")
            files = sorted(f for f in os.listdir(d) if f.endswith(".jsonl"))
            if not files:
                print(f"warning: no *.jsonl in {d}", file=sys.stderr)
            for f in files:
                path = os.path.join(d, f)
                lang = lang_from_filename(path)
                name = f"extra:{os.path.splitext(f)[0]} [{lang}]"
                results.append(eval_golden(sc, binary, name, path, lang,
                                           EXTRA_BAR, args.jobs, args.verbose,
                                           gated=args.gate_extra))
        if not args.no_streams:
            for name, rel, lang, bs, bb in STREAM_SUITES:
                results.append(eval_stream(sc, binary, name, os.path.join(split_dir, rel),
                                           lang, bs, bb, args.verbose))
    except SetupError as e:
        print(f"eval_split: error: {e}", file=sys.stderr)
        return 2

    # table + gates
    rows, misses = [], []

    def check(suite, metric, value, shown, bar, bar_shown, gated):
        if bar is None:
            status = ""
        else:
            ok = value >= bar - EPS
            status = "PASS" if ok else ("FAIL" if gated else "fail (not gated)")
            if not ok and gated:
                misses.append(f"{suite} {metric} = {shown} (bar {bar_shown})")
        rows.append((suite, metric, shown, bar_shown, status))

    for r in results:
        if r["kind"] == "golden":
            shown = f"{r['acc']:.4f} ({r['passed']}/{r['n']})"
            check(r["name"], "acc", r["acc"], shown, r["bar_acc"], fmt_bar(">=", r["bar_acc"]),
                  r["gated"])
            check(r["name"], "acc_wsnorm", r["acc_wsnorm"],
                  f"{r['acc_wsnorm']:.4f} ({r['passed_wsnorm']}/{r['n']})", None, "-", False)
        else:
            check(r["name"], "span F1", r["span_f1"], f"{r['span_f1']:.2f}", r["bar_span_f1"],
                  fmt_bar(">=", r["bar_span_f1"], True), True)
            check(r["name"], "boundary F1", r["bound_f1"], f"{r['bound_f1']:.2f}",
                  r["bar_bound_f1"], fmt_bar(">=", r["bar_bound_f1"], True), True)
            rows.append((r["name"], "span P / R", f"{r['span_p']:.2f} / {r['span_r']:.2f}", "-", ""))
            rows.append((r["name"], "sents pred/gold",
                         f"{r['pred_sents']}/{r['gold_sents']} ({r['count_ratio']:.3f})", "-", ""))
            if r["altered_chars"]:
                rows.append((r["name"], "altered chars", str(r["altered_chars"]), "0", "WARN"))

    w = [max(len(str(x[i])) for x in rows + [("suite", "metric", "value", "bar", "status")])
         for i in range(5)]
    line = "  ".join("{:<%d}" % n for n in w)
    print()
    print(line.format("suite", "metric", "value", "bar", "status").rstrip())
    print("  ".join("-" * n for n in w))
    prev = None
    for row in rows:
        shown = list(row)
        if row[0] == prev:
            shown[0] = ""
        prev = row[0]
        print(line.format(*shown).rstrip())
    print()
    failed_ids = {r["name"]: r["failed_ids"] for r in results if r["kind"] == "golden" and r["failed_ids"]}
    if failed_ids:
        print("failed cases (use --verbose for segments):")
        for n, ids in failed_ids.items():
            print(f"  {n}: {' '.join(ids)}")
        print()

    if args.json:
        out = {"bin": binary, "shared": shared, "suites": results,
               "gate_misses": misses, "all_bars_met": not misses}
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=1)
        print(f"wrote {args.json}")

    if misses:
        print(("GATE FAILED" if args.gate else "bars missed (no --gate)") + ":")
        for m in misses:
            print(f"  - {m}")
        return 1 if args.gate else 0
    print("all bars met")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Score `bitexte check` (terminology rules) against labelled EN/FR pair sets.

Each set is a JSONL file, one pair per line:
    {"id": "h001", "en": "...", "fr": "...", "expect": ["term-missing:nato-0001", ...], ...}
`expect` lists the findings the pair must produce, as RULE:CONCEPT.  The codes of the
shared NATO sample are mapped to ours (term_missing -> term-missing, forbidden_term ->
term-forbidden, term_case -> term-case); any other code (target_same_as_source,
number_mismatch, fr_* ...) belongs to other checks and is ignored.

For every set the pairs are written to a temporary TMX 1.4 file (one <tu> per pair,
English then French, in file order), and the binary is run once:
    BIN check --glossary GLOSSARY --format jsonl --select TERM-RULES FILE.tmx
(exit 0 or 1 are normal; 2 or anything else is a setup error).  Each output line's
`rule`, `concept` and `segment` (0-based unit index = pair index) give a predicted
finding; findings of other rules are counted but not scored.  Per rule: TP, FP, FN,
precision, recall, F1 (a set of findings per pair: a repeated finding counts once and
is reported).

Sets (default, when no --set is given)
  nato-sample  $BITEXTE_SHARED (or ../shared next to the repository)
               /data/terms/nato-sample/testset.jsonl with its glossary.csv;
               skipped with a message when the shared checkout is absent.
  heldout      tests/data/terms/heldout.jsonl with glossaries/nato-defence.csv.

Usage
  python3 scripts/eval_terms.py [--bin PATH] [--shared PATH]
                                [--set FILE.jsonl --glossary FILE ...]
                                [--min-precision 0.95 --min-recall 0.95]
                                [--json OUT] [--out-dir DIR] [--verbose]

  --set/--glossary  score these sets instead of the defaults; give them in pairs
                    (the n-th --glossary goes with the n-th --set)
  --min-precision   bar for every rule of every set that has at least one expected
  --min-recall      or predicted finding; exit 1 when one is missed
  --out-dir         keep the TMX files and the binary's outputs there
  --verbose         print both segments of every disagreement

Exit status: 0 ok (or bars met), 1 a bar missed, 2 setup error (binary, set or
glossary missing, malformed set, binary failing or writing unreadable findings).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from xml.sax.saxutils import escape, quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
EPS = 1e-9
RUN_TIMEOUT = 600  # seconds, per set

RULES = ("term-missing", "term-case", "term-forbidden")
CODE_MAP = {
    "term-missing": "term-missing", "term_missing": "term-missing",
    "term-case": "term-case", "term_case": "term-case",
    "term-forbidden": "term-forbidden", "forbidden_term": "term-forbidden",
    "forbidden-term": "term-forbidden", "term_forbidden": "term-forbidden",
}


class SetupError(Exception):
    pass


def default_shared():
    env = os.environ.get("BITEXTE_SHARED")
    return os.path.abspath(env) if env else os.path.join(os.path.dirname(REPO), "shared")


def read_set(path):
    """Pairs of a JSONL set, with `want` = set of (rule, concept) for our three rules."""
    if not os.path.isfile(path):
        raise SetupError(f"set not found: {path}")
    pairs, seen = [], set()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise SetupError(f"{path}:{n}: bad JSON: {e}")
            for k in ("id", "en", "fr", "expect"):
                if k not in obj:
                    raise SetupError(f"{path}:{n}: missing field {k!r}")
            if not isinstance(obj["expect"], list):
                raise SetupError(f"{path}:{n}: `expect` is not a list")
            pid = str(obj["id"])
            if pid in seen:
                raise SetupError(f"{path}:{n}: duplicate id {pid}")
            seen.add(pid)
            want, ignored = set(), []
            for code in obj["expect"]:
                rule, sep, concept = str(code).partition(":")
                rule = CODE_MAP.get(rule)
                if rule and sep and concept:
                    want.add((rule, concept))
                else:
                    ignored.append(code)
            pairs.append({"id": pid, "en": obj["en"], "fr": obj["fr"], "want": want,
                          "ignored": ignored, "pitfall": obj.get("pitfall", "")})
    if not pairs:
        raise SetupError(f"set is empty: {path}")
    return pairs


def seg_text(s):
    """XML-escape a segment; newlines and tabs kept, CR kept as a reference."""
    return escape(s).replace("\r", "&#13;")


def write_tmx(pairs, path):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write('<tmx version="1.4">\n')
        f.write('<header creationtool="eval_terms.py" creationtoolversion="1" '
                'segtype="sentence" o-tmf="jsonl" adminlang="en" srclang="en" '
                'datatype="plaintext" creationdate="20000101T000000Z"/>\n<body>\n')
        for p in pairs:
            f.write(f'<tu tuid={quoteattr(p["id"])}>'
                    f'<tuv xml:lang="en"><seg>{seg_text(p["en"])}</seg></tuv>'
                    f'<tuv xml:lang="fr"><seg>{seg_text(p["fr"])}</seg></tuv></tu>\n')
        f.write('</body>\n</tmx>\n')


def run_check(binary, glossary, tmx, n_pairs, name):
    """Predicted findings per pair index; other rules counted apart."""
    cmd = [binary, "check", "--glossary", glossary, "--format", "jsonl",
           "--select", ",".join(RULES), tmx]
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise SetupError(f"{name}: binary timed out after {RUN_TIMEOUT}s")
    elapsed = time.perf_counter() - t0
    stdout = p.stdout.decode("utf-8", "replace")
    stderr = p.stderr.decode("utf-8", "replace").strip()
    if p.returncode not in (0, 1):
        raise SetupError(f"{name}: `{' '.join(cmd)}` exited {p.returncode}: {stderr}")
    got = [set() for _ in range(n_pairs)]
    duplicates, other_rules = [], {}
    for n, line in enumerate(stdout.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            rule, concept, seg = obj["rule"], obj["concept"], obj["segment"]
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise SetupError(f"{name}: output line {n} is not a finding ({e}): {line[:160]!r}")
        if not isinstance(seg, int) or not 0 <= seg < n_pairs:
            raise SetupError(f"{name}: output line {n}: segment {seg!r} is not a unit index "
                             f"(0..{n_pairs - 1})")
        if rule not in RULES:
            other_rules[rule] = other_rules.get(rule, 0) + 1
            continue
        key = (rule, str(concept))
        if key in got[seg]:
            duplicates.append((seg, key))
        got[seg].add(key)
    if p.returncode == 0 and any(got):
        print(f"  [{name}] warning: exit 0 although findings were written", file=sys.stderr)
    if p.returncode == 1 and not any(got) and not other_rules:
        print(f"  [{name}] warning: exit 1 but no finding was written", file=sys.stderr)
    return got, duplicates, other_rules, stdout, stderr, elapsed


def ratio(a, b, empty):
    return a / b if b else empty


def score(pairs, got):
    per_rule = {}
    for rule in RULES:
        tp = fp = fn = 0
        for p, g in zip(pairs, got):
            w = {k for k in p["want"] if k[0] == rule}
            h = {k for k in g if k[0] == rule}
            tp += len(w & h)
            fp += len(h - w)
            fn += len(w - h)
        prec = ratio(tp, tp + fp, 1.0)   # nothing predicted: no false alarm
        rec = ratio(tp, tp + fn, 1.0)    # nothing expected: nothing missed
        f1 = ratio(2 * prec * rec, prec + rec, 0.0)
        per_rule[rule] = {"expected": tp + fn, "predicted": tp + fp, "tp": tp, "fp": fp,
                          "fn": fn, "precision": prec, "recall": rec, "f1": f1}
    disagreements = []
    for i, (p, g) in enumerate(zip(pairs, got)):
        if g != p["want"]:
            disagreements.append({
                "id": p["id"], "index": i, "pitfall": p["pitfall"],
                "got": sorted(f"{r}:{c}" for r, c in g),
                "want": sorted(f"{r}:{c}" for r, c in p["want"]),
                "false_positives": sorted(f"{r}:{c}" for r, c in g - p["want"]),
                "false_negatives": sorted(f"{r}:{c}" for r, c in p["want"] - g),
                "en": p["en"], "fr": p["fr"]})
    return per_rule, disagreements


def eval_set(binary, name, set_path, glossary, work):
    pairs = read_set(set_path)
    if not os.path.isfile(glossary):
        raise SetupError(f"{name}: glossary not found: {glossary}")
    tmx = os.path.join(work, f"{name}.tmx")
    write_tmx(pairs, tmx)
    got, dups, others, stdout, stderr, elapsed = run_check(binary, glossary, tmx, len(pairs), name)
    with open(os.path.join(work, f"{name}.findings.jsonl"), "w", encoding="utf-8") as f:
        f.write(stdout)
    per_rule, disagreements = score(pairs, got)
    return {"name": name, "set": os.path.abspath(set_path), "glossary": os.path.abspath(glossary),
            "pairs": len(pairs), "seconds": round(elapsed, 3), "rules": per_rule,
            "disagreements": disagreements,
            "duplicate_findings": [{"id": pairs[s]["id"], "finding": f"{r}:{c}"} for s, (r, c) in dups],
            "other_rules": others,
            "ignored_codes": sum(len(p["ignored"]) for p in pairs),
            "stderr": stderr}


def set_name(path, used):
    base = os.path.splitext(os.path.basename(path))[0]
    if base == "testset":
        base = os.path.basename(os.path.dirname(os.path.abspath(path))) or base
    name, k = base, 2
    while name in used:
        name, k = f"{base}-{k}", k + 1
    used.add(name)
    return name


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "bitexte"),
                    help="bitexte binary (default: target/release/bitexte)")
    ap.add_argument("--shared", default=default_shared(),
                    help="shared data checkout (default: $BITEXTE_SHARED or ../shared)")
    ap.add_argument("--set", action="append", default=[], metavar="FILE.jsonl",
                    help="labelled pair set (repeatable, with one --glossary each)")
    ap.add_argument("--glossary", action="append", default=[], metavar="FILE",
                    help="glossary for the --set of the same rank")
    ap.add_argument("--min-precision", type=float, metavar="P",
                    help="bar on the precision of every rule with findings")
    ap.add_argument("--min-recall", type=float, metavar="R",
                    help="bar on the recall of every rule with findings")
    ap.add_argument("--json", metavar="OUT", help="write every number to this JSON file")
    ap.add_argument("--out-dir", metavar="DIR",
                    help="keep the TMX files and findings there (default: a temp dir, removed)")
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="print the segments of every disagreement")
    args = ap.parse_args(argv)

    binary = os.path.abspath(args.bin)
    sets = []
    try:
        if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
            raise SetupError(f"binary not found or not executable: {binary} "
                             f"(run `cargo build --release` first)")
        if len(args.set) != len(args.glossary):
            raise SetupError(f"give one --glossary per --set ({len(args.set)} sets, "
                             f"{len(args.glossary)} glossaries)")
        used = set()
        if args.set:
            for s, g in zip(args.set, args.glossary):
                sets.append((set_name(s, used), s, g))
        else:
            sample = os.path.join(args.shared, "data", "terms", "nato-sample")
            s, g = os.path.join(sample, "testset.jsonl"), os.path.join(sample, "glossary.csv")
            if os.path.isfile(s) and os.path.isfile(g):
                sets.append((set_name(s, used), s, g))
            else:
                print(f"skipped nato-sample: {sample} not found (set BITEXTE_SHARED or --shared)")
            s = os.path.join(REPO, "tests", "data", "terms", "heldout.jsonl")
            sets.append((set_name(s, used), s, os.path.join(REPO, "glossaries", "nato-defence.csv")))

        work = args.out_dir or tempfile.mkdtemp(prefix="eval_terms.")
        os.makedirs(work, exist_ok=True)
        try:
            results = [eval_set(binary, name, s, g, work) for name, s, g in sets]
        finally:
            if not args.out_dir:
                shutil.rmtree(work, ignore_errors=True)
    except SetupError as e:
        print(f"eval_terms: error: {e}", file=sys.stderr)
        return 2

    # table + bars
    rows, misses = [], []
    bars = args.min_precision is not None or args.min_recall is not None
    for r in results:
        for rule in RULES:
            m = r["rules"][rule]
            status = ""
            if bars and (m["expected"] or m["predicted"]):
                bad = []
                if args.min_precision is not None and m["precision"] < args.min_precision - EPS:
                    bad.append(f"precision {m['precision']:.3f} < {args.min_precision:g}")
                if args.min_recall is not None and m["recall"] < args.min_recall - EPS:
                    bad.append(f"recall {m['recall']:.3f} < {args.min_recall:g}")
                status = "FAIL" if bad else "PASS"
                misses += [f"{r['name']} {rule}: {b}" for b in bad]
            rows.append((f"{r['name']} ({r['pairs']} pairs)", rule, str(m["expected"]),
                         str(m["predicted"]), str(m["tp"]), str(m["fp"]), str(m["fn"]),
                         f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", status))
    head = ("set", "rule", "want", "got", "TP", "FP", "FN", "P", "R", "F1", "bar")
    w = [max(len(x[i]) for x in rows + [head]) for i in range(len(head))]
    fmt = "  ".join(("{:<%d}" if i < 2 else "{:>%d}") % n for i, n in enumerate(w))
    print()
    print(fmt.format(*head).rstrip())
    print("  ".join("-" * n for n in w))
    prev = None
    for row in rows:
        shown = list(row)
        if row[0] == prev:
            shown[0] = ""
        prev = row[0]
        print(fmt.format(*shown).rstrip())
    print()

    for r in results:
        notes = []
        if r["other_rules"]:
            notes.append("other rules ignored: " + ", ".join(
                f"{k} x{v}" for k, v in sorted(r["other_rules"].items())))
        if r["ignored_codes"]:
            notes.append(f"{r['ignored_codes']} expected codes of other checks ignored")
        if r["duplicate_findings"]:
            notes.append(f"{len(r['duplicate_findings'])} repeated findings (one per "
                         f"pair, rule, concept expected): " + ", ".join(
                             f"{d['id']} {d['finding']}" for d in r["duplicate_findings"][:10]))
        if notes:
            print(f"{r['name']}: " + "; ".join(notes))
        d = r["disagreements"]
        print(f"{r['name']}: {len(d)} disagreement{'s' if len(d) != 1 else ''} "
              f"of {r['pairs']} pairs ({r['seconds']} s)")
        for x in d:
            parts = []
            if x["false_negatives"]:
                parts.append("missed " + " ".join(x["false_negatives"]))
            if x["false_positives"]:
                parts.append("extra " + " ".join(x["false_positives"]))
            print(f"  {x['id']}: {'; '.join(parts)}   (got {x['got']}, want {x['want']})")
            if args.verbose:
                print(f"      pitfall: {x['pitfall']}")
                print(f"      en: {x['en']!r}")
                print(f"      fr: {x['fr']!r}")
        print()

    if args.json:
        out = {"bin": binary, "sets": results,
               "bars": {"min_precision": args.min_precision, "min_recall": args.min_recall},
               "bar_misses": misses, "all_bars_met": not misses}
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=1)
        print(f"wrote {args.json}")

    if misses:
        print("bars missed:")
        for m in misses:
            print(f"  - {m}")
        return 1
    print("all bars met" if bars else "no bars given (--min-precision / --min-recall)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `eval_terms.py | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)

#!/usr/bin/env python3
"""Score `bitexte check` (every rule: terminology and quality) on the NATO sample test set.

The set (../shared/data/terms/nato-sample/testset.jsonl) lists, per EN/FR pair, every
finding expected: term codes with their concept (`term_missing:c04`) and quality codes
without (`number_mismatch`, `fr_nbsp_before_punct`, ...).  Its codes are mapped to our
rule ids (CODE_MAP).  The pairs are independent cases, not one document, so each is
checked on its own (a one-unit TMX; cross-segment rules see one pair):
    BIN check --glossary glossary.csv --format jsonl PAIR.tmx
A pair agrees when the codes of its findings (rule, or rule:concept for term rules) are
exactly the expected ones, nothing more and nothing less; like the set's `expect`, codes
are a set (two guillemets at fault in one pair are one `fr-space-in-guillemets`).
Per rule: TP, FP, FN.

Usage: python3 scripts/eval_qa.py [--bin PATH] [--shared PATH] [--verbose]
Exit status: 0 every pair agrees, 1 some pair disagrees, 2 setup error.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from eval_terms import REPO, default_shared, write_tmx  # noqa: E402

CODE_MAP = {
    "term_missing": "term-missing",
    "term_case": "term-case",
    "forbidden_term": "term-forbidden",
    "target_same_as_source": "untranslated",
    "number_mismatch": "number-mismatch",
    "fr_nbsp_before_punct": "fr-space-before-punct",
    "fr_space_before_percent": "fr-space-before-percent",
    "fr_nbsp_in_guillemets": "fr-space-in-guillemets",
}
TERM_RULES = {"term-missing", "term-case", "term-forbidden", "term-inconsistent"}


def expected(codes, where):
    out = set()
    for code in codes:
        rule, sep, concept = code.partition(":")
        if rule not in CODE_MAP:
            sys.exit(f"{where}: unknown code {code!r} (add it to CODE_MAP)")
        rule = CODE_MAP[rule]
        out.add(f"{rule}:{concept}" if sep else rule)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(REPO, "target/release/bitexte"))
    ap.add_argument("--shared", default=default_shared())
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    base = os.path.join(a.shared, "data/terms/nato-sample")
    testset, glossary = os.path.join(base, "testset.jsonl"), os.path.join(base, "glossary.csv")
    for f in (a.bin, testset, glossary):
        if not os.path.exists(f):
            print(f"eval_qa: not found: {f}", file=sys.stderr)
            sys.exit(2)
    tmp = tempfile.mkdtemp(prefix="eval_qa.")
    tp, fp, fn = Counter(), Counter(), Counter()
    bad = 0
    with open(testset, encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    for n, item in enumerate(items, 1):
        want = expected(item["expect"], f"{testset}:{n}")
        tmx = os.path.join(tmp, f"{item['id']}.tmx")
        write_tmx([{"id": item["id"], "en": item["en"], "fr": item["fr"]}], tmx)
        p = subprocess.run([a.bin, "check", "--glossary", glossary, "--format", "jsonl", tmx],
                           capture_output=True, text=True)
        if p.returncode not in (0, 1):
            print(f"eval_qa: bitexte failed on {item['id']}: {p.stderr}", file=sys.stderr)
            sys.exit(2)
        got = set()
        for line in p.stdout.splitlines():
            m = json.loads(line)
            got.add(f"{m['rule']}:{m['concept']}" if m["rule"] in TERM_RULES else m["rule"])
        for k in want | got:
            rule = k.split(":")[0]
            tp[rule] += k in want and k in got
            fp[rule] += k in got and k not in want
            fn[rule] += k in want and k not in got
        if want != got:
            bad += 1
            print(f"{item['id']}: expected {sorted(want)}, got {sorted(got)}")
            if a.verbose:
                print(f"   en: {item['en']!r}\n   fr: {item['fr']!r}")
    print(f"{'rule':<26}{'TP':>4}{'FP':>4}{'FN':>4}")
    for rule in sorted(set(tp) | set(fp) | set(fn)):
        print(f"{rule:<26}{tp[rule]:>4}{fp[rule]:>4}{fn[rule]:>4}")
    print(f"{len(items) - bad} of {len(items)} pairs give exactly the expected findings")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

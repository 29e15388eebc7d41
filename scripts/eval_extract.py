#!/usr/bin/env python3
"""Term candidates extracted from the Hansard corpus, judged against EuroVoc en-fr.

Writes the line-aligned Hansard corpus of ../shared/data/corpora (~195,000 pairs) as a bitext,
runs `bitexte glossary extract --bitext … --format json` with no glossary (release build, timed,
peak RSS), and scores the candidates against ../shared/data/terms/eurovoc-en-fr/eurovoc_en_fr.tsv:

  precision  among the candidates whose English side is a EuroVoc term (a preferred or
             alternative label, any of the candidate's forms), the share whose French side
             (any of its forms) is a label EuroVoc lists for that concept (preferred or
             alternative);
  recall     among the EuroVoc concepts whose English and French preferred labels co-occur
             in >= 20 aligned pairs (whole words, case-insensitive, counted here from the
             corpus independently of bitexte), the share that some candidate pairs (its
             English forms include the English label and its French forms the French one).

Labels and forms are compared lower-cased, with one apostrophe and single spaces, except the
sides bitexte marks as names or acronyms (case-sensitive: `House`, the chamber, is not the
EuroVoc term `house`), which are compared with their capitals.  Then, with
EuroVoc itself as the glossary: no candidate listed as new may be a EuroVoc pair (known pairs
are not proposed again), and the drift list (EuroVoc has the English term with another
French rendering) is counted and sampled.  Bars (issue 8): <= 60 s, <= 2 GB, precision >= 0.80,
recall >= 0.60; --gate exits 1 when one is missed.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from hansard import write_bitext  # noqa: E402

ROOT = os.path.dirname(HERE)
WORD = re.compile(r"\w+", re.UNICODE)


def norm(s, keep_case=False):
    if not keep_case:
        s = s.lower()
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    return " ".join(s.split())


def load_eurovoc(path):
    """concepts: list of (id, en_pref, fr_pref, en_labels, fr_labels, en_cased, fr_cased): labels
    normalised, lower-cased and with their capitals."""
    out = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        col = {name: i for i, name in enumerate(header)}
        for line in f:
            cells = line.rstrip("\n").split("\t")
            cell = lambda name: cells[col[name]] if col[name] < len(cells) else ""  # noqa: E731
            en_alt = [a for a in (x.strip() for x in cell("en_alt").split(" | ")) if a]
            fr_alt = [a for a in (x.strip() for x in cell("fr_alt").split(" | ")) if a]
            en_pref, fr_pref = cell("en_pref").strip(), cell("fr_pref").strip()
            out.append((cell("concept_id"), norm(en_pref), norm(fr_pref),
                        {norm(x) for x in [en_pref, *en_alt] if x},
                        {norm(x) for x in [fr_pref, *fr_alt] if x},
                        {norm(x, True) for x in [en_pref, *en_alt] if x},
                        {norm(x, True) for x in [fr_pref, *fr_alt] if x}))
    return out


def run_extract(binary, bitext, out, glossary=None):
    cmd = [binary, "glossary", "extract", "--bitext", bitext, "--format", "json", "-o", out, "--quiet"]
    if glossary:
        cmd += ["--glossary", glossary]
    have_time = os.path.exists("/usr/bin/time")
    full = (["/usr/bin/time", "-f", "%M"] if have_time else []) + cmd
    t = time.perf_counter()
    p = subprocess.run(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"bitexte glossary extract failed (exit {p.returncode}): {p.stderr.decode()[-2000:]}")
    rss = 0.0
    m = re.findall(rb"^(\d+)\s*$", p.stderr, re.M)
    if have_time and m:
        rss = int(m[-1]) / 1024
    with open(out, encoding="utf-8") as f:
        return json.load(f), dt, rss


def forms(c, side):
    """The candidate's forms on one side, as compared with labels (see norm)."""
    if c.get(side + "_case_sensitive"):
        # A name or an acronym: its forms with capitals (not a lower-case use
        # of the same letters).
        shown = c[side]
        return {norm(x, keep_case=True) for x in [shown, *c[side + "_forms"]]
                if x[:1].isupper() == shown[:1].isupper()}
    return {norm(x) for x in [c[side], *c[side + "_forms"]]}


def cooccurrences(bitext, concepts):
    """EuroVoc concept id -> number of pairs where both preferred labels occur (whole words)."""
    src_lines, tgt_lines = [], []
    with open(bitext, encoding="utf-8") as f:
        for line in f:
            s, _, t = line.rstrip("\n").partition("\t")
            src_lines.append(s.lower())
            tgt_lines.append(t.lower())

    def index(lines):
        post = collections.defaultdict(list)
        for i, l in enumerate(lines):
            for w in set(WORD.findall(l)):
                post[w].append(i)
        return post

    src_post, tgt_post = index(src_lines), index(tgt_lines)

    def lines_with(label, lines, post):
        words = WORD.findall(label)
        if not words:
            return set()
        sets = [post.get(w) for w in words]
        if any(s is None for s in sets):
            return set()
        cand = set(min(sets, key=len))
        for s in sets:
            if not cand:
                break
            cand &= set(s)
        pat = re.compile(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in words) + r"(?!\w)")
        return {i for i in cand if pat.search(lines[i])}

    out = {}
    for cid, en, fr, *_ in concepts:
        if not en or not fr:
            continue
        a = lines_with(en, src_lines, src_post)
        if len(a) < 20:
            out[cid] = 0
            continue
        b = lines_with(fr, tgt_lines, tgt_post)
        out[cid] = len(a & b)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/bitexte"))
    ap.add_argument("--shared", default=os.environ.get("BITEXTE_SHARED", os.path.join(ROOT, "..", "shared")))
    ap.add_argument("--gate", action="store_true")
    ap.add_argument("--min-precision", type=float, default=0.80)
    ap.add_argument("--min-recall", type=float, default=0.60)
    ap.add_argument("--max-seconds", type=float, default=60.0)
    ap.add_argument("--max-rss-mb", type=float, default=2048.0)
    ap.add_argument("--samples", type=int, default=10, help="examples of errors, misses and drift to print")
    ap.add_argument("--json")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    eurovoc_tsv = os.path.join(a.shared, "data/terms/eurovoc-en-fr/eurovoc_en_fr.tsv")
    concepts = load_eurovoc(eurovoc_tsv)
    tmp = tempfile.mkdtemp(prefix="eval_extract.")
    bitext = os.path.join(tmp, "hansard.tsv")
    n = write_bitext(a.shared, bitext)

    got, seconds, rss = run_extract(binary, bitext, os.path.join(tmp, "candidates.json"))
    cands = got["candidates"] + got["drift"]

    by_en, by_en_cased = collections.defaultdict(list), collections.defaultdict(list)
    for c in concepts:
        for label in c[3]:
            by_en[label].append(c)
        for label in c[5]:
            by_en_cased[label].append(c)
    judged, right, wrong = 0, 0, []
    for c in cands:
        en_forms, fr_forms = forms(c, "src"), forms(c, "tgt")
        index = by_en_cased if c.get("src_case_sensitive") else by_en
        fr_labels = 6 if c.get("tgt_case_sensitive") else 4
        matches = [k for f in en_forms for k in index.get(f, [])]
        if not matches:
            continue
        judged += 1
        if any(fr_forms & k[fr_labels] for k in matches):
            right += 1
        else:
            wrong.append((c["src"], c["tgt"], sorted({x for k in matches for x in k[4]})[:3]))
    precision = right / judged if judged else 0.0

    cooc = cooccurrences(bitext, concepts)
    eligible = [c for c in concepts if cooc.get(c[0], 0) >= 20]
    lower = lambda c, side: {norm(x) for x in [c[side], *c[side + "_forms"]]}  # noqa: E731
    pairs_found = {(f_en, f_fr) for c in cands for f_en in lower(c, "src") for f_fr in lower(c, "tgt")}
    found = [c for c in eligible if (c[1], c[2]) in pairs_found]
    missed = [c for c in eligible if (c[1], c[2]) not in pairs_found]
    recall = len(found) / len(eligible) if eligible else 0.0

    # EuroVoc as the glossary: known pairs are not proposed again; drift is listed.
    with_g, seconds_g, _ = run_extract(binary, bitext, os.path.join(tmp, "with-eurovoc.json"), eurovoc_tsv)
    pair_set = {(en, fr) for c in concepts for en in c[3] | c[5] for fr in c[4] | c[6]}
    proposed_again = [c for c in with_g["candidates"]
                      if any((e, f) in pair_set for e in forms(c, "src") for f in forms(c, "tgt"))]
    drift = with_g["drift"]

    print(f"hansard: {n} pairs; {len(got['candidates'])} candidates ({got['src_phrases']} English and "
          f"{got['tgt_phrases']} French phrases seen >= 3 times)")
    rows = [
        ("extract: wall s", f"{seconds:.1f}", f"<= {a.max_seconds}", seconds <= a.max_seconds),
        ("extract: peak RSS MB", f"{rss:.0f}", f"<= {a.max_rss_mb}", rss <= a.max_rss_mb),
        (f"precision ({right}/{judged} EuroVoc English terms)", f"{precision:.3f}", f">= {a.min_precision}",
         precision >= a.min_precision),
        (f"recall ({len(found)}/{len(eligible)} concepts co-occurring >= 20x)", f"{recall:.3f}",
         f">= {a.min_recall}", recall >= a.min_recall),
        ("with EuroVoc as glossary: known pairs proposed again", str(len(proposed_again)), "0",
         len(proposed_again) == 0),
        ("with EuroVoc as glossary: drift pairs listed", str(len(drift)), "> 0", len(drift) > 0),
        ("with EuroVoc as glossary: wall s", f"{seconds_g:.1f}", "", None),
    ]
    failed = []
    for name, value, bar, ok in rows:
        status = "" if ok is None else ("PASS" if ok else "FAIL")
        print(f"  {name:<62}{value:>9}  {bar:<8} {status}")
        if ok is False:
            failed.append(name)
    if a.samples:
        print(f"\nwrong French sides (first {a.samples}):")
        for en, fr, want in wrong[:a.samples]:
            print(f"  {en} -> {fr}   (EuroVoc: {' | '.join(want)})")
        print(f"missed concepts (first {a.samples}):")
        for c in missed[:a.samples]:
            print(f"  {c[1]} / {c[2]} ({cooc[c[0]]} pairs)")
        print(f"drift (first {a.samples}):")
        for c in drift[:a.samples]:
            print(f"  {c['src']} -> {c['tgt']}   (EuroVoc: {c.get('expected')}, {c.get('concept')})")
        if proposed_again:
            print("proposed again:")
            for c in proposed_again[:a.samples]:
                print(f"  {c['src']} -> {c['tgt']}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"pairs": n, "seconds": seconds, "rss_mb": rss, "precision": precision,
                       "judged": judged, "recall": recall, "eligible": len(eligible),
                       "found": len(found), "proposed_again": len(proposed_again),
                       "drift": len(drift)}, f, indent=1)
    if a.gate and failed:
        print("GATE FAILED: " + "; ".join(failed))
        sys.exit(1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Real consumers of bitexte's TMX: xmllint (DTD), translate-toolkit, OmegaT, the shared samples.

The bars of issue 4 ("TMX 1.4b export and import that real CAT tools accept"), run against the
release binary:

  a. build     TMX files with the binary: each shipped corpus pair (corpora/*.{en,fr}.txt) through
               `align --format tmx --src-lang en-GB --tgt-lang fr-FR` (twice: output must be
               byte-identical under SOURCE_DATE_EPOCH); an adversarial memory from a `--pre-split`
               pair whose lines hold control characters (U+0001, U+000B, U+000C, U+001F), `]]>`,
               `&amp;` and `<b>` literally, quotes, astral emoji, RTL text with U+200F,
               no-break spaces and a tab; a rich memory written from JSONL (notes, attributes,
               variant props, newline/backslash/tab/leading spaces in segments); a TSV -> TMX
               conversion of a TSV written by `tmx convert --to tsv`; and the round-trip files of e.
  b. xmllint   every TMX written: `xmllint --noout --nonet --dtdvalid SHARED/data/tmx/tmx14.dtd F`
               exits 0.
  c. lint      `bitexte tmx lint F` exits 0 on every TMX written.
  d. ttk       translate-toolkit (`tmx.tmxfile.parsefile`) reads each with identical segments:
               corpora = the pairs of `align --format tsv` (1-0/0-1 rows excluded), adversarial and
               rich = the input text minus the characters XML 1.0 forbids; tuv languages and header
               srclang as given; bitexte's own reader (`tmx convert --to jsonl`) agrees; the unit
               props of align output (score, bead, document) match the TSV.
  e. round     TMX -> TSV -> TMX and TMX -> JSONL -> TMX keep every segment, property, note and
               attribute (compared as `tmx convert --to jsonl` objects, header included).
  f. omegat    OmegaT 3.6 headless (`--mode=console-translate`) on a project whose tm/auto/ holds our
               memories: the target file is pre-translated (every known segment replaced by its
               French, the unknown one left), every memory is read and no TF_TM_LOAD_ERROR /
               TMXR_WARNING is logged (OmegaT exits 0 even when it discards a memory).  A negative
               control (our TMX without srclang) must produce TF_TM_LOAD_ERROR, which proves the
               check can fail.  Skipped (loudly) with --skip-omegat or when OmegaT is not installed.
  g. samples   every SHARED/data/tmx/samples/*/*.tmx, and a copy of each cut in half:
               `tmx convert F --to jsonl` exits 0, or 2 with a one-line message; never a panic;
               `tmx lint F` exits 0, 1 or 2 without a panic; the Okapi `potest.po.normal.tmx` is
               flagged (exit 1).

translate-toolkit: the interpreter running this script is used if it imports
`translate.storage.tmx`, else target/ci/ttk-venv/bin/python (what .ci/run creates), else
--ttk-python.  `pip install translate-toolkit` (lxml comes with it).

Exit 0 when everything passes, 1 when a check fails, 2 on setup errors (binary or data missing).
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CORPORA = ("press-release", "statement", "report-extract")
SRC_LANG, TGT_LANG = "en-GB", "fr-FR"
EPOCH = "1700000000"
OMEGAT_JAR = "/usr/share/omegat/OmegaT.jar"
UNKNOWN_SENTENCE = "This sentence about purple giraffes is in no memory."

# Adversarial pre-split pair: line i of one side translates line i of the other.
ADVERSARIAL = [
    ("Control\u0001chars\u000bhere\u000cand\u001fthere.",
     "Caract\u00e8res\u0001de\u000bcontr\u00f4le\u000cet\u001fautres."),
    ("CDATA end ]]> inside a sentence.", "Fin de CDATA ]]> dans une phrase."),
    ("Literal &amp; entity and <b>bold</b> tag.",
     "Entit\u00e9 &amp; litt\u00e9rale et balise <b>gras</b>."),
    ("Quotes \"double\" and 'single' and \u201ccurly\u201d.",
     "Guillemets \u00ab\u00a0doubles\u00a0\u00bb, 'simples' et \"droits\"."),
    ("Emoji \U0001F600 and the G clef \U0001D11E, astral plane.",
     "\u00c9moji \U0001F600 et la cl\u00e9 de sol \U0001D11E, plan astral."),
    ("Arabic \u200f\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645\u200f"
     " and Hebrew \u05e9\u05dc\u05d5\u05dd.",
     "Arabe \u200f\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645\u200f"
     " et h\u00e9breu \u05e9\u05dc\u05d5\u05dd."),
    ("Non\u00a0breaking and narrow\u202fno-break spaces.",
     "Espaces\u00a0ins\u00e9cables et fines\u202fins\u00e9cables."),
    ("A tab\tinside a line.", "Une tabulation\tdans une ligne."),
]

# Rich memory written from JSONL: what `align` cannot produce (notes, attributes, variant props,
# newlines, backslashes, tabs, leading/trailing spaces, a forbidden character in a prop).
RICH_HEADER = {"tmx_header": [["creationtool", "bitexte"], ["creationtoolversion", "0.1.0"],
                              ["segtype", "sentence"], ["o-tmf", "bitexte"], ["adminlang", "en"],
                              ["srclang", SRC_LANG], ["datatype", "plaintext"],
                              ["creationdate", "20240101T000000Z"]]}
RICH_UNITS = [
    {"tuid": "r1", "attrs": [["creationdate", "20240102T030405Z"]],
     "props": [{"type": "x-bitexte-score", "value": "0.5"},
               {"type": "x-odd & <type>", "value": "a\tb \\t \\e \\n"}],
     "notes": ["first note", "second\nnote"],
     "variants": [{"lang": SRC_LANG, "text": "Tab\there and  two spaces",
                   "props": [{"type": "x-v", "value": "1"}], "notes": ["variant note"]},
                  {"lang": TGT_LANG, "text": "Tabulation\tici et  deux espaces"}]},
    {"tuid": "r2",
     "variants": [{"lang": SRC_LANG, "text": "Line one\nline two, back\\slash, \\t, \\e and \\n"},
                  {"lang": TGT_LANG, "text": "  leading and trailing spaces  "}]},
    {"tuid": "r3", "props": [{"type": "x-ctl", "value": "bell\u0007here"}],
     "variants": [{"lang": SRC_LANG, "text": "Vertical\u000btab and \ufffe noncharacter."},
                  {"lang": TGT_LANG, "text": "Quote \" apostrophe ' gt > lt < amp & end."}]},
    {"tuid": "r4",
     "variants": [{"lang": SRC_LANG, "text": "A plain sentence from the rich memory."},
                  {"lang": TGT_LANG, "text": "Une phrase simple de la m\u00e9moire riche."}]},
]

TTK_HELPER = r"""
import json, sys
from translate.storage import tmx
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
out = {}
for path in sys.argv[1:]:
    try:
        with open(path, 'rb') as f:
            store = tmx.tmxfile.parsefile(f)
        units = []
        for u in store.units:
            units.append({'id': u.getid(), 'source': str(u.source), 'target': str(u.target),
                          'langs': [n.get(XML_LANG) for n in u.getlanguageNodes()]})
        out[path] = {'srclang': store.sourcelanguage, 'units': units}
    except Exception as e:
        out[path] = {'error': '%s: %s' % (type(e).__name__, e)}
json.dump(out, sys.stdout)
"""


class SetupError(Exception):
    pass


def xml10_clean(s):
    """s without the characters XML 1.0 forbids."""
    def ok(c):
        o = ord(c)
        return (o in (0x9, 0xA, 0xD) or 0x20 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD
                or 0x10000 <= o <= 0x10FFFF)
    return "".join(c for c in s if ok(c))


def short(s, n=160):
    s = s if isinstance(s, str) else repr(s)
    return s if len(s) <= n else s[:n] + "..."


class Report:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.failures = []

    def section(self, title):
        print(f"\n== {title}", flush=True)

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"PASS  {name}", flush=True)
        else:
            self.failed += 1
            self.failures.append(name)
            print(f"FAIL  {name}" + (f"\n      {detail}" if detail else ""), flush=True)
        return ok

    def skip(self, name, why):
        self.skipped += 1
        print(f"SKIP  {name}: {why}", flush=True)

    def info(self, msg):
        print(f"      {msg}", flush=True)


class Runner:
    def __init__(self, binary, tmp):
        self.binary = binary
        self.tmp = tmp

    def run(self, args, env_extra=None, **kw):
        env = dict(os.environ)
        env["SOURCE_DATE_EPOCH"] = EPOCH
        env.pop("RUST_BACKTRACE", None)
        if env_extra:
            env.update(env_extra)
        return subprocess.run([self.binary] + args, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env, **kw)

    def ok(self, args):
        """Runs bitexte; SetupError-free: returns (ok, proc, message)."""
        p = self.run(args)
        msg = p.stderr.decode("utf-8", "replace").strip()
        return p.returncode == 0, p, f"`bitexte {' '.join(args)}` exited {p.returncode}: {short(msg, 400)}"

    def jsonl(self, path):
        """(header, units) of `tmx convert PATH --to jsonl`, or raises RuntimeError."""
        p = self.run(["tmx", "convert", path, "--to", "jsonl"])
        if p.returncode != 0:
            raise RuntimeError(f"tmx convert {os.path.basename(path)} --to jsonl exited "
                               f"{p.returncode}: {short(p.stderr.decode('utf-8', 'replace').strip(), 300)}")
        lines = p.stdout.decode("utf-8").splitlines()
        header = json.loads(lines[0]) if lines else None
        return header, [json.loads(x) for x in lines[1:] if x.strip()]


def panicked(p):
    err = p.stderr.decode("utf-8", "replace")
    return p.returncode == 101 or "panicked at" in err or "RUST_BACKTRACE" in err


def pairs_of_units(units):
    """[(src text, tgt text)] of JSONL units (first variant in each language)."""
    out = []
    for u in units:
        src = next((v["text"] for v in u["variants"] if v["lang"].lower() == SRC_LANG.lower()), None)
        tgt = next((v["text"] for v in u["variants"] if v["lang"].lower() == TGT_LANG.lower()), None)
        out.append((src, tgt))
    return out


def first_diff(expected, got):
    if len(expected) != len(got):
        extra = ""
        for i, (e, g) in enumerate(zip(expected, got)):
            if e != g:
                extra = f"; first difference at #{i + 1}: expected {e!r}, got {g!r}"
                break
        return f"expected {len(expected)} units, got {len(got)}{extra}"
    for i, (e, g) in enumerate(zip(expected, got)):
        if e != g:
            return f"unit #{i + 1}: expected {short(repr(e), 300)}, got {short(repr(g), 300)}"
    return ""


# ------------------------------------------------------------------ a. build --
def build(rep, r, tmp):
    """Writes the memories; returns (primary, expected, all_written, align_tsv_rows)."""
    rep.section("a. build TMX files with bitexte")
    primary = {}      # name -> tmx path (files compared against an expectation)
    expected = {}     # name -> [(src, tgt)]
    tsv_rows = {}     # corpus name -> [(src, tgt, score, shape)]
    written = []      # every TMX we wrote (for xmllint and lint)

    for c in CORPORA:
        en = os.path.join(REPO, "corpora", f"{c}.en.txt")
        fr = os.path.join(REPO, "corpora", f"{c}.fr.txt")
        if not (os.path.isfile(en) and os.path.isfile(fr)):
            raise SetupError(f"corpus pair missing: {en}, {fr}")
        out = os.path.join(tmp, f"{c}.tmx")
        ok, p, msg = r.ok(["align", en, fr, "--format", "tmx", "--src-lang", SRC_LANG,
                           "--tgt-lang", TGT_LANG, "-o", out])
        if not rep.check(f"align {c} --format tmx", ok and os.path.isfile(out), msg):
            continue
        again = os.path.join(tmp, f"{c}.again.tmx")
        ok2, _, msg2 = r.ok(["align", en, fr, "--format", "tmx", "--src-lang", SRC_LANG,
                             "--tgt-lang", TGT_LANG, "-o", again])
        same = ok2 and open(out, "rb").read() == open(again, "rb").read()
        rep.check(f"align {c}: byte-identical between runs (SOURCE_DATE_EPOCH)", same,
                  msg2 if not ok2 else "the two outputs differ")
        ok, p, msg = r.ok(["align", en, fr, "--format", "tsv", "--src-lang", SRC_LANG,
                           "--tgt-lang", TGT_LANG])
        if not rep.check(f"align {c} --format tsv (expected pairs)", ok, msg):
            continue
        rows = []
        for line in p.stdout.decode("utf-8").split("\n"):
            if not line:
                continue
            cols = line.split("\t")
            if len(cols) != 4:
                rep.check(f"align {c} --format tsv has 4 columns", False, repr(line))
                break
            rows.append(tuple(cols))
        tsv_rows[c] = rows
        expected[c] = [(s, t) for s, t, _, shape in rows if shape not in ("1-0", "0-1")]
        primary[c] = out
        written.append(out)

    # adversarial pre-split pair
    en = os.path.join(tmp, "adversarial.en.txt")
    fr = os.path.join(tmp, "adversarial.fr.txt")
    with open(en, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(s + "\n" for s, _ in ADVERSARIAL))
    with open(fr, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(t + "\n" for _, t in ADVERSARIAL))
    out = os.path.join(tmp, "adversarial.tmx")
    ok, p, msg = r.ok(["align", en, fr, "--pre-split", "--format", "tmx", "--src-lang", SRC_LANG,
                       "--tgt-lang", TGT_LANG, "-o", out])
    if rep.check("align --pre-split adversarial pair --format tmx", ok, msg):
        primary["adversarial"] = out
        expected["adversarial"] = [(xml10_clean(s), xml10_clean(t)) for s, t in ADVERSARIAL]
        written.append(out)
        err = p.stderr.decode("utf-8", "replace")
        rep.check("adversarial: a warning names the unit whose control characters were removed",
                  re.search(r"\bunit\W+1\b", err) is not None,
                  f"stderr: {short(err, 300)!r}")

    # rich memory from JSONL
    rich_jsonl = os.path.join(tmp, "rich.jsonl")
    with open(rich_jsonl, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(RICH_HEADER, ensure_ascii=False) + "\n")
        for u in RICH_UNITS:
            f.write(json.dumps(u, ensure_ascii=False) + "\n")
    out = os.path.join(tmp, "rich.tmx")
    ok, p, msg = r.ok(["tmx", "convert", rich_jsonl, "--to", "tmx", "-o", out])
    if rep.check("tmx convert rich.jsonl --to tmx", ok, msg):
        primary["rich"] = out
        expected["rich"] = [tuple(xml10_clean(v["text"]) for v in u["variants"])
                            for u in RICH_UNITS]
        written.append(out)

    # TSV written by `tmx convert --to tsv`, converted back to TMX
    if "press-release" in primary:
        tsv = os.path.join(tmp, "press-release.tsv")
        ok, p, msg = r.ok(["tmx", "convert", primary["press-release"], "--to", "tsv", "-o", tsv])
        if rep.check("tmx convert press-release.tmx --to tsv", ok, msg):
            out = os.path.join(tmp, "press-release.from-tsv.tmx")
            ok, p, msg = r.ok(["tmx", "convert", tsv, "--to", "tmx", "-o", out])
            if rep.check("tmx convert press-release.tsv --to tmx", ok, msg):
                primary["press-release.from-tsv"] = out
                expected["press-release.from-tsv"] = expected["press-release"]
                written.append(out)
    return primary, expected, written, tsv_rows


# -------------------------------------------------------------- e. round trip --
def round_trip(rep, r, tmp, primary):
    """Writes the round-trip files; returns [(name, via, original, roundtripped tmx)]."""
    made = []
    for name, path in primary.items():
        base = os.path.join(tmp, "rt-" + name)
        for via in ("tsv", "jsonl"):
            mid = f"{base}.{via}"
            back = f"{base}.via-{via}.tmx"
            ok1, _, msg1 = r.ok(["tmx", "convert", path, "--to", via, "-o", mid])
            ok2, _, msg2 = (r.ok(["tmx", "convert", mid, "--to", "tmx", "-o", back])
                            if ok1 else (False, None, ""))
            if rep.check(f"round trip {name}: TMX -> {via.upper()} -> TMX runs", ok1 and ok2,
                         msg1 if not ok1 else msg2):
                made.append((name, via, path, back))
    return made


def check_round_trips(rep, r, made):
    rep.section("e. round trips keep every segment, property, note and attribute")
    for name, via, orig, back in made:
        try:
            h1, u1 = r.jsonl(orig)
            h2, u2 = r.jsonl(back)
        except RuntimeError as e:
            rep.check(f"round trip {name} via {via}", False, str(e))
            continue
        detail = ""
        if h1 != h2:
            detail = f"header differs: {h1} vs {h2}"
        elif u1 != u2:
            detail = first_diff(u1, u2)
        rep.check(f"round trip {name} via {via}: {len(u1)} units identical (header included)",
                  not detail, detail)
        same_bytes = open(orig, "rb").read() == open(back, "rb").read()
        rep.info(f"TMX bytes identical after the round trip: {'yes' if same_bytes else 'no'}")


# ------------------------------------------------------------- b, c. validate --
def check_xmllint(rep, shared, files):
    rep.section("b. xmllint --dtdvalid tmx14.dtd on every TMX written")
    dtd = os.path.join(shared, "data", "tmx", "tmx14.dtd")
    xmllint = shutil.which("xmllint")
    if not xmllint:
        rep.check("xmllint installed", False, "apt-get install libxml2-utils")
        return
    if not os.path.isfile(dtd):
        raise SetupError(f"DTD missing: {dtd}")
    for f in files:
        p = subprocess.run([xmllint, "--noout", "--nonet", "--dtdvalid", dtd, f],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        err = p.stderr.decode("utf-8", "replace")
        # The DOCTYPE names "tmx14.dtd" next to the file; --nonet/--dtdvalid only warn about it.
        errs = [x for x in err.splitlines()
                if x.strip() and "failed to load external entity" not in x
                and not x.startswith("<!DOCTYPE") and x.strip() != "^"]
        rep.check(f"xmllint {os.path.basename(f)}", p.returncode == 0,
                  f"rc {p.returncode}: {short(' | '.join(errs), 600)}")


def check_lint(rep, r, files):
    rep.section("c. bitexte tmx lint on every TMX written")
    for f in files:
        p = r.run(["tmx", "lint", f])
        out = (p.stdout + p.stderr).decode("utf-8", "replace").strip()
        rep.check(f"tmx lint {os.path.basename(f)}", p.returncode == 0 and not panicked(p),
                  f"rc {p.returncode}: {short(out, 600)}")


# ------------------------------------------------------------ d. translate-toolkit --
def find_ttk_python(explicit):
    probe = "from translate.storage import tmx"
    cands = [explicit] if explicit else [sys.executable,
                                          os.path.join(REPO, "target", "ci", "ttk-venv", "bin", "python")]
    for c in cands:
        if c and os.path.exists(c):
            p = subprocess.run([c, "-c", probe], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if p.returncode == 0:
                return c
    return None


def check_ttk(rep, r, ttk_python, primary, expected, tsv_rows):
    rep.section("d. translate-toolkit reads our TMX with identical segments")
    if not ttk_python:
        rep.check("translate-toolkit importable", False,
                  "no Python with `translate.storage.tmx`: pip install translate-toolkit "
                  "(or pass --ttk-python)")
        return
    ver = subprocess.run([ttk_python, "-c", "from importlib.metadata import version as v;"
                          "print(v('translate-toolkit'), v('lxml'))"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    rep.info(f"translate-toolkit, lxml: {ver.stdout.decode().strip() or '?'} ({ttk_python})")
    files = list(primary.values())
    p = subprocess.run([ttk_python, "-c", TTK_HELPER] + files,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if not rep.check("translate-toolkit helper ran", p.returncode == 0,
                     short(p.stderr.decode("utf-8", "replace"), 600)):
        return
    parsed = json.loads(p.stdout.decode("utf-8"))
    for name, path in primary.items():
        res = parsed.get(path, {})
        if not rep.check(f"ttk parses {name}.tmx", "error" not in res, res.get("error", "")):
            continue
        got = [(u["source"], u["target"]) for u in res["units"]]
        exp = expected[name]
        rep.check(f"ttk {name}: {len(exp)} units, segments identical to the expected pairs",
                  got == exp, first_diff(exp, got))
        bad_langs = [u["langs"] for u in res["units"] if u["langs"] != [SRC_LANG, TGT_LANG]]
        rep.check(f"ttk {name}: every unit has tuvs [{SRC_LANG}, {TGT_LANG}], "
                  f"header srclang {SRC_LANG}",
                  not bad_langs and res["srclang"] == SRC_LANG,
                  f"srclang {res['srclang']!r}; other tuv languages: {short(str(bad_langs[:3]))}")
        try:
            _, units = r.jsonl(path)
        except RuntimeError as e:
            rep.check(f"bitexte reader on {name}", False, str(e))
            continue
        ours = pairs_of_units(units)
        rep.check(f"bitexte reader agrees with translate-toolkit on {name}", ours == got,
                  first_diff(got, ours))
        if name in tsv_rows:
            rows = [x for x in tsv_rows[name] if x[3] not in ("1-0", "0-1")]
            problems = []
            ids = [u.get("tuid") for u in units]
            if len(set(ids)) != len(ids) or None in ids:
                problems.append(f"tuids missing or repeated: {ids}")
            for i, (u, row) in enumerate(zip(units, rows)):
                props = {}
                for pr in u.get("props", []):
                    props.setdefault(pr["type"], pr["value"])
                want = {"x-bitexte-score": row[2], "x-bitexte-bead": row[3],
                        "x-bitexte-document": f"{name}.en.txt | {name}.fr.txt"}
                for k, v in want.items():
                    if props.get(k) != v:
                        problems.append(f"unit {i + 1}: {k} = {props.get(k)!r}, expected {v!r}")
            rep.check(f"{name}: tuid unique, props score/bead/document match the align TSV",
                      not problems and len(units) == len(rows),
                      short("; ".join(problems[:5]) or f"{len(units)} units vs {len(rows)} rows", 600))


# ---------------------------------------------------------------- f. OmegaT --
OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>{src}</source_lang>
        <target_lang>{tgt}</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.LuceneFrenchTokenizer</target_tok>
        <sentence_seg>false</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"""


def omegat_run(java, proj, home):
    """Runs OmegaT console-translate on proj; returns (rc, console+log text)."""
    cmd = [java, f"-Duser.home={home}", "-Djava.awt.headless=true", "-jar", OMEGAT_JAR, proj,
           "--mode=console-translate"]
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
        out, rc = p.stdout.decode("utf-8", "replace"), p.returncode
    except subprocess.TimeoutExpired as e:
        out, rc = (e.stdout or b"").decode("utf-8", "replace") + "\n[timeout]", -1
    for lf in glob.glob(os.path.join(home, ".omegat", "logs", "*.log")):
        with open(lf, encoding="utf-8", errors="replace") as f:
            out += "\n" + f.read()
    return rc, out


def make_project(root, memories, source_text):
    for d in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    with open(os.path.join(root, "omegat.project"), "w", encoding="utf-8") as f:
        f.write(OMEGAT_PROJECT.format(src=SRC_LANG.upper(), tgt=TGT_LANG.upper()))
    for name, path in memories:
        shutil.copy(path, os.path.join(root, "tm", "auto", name))
    with open(os.path.join(root, "source", "test.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write(source_text)


def check_omegat(rep, r, tmp, primary, skip):
    rep.section("f. OmegaT imports our memories (console-translate)")
    java = shutil.which("java")
    if skip or not os.path.isfile(OMEGAT_JAR) or not java:
        why = ("--skip-omegat" if skip else
               f"{OMEGAT_JAR} not found (apt-get install --no-install-recommends omegat)"
               if not os.path.isfile(OMEGAT_JAR) else "java not found")
        print("!" * 70)
        rep.skip("OmegaT end-to-end test", why)
        print("!" * 70)
        return
    # The source text: one paragraph (blank-line separated, sentence_seg off, so one OmegaT
    # segment) per distinct English segment of our memories whose French is unambiguous and
    # which a plain-text paragraph can carry, plus one unknown sentence.
    trans, conflicts = {}, set()
    for name, path in primary.items():
        try:
            _, units = r.jsonl(path)
        except RuntimeError as e:
            rep.check(f"read {name} for the OmegaT source", False, str(e))
            return
        for s, t in pairs_of_units(units):
            if s is None or t is None or s != s.strip() or t != t.strip() or not s:
                continue
            if any(c in s + t for c in "\n\r\t") or s == UNKNOWN_SENTENCE:
                continue
            if trans.get(s, t) != t:
                conflicts.add(s)
            trans[s] = t
    known = [s for s in trans if s not in conflicts]
    paras = known + [UNKNOWN_SENTENCE]
    source_text = "".join(p + "\n\n" for p in paras)
    expected = "".join((trans[p] if p in trans else p) + "\n\n" for p in paras)
    proj = os.path.join(tmp, "omegat-project")
    home = os.path.join(tmp, "omegat-home")
    memories = [(f"{n}.tmx", p) for n, p in primary.items()]
    make_project(proj, memories, source_text)
    rc, log = omegat_run(java, proj, home)
    rep.info(f"{len(known)} known segments from {len(memories)} memories, 1 unknown; "
             f"OmegaT exit {rc}")
    rep.check("OmegaT console-translate exits 0", rc == 0, short(log[-800:], 800))
    errors = [x for x in log.splitlines() if "TF_TM_LOAD_ERROR" in x or "TMXR_WARNING" in x
              or "TMXR_ERROR" in x]
    rep.check("OmegaT log: no TF_TM_LOAD_ERROR / TMXR_WARNING", not errors,
              short(" | ".join(errors[:5]), 800))
    for fname, _ in memories:
        path = os.path.join(proj, "tm", "auto", fname)
        read = f"Reading TMX file {path}" in log
        # "complete" must follow this file's "Reading" line before the next file starts
        seg = log.split(f"Reading TMX file {path}", 1)[-1].split("Reading TMX file", 1)[0]
        rep.check(f"OmegaT read tm/auto/{fname} to the end", read and "TMXR_INFO_READING_COMPLETE" in seg,
                  "no 'Reading TMX file' / 'Reading of TMX file complete' for it in the log")
    target = os.path.join(proj, "target", "test.txt")
    if not rep.check("OmegaT wrote target/test.txt", os.path.isfile(target), short(log[-800:], 800)):
        return
    with open(target, encoding="utf-8") as f:
        got = f.read()
    got_paras = [x for x in got.split("\n\n") if x.strip()]
    exp_paras = [x for x in expected.split("\n\n") if x.strip()]
    missed = [(s, g) for s, g, e in zip(paras, got_paras, exp_paras) if g != e]
    rep.check(f"OmegaT pre-translated all {len(known)} known segments, left the unknown one",
              got == expected,
              f"{len(missed)} differ; first: source {short(repr(missed[0][0]), 200)} -> "
              f"{short(repr(missed[0][1]), 200)}" if missed else
              f"file layout differs: {short(repr(got), 300)}")
    # Negative control: the detection works (our TMX without srclang is discarded by OmegaT).
    first = next(iter(primary.values()))
    with open(first, encoding="utf-8") as f:
        broken = re.sub(r'\ssrclang="[^"]*"', "", f.read(), count=1)
    bpath = os.path.join(tmp, "no-srclang.tmx")
    with open(bpath, "w", encoding="utf-8") as f:
        f.write(broken)
    proj2 = os.path.join(tmp, "omegat-negative")
    make_project(proj2, [("no-srclang.tmx", bpath)], source_text)
    rc2, log2 = omegat_run(java, proj2, os.path.join(tmp, "omegat-home-negative"))
    rep.check("negative control: a TMX without srclang gives TF_TM_LOAD_ERROR (exit still 0)",
              "TF_TM_LOAD_ERROR" in log2, f"exit {rc2}; no TF_TM_LOAD_ERROR in the log")


# --------------------------------------------------------------- g. samples --
def check_samples(rep, r, shared, tmp):
    rep.section("g. shared TMX samples: read or rejected cleanly, never a panic")
    files = sorted(glob.glob(os.path.join(shared, "data", "tmx", "samples", "*", "*.tmx")))
    if not files:
        raise SetupError(f"no samples under {shared}/data/tmx/samples")
    cut_dir = os.path.join(tmp, "truncated")
    os.makedirs(cut_dir, exist_ok=True)
    todo = [(os.path.relpath(f, os.path.join(shared, "data", "tmx", "samples")), f) for f in files]
    for rel, f in list(todo):
        data = open(f, "rb").read()
        cut = os.path.join(cut_dir, rel.replace("/", "__"))
        with open(cut, "wb") as g:
            g.write(data[:len(data) // 2])
        todo.append((f"{rel} (cut in half)", cut))
    okapi_rc = None
    for rel, f in todo:
        p = r.run(["tmx", "convert", f, "--to", "jsonl"])
        err_lines = [x for x in p.stderr.decode("utf-8", "replace").splitlines() if x.strip()]
        if p.returncode == 0:
            nunits = max(0, len(p.stdout.splitlines()) - 1)
            ok, what = not panicked(p), f"read, {nunits} units"
        elif p.returncode == 2:
            ok = len(err_lines) == 1 and not panicked(p)
            msg = err_lines[0].replace(f, os.path.basename(f)) if err_lines else ""
            what = f"rejected: {short(msg, 140)}"
        else:
            ok, what = False, "unexpected exit"
        rep.check(f"convert {rel}: {what}", ok,
                  f"rc {p.returncode}; stderr: {short(' | '.join(err_lines), 600)}")
        q = r.run(["tmx", "lint", f])
        lines = [x for x in q.stdout.decode("utf-8", "replace").splitlines() if x.strip()]
        rep.check(f"lint {rel}: exit {q.returncode}, {len(lines)} finding(s)",
                  q.returncode in (0, 1, 2) and not panicked(q),
                  f"rc {q.returncode}; {short(q.stderr.decode('utf-8', 'replace'), 600)}")
        if rel == os.path.join("okapi", "potest.po.normal.tmx"):
            okapi_rc = q.returncode
            for x in lines[:4]:
                rep.info(x.replace(shared + "/", ""))
    rep.check("lint flags the known-bad Okapi potest.po.normal.tmx (exit 1)", okapi_rc == 1,
              f"exit {okapi_rc}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "bitexte"))
    ap.add_argument("--shared", default=os.environ.get("BITEXTE_SHARED",
                                                       os.path.join(os.path.dirname(REPO), "shared")))
    ap.add_argument("--skip-omegat", action="store_true", help="do not run OmegaT (prints SKIP)")
    ap.add_argument("--ttk-python", help="a Python that imports translate-toolkit")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args(argv)

    binary = os.path.abspath(args.bin)
    shared = os.path.abspath(args.shared)
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        print(f"tmx_consumers: error: binary not found: {binary} (run `cargo build --release`)",
              file=sys.stderr)
        return 2
    if not os.path.isdir(os.path.join(shared, "data", "tmx")):
        print(f"tmx_consumers: error: {shared}/data/tmx not found (--shared)", file=sys.stderr)
        return 2

    rep = Report()
    tmp = tempfile.mkdtemp(prefix="bitexte-tmx-consumers-")
    r = Runner(binary, tmp)
    try:
        primary, expected, written, tsv_rows = build(rep, r, tmp)
        made = round_trip(rep, r, tmp, primary)
        written += [back for _, _, _, back in made]
        check_xmllint(rep, shared, written)
        check_lint(rep, r, written)
        check_ttk(rep, r, find_ttk_python(args.ttk_python), primary, expected, tsv_rows)
        check_round_trips(rep, r, made)
        check_omegat(rep, r, tmp, primary, args.skip_omegat)
        check_samples(rep, r, shared, tmp)
    except SetupError as e:
        print(f"tmx_consumers: error: {e}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"\nkept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    print(f"\n{rep.passed} passed, {rep.failed} failed, {rep.skipped} skipped")
    if rep.failed:
        print("FAILED:")
        for n in rep.failures:
            print(f"  - {n}")
        return 1
    print("all TMX consumer checks passed" + (" (some skipped)" if rep.skipped else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

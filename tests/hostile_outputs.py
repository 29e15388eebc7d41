#!/usr/bin/env python3
"""Real readers of what bitexte writes from hostile input (issue 14): nothing lost, nothing invalid.

Run against the release binary, in a temporary folder, with inputs written here:

  a. tbx      a CSV glossary whose note and term hold control characters (U+0001, U+001F) goes through
              `glossary convert -o g.tbx`: exit 0 with a warning that names the concept; `xmllint
              --noout` accepts the TBX; `glossary lint` of the CSV flags the characters (exit 1) and of
              the TBX finds none of them.
  b. codes    a TMX with inline codes (bpt/ept/ph/it/hi/ut/sub), header notes, a ude with maps, props and
              notes with xml:lang and o-encoding, and header attributes (changeid, o-encoding):
              `tmx convert --to tmx` and TMX -> JSONL -> TMX write byte-identical documents that keep
              every code element (same names and attributes, counted with ElementTree), the header
              note, ude and maps; `xmllint --noout` (and `--dtdvalid` with the TMX 1.4 DTD of
              ../shared when given) accepts them; translate-toolkit reads every unit.
  c. refuse   an undeclared entity, a file cut after `</tu>` and two documents joined: `tmx convert`
              exits 2 with one line naming the file and line, and writes no output file.

Exit 0 when everything passes, 1 when a check fails, 2 on setup errors.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

FAILURES = []


def check(ok, what):
    print(f"  {'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        FAILURES.append(what)


def run(args, **kw):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


CODED_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="Hand" creationtoolversion="1" datatype="html" segtype="sentence"
          adminlang="en" srclang="en" o-tmf="none" changeid="ana" o-encoding="utf-8">
    <note xml:lang="en">Written by hand for bitexte's hostile tests.</note>
    <ude name="MacRoman" base="Macintosh">
      <map unicode="#xF8FF" code="#xF0" ent="Apple_logo" subst="[Apple]"/>
    </ude>
    <prop type="x-domain" xml:lang="en" o-encoding="utf-8">defence</prop>
  </header>
  <body>
    <tu tuid="1" changeid="bob">
      <note xml:lang="fr">Vérifié.</note>
      <tuv xml:lang="en">
        <seg>Press <bpt i="1" type="bold">&lt;b&gt;</bpt>Enter<ept i="1">&lt;/b&gt;</ept> now<ph x="2" type="lb">&lt;br/&gt;</ph>.</seg>
      </tuv>
      <tuv xml:lang="fr">
        <seg>Appuyez sur <bpt i="1" type="bold">&lt;b&gt;</bpt>Entrée<ept i="1">&lt;/b&gt;</ept> maintenant<ph x="2" type="lb">&lt;br/&gt;</ph>.</seg>
      </tuv>
    </tu>
    <tu tuid="2">
      <tuv xml:lang="en"><seg><it pos="begin" x="3">&lt;i&gt;</it>Allies<hi type="x-term">NATO</hi> <ut>{x}</ut>met.</seg></tuv>
      <tuv xml:lang="fr"><seg><it pos="begin" x="3">&lt;i&gt;</it>Les Alliés<hi type="x-term">OTAN</hi> <ut>{x}</ut>se sont réunis.</seg></tuv>
    </tu>
    <tu tuid="3">
      <tuv xml:lang="en"><seg>See <ph x="4">&lt;a href="x"&gt;<sub>link text</sub>&lt;/a&gt;</ph> here.</seg></tuv>
      <tuv xml:lang="fr"><seg>Voir <ph x="4">&lt;a href="x"&gt;<sub>texte du lien</sub>&lt;/a&gt;</ph> ici.</seg></tuv>
    </tu>
  </body>
</tmx>
"""

CODES = ("bpt", "ept", "ph", "it", "hi", "ut", "sub")


def code_elements(path):
    """(name, sorted attributes) of every inline code, in document order."""
    root = ET.parse(path).getroot()
    return [(e.tag, tuple(sorted(e.attrib.items()))) for e in root.iter() if e.tag in CODES]


def xmllint_ok(path, dtd=None):
    args = ["xmllint", "--noout", "--nonet"]
    if dtd:
        args += ["--dtdvalid", dtd]
    p = run(args + [path])
    if p.returncode != 0:
        print(p.stderr.decode("utf-8", "replace")[:600])
    return p.returncode == 0


def glossary(binary, tmp):
    print("a. tbx: control characters from a CSV glossary")
    csv = os.path.join(tmp, "g.csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write("id,en,fr,note\n")
        f.write("c1,armed forces,forces armées,a note\x01 with a control\x1f character\n")
        f.write("c2,ceasefire,cessez-le-feu,plain\n")
    tbx = os.path.join(tmp, "g.tbx")
    p = run([binary, "glossary", "convert", csv, "-o", tbx])
    err = p.stderr.decode("utf-8", "replace")
    check(p.returncode == 0, f"glossary convert exits 0 (got {p.returncode}: {err.strip()[:200]})")
    check("c1" in err and "control" in err, "a warning names the concept whose characters were removed")
    check(os.path.exists(tbx) and xmllint_ok(tbx), "xmllint accepts the TBX")
    lint = run([binary, "glossary", "lint", csv])
    check(lint.returncode == 1 and b"control" in lint.stdout + lint.stderr,
          f"glossary lint flags the control characters in the CSV (exit {lint.returncode})")
    lint = run([binary, "glossary", "lint", tbx])
    check(b"control" not in lint.stdout + lint.stderr,
          "glossary lint finds no control character in the written TBX")


def codes(binary, tmp, dtd, ttk):
    print("b. codes: inline codes and header data through tmx convert")
    src = os.path.join(tmp, "coded.tmx")
    with open(src, "w", encoding="utf-8") as f:
        f.write(CODED_TMX)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    direct = os.path.join(tmp, "direct.tmx")
    jsonl = os.path.join(tmp, "coded.jsonl")
    back = os.path.join(tmp, "back.tmx")
    steps = [
        [binary, "tmx", "convert", src, "--to", "tmx", "-o", direct],
        [binary, "tmx", "convert", src, "--to", "jsonl", "-o", jsonl],
        [binary, "tmx", "convert", jsonl, "--to", "tmx", "-o", back],
    ]
    for s in steps:
        p = run(s, env=env)
        check(p.returncode == 0, f"{' '.join(s[1:4])} exits 0 ({p.stderr.decode()[:200].strip()})")
        if p.returncode != 0:
            return
    want = code_elements(src)
    check(len(want) == 16, f"the input holds 16 inline codes ({len(want)})")
    for path in (direct, back):
        name = os.path.basename(path)
        check(code_elements(path) == want, f"{name}: every inline code kept with its attributes")
        text = open(path, encoding="utf-8").read()
        check("Written by hand for bitexte" in text, f"{name}: the header note is kept")
        check('<ude name="MacRoman"' in text and 'ent="Apple_logo"' in text, f"{name}: the ude and its map are kept")
        check('changeid="ana"' in text and 'o-encoding="utf-8"' in text, f"{name}: header attributes kept")
        check(xmllint_ok(path, dtd), f"{name}: xmllint{' --dtdvalid' if dtd else ''} accepts it")
    check(open(direct, "rb").read() == open(back, "rb").read(),
          "TMX -> TMX and TMX -> JSONL -> TMX write the same bytes")
    if ttk:
        script = ("import sys\nfrom translate.storage import tmx\n"
                  "s = tmx.tmxfile.parsefile(sys.argv[1])\n"
                  "print(len([u for u in s.units if u.source]))\n")
        p = run([ttk, "-c", script, direct])
        n = p.stdout.decode().strip()
        check(p.returncode == 0 and n == "3", f"translate-toolkit reads the 3 units ({n or p.stderr.decode()[-300:]})")


def refuse(binary, tmp):
    print("c. refuse: what cannot be read whole is an error, never a shorter memory")
    good = CODED_TMX
    cases = {
        "entity": good.replace("now<ph", "now&nbsp;<ph", 1),
        "truncated": good[: good.index("</tu>") + len("</tu>")] + "\n",
        "joined": good + good,
    }
    for name, text in cases.items():
        path = os.path.join(tmp, f"{name}.tmx")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        out = os.path.join(tmp, f"{name}.out.jsonl")
        p = run([binary, "tmx", "convert", path, "--to", "jsonl", "-o", out])
        err = p.stderr.decode("utf-8", "replace").strip()
        check(p.returncode == 2, f"{name}: exit 2 (got {p.returncode})")
        check(len(err.splitlines()) == 1 and f"{name}.tmx" in err and "line" in err,
              f"{name}: one line naming the file and line ({err[:160]})")
        check(not os.path.exists(out), f"{name}: no output written")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "bitexte"))
    ap.add_argument("--shared", help="../shared: validate TMX against its TMX 1.4 DTD")
    args = ap.parse_args()
    if not os.access(args.bin, os.X_OK):
        print(f"error: {args.bin} is not an executable (cargo build --release)", file=sys.stderr)
        return 2
    if shutil.which("xmllint") is None:
        print("error: xmllint not found (apt-get install libxml2-utils)", file=sys.stderr)
        return 2
    dtd = None
    if args.shared:
        dtd = os.path.join(args.shared, "data", "tmx", "tmx14.dtd")
        if not os.path.exists(dtd):
            print(f"error: {dtd} not found", file=sys.stderr)
            return 2
    try:
        import translate.storage.tmx  # noqa: F401
        ttk = sys.executable
    except ImportError:
        print("error: translate-toolkit not importable by this Python (pip install translate-toolkit)",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bitexte-hostile-") as tmp:
        glossary(args.bin, tmp)
        codes(args.bin, tmp, dtd, ttk)
        refuse(args.bin, tmp)
    if FAILURES:
        print(f"\n{len(FAILURES)} check(s) failed")
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

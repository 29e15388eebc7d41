#!/usr/bin/env python3
"""Writes the raw seeds of every fuzz target into a folder (default
/tmp/bitexte-fuzz-seeds/<target>/), to be minimised with `cargo fuzz cmin`
into fuzz/corpus/<target>/ (see fuzz/README.md).

Seeds: hostile inputs we wrote (below), the repository's corpora, glossaries
and golden files, and, when present, ../shared/data (split, align, tmx,
terms). Files are cut to 60 KB (the fuzz targets look at 64 KB at most).
TSV and JSONL memories are made from the TMX seeds with `bitexte tmx
convert` (pass the binary with --bitexte).

Layouts: `glossary` seeds start with a byte picking the format (0 CSV,
1 TSV, 2 two-column list); `qa_rules` and `qa_fix` seeds with a byte of
settings (bits 0-1 profile, 2 line segments, 3 French source, 4 apostrophe
rule), then source TAB target lines; `align` seeds are source NUL target.
"""

import argparse
import glob
import hashlib
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(os.path.dirname(ROOT)), "shared", "data")
CAP = 60 * 1024

# Hostile inputs we wrote, most from issue 14.
TMX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
    '<header creationtool="t" creationtoolversion="1" segtype="sentence" '
    'o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n'
)
TU = (
    '<tu tuid="{n}"><prop type="x">p</prop><note>n</note>'
    '<tuv xml:lang="en"><seg>Hello {n} &amp; <ph x="1">&lt;br/&gt;</ph>world.</seg></tuv>'
    '<tuv xml:lang="fr"><seg>Bonjour {n} &amp; le monde.</seg></tuv></tu>\n'
)
TMX_OK = TMX_HEAD + TU.format(n=1) + TU.format(n=2) + "</body>\n</tmx>\n"
HOSTILE = {
    "split": [
        b"word." * 2000,
        b"1.1." * 3000,
        b"http://a.a.a" + b".a" * 3000,
        "« Il a dit : « oui ». » Puis ? Non !\r\n\r\nM. Dupont, p. 3.".encode(),
        b"\xef\xbb\xbfA.\rB.\r\n\r\nC",
        b"\xff\xfeA\x00.\x00 \x00B\x00",
        b"ab\xe9cd",
        b"Mr. Smith went to Washington. He said \"Hi.\" (Then left.)\n\n\n  Next.",
        ("x" * 100 + "\n") * 30 + "\n\nEnd.",
    ],
    "tmx": [
        TMX_OK.encode(),
        (TMX_HEAD + '<tu><tuv xml:lang="en"><seg>Hello &x; &nbsp;x &#1;</seg></tuv></tu>'
         "</body></tmx>").encode(),
        (TMX_HEAD + TU.format(n=1)).encode(),
        (TMX_OK + TMX_OK).encode(),
        (TMX_OK + TU.format(n=3)).encode(),
        ('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
         + TMX_OK.split("\n", 1)[1].replace("Hello", "&b;")).encode(),
        TMX_OK.replace('xml:lang="fr"', 'lang="fr"').replace('version="1.4"', 'version="1.1"').encode(),
        b"\xef\xbb\xbf" + TMX_OK.encode(),
        TMX_OK.encode("utf-16"),
        TMX_OK.replace("\n", "\r\n").encode(),
        (TMX_HEAD + '<tu><tuv xml:lang="en"><seg><bpt i="1">&lt;b&gt;</bpt>x<ept i="1">&lt;/b&gt;</ept>'
         '<![CDATA[<tu>]]><!-- </tu> --><?pi </tu>?></seg></tuv></tu></body></tmx>').encode(),
    ],
    "tbx": [
        ("\ufeff\ufeff<?xml version='1.0'?><tbx type='TBX-Basic' style='dca' xml:lang='en'>"
         "<text><body><conceptEntry id='c1'><langSec xml:lang='en'><termSec><term>défense</term>"
         "</termSec></langSec></conceptEntry></body></text></tbx>").encode(),
        ("<?xml version='1.0'?><tbx type='TBX-Basic' style='dca' xml:lang='en'><text><body>"
         "<conceptEntry id='c1'><descrip type='subjectField'>d</descrip>"
         "<langSec xml:lang='en'><termSec><term>armed&nbsp;forces</term>"
         "<termNote type='administrativeStatus'>preferredTerm-admn-sts</termNote></termSec></langSec>"
         "<langSec xml:lang='fr'><termSec><term>forces armées</term></termSec></langSec>"
         "</conceptEntry></body></text></tbx>").encode(),
    ],
    "glossary": [
        b"\x00id,en,fr,en_status,fr_status,case,note,domain\nc1,NATO,OTAN,preferred,preferred,yes,\x01n,d\n"
        b"c1,North Atlantic,,admitted,,,,\n,\"a, b\",\"c \"\"d\"\"\",,,,,\n",
        b"\x01id\ten\tfr\tnote\nc1\tarmed forces\tforces arm\xc3\xa9es\tx\n\ten-only\t\t\n",
        b"\x02Hello world.\tBonjour le monde.\nworld\tmonde\nworld\tterre\n",
        b"\x00en,en\na,b\n",
        b"\x01en_pref\tfr_pref\ten_alt\tfr_alt\nA\tB\tC\tD\n",
    ],
    "memory_tsv": [
        b"Hello world.\tBonjour le monde.\nGood night.\tBonne nuit.\n",
        b"#\tsrclang\ten\n#\tprop:x\ty\ntuid\ten\tfr\tnote\ten:prop:t\tfr:attr:changeid\n"
        b"1\ta\\tb\\\\\tc\\nd\t\\e\tp\tme\n2\t\t\\e\t\t\t\n",
        b"en\ten\na\tb\n",
    ],
    "jsonl": [
        b'{"tmx_header":[["srclang","en"],["prop:x","y"]]}\n'
        b'{"tuid":"1","variants":[{"lang":"en","text":"a\\tb"},{"lang":"fr","text":""}]}\n\n'
        b'{"variants":[{"lang":"a/../../esc1","text":"x","props":[{"type":"t","value":"v"}],'
        b'"notes":["n"],"attrs":[["changeid","me"]]}],"attrs":[["usagecount","2"]]}\n',
        b'{"variants":[]}\n',
    ],
    "qa": [
        b"\x00Is it?\tQuoi  ?\n",
        "\x00He said \"yes\": 50% of 1,000.5 items.\tIl a dit «oui»: 50% de 1 000,5 articles !\n"
        "See https://example.org/a?b=1 or mail a@b.org.\tVoir http://example.com ou b@c.org\n"
        "Same.\tSame.\n\tvide\nThe the cat (a [b).\tLe le chat (a [b).\n".encode(),
        "\x01Really?\tVraiment\u00a0? «\u00a0a\u00a0»  b ;c\n".encode(),
        "\x02Really?\tVraiment\u202f? « a » l'été\n".encode(),
        "\x14It's 5 pm.\tIl est 17 h, c'est l'heure ; ok  ?\n".encode(),
        "\x0cOui ?\tYes ?\n".encode(),
        ("\x00" + "a\t" + "« a » " * 2000 + "\n").encode(),
    ],
}


def cap(data):
    return data[:CAP]


class Seeds:
    def __init__(self, out):
        self.out = out

    def add(self, target, data):
        if not data:
            return
        folder = os.path.join(self.out, target)
        os.makedirs(folder, exist_ok=True)
        data = cap(data)
        name = hashlib.sha1(data).hexdigest()
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def files(pattern):
    return sorted(p for p in glob.glob(pattern, recursive=True) if os.path.isfile(p))


def text_pairs(paths):
    """Pairs of (English, French) text files with the same stem."""
    out = []
    for p in paths:
        for en, fr in ((".en.txt", ".fr.txt"), (".en", ".fr"), (".enfr", None)):
            if p.endswith(en) and fr:
                q = p[: -len(en)] + fr
                if os.path.exists(q):
                    out.append((p, q))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default="/tmp/bitexte-fuzz-seeds")
    ap.add_argument("--bitexte", default=os.path.join(ROOT, "target", "release", "bitexte"))
    ap.add_argument("--no-shared", action="store_true", help="only our own seeds")
    args = ap.parse_args()
    s = Seeds(args.out)
    shared = os.path.isdir(SHARED) and not args.no_shared

    for d in HOSTILE["split"]:
        s.add("split", d if isinstance(d, bytes) else d.encode())
    for p in files(ROOT + "/corpora/*.txt") + files(ROOT + "/tests/golden/split/*"):
        s.add("split", read(p))
    s.add("split", read(ROOT + "/data/split/fr.txt"))
    if shared:
        for p in files(SHARED + "/split/**/*")[:60] + files(SHARED + "/seed/*.txt"):
            s.add("split", read(p))

    pairs = text_pairs(files(ROOT + "/corpora/*.txt"))
    if shared:
        pairs += text_pairs(files(SHARED + "/align/**/*"))
    for en, fr in pairs:
        s.add("align", cap(read(en))[: CAP // 2] + b"\0" + read(fr)[: CAP // 2])
        # Both sides as source TAB target lines for the QA targets.
        lines = [
            a + b"\t" + b
            for a, b in zip(read(en).splitlines(), read(fr).splitlines())
            if a.strip() and b.strip()
        ]
        for flags in (b"\x00", b"\x04", b"\x11"):
            s.add("qa", flags + b"\n".join(lines[:150]))
    s.add("align", b"\0Une phrase.")
    s.add("align", b"One. Two. Three.\n\nFour.\0Un. Deux.\n\nTrois. Quatre. Cinq.")

    tmx = [d for d in HOSTILE["tmx"]]
    tmx += [read(p) for p in files(ROOT + "/tests/golden/tmx/*.tmx")]
    if shared:
        tmx += [read(p) for p in files(SHARED + "/tmx/samples/**/*.tmx")]
    for d in tmx:
        s.add("tmx_read", d)
        s.add("tmx_roundtrip", d)

    tbx = list(HOSTILE["tbx"]) + [read(p) for p in files(ROOT + "/glossaries/*.tbx")]
    if shared:
        tbx += [read(p) for p in files(SHARED + "/terms/**/*.tbx")]
        tbx += [read(p) for p in files(SHARED + "/terms/ltac-tbx-samples/**/*.xml")]
    for d in tbx:
        s.add("tbx", d)

    for d in HOSTILE["glossary"]:
        s.add("glossary", d)
    for p in files(ROOT + "/glossaries/*.csv"):
        s.add("glossary", b"\x00" + read(p))
    if shared:
        for p in files(SHARED + "/terms/**/*.csv"):
            s.add("glossary", b"\x00" + read(p))
        for p in files(SHARED + "/terms/**/*.tsv"):
            s.add("glossary", b"\x01" + read(p))
        for p in files(SHARED + "/terms/**/*.txt"):
            s.add("glossary", b"\x02" + read(p))

    for d in HOSTILE["memory_tsv"]:
        s.add("tsv_memory", d)
    for d in HOSTILE["jsonl"]:
        s.add("jsonl_memory", d)
    for p in files(ROOT + "/tests/golden/align/*.tsv"):
        s.add("tsv_memory", read(p))
    for p in files(ROOT + "/tests/golden/align/*.jsonl") + files(ROOT + "/tests/data/terms/*.jsonl"):
        s.add("jsonl_memory", read(p))
    if os.path.exists(args.bitexte):
        with tempfile.TemporaryDirectory() as tmp:
            for k, d in enumerate(tmx):
                src = os.path.join(tmp, f"{k}.tmx")
                with open(src, "wb") as f:
                    f.write(d)
                for fmt, target in (("tsv", "tsv_memory"), ("jsonl", "jsonl_memory")):
                    dst = os.path.join(tmp, f"{k}.{fmt}")
                    r = subprocess.run(
                        [args.bitexte, "tmx", "convert", src, "--to", fmt, "-o", dst],
                        capture_output=True,
                    )
                    if r.returncode == 0 and os.path.exists(dst):
                        s.add(target, read(dst))
    else:
        print(f"no {args.bitexte}: no TSV/JSONL seeds converted from TMX", file=sys.stderr)

    for d in HOSTILE["qa"]:
        s.add("qa", d)
    # The QA seeds serve both QA targets.
    qa = os.path.join(args.out, "qa")
    for target in ("qa_rules", "qa_fix"):
        os.makedirs(os.path.join(args.out, target), exist_ok=True)
        for name in os.listdir(qa):
            with open(os.path.join(qa, name), "rb") as f:
                s.add(target, f.read())
    for t in sorted(os.listdir(args.out)):
        n = len(os.listdir(os.path.join(args.out, t)))
        print(f"{t}: {n} seeds")


if __name__ == "__main__":
    main()

"""Every CLI output, hashed: proves a refactoring changed no byte a user sees.

Runs a fixed list of bitexte commands (the shipped corpora in every format, html with a fixed date;
the NATO sample test set; the Hansard project, check jsonl; `tmx lint` on ../shared/data/tmx/samples;
`glossary lint` on the LTAC TBX samples) and hashes, per command, its exit code, standard output,
standard error and every file it writes. Each command runs in a fresh work folder under
target/compare/ with the same relative paths, so the hashes do not depend on the machine.

    python3 scripts/compare_outputs.py --bin NEW --record scripts/output_hashes.json
    python3 scripts/compare_outputs.py --bin NEW --check scripts/output_hashes.json
    python3 scripts/compare_outputs.py --bin NEW --old OLD          # both binaries, same run

Exit status: 0 identical, 1 some output differs (each is named, with a diff of the first bytes
for text), 2 setup error.
"""
import argparse
import difflib
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

CHECK_FORMATS = ["human", "json", "jsonl", "sarif", "github", "junit"]
HELP = [[], ["split"], ["align"], ["check"], ["report"], ["run"], ["init"], ["config"], ["config", "show"],
        ["tmx"], ["tmx", "convert"], ["tmx", "lint"], ["glossary"], ["glossary", "lint"], ["glossary", "convert"],
        ["glossary", "merge"], ["glossary", "diff"], ["glossary", "extract"]]
ENV = {"SOURCE_DATE_EPOCH": "1700000000", "NO_COLOR": "1", "RAYON_NUM_THREADS": "2"}


def corpus_pairs():
    names = sorted(os.listdir(os.path.join(ROOT, "corpora")))
    return [n[: -len(".en.txt")] for n in names if n.endswith(".en.txt")]


def cases(shared, hansard):
    """(name, setup, args, outputs): setup names the inputs copied into the work folder."""
    out = []
    # Every command's help and the version (clap renders them from the argument definitions).
    out.append(("version", "none", ["--version"], []))
    for cmd in HELP:
        out.append(("help-" + "-".join(cmd or ["bitexte"]), "none", cmd + ["--help"], []))
    # The shipped sample project: the whole job, then each command in each format.
    out.append(("run", "corpora", ["run", "--config", "corpora/bitexte.toml"],
                ["corpora/bitexte-out/memory.tmx", "corpora/bitexte-out/report.html"]))
    for f in CHECK_FORMATS:
        out.append((f"check-{f}", "corpora", ["check", "--config", "corpora/bitexte.toml", "--format", f], []))
        out.append((f"check-all-rules-{f}", "corpora",
                    ["check", "--config", "corpora/bitexte.toml", "--enable", "fr-apostrophe", "--format", f], []))
    out.append(("report", "corpora", ["report", "--config", "corpora/bitexte.toml", "-o", "r.html"], ["r.html"]))
    for f in ["beads", "tsv", "jsonl", "tmx"]:
        out.append((f"align-project-{f}", "corpora",
                    ["align", "--config", "corpora/bitexte.toml", "--format", f], []))
    for stem in corpus_pairs():
        en, fr = f"corpora/{stem}.en.txt", f"corpora/{stem}.fr.txt"
        for f in ["beads", "tsv", "jsonl", "tmx"]:
            out.append((f"align-{stem}-{f}", "corpora", ["align", "--isolated", en, fr, "--format", f], []))
        for f in CHECK_FORMATS:
            out.append((f"check-{stem}-{f}", "corpora",
                        ["check", "--isolated", "--glossary", "glossaries/nato-defence.csv", "--enable", "fr-apostrophe",
                         "--format", f, en, fr], []))
        out.append((f"report-{stem}", "corpora",
                    ["report", "--isolated", "--glossary", "glossaries/nato-defence.tbx", en, fr, "-o", "r.html"],
                    ["r.html"]))
        for side in (en, fr):
            for f in ["text", "jsonl"]:
                out.append((f"split-{os.path.basename(side)}-{f}", "corpora", ["split", "--format", f, side], []))
    out.append(("extract-csv", "corpora", ["glossary", "extract", "--config", "corpora/bitexte.toml"], []))
    out.append(("extract-json", "corpora",
                ["glossary", "extract", "--config", "corpora/bitexte.toml", "--format", "json"], []))
    for g in ["nato-defence.csv", "nato-defence.tbx"]:
        for f in ["human", "json"]:
            out.append((f"glossary-lint-{g}-{f}", "corpora",
                        ["glossary", "lint", "--format", f, f"glossaries/{g}"], []))
        for to in ["csv", "tsv", "tbx"]:
            out.append((f"glossary-convert-{g}-{to}", "corpora",
                        ["glossary", "convert", f"glossaries/{g}", "--to", to, "-o", f"g.{to}"], [f"g.{to}"]))
    out.append(("glossary-merge", "corpora",
                ["glossary", "merge", "glossaries/nato-defence.csv", "glossaries/nato-defence.tbx", "-o", "m.csv"],
                ["m.csv"]))
    out.append(("glossary-diff", "corpora",
                ["glossary", "diff", "glossaries/nato-defence.csv", "glossaries/nato-defence.tbx"], []))
    for to in ["tsv", "jsonl", "moses", "tmx"]:
        o = "conv" if to == "moses" else f"conv.{to}"
        out.append((f"tmx-convert-{to}", "memory",
                    ["tmx", "convert", "memory.tmx", "--to", to, "-o", o],
                    [o] if to != "moses" else ["conv.en", "conv.fr"]))
    out.append(("tmx-lint-memory", "memory", ["tmx", "lint", "memory.tmx"], []))
    # The NATO sample test set as one memory and as a TSV bitext.
    for f in CHECK_FORMATS:
        out.append((f"nato-sample-{f}", "nato-sample",
                    ["check", "--isolated", "--glossary", "glossary.csv", "--format", f, "testset.tmx"], []))
        out.append((f"nato-sample-tsv-{f}", "nato-sample",
                    ["check", "--isolated", "--glossary", "glossary.tbx", "--format", f, "--bitext", "testset.tsv"],
                    []))
    out.append(("nato-sample-report", "nato-sample",
                ["report", "--isolated", "--glossary", "glossary.csv", "testset.tmx", "-o", "r.html"], ["r.html"]))
    out.append(("nato-sample-lint", "nato-sample", ["tmx", "lint", "testset.tmx"], []))
    # tmx lint on the shared samples; glossary lint on the LTAC samples.
    for path in sorted(glob.glob(os.path.join(shared, "data/tmx/samples/**/*.tmx"), recursive=True)):
        rel = os.path.relpath(path, shared)
        out.append((f"tmx-lint-{rel}", "shared", ["tmx", "lint", rel], []))
    for path in sorted(glob.glob(os.path.join(shared, "data/terms/ltac-tbx-samples/**/*.tbx"), recursive=True)):
        rel = os.path.relpath(path, shared)
        for f in ["human", "json"]:
            out.append((f"glossary-lint-{rel}-{f}", "shared", ["glossary", "lint", "--format", f, rel], []))
    if hansard:
        out.append(("hansard-project-jsonl", "hansard", ["check", "--format", "jsonl"], []))
        out.append(("hansard-project-sarif", "hansard", ["check", "--format", "sarif"], []))
    return out


def write_tmx(items, path):
    from eval_terms import write_tmx as w
    w(items, path)


def setup(kind, work, shared, bin_path):
    """Fills `work` with the inputs of `kind` (copies or links, same relative paths every time)."""
    os.makedirs(work)
    if kind == "none":
        pass
    elif kind == "corpora":
        shutil.copytree(os.path.join(ROOT, "corpora"), os.path.join(work, "corpora"),
                        ignore=shutil.ignore_patterns("bitexte-out"))
        shutil.copytree(os.path.join(ROOT, "glossaries"), os.path.join(work, "glossaries"))
    elif kind == "memory":
        # A memory made by the sample project with the baseline shape (fixed date).
        shutil.copy(os.path.join(ROOT, "tests/golden/compare-memory.tmx"), os.path.join(work, "memory.tmx"))
    elif kind == "nato-sample":
        base = os.path.join(shared, "data/terms/nato-sample")
        for g in ["glossary.csv", "glossary.tbx"]:
            shutil.copy(os.path.join(base, g), os.path.join(work, g))
        with open(os.path.join(base, "testset.jsonl"), encoding="utf-8") as f:
            items = [json.loads(line) for line in f if line.strip()]
        write_tmx([{"id": i["id"], "en": i["en"], "fr": i["fr"]} for i in items], os.path.join(work, "testset.tmx"))
        with open(os.path.join(work, "testset.tsv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("en\tfr\n")
            for i in items:
                cell = [i[k].replace("\t", " ").replace("\n", " ") for k in ("en", "fr")]
                f.write(cell[0] + "\t" + cell[1] + "\n")
    elif kind == "shared":
        for sub in ["data/tmx/samples", "data/terms/ltac-tbx-samples"]:
            shutil.copytree(os.path.join(shared, sub), os.path.join(work, sub))
    elif kind == "hansard":
        corpora = os.path.join(shared, "data", "corpora")
        for side in ("en", "fr"):
            os.makedirs(os.path.join(work, side))
        for folder, s_suf, t_suf in (("hansard36-enfr", ".en", ".fr"), ("nato", ".en.txt", ".fr.txt")):
            d = os.path.join(corpora, folder)
            for name in sorted(os.listdir(d)):
                if name.endswith(s_suf) and os.path.exists(os.path.join(d, name[: -len(s_suf)] + t_suf)):
                    stem = name[: -len(s_suf)]
                    os.symlink(os.path.join(d, name), os.path.join(work, "en", stem + ".txt"))
                    os.symlink(os.path.join(d, stem + t_suf), os.path.join(work, "fr", stem + ".txt"))
        shutil.copy(os.path.join(ROOT, "glossaries/nato-defence.csv"), os.path.join(work, "glossary.csv"))
        with open(os.path.join(work, "bitexte.toml"), "w") as f:
            f.write('src-lang = "en"\ntgt-lang = "fr"\nsource = "en/*.txt"\ntarget = "fr/{path}"\n'
                    'aligned = true\nglossaries = ["glossary.csv"]\n')


def run_case(bin_path, case, shared, base):
    name, kind, args, outputs = case
    work = os.path.join(base, "work")
    shutil.rmtree(work, ignore_errors=True)
    setup(kind, work, shared, bin_path)
    env = dict(os.environ, **ENV)
    # argv[0] is `bitexte` whatever the binary's file is called (clap prints it in usage lines).
    p = subprocess.run(["bitexte"] + args + (["--quiet"] if args and args[0] in ("check", "run", "report") else []),
                       executable=bin_path, cwd=work, capture_output=True, env=env)
    got = {"exit": str(p.returncode).encode(), "stdout": p.stdout, "stderr": p.stderr}
    for o in outputs:
        path = os.path.join(work, o)
        got[o] = open(path, "rb").read() if os.path.exists(path) else b"<missing>"
    return got


def digest(got):
    return {k: hashlib.sha256(v).hexdigest() for k, v in got.items()}


def show_diff(name, key, old, new):
    print(f"DIFFERS: {name} [{key}]")
    if old is None:
        return
    a = old.decode("utf-8", "replace").splitlines()
    b = new.decode("utf-8", "replace").splitlines()
    for i, line in enumerate(difflib.unified_diff(a, b, "old", "new", n=1, lineterm="")):
        if i > 30:
            print("   ...")
            break
        print("   " + line[:200])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/bitexte"))
    ap.add_argument("--old", help="a second binary to compare with in the same run")
    ap.add_argument("--record", help="write the hashes to this file")
    ap.add_argument("--check", help="compare with the hashes in this file")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(ROOT), "shared"))
    ap.add_argument("--no-hansard", action="store_true", help="leave out the Hansard project (slow)")
    ap.add_argument("--only", help="only the cases whose name contains this")
    a = ap.parse_args()
    if not (a.old or a.record or a.check):
        ap.error("one of --old, --record, --check")
    for f in (a.bin, a.old, a.shared):
        if f and not os.path.exists(f):
            print(f"compare_outputs: not found: {f}", file=sys.stderr)
            return 2
    base = os.path.join(ROOT, "target/compare")
    todo = [c for c in cases(a.shared, not a.no_hansard) if not a.only or a.only in c[0]]
    recorded = {}
    if a.check:
        with open(a.check) as f:
            recorded = json.load(f)
    hashes, bad = {}, 0
    for case in todo:
        name = case[0]
        new = run_case(os.path.abspath(a.bin), case, a.shared, base)
        hashes[name] = digest(new)
        if a.old:
            old = run_case(os.path.abspath(a.old), case, a.shared, base)
            for k in sorted(set(old) | set(new)):
                if old.get(k) != new.get(k):
                    bad += 1
                    show_diff(name, k, old.get(k, b""), new.get(k, b""))
        if a.check:
            want = recorded.get(name)
            if want is None:
                bad += 1
                print(f"DIFFERS: {name}: not in {a.check}")
            elif want != hashes[name]:
                for k in sorted(set(want) | set(hashes[name])):
                    if want.get(k) != hashes[name].get(k):
                        bad += 1
                        show_diff(name, k, None, new.get(k, b""))
    if a.check:
        for name in sorted(set(recorded) - set(hashes)):
            if not a.only and (not a.no_hansard or not name.startswith("hansard")):
                bad += 1
                print(f"DIFFERS: {name}: recorded but not run")
    if a.record:
        with open(a.record, "w") as f:
            json.dump(hashes, f, indent=1, sort_keys=True)
            f.write("\n")
    outputs = sum(len(h) for h in hashes.values())
    print(f"compare_outputs: {len(todo)} commands, {outputs} outputs, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

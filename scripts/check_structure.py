#!/usr/bin/env python3
"""Structure rules of src/: no import circle, subcommands apart, short files and functions.

    python3 scripts/check_structure.py              # the tree this script sits in
    python3 scripts/check_structure.py --root DIR   # another checkout (DIR/src)
    python3 scripts/check_structure.py --self-test  # each check fails on a tiny synthetic tree

Prints one line per problem, `file:line: [check] what`, then a summary. Exit status: 0 no problem,
1 some problem, 2 setup error (no src/). Standard library only.

The checks
----------
(a) circle: no import circle between modules of src/.
(b) subcommand: no file of a `src/cli/` subcommand imports another subcommand's files.
(c) file-lines: no `.rs` file under src/ over 1,000 lines (`--max-file-lines`).
(d) fn-lines: no function over 150 lines (`--max-fn-lines`), counted from the line of its `fn`
    keyword to the line of its closing brace, both included. Every `fn` with a body counts: methods,
    nested functions, tests (`#[cfg(test)]` code is not exempt). Braces inside strings (raw and byte
    strings too), char literals and comments (nested block comments too) are ignored; lifetimes
    (`'a`) are told apart from char literals.

What a module is, and what an import is
---------------------------------------
Modules are found from the two crate roots, src/lib.rs (the library) and src/main.rs (the binary),
by following `mod name;` declarations (`name.rs` or `name/mod.rs` beside a `mod.rs`/root file,
under `stem/` beside any other file). A module is a file module (`qa/typo.rs` is `qa::typo`) or a
folder module (`qa/mod.rs` is `qa`, and owns the files under `qa/`). Inline modules (`mod tests { }`)
are part of their file: `super` inside one first leaves the inline module. Modules are named by
their path in their crate: `qa::numbers` (library), `cli::check` (binary). A `.rs` file under src/
that no crate root reaches is listed as a note (its imports cannot be resolved).

A file imports module M when its code (comments and string contents are ignored) holds
  - a `use` item whose path resolves to M or to an item inside M (`use super::config::Global`,
    `use crate::cli::{check, config}`: use trees with braces, `self`, `as` and `*` are expanded),
  - a path in code starting with `crate::`, `super::`, `self::` or, in the binary, `bitexte::`
    (the library crate) that resolves to M or into it (`crate::tmx::lang_tag_is_valid`),
  - a path in code starting with a name that a `use` of this file brought in as a module
    (`use super::check;` then `check::run()`; `use super::*;` brings in the parent's child modules).
A path is resolved to the deepest module it names: `crate::tmx::Reader` is an import of `tmx` even
when `tmx` re-exports `Reader` from `tmx::reader` (the file depends on what `tmx` chooses to
export). Paths through external crates are ignored; `#[path]` attributes and macro-generated paths
are not followed.

Circles (a)
-----------
A module and its ancestors or descendants depend on each other the normal way Rust trees work (a
parent declares and calls its children; children use the parent's types via `super::`), so an
import between a module and one of its ancestors is not an edge. Every other import is an edge
between the two SIBLINGS under the lowest common ancestor: `cli::glossary::extract` importing
`cli::check` is the edge `cli::glossary -> cli::check` (a folder module counts with every file
under it), and `qa::hygiene` importing `terms::check` is the edge `qa -> terms` in the library.
A circle is a cycle of such edges among the siblings of one parent, e.g.
`cli::check -> cli::config -> cli::check`. Each edge that lies on a circle is reported once,
with the shortest circle through it (circles found twice are printed once); each step names the
file:line of one import that makes it. The binary may import the library (`bitexte::...`); the
library cannot import the binary, so no circle crosses the two crates.

Subcommands (b)
---------------
The subcommand modules are the child modules of `cli` named in the types of the variants of the
`Command` enum in src/cli/mod.rs (`Split(split::Args)` makes `cli::split` one). A subcommand file
is the file of a subcommand module or any file under it (`cli/glossary/lint.rs`). Such a file may
import its own subcommand's files and shared helpers (`cli::input`, `cli::output`, ...: any cli
module not in the enum), never another subcommand's files. One problem line per importing file and
imported module, at its first import (the other lines are listed). If src/cli/mod.rs has no
`Command` enum, that is reported as a problem, so the check cannot pass by losing its list.
"""
import argparse
import bisect
import os
import re
import sys
import tempfile
import unittest
from collections import deque

# ----------------------------------------------------------------------------------- lexing --


def _is_ident_char(c):
    return c.isalnum() or c == "_"


_RAW_STRING = re.compile(r'[bc]?r(#*)"')


def strip_code(text):
    """`text` with comments and the contents of string and char literals blanked out.

    Same length and same line breaks as `text`, so offsets and line numbers carry over; quotes
    are kept. Lifetimes and loop labels (`'a`) are left as they are.
    """
    out = list(text)
    n = len(text)

    def blank(a, b):
        for k in range(a, min(b, n)):
            if out[k] != "\n":
                out[k] = " "

    i = 0
    while i < n:
        c = text[i]
        if c == "/" and text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
            continue
        if c == "/" and text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            blank(i, j)
            i = j
            continue
        if c in "bcr" and (i == 0 or not _is_ident_char(text[i - 1])):
            m = _RAW_STRING.match(text, i)
            if m:
                close = '"' + m.group(1)
                j = text.find(close, m.end())
                j = n if j < 0 else j
                blank(m.end(), j)
                i = j + len(close)
                continue
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            blank(i + 1, j)
            i = j + 1
            continue
        if c == "'":
            if i + 1 < n and text[i + 1] == "\\":  # '\n', '\'', '\u{..}'
                j = text.find("'", i + 3)
                j = n if j < 0 else j
                blank(i + 1, j)
                i = j + 1
                continue
            if i + 2 < n and text[i + 2] == "'":  # 'x' (b'x' too: the b was passed as a name)
                blank(i + 1, i + 2)
                i += 3
                continue
        i += 1
    return "".join(out)


class Source:
    """A file's text, its stripped code and a line index."""

    def __init__(self, path, rel, text):
        self.path = path
        self.rel = rel  # shown in messages: src/qa/typo.rs
        self.text = text
        self.code = strip_code(text)
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(self, offset):
        return bisect.bisect_right(self._starts, offset)

    def line_count(self):
        if not self.text:
            return 0
        return self.text.count("\n") + (0 if self.text.endswith("\n") else 1)


def matching_brace(code, open_at):
    """Offset of the brace that closes the one at `open_at`, or None."""
    depth = 0
    for k in range(open_at, len(code)):
        ch = code[k]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return k
    return None


# ------------------------------------------------------------------------------- functions --

_FN = re.compile(r"\bfn\s+(?:r#)?([A-Za-z_]\w*)")


def functions(src):
    """(name, first line, last line) of every `fn` with a body."""
    code = src.code
    out = []
    for m in _FN.finditer(code):
        depth = 0
        body = None
        for k in range(m.end(), len(code)):
            ch = code[k]
            if ch in "([":
                depth += 1
            elif ch in ")]":
                depth -= 1
            elif depth == 0 and ch == ";":
                break  # a declaration: trait method or extern fn
            elif depth == 0 and ch == "{":
                body = k
                break
        if body is None:
            continue
        end = matching_brace(code, body)
        last = src.line_of(end if end is not None else len(code) - 1)
        out.append((m.group(1), src.line_of(m.start()), last))
    return out


# --------------------------------------------------------------------------------- modules --


class Module:
    def __init__(self, crate, path, src, parent):
        self.crate = crate  # "lib" or "bin"
        self.path = path  # tuple of names, () for a crate root
        self.src = src
        self.parent = parent
        self.children = {}

    @property
    def name(self):
        if not self.path:
            return "crate root (src/lib.rs)" if self.crate == "lib" else "crate root (src/main.rs)"
        return "::".join(self.path)

    def is_within(self, other):
        """Whether self is `other` or one of its descendants."""
        return self.crate == other.crate and self.path[: len(other.path)] == other.path

    def __repr__(self):
        return f"Module({self.crate}:{self.name})"


_MOD_DECL = re.compile(r"\bmod\s+(?:r#)?([A-Za-z_]\w*)\s*;")
_INLINE_MOD = re.compile(r"\bmod\s+(?:r#)?[A-Za-z_]\w*\s*\{")


def inline_spans(code):
    """(start, end) offsets of the bodies of inline modules."""
    spans = []
    for m in _INLINE_MOD.finditer(code):
        end = matching_brace(code, m.end() - 1)
        spans.append((m.end() - 1, end if end is not None else len(code)))
    return spans


def inline_depth(spans, offset):
    return sum(1 for a, b in spans if a < offset < b)


class Tree:
    """The module trees of the library and the binary, and every .rs file under src/."""

    def __init__(self, root):
        self.root = root
        self.src_dir = os.path.join(root, "src")
        self.sources = {}  # absolute path -> Source
        for dirpath, dirnames, filenames in os.walk(self.src_dir):
            dirnames.sort()
            for f in sorted(filenames):
                if f.endswith(".rs"):
                    p = os.path.join(dirpath, f)
                    with open(p, encoding="utf-8", errors="replace") as fh:
                        text = fh.read()
                    self.sources[p] = Source(p, os.path.relpath(p, root), text)
        self.modules = []  # every module reached from a root
        self.roots = {}
        for crate, fname in (("lib", "lib.rs"), ("bin", "main.rs")):
            p = os.path.join(self.src_dir, fname)
            if p in self.sources:
                self.roots[crate] = self._load(crate, (), p, None)
        reached = {m.src.path for m in self.modules}
        self.unreached = sorted(s.rel for p, s in self.sources.items() if p not in reached)

    def _load(self, crate, path, file, parent):
        mod = Module(crate, path, self.sources[file], parent)
        self.modules.append(mod)
        code = mod.src.code
        spans = inline_spans(code)
        base = os.path.basename(file)
        if base in ("mod.rs", "lib.rs", "main.rs"):
            directory = os.path.dirname(file)
        else:
            directory = file[: -len(".rs")]
        for m in _MOD_DECL.finditer(code):
            if inline_depth(spans, m.start()):
                continue  # `mod x;` inside an inline module: not followed
            name = m.group(1)
            for cand in (os.path.join(directory, name + ".rs"), os.path.join(directory, name, "mod.rs")):
                if cand in self.sources:
                    mod.children[name] = self._load(crate, path + (name,), cand, mod)
                    break
        return mod

    def find(self, crate, path):
        mod = self.roots.get(crate)
        for name in path:
            if mod is None:
                return None
            mod = mod.children.get(name)
        return mod


# ---------------------------------------------------------------------------------- imports --

_USE = re.compile(r"\buse\b")
_TOKEN = re.compile(r"\s*(::|[{},;*]|(?:r#)?[A-Za-z_]\w*)")


def parse_use(code, start):
    """Leaves of the use tree after `use` at `start`: (segments, alias, glob, offset), and the end.

    `alias` is the name the leaf brings into scope (None for a glob or `_`).
    """
    tokens = []
    pos = start
    while pos < len(code):
        m = _TOKEN.match(code, pos)
        if not m:
            return [], pos  # not a use tree we understand (e.g. inside a macro)
        tok = m.group(1)
        tokens.append((tok.removeprefix("r#"), m.start(1)))
        pos = m.end()
        if tok == ";":
            break
    leaves = []

    def tree(i, prefix):
        segs = list(prefix)
        if i < len(tokens) and tokens[i][0] == "::":
            i += 1
        while i < len(tokens):
            tok, off = tokens[i]
            if tok == "{":
                i += 1
                while i < len(tokens) and tokens[i][0] != "}":
                    i = tree(i, segs)
                    if i < len(tokens) and tokens[i][0] == ",":
                        i += 1
                return i + 1
            if tok == "*":
                leaves.append((segs, None, True, off))
                return i + 1
            if tok in ("}", ",", ";", "::"):
                return i
            segs = segs + [tok]
            i += 1
            if i < len(tokens) and tokens[i][0] == "::":
                i += 1
                continue
            alias = tok
            if i + 1 < len(tokens) and tokens[i][0] == "as":
                alias = tokens[i + 1][0]
                i += 2
            if segs[-1] == "self":
                segs = segs[:-1]
                if alias == "self":
                    alias = segs[-1] if segs else None
            leaves.append((segs, None if alias == "_" else alias, False, off))
            return i
        return i

    tree(0, [])
    return leaves, pos


_PATH = re.compile(r"(?<![\w$:])([A-Za-z_]\w*)((?:\s*::\s*[A-Za-z_]\w*)+)")
_KEYWORDS = ("crate", "super", "self")


class Resolver:
    """Resolves the paths of one file against the module tree."""

    def __init__(self, tree, mod):
        self.tree = tree
        self.mod = mod
        self.scope = {}  # name brought in by a `use` -> Module

    def resolve(self, segs, depth):
        """The deepest module `segs` names (it may go on into an item), or None."""
        if not segs:
            return None
        first = segs[0]
        if first == "crate":
            cur, rest = self.tree.roots.get(self.mod.crate), segs[1:]
        elif first == "bitexte" and self.mod.crate == "bin":
            cur, rest = self.tree.roots.get("lib"), segs[1:]
        elif first in ("super", "self"):
            cur, k = self.mod, 0
            while k < len(segs) and segs[k] in ("super", "self"):
                if segs[k] == "super":
                    if depth > 0:
                        depth -= 1  # leaves an inline module: still this file
                    else:
                        cur = cur.parent
                        if cur is None:
                            return None
                k += 1
            rest = segs[k:]
        elif first in self.scope:
            cur, rest = self.scope[first], segs[1:]
        elif depth == 0 and first in self.mod.children:
            cur, rest = self.mod.children[first], segs[1:]
        else:
            return None
        if cur is None:
            return None
        for s in rest:
            if s not in cur.children:
                break
            cur = cur.children[s]
        return cur

    def resolve_exact(self, segs, depth):
        """The module `segs` names exactly (all of it), or None."""
        target = self.resolve(segs, depth)
        if target is None:
            return None
        # It names the module exactly when the path's last name is the module's own name,
        # or the path is only keywords (`super`, `crate`).
        last = segs[-1]
        if last in _KEYWORDS or last == "bitexte":
            return target
        return target if target.path and target.path[-1] == last else None


def imports(tree, mod):
    """(line, target Module, text) of every import of `mod`'s file (see the module docs)."""
    src = mod.src
    code = src.code
    spans = inline_spans(code)
    res = Resolver(tree, mod)
    uses = []  # (leaves, depth)
    use_spans = []
    for m in _USE.finditer(code):
        leaves, end = parse_use(code, m.end())
        use_spans.append((m.start(), end))
        uses.append((leaves, inline_depth(spans, m.start())))
    # Names brought in as modules, in two rounds (a use may start from a name an earlier one brought).
    for _ in range(2):
        for leaves, depth in uses:
            for segs, alias, glob, _off in leaves:
                if glob:
                    target = res.resolve_exact(segs, depth) if segs else None
                    if target is not None:
                        for name, child in target.children.items():
                            res.scope.setdefault(name, child)
                elif alias:
                    target = res.resolve_exact(segs, depth)
                    if target is not None and target is not mod:
                        res.scope.setdefault(alias, target)
    out = []
    for leaves, depth in uses:
        for segs, _alias, _glob, off in leaves:
            target = res.resolve(segs, depth)
            if target is not None:
                out.append((src.line_of(off), target, "use " + "::".join(segs) + ("::*" if _glob else "")))
    starts = [a for a, _ in use_spans]
    for m in _PATH.finditer(code):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k >= 0 and use_spans[k][0] <= m.start() < use_spans[k][1]:
            continue
        segs = [m.group(1)] + re.findall(r"[A-Za-z_]\w*", m.group(2))
        first = segs[0]
        if first not in _KEYWORDS and first not in res.scope and first not in mod.children and not (
            first == "bitexte" and mod.crate == "bin"
        ):
            continue
        target = res.resolve(segs, inline_depth(spans, m.start()))
        if target is not None:
            out.append((src.line_of(m.start()), target, "::".join(segs)))
    out.sort(key=lambda t: t[0])
    return out


def edges(tree):
    """Import edges between siblings: {(crate, parent path): {(from, to): [(file, line, target)]}}."""
    levels = {}
    for mod in tree.modules:
        for line, target, _text in imports(tree, mod):
            if target.crate != mod.crate:
                continue  # binary -> library: the library never imports back
            if mod.is_within(target) or target.is_within(mod):
                continue  # parent and child
            a, b = mod.path, target.path
            k = 0
            while a[k] == b[k]:
                k += 1
            parent = a[:k]
            key = (a[: k + 1], b[: k + 1])
            ev = levels.setdefault((mod.crate, parent), {}).setdefault(key, [])
            ev.append((mod.src.rel, line, target.name))
    return levels


def _sccs(nodes, succ):
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(succ.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            out.append(comp)

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def _shortest(succ, comp, start, goal):
    prev = {start: None}
    queue = deque([start])
    while queue:
        v = queue.popleft()
        if v == goal:
            path = []
            while v is not None:
                path.append(v)
                v = prev[v]
            return path[::-1]
        for w in sorted(succ.get(v, ())):
            if w in comp and w not in prev:
                prev[w] = v
                queue.append(w)
    return None


def circles(tree):
    """Problem lines for import circles among siblings."""
    problems = []
    for (_crate, _parent), level in sorted(edges(tree).items()):
        succ = {}
        for a, b in level:
            succ.setdefault(a, set()).add(b)
        nodes = set(succ) | {b for _, b in level}
        seen = set()
        for comp in _sccs(nodes, succ):
            if len(comp) < 2:
                continue
            for a, b in sorted(level):
                if a not in comp or b not in comp:
                    continue
                back = _shortest(succ, comp, b, a)
                cycle = [a] + back  # a -> b -> ... -> a
                ring = cycle[:-1]
                k = ring.index(min(ring))
                ring = ring[k:] + ring[:k]
                if tuple(ring) in seen:
                    continue
                seen.add(tuple(ring))
                steps = list(zip(ring, ring[1:] + ring[:1]))
                ev = []
                for x, y in steps:
                    f, line, target = level[(x, y)][0]
                    more = len(level[(x, y)]) - 1
                    ev.append(f"{f}:{line} imports {target}" + (f" (+{more} more)" if more else ""))
                names = " -> ".join("::".join(n) for n in ring + ring[:1])
                f, line, _ = level[steps[0]][0]
                problems.append((f, line, "circle", f"import circle {names}: " + "; ".join(ev)))
    return problems


_COMMAND_ENUM = re.compile(r"\benum\s+Command\b[^{;]*\{")


def subcommand_modules(tree):
    """The subcommand modules named in src/cli/mod.rs's `Command` enum, or a problem."""
    cli = tree.find("bin", ("cli",))
    if cli is None or not cli.src.rel.replace(os.sep, "/").endswith("src/cli/mod.rs"):
        return None, ("src/cli/mod.rs", 1, "subcommand", "no `cli` folder module under src/main.rs")
    code = cli.src.code
    m = _COMMAND_ENUM.search(code)
    if not m:
        return None, (cli.src.rel, 1, "subcommand", "no `enum Command` in src/cli/mod.rs")
    end = matching_brace(code, m.end() - 1) or len(code)
    names = []
    for p in re.finditer(r"(?<![\w:])([A-Za-z_]\w*)\s*::", code[m.end(): end]):
        if p.group(1) in cli.children and p.group(1) not in names:
            names.append(p.group(1))
    if not names:
        return None, (cli.src.rel, cli.src.line_of(m.start()), "subcommand",
                      "`enum Command` names no cli module (`Split(split::Args)`)")
    return [cli.children[n] for n in names], None


def subcommand_imports(tree):
    subs, problem = subcommand_modules(tree)
    if problem:
        return [problem], []
    problems = []
    for mod in tree.modules:
        own = next((s for s in subs if mod.is_within(s)), None)
        if own is None:
            continue
        found = {}
        for line, target, _text in imports(tree, mod):
            other = next((s for s in subs if target.is_within(s)), None)
            if other is not None and other is not own:
                found.setdefault(target.name, []).append(line)
        for target, lines in found.items():
            lines = sorted(set(lines))
            more = f" (also lines {', '.join(map(str, lines[1:]))})" if len(lines) > 1 else ""
            problems.append((mod.src.rel, lines[0], "subcommand",
                             f"subcommand {own.name} imports subcommand module {target}{more}"))
    return problems, [s.name for s in subs]


# ------------------------------------------------------------------------------------ main --


def check(root, max_file_lines=1000, max_fn_lines=150):
    """(problems, notes, summary): problems are (file, line, check, message)."""
    tree = Tree(root)
    problems = []
    problems += circles(tree)
    sub_problems, subs = subcommand_imports(tree)
    problems += sub_problems
    n_fns = 0
    for src in tree.sources.values():
        lines = src.line_count()
        if lines > max_file_lines:
            problems.append((src.rel, 1, "file-lines", f"{lines} lines (max {max_file_lines})"))
        for name, first, last in functions(src):
            n_fns += 1
            if last - first + 1 > max_fn_lines:
                problems.append((src.rel, first, "fn-lines",
                                 f"fn {name} is {last - first + 1} lines, to line {last} (max {max_fn_lines})"))
    notes = [f"{rel}: not reached from src/lib.rs or src/main.rs (its imports are not checked)"
             for rel in tree.unreached]
    counts = {c: sum(1 for p in problems if p[2] == c) for c in ("circle", "subcommand", "file-lines", "fn-lines")}
    summary = (f"{len(tree.sources)} files, {len(tree.modules)} modules, {n_fns} functions; "
               f"subcommand modules: {', '.join(subs) if subs else '-'}; "
               f"import circles: {counts['circle']}, subcommand imports: {counts['subcommand']}, "
               f"files over {max_file_lines} lines: {counts['file-lines']}, "
               f"functions over {max_fn_lines} lines: {counts['fn-lines']}")
    order = {"circle": 0, "subcommand": 1, "file-lines": 2, "fn-lines": 3}
    problems.sort(key=lambda p: (order[p[2]], p[0], p[1], p[3]))
    return problems, notes, summary


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    help="checkout holding src/ (default: the one this script is in)")
    ap.add_argument("--max-file-lines", type=int, default=1000)
    ap.add_argument("--max-fn-lines", type=int, default=150)
    ap.add_argument("--self-test", action="store_true", help="run the checks on tiny synthetic trees")
    args = ap.parse_args(argv)
    if args.self_test:
        result = unittest.TextTestRunner(verbosity=1).run(
            unittest.defaultTestLoader.loadTestsFromTestCase(SelfTest))
        return 0 if result.wasSuccessful() else 1
    if not os.path.isdir(os.path.join(args.root, "src")):
        print(f"check_structure: no src/ under {args.root}", file=sys.stderr)
        return 2
    problems, notes, summary = check(args.root, args.max_file_lines, args.max_fn_lines)
    for f, line, kind, msg in problems:
        print(f"{f}:{line}: [{kind}] {msg}")
    for n in notes:
        print(f"note: {n}")
    print(f"check_structure: {summary}")
    print(f"check_structure: {'FAILED, ' + str(len(problems)) + ' problems' if problems else 'OK'}")
    return 1 if problems else 0


# ------------------------------------------------------------------------------- self-test --


class SelfTest(unittest.TestCase):
    """Tiny trees: a clean one passes, and each check fails when its rule is broken."""

    CLEAN = {
        "src/lib.rs": "pub mod a;\npub mod b;\n",
        "src/a/mod.rs": "mod x;\npub fn f() { x::g(); crate::b::h(); }\n",
        "src/a/x.rs": "use super::f;\npub fn g() { let _ = f; }\n",
        "src/b.rs": "pub fn h() {}\n",
        "src/main.rs": "mod cli;\nfn main() { bitexte::a::f(); cli::run(); }\n",
        "src/cli/mod.rs": (
            "mod input;\nmod run;\nmod split;\n"
            "enum Command {\n    /// Split::Args in a comment is not a type\n"
            "    Split(split::Args),\n    Run(run::Args),\n}\n"
            "pub fn run() { input::read(); }\n"
        ),
        "src/cli/input.rs": "pub fn read() {}\n",
        "src/cli/split.rs": "use super::input;\npub struct Args;\n",
        "src/cli/run.rs": "use super::input::read;\npub struct Args;\nfn go() { read(); bitexte::b::h(); }\n",
    }

    def run_on(self, changes, **kw):
        files = dict(self.CLEAN)
        files.update(changes)
        with tempfile.TemporaryDirectory() as d:
            for rel, text in files.items():
                if text is None:
                    continue
                p = os.path.join(d, rel)
                os.makedirs(os.path.dirname(p), exist_ok=True)
                with open(p, "w", encoding="utf-8") as fh:
                    fh.write(text)
            problems, notes, _summary = check(d, **kw)
        return problems, notes

    def kinds(self, problems):
        return sorted({p[2] for p in problems})

    def test_clean_tree_passes(self):
        problems, notes = self.run_on({})
        self.assertEqual(problems, [])
        self.assertEqual(notes, [])

    def test_circle_between_siblings(self):
        problems, _ = self.run_on({"src/b.rs": "use crate::a::f;\npub fn h() { f(); }\n"})
        self.assertEqual(self.kinds(problems), ["circle"])
        self.assertEqual(problems[0][:2], ("src/a/mod.rs", 2))
        self.assertIn("import circle a -> b -> a", problems[0][3])
        self.assertIn("src/b.rs:1 imports a", problems[0][3])

    def test_circle_through_a_folder_module_child(self):
        # b imports a::x, a file under the folder module a, and a imports b: a circle a <-> b.
        problems, _ = self.run_on({"src/b.rs": "pub fn h() { crate::a::x::g(); }\n"})
        self.assertEqual(self.kinds(problems), ["circle"])
        self.assertIn("src/b.rs:1 imports a::x", problems[0][3])

    def test_circle_of_three_through_a_brace_use(self):
        problems, _ = self.run_on({
            "src/lib.rs": "pub mod a;\npub mod b;\npub mod c;\n",
            "src/b.rs": "use crate::{c::{self, k as kk}};\npub fn h() {}\n",
            # `super::super` leaves the crate: no module, no import.
            "src/c.rs": "use super::super::b;\npub fn k() {\n    super::a::f();\n}\n",
        })
        self.assertEqual([p[:3] for p in problems], [("src/a/mod.rs", 2, "circle")])
        self.assertIn("import circle a -> b -> c -> a: src/a/mod.rs:2 imports b; src/b.rs:1 imports c (+1 more); "
                      "src/c.rs:3 imports a", problems[0][3])

    def test_glob_brings_sibling_modules_into_scope(self):
        problems, _ = self.run_on({
            "src/cli/input.rs": "use super::*;\npub fn read() {\n    run::go();\n}\n",
            "src/cli/run.rs": "use super::input::read;\npub struct Args;\npub fn go() { read(); }\n",
        })
        self.assertEqual(self.kinds(problems), ["circle"])
        self.assertIn("src/cli/input.rs:3 imports cli::run", problems[0][3])

    def test_parent_and_child_are_no_circle(self):
        problems, _ = self.run_on({
            "src/a/x.rs": "use super::f;\nmod t {\n    use super::super::f;\n    use super::g;\n}\n"
                          "pub fn g() { crate::a::f(); }\n",
        })
        self.assertEqual(problems, [])

    def test_comments_and_strings_are_no_imports(self):
        problems, _ = self.run_on({
            "src/b.rs": '/// uses [`crate::a::f`]\npub fn h() { let _s = "crate::a::f()"; } // crate::a\n',
        })
        self.assertEqual(problems, [])

    def test_subcommand_imports_subcommand(self):
        problems, _ = self.run_on({
            "src/cli/run.rs": "use super::input::read;\npub struct Args;\n"
                              "fn go() {\n    read();\n    super::split::go();\n}\n",
            "src/cli/split.rs": "pub struct Args;\npub fn go() {}\n",
        })
        self.assertEqual([p[:3] for p in problems], [("src/cli/run.rs", 5, "subcommand")])
        self.assertIn("subcommand cli::run imports subcommand module cli::split", problems[0][3])

    def test_subcommand_submodule_file_counts(self):
        problems, _ = self.run_on({
            "src/cli/mod.rs": self.CLEAN["src/cli/mod.rs"].replace("mod run;", "mod run;\nmod tmx;").replace(
                "Run(run::Args),", "Run(run::Args),\n    Tmx(Box<tmx::Args>),"),
            "src/cli/tmx/mod.rs": "mod lint;\npub struct Args;\n",
            "src/cli/tmx/lint.rs": "use crate::cli::{input, run::Args as RunArgs};\n",
        })
        self.assertEqual([p[:3] for p in problems], [("src/cli/tmx/lint.rs", 1, "subcommand")])
        self.assertIn("cli::tmx imports subcommand module cli::run", problems[0][3])

    def test_subcommand_list_follows_the_enum(self):
        # input is not a subcommand, so split may use it; once the enum names it, it may not.
        problems, _ = self.run_on({
            "src/cli/mod.rs": self.CLEAN["src/cli/mod.rs"].replace("Run(run::Args),", "Run(run::Args),\n    Input(input::Args),"),
            "src/cli/input.rs": "pub struct Args;\npub fn read() {}\n",
        })
        self.assertEqual(sorted(p[0] for p in problems), ["src/cli/run.rs", "src/cli/split.rs"])

    def test_missing_command_enum_fails(self):
        problems, _ = self.run_on({"src/cli/mod.rs": "mod input;\nmod run;\nmod split;\npub fn run() {}\n"})
        self.assertEqual(self.kinds(problems), ["subcommand"])
        self.assertIn("no `enum Command`", problems[0][3])

    def test_file_lines(self):
        problems, _ = self.run_on({"src/b.rs": "pub fn h() {}\n" + "//\n" * 999})
        self.assertEqual(problems, [])
        problems, _ = self.run_on({"src/b.rs": "pub fn h() {}\n" + "//\n" * 1000})
        self.assertEqual([p[:3] for p in problems], [("src/b.rs", 1, "file-lines")])
        self.assertIn("1001 lines", problems[0][3])

    def test_fn_lines_with_tricky_braces(self):
        tricky = (
            "    let _a = \"}}\"; let _b = '}'; let _c = b'{'; let _e = '\\'';\n"
            "    let _r = r#\"}\" }\"#; // }\n"
            "    /* } /* { */ } */\n"
            "    fn inner<'a>(x: &'a str) -> &'a str { x }\n"
            "    struct S { v: [u8; 2] }\n"
        )

        # `fn long(` + `) {` + body + `}`: the count starts at the fn line.
        def source(lines):
            body = tricky + "    let _ = 0;\n" * (lines - 3 - tricky.count("\n"))
            return "pub fn h() {}\nfn long(\n) {\n" + body + "}\ntrait T { fn decl(&self); }\nfn after() {}\n"

        problems, _ = self.run_on({"src/b.rs": source(150)})
        self.assertEqual(problems, [])
        problems, _ = self.run_on({"src/b.rs": source(151)})
        self.assertEqual([p[:3] for p in problems], [("src/b.rs", 2, "fn-lines")])
        self.assertIn("fn long is 151 lines, to line 152", problems[0][3])

    def test_fn_lines_in_cfg_test(self):
        body = "    let _ = 0;\n" * 150
        problems, _ = self.run_on({"src/b.rs": "pub fn h() {}\n#[cfg(test)]\nmod tests {\n    #[test]\n"
                                               "    fn t() {\n" + body + "    }\n}\n"})
        self.assertEqual([p[:3] for p in problems], [("src/b.rs", 5, "fn-lines")])

    def test_strip_code(self):
        text = "a /* x /* y */ z */ b // c\n'\\u{7d}' 'x' 'a: loop {} br##\"}\"#\"## \"\\\"}\" x"
        code = strip_code(text)
        self.assertEqual(len(code), len(text))
        self.assertNotIn("}", code.replace("loop {}", ""))
        self.assertIn("'a: loop {}", code)
        self.assertTrue(code.rstrip().endswith("x"))

    def test_unreached_file_is_noted(self):
        _problems, notes = self.run_on({"src/stray.rs": "fn f() {}\n"})
        self.assertEqual(len(notes), 1)
        self.assertIn("src/stray.rs", notes[0])


if __name__ == "__main__":
    sys.exit(main())

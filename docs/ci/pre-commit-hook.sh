#!/bin/sh
# A git pre-commit hook for bitexte: it checks the documents of the project (bitexte.toml)
# changed since HEAD and blocks the commit when an error is found (exit 1) or when bitexte
# cannot check (exit 2: unreadable input, bad glossary, baseline or bitexte.toml).
# Install it in a repository with:
#   cp docs/ci/pre-commit-hook.sh .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
# `git commit --no-verify` commits anyway. bitexte reads the files in the working tree, so
# changes not staged for the commit are checked too. See docs/ci.md.

if ! command -v bitexte >/dev/null 2>&1; then
    echo "pre-commit: bitexte is not installed; not checked" >&2
    exit 0
fi

bitexte check --changed-since HEAD --format human
status=$?
case $status in
    0) exit 0 ;;
    1) echo "pre-commit: bitexte found errors (above); fix them, or commit with --no-verify" >&2 ;;
    2) echo "pre-commit: bitexte could not check: bad input or configuration (above)" >&2 ;;
    *) echo "pre-commit: bitexte failed (exit $status)" >&2 ;;
esac
exit 1

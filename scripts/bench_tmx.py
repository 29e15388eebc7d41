#!/usr/bin/env python3
"""Speed and memory of bitexte's TMX writer and reader on a large memory.

Builds, in a temporary directory, a JSONL memory of --units units (default 1,000,000) in the
layout of `bitexte tmx convert --to jsonl`:

    {"tmx_header": [["srclang", "en"]]}
    {"tuid": "1", "props": [{"type": "x-bitexte-score", "value": "0.930"}],
     "variants": [{"lang": "en", "text": "..."}, {"lang": "fr", "text": "..."}]}

The segment texts cycle through the sentence pairs that `bitexte align --format tsv` finds in the
shipped corpora (corpora/*.{en,fr}.txt; 1-0/0-1 rows left out), so lengths and characters are
those of real sentences (accents, typographic quotes, no-break spaces).  Before timing, a
3-unit sample goes JSONL -> TMX -> JSONL to confirm the layout is the one the binary reads.  Then:

  writer  `bitexte tmx convert big.jsonl --to tmx -o big.tmx` (the gate: a real file, written
          atomically, fsync included); also `-o /dev/null`, for information (no disk write)
  reader  `bitexte tmx convert big.tmx --to jsonl -o /dev/null`
  to_tsv  `bitexte tmx convert big.tmx --to tsv -o big.tsv` (TMX -> TSV: the reader, and the TSV
          writer, which spools rows to a temporary file until the header row is known)
  from_tsv `bitexte tmx convert big.tsv --to tmx -o big2.tmx` (TSV -> TMX, streamed)

each --runs times (default 3): best wall clock, and peak RSS from `/usr/bin/time` (or, without
GNU time, by polling /proc/PID/status VmHWM).  Reported: seconds, units/s, MB/s (1 MB = 1e6 bytes;
of the TMX file for both, the JSONL too for the writer) and peak RSS.  Unless --no-verify, the
TMX is checked to hold --units `<tu>` elements and one untimed reader run through a pipe must
print --units + 1 JSONL lines.

--gate: exit 1 if writing takes > --max-write-s (2 s), reading > --max-read-s (3 s), or the
writer's peak RSS > --max-write-rss (50 MB); TSV -> TMX > --max-from-tsv-s (2 s), TMX -> TSV >
--max-to-tsv-s (3 s), or either's peak RSS > --max-tsv-rss (50 MB).  The time bars are per
1,000,000 units and scale with --units.  Unless --no-verify, the TSV must hold --units rows after
its header row and the TMX written back from it --units `<tu>`.  Exit 2 on setup errors.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
MB = 1_000_000
CORPORA = ("press-release", "statement", "report-extract")


class SetupError(Exception):
    pass


def corpus_pairs(binary):
    """[(en, fr, score)] from `align --format tsv` over the shipped corpora."""
    pairs = []
    for c in CORPORA:
        en = os.path.join(REPO, "corpora", f"{c}.en.txt")
        fr = os.path.join(REPO, "corpora", f"{c}.fr.txt")
        p = subprocess.run([binary, "align", en, fr, "--format", "tsv"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            raise SetupError(f"bitexte align {c} exited {p.returncode}: "
                             f"{p.stderr.decode('utf-8', 'replace').strip()[:300]}")
        for line in p.stdout.decode("utf-8").split("\n"):
            cols = line.split("\t")
            if len(cols) == 4 and cols[3] not in ("1-0", "0-1"):
                pairs.append((cols[0], cols[1], cols[2]))
    if not pairs:
        raise SetupError("no sentence pairs from the shipped corpora")
    return pairs


def unit_obj(i, en, fr, score):
    return {"tuid": str(i), "props": [{"type": "x-bitexte-score", "value": score}],
            "variants": [{"lang": "en", "text": en}, {"lang": "fr", "text": fr}]}


def write_jsonl(path, pairs, n):
    """Writes the header and n units; returns the byte size."""
    dumps = json.dumps
    # Pre-encode what does not depend on the unit number.
    tails = [dumps({"props": [{"type": "x-bitexte-score", "value": s}],
                    "variants": [{"lang": "en", "text": e}, {"lang": "fr", "text": f}]},
                   ensure_ascii=False)[1:] for e, f, s in pairs]
    k = len(tails)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write('{"tmx_header": [["srclang", "en"]]}\n')
        buf = []
        for i in range(n):
            buf.append(f'{{"tuid": "{i + 1}", {tails[i % k]}\n')
            if len(buf) == 10000:
                out.write("".join(buf))
                buf.clear()
        out.write("".join(buf))
    return os.path.getsize(path)


def check_layout(binary, tmp, pairs):
    """A 3-unit JSONL -> TMX -> JSONL round trip keeps the units (layout check)."""
    small = os.path.join(tmp, "layout.jsonl")
    write_jsonl(small, pairs, 3)
    tmx = os.path.join(tmp, "layout.tmx")
    for cmd in ([binary, "tmx", "convert", small, "--to", "tmx", "-o", tmx],
                [binary, "tmx", "convert", tmx, "--to", "jsonl"]):
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            raise SetupError(f"`{' '.join(cmd)}` exited {p.returncode}: "
                             f"{p.stderr.decode('utf-8', 'replace').strip()[:300]}")
    back = [json.loads(x) for x in p.stdout.decode("utf-8").splitlines()[1:]]
    want = [unit_obj(i + 1, *pairs[i % len(pairs)]) for i in range(3)]
    if back != want:
        raise SetupError(f"JSONL layout not read as expected: wrote {want[0]}, read back {back[:1]}")


def timed_run(cmd):
    """(wall s, peak RSS MB, method) of one run; raises SetupError when it fails."""
    gnu_time = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else ""
    with tempfile.NamedTemporaryFile(prefix="bench-tmx-time-") as tf:
        if gnu_time:
            full = [gnu_time, "-f", "%M", "-o", tf.name] + cmd
            t0 = time.perf_counter()
            p = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            wall = time.perf_counter() - t0
            if p.returncode != 0:
                raise SetupError(f"`{' '.join(cmd)}` exited {p.returncode}: "
                                 f"{p.stderr.decode('utf-8', 'replace').strip()[:500]}")
            m = re.search(r"(\d+)\s*$", open(tf.name).read())
            if m:
                return wall, int(m.group(1)) * 1024 / MB, "/usr/bin/time"
        # Without GNU time: poll VmHWM of the child (wait4's ru_maxrss can carry the parent's).
        with tempfile.TemporaryFile() as errf:
            t0 = time.perf_counter()
            p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errf)
            hwm = 0
            while True:
                try:
                    with open(f"/proc/{p.pid}/status") as st:
                        for line in st:
                            if line.startswith("VmHWM:"):
                                hwm = max(hwm, int(line.split()[1]))
                except (OSError, ValueError):
                    pass
                pid, status, _ = os.wait4(p.pid, os.WNOHANG)
                if pid:
                    break
                time.sleep(0.005)
            wall = time.perf_counter() - t0
            rc = os.waitstatus_to_exitcode(status)
            errf.seek(0)
            if rc != 0:
                raise SetupError(f"`{' '.join(cmd)}` exited {rc}: "
                                 f"{errf.read().decode('utf-8', 'replace').strip()[:500]}")
        return wall, hwm * 1024 / MB, "/proc VmHWM poll"


def bench(cmd, runs):
    walls, rss, how = [], [], ""
    for _ in range(runs):
        w, r, how = timed_run(cmd)
        walls.append(w)
        rss.append(r)
    return {"command": " ".join(cmd), "runs_s": walls, "best_s": min(walls),
            "peak_rss_mb": max(rss), "rss_runs_mb": rss, "rss_method": how}


def count_tu(path):
    n = 0
    tail = b""
    with open(path, "rb") as f:
        while True:
            b = f.read(1 << 24)
            if not b:
                return n
            chunk = tail + b
            n += chunk.count(b"<tu ") + chunk.count(b"<tu>")
            tail = chunk[-3:]  # 3 bytes cannot hold a whole 4-byte match: none counted twice


def count_tsv_rows(path):
    """Rows after the `#` lines and the header row of a TSV written by bitexte."""
    lines = 0
    head = 0
    with open(path, "rb") as f:
        for line in f:
            if lines == head and line.startswith(b"#\t"):
                head += 1
            lines += 1
    return lines - head - 1


def count_reader_lines(binary, tmx):
    p = subprocess.Popen([binary, "tmx", "convert", tmx, "--to", "jsonl"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    n = 0
    while True:
        b = p.stdout.read(1 << 24)
        if not b:
            break
        n += b.count(b"\n")
    err = p.stderr.read()
    if p.wait() != 0:
        raise SetupError(f"reader exited {p.returncode}: {err.decode('utf-8', 'replace')[:300]}")
    return n


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "bitexte"))
    ap.add_argument("--units", type=int, default=1_000_000, help="units in the memory (1000000)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs, best is kept (default 3)")
    ap.add_argument("--gate", action="store_true", help="exit 1 if a bar is missed")
    ap.add_argument("--max-write-s", type=float, default=2.0, help="gate: writer seconds (2)")
    ap.add_argument("--max-read-s", type=float, default=3.0, help="gate: reader seconds (3)")
    ap.add_argument("--max-write-rss", type=float, default=50.0,
                    help="gate: writer peak RSS, MB (50)")
    ap.add_argument("--max-to-tsv-s", type=float, default=3.0,
                    help="gate: TMX -> TSV seconds (3)")
    ap.add_argument("--max-from-tsv-s", type=float, default=2.0,
                    help="gate: TSV -> TMX seconds (2)")
    ap.add_argument("--max-tsv-rss", type=float, default=50.0,
                    help="gate: peak RSS of TMX -> TSV and TSV -> TMX, MB (50)")
    ap.add_argument("--no-verify", action="store_true",
                    help="skip the unit counts of the TMX and of an untimed reader run")
    ap.add_argument("--json", metavar="OUT", help="write the numbers to this JSON file")
    ap.add_argument("--tmpdir", help="where to build the files (default: system temp)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary files")
    args = ap.parse_args(argv)

    binary = os.path.abspath(args.bin)
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        print(f"bench_tmx: error: binary not found: {binary} (run `cargo build --release`)",
              file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="bitexte-bench-tmx-", dir=args.tmpdir)
    n = args.units
    res = {"bin": binary, "units": n}
    try:
        pairs = corpus_pairs(binary)
        check_layout(binary, tmp, pairs)
        jsonl = os.path.join(tmp, "big.jsonl")
        tmx = os.path.join(tmp, "big.tmx")
        t0 = time.perf_counter()
        jbytes = write_jsonl(jsonl, pairs, n)
        res["generate_s"] = time.perf_counter() - t0
        res["jsonl_bytes"] = jbytes
        res["template_pairs"] = len(pairs)
        res["mean_chars_per_segment"] = sum(len(e) + len(f) for e, f, _ in pairs) / 2 / len(pairs)
        print(f"bench_tmx: {n} units, JSONL {jbytes / MB:.1f} MB "
              f"(generated in {res['generate_s']:.1f} s); timing {args.runs} runs each...",
              flush=True)

        res["writer"] = bench([binary, "tmx", "convert", jsonl, "--to", "tmx", "-o", tmx],
                              args.runs)
        tbytes = os.path.getsize(tmx)
        # Informational: the same writer without the file (no disk write, no fsync).
        res["writer_devnull"] = bench([binary, "tmx", "convert", jsonl, "--to", "tmx",
                                       "-o", os.devnull], args.runs)
        res["tmx_bytes"] = tbytes
        res["reader"] = bench([binary, "tmx", "convert", tmx, "--to", "jsonl", "-o", os.devnull],
                              args.runs)
        tsv = os.path.join(tmp, "big.tsv")
        back = os.path.join(tmp, "back.tmx")
        res["to_tsv"] = bench([binary, "tmx", "convert", tmx, "--to", "tsv", "-o", tsv], args.runs)
        res["tsv_bytes"] = os.path.getsize(tsv)
        res["from_tsv"] = bench([binary, "tmx", "convert", tsv, "--to", "tmx", "-o", back],
                                args.runs)
        if not args.no_verify:
            rows = count_tsv_rows(tsv)
            back_tus = count_tu(back)
            res["verify_tsv"] = {"tsv_rows": rows, "tu_elements_back": back_tus,
                                 "ok": rows == n and back_tus == n}
            tus = count_tu(tmx)
            lines = count_reader_lines(binary, tmx)
            res["verify"] = {"tu_elements": tus, "reader_jsonl_lines": lines,
                             "ok": tus == n and lines == n + 1}
        for k in ("writer", "reader"):
            b = res[k]
            b["units_per_s"] = n / b["best_s"]
            b["tmx_mb_per_s"] = tbytes / MB / b["best_s"]
        res["writer"]["jsonl_mb_per_s"] = jbytes / MB / res["writer"]["best_s"]
    except SetupError as e:
        print(f"bench_tmx: error: {e}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    rows, misses = [], []
    rows.append(("input", "units", f"{n:,}", "", ""))
    rows.append(("input", "JSONL / TMX / TSV size MB",
                 f"{res['jsonl_bytes'] / MB:.1f} / {res['tmx_bytes'] / MB:.1f} / "
                 f"{res['tsv_bytes'] / MB:.1f}", "", ""))
    rows.append(("input", "mean chars per segment", f"{res['mean_chars_per_segment']:.0f}", "", ""))
    scale = n / 1_000_000  # the time bars are for 1,000,000 units
    for k, bar_s, label in (("writer", args.max_write_s * scale, "JSONL -> TMX"),
                            ("reader", args.max_read_s * scale, "TMX -> JSONL")):
        b = res[k]
        rows.append((k, f"{label}: wall s (best of {args.runs})",
                     " / ".join(f"{t:.3f}" for t in b["runs_s"]), "", ""))
        ok = b["best_s"] <= bar_s
        rows.append((k, "best s", f"{b['best_s']:.3f}", f"<= {bar_s:.3g}", "PASS" if ok else "FAIL"))
        if not ok:
            misses.append(f"{k}: {b['best_s']:.2f} s for {n:,} units > {bar_s:.3g} s")
        rows.append((k, "units/s", f"{b['units_per_s']:,.0f}", "", ""))
        rows.append((k, "TMX MB/s", f"{b['tmx_mb_per_s']:.1f}", "", ""))
        if k == "writer":
            rows.append((k, "JSONL MB/s", f"{b['jsonl_mb_per_s']:.1f}", "", ""))
            ok = b["peak_rss_mb"] <= args.max_write_rss
            rows.append((k, f"peak RSS MB ({b['rss_method']})", f"{b['peak_rss_mb']:.1f}",
                         f"<= {args.max_write_rss:g}", "PASS" if ok else "FAIL"))
            if not ok:
                misses.append(f"writer peak RSS {b['peak_rss_mb']:.1f} MB > {args.max_write_rss:g}")
            d = res["writer_devnull"]
            rows.append((k, "-o /dev/null: best s (info: no disk write)",
                         f"{d['best_s']:.3f} ({n / d['best_s']:,.0f} units/s)", "", ""))
        else:
            rows.append((k, f"peak RSS MB ({b['rss_method']})", f"{b['peak_rss_mb']:.1f}", "", ""))
    for k, bar_s, label in (("to_tsv", args.max_to_tsv_s * scale, "TMX -> TSV"),
                            ("from_tsv", args.max_from_tsv_s * scale, "TSV -> TMX")):
        b = res[k]
        rows.append((k, f"{label}: wall s (best of {args.runs})",
                     " / ".join(f"{t:.3f}" for t in b["runs_s"]), "", ""))
        ok = b["best_s"] <= bar_s
        rows.append((k, "best s", f"{b['best_s']:.3f}", f"<= {bar_s:.3g}", "PASS" if ok else "FAIL"))
        if not ok:
            misses.append(f"{k}: {b['best_s']:.2f} s for {n:,} units > {bar_s:.3g} s")
        rows.append((k, "units/s", f"{n / b['best_s']:,.0f}", "", ""))
        rows.append((k, "TSV MB/s", f"{res['tsv_bytes'] / MB / b['best_s']:.1f}", "", ""))
        ok = b["peak_rss_mb"] <= args.max_tsv_rss
        rows.append((k, f"peak RSS MB ({b['rss_method']})", f"{b['peak_rss_mb']:.1f}",
                     f"<= {args.max_tsv_rss:g}", "PASS" if ok else "FAIL"))
        if not ok:
            misses.append(f"{k} peak RSS {b['peak_rss_mb']:.1f} MB > {args.max_tsv_rss:g}")
    if "verify_tsv" in res:
        v = res["verify_tsv"]
        rows.append(("verify", "TSV rows / <tu> in TMX from TSV",
                     f"{v['tsv_rows']:,} / {v['tu_elements_back']:,}", f"{n:,} / {n:,}",
                     "PASS" if v["ok"] else "FAIL"))
        if not v["ok"]:
            misses.append(f"TSV round trip: {v['tsv_rows']} rows, {v['tu_elements_back']} <tu> "
                          f"(expected {n})")
    if "verify" in res:
        v = res["verify"]
        rows.append(("verify", "<tu> in TMX / reader lines",
                     f"{v['tu_elements']:,} / {v['reader_jsonl_lines']:,}",
                     f"{n:,} / {n + 1:,}", "PASS" if v["ok"] else "FAIL"))
        if not v["ok"]:
            misses.append(f"unit counts: {v['tu_elements']} <tu>, {v['reader_jsonl_lines']} "
                          f"JSONL lines (expected {n} and {n + 1})")

    hdr = ("part", "metric", "value", "bar", "status")
    w = [max(len(r[i]) for r in rows + [hdr]) for i in range(5)]
    fmt = "  ".join("{:<%d}" % x for x in w)
    print()
    print(fmt.format(*hdr).rstrip())
    print("  ".join("-" * x for x in w))
    prev = None
    for r in rows:
        shown = list(r)
        if r[0] == prev:
            shown[0] = ""
        prev = r[0]
        print(fmt.format(*shown).rstrip())
    print()

    res["gate_misses"] = misses
    res["all_bars_met"] = not misses
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(res, f, indent=1)
        print(f"wrote {args.json}")
    if misses:
        print(("GATE FAILED" if args.gate else "bars missed (no --gate)") + ":")
        for x in misses:
            print(f"  - {x}")
        return 1 if args.gate else 0
    print("all bars met")
    return 0


if __name__ == "__main__":
    sys.exit(main())

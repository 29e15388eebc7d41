#!/usr/bin/env python3
"""Throughput and memory benchmark of `bitexte split` on French text.

Builds a French file of at least --mb MB (1 MB = 1e6 bytes) in a temporary
directory by concatenating the French texts of shared/data/corpora
(hansard36-enfr/*.fr, then nato/*.fr.txt, in name order, a blank line between
files, repeated until the size is reached), then:

  speed   `taskset -c 0 bitexte split --lang fr FILE > /dev/null`, best wall
          clock of --runs runs -> MB/s (bytes/1e6/s) and M chars/s.
  peers   (--peers) the Moses port `sentence_splitter.SentenceSplitter('fr')`
          and `sentencex.segment('fr', ...)`, timed in-process, one call per
          blank-line paragraph, on the first --peer-mb MB of the same text;
          chars/s of each and the ratio bitexte / peer (bitexte measured on the
          full file).  `pip install sentence-splitter sentencex` first.
  memory  a file of at least --rss-mb MB (same text, repeated, written in
          chunks) through `bitexte split --lang fr FILE > /dev/null`; peak RSS
          from `/usr/bin/time -v`, or by polling /proc/PID/status VmHWM
          when GNU time is missing.  --rss-mb 0 skips it.

--gate: exit 1 if MB/s < --min-mbps (100) or peak RSS > --max-rss (100 MB).
Exit 2 on setup errors (binary or corpora missing, binary failing).
Temporary files are removed at the end (unless --keep).
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
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
MB = 1_000_000
WS_BYTES = b" \t\n\r\x0b\x0c"


class SetupError(Exception):
    pass


def corpus_files(shared):
    base = os.path.join(shared, "data", "corpora")
    files = sorted(glob.glob(os.path.join(base, "hansard36-enfr", "*.fr")))
    files += sorted(glob.glob(os.path.join(base, "nato", "*.fr.txt")))
    if not files:
        raise SetupError(f"no French corpus files under {base}")
    return files


def load_chunks(files):
    """[(bytes, chars)] per file, each ending with a newline + one blank line."""
    chunks = []
    for p in files:
        with open(p, "rb") as f:
            data = f.read()
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise SetupError(f"{p} is not UTF-8: {e}")
        if not data.endswith(b"\n"):
            data += b"\n"
            text += "\n"
        data += b"\n"  # blank line between files
        chunks.append((data, len(text) + 1))
    return chunks


def build_file(path, chunks, min_bytes):
    """Write the chunks round-robin until >= min_bytes; returns (bytes, chars)."""
    nbytes = nchars = 0
    with open(path, "wb") as f:
        while nbytes < min_bytes:
            for data, chars in chunks:
                f.write(data)
                nbytes += len(data)
                nchars += chars
                if nbytes >= min_bytes:
                    break
    return nbytes, nchars


def nonws_count_file(path):
    n = 0
    with open(path, "rb") as f:
        while True:
            b = f.read(1 << 22)
            if not b:
                return n
            n += len(b.translate(None, WS_BYTES))


def run_checked(cmd, **kw):
    p = subprocess.run(cmd, **kw)
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").strip() if isinstance(p.stderr, bytes) else ""
        raise SetupError(f"`{' '.join(cmd)}` exited {p.returncode}: {err}")
    return p


def time_binary(binary, path, runs, pin):
    cmd = [binary, "split", "--lang", "fr", path]
    if pin:
        cmd = ["taskset", "-c", "0"] + cmd
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run_checked(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t0)
    return min(times), times, cmd


def sanity_run(binary, path):
    """One untimed run through a pipe: sentence count and a losslessness check."""
    p = subprocess.Popen([binary, "split", "--lang", "fr", path],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sents = nonws = 0
    for line in p.stdout:
        if line.strip():
            sents += 1
            nonws += len(line.translate(None, WS_BYTES))
    err = p.stderr.read()
    if p.wait() != 0:
        raise SetupError(f"bitexte exited {p.returncode}: {err.decode('utf-8', 'replace').strip()}")
    return sents, nonws


def poll_peak(cmd):
    """Runs `cmd` (output thrown away) without GNU time: (wall seconds, exit code, peak RSS in
    KiB from VmHWM or 0 when the process was too short to be seen, wait4's rusage, stderr).
    wait4()'s ru_maxrss is not usable alone: Linux carries the parent's (python's) high-water
    mark across fork+exec.  VmHWM in /proc/PID/status belongs to the new address space, so it
    is polled until exit."""
    with tempfile.TemporaryFile() as errf:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errf)
        hwm_kb = 0
        while True:
            try:
                with open(f"/proc/{p.pid}/status") as st:
                    for line in st:
                        if line.startswith("VmHWM:"):
                            hwm_kb = max(hwm_kb, int(line.split()[1]))
            except (OSError, ValueError):
                pass
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.002)
        wall = time.perf_counter() - t0
        errf.seek(0)
        err = errf.read().decode("utf-8", "replace")
    return wall, os.waitstatus_to_exitcode(status), hwm_kb, ru, err


def peak_rss(binary, path):
    """Peak RSS in MB (1e6 bytes) of one run, and how it was measured, and wall time."""
    cmd = [binary, "split", "--lang", "fr", path]
    gnu_time = shutil.which("time", path="/usr/bin:/bin") or ""
    if gnu_time:
        t0 = time.perf_counter()
        p = subprocess.run([gnu_time, "-v"] + cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        wall = time.perf_counter() - t0
        err = p.stderr.decode("utf-8", "replace")
        m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", err)
        if p.returncode == 0 and m:
            return int(m.group(1)) * 1024 / MB, "/usr/bin/time -v", wall
        if p.returncode != 0 and "Command exited with non-zero status" in err:
            raise SetupError(f"bitexte failed on the memory file: {err.strip()[:500]}")
        # GNU time missing -v (e.g. a BSD/busybox time): fall through to wait4
    wall, code, hwm_kb, ru, err = poll_peak(cmd)
    if code != 0:
        raise SetupError(f"bitexte failed on the memory file: {err.strip()[:500]}")
    if hwm_kb:
        return hwm_kb * 1024 / MB, "/proc VmHWM poll", wall
    # process too short to be seen: wait4 value, an upper bound
    return ru.ru_maxrss * 1024 / MB, "wait4 (upper bound)", wall  # Linux: KiB


def read_prefix(path, nbytes):
    """The first ~nbytes of the file, cut at a paragraph boundary when possible."""
    with open(path, "rb") as f:
        data = f.read(nbytes)
    cut = data.rfind(b"\n\n")
    if cut > 0:
        data = data[:cut + 1]
    return data.decode("utf-8", "ignore")


def bench_peers(text, unit):
    if unit == "line":
        units = [u for u in text.split("\n") if u.strip()]
    else:
        units = [u for u in re.split(r"\n[ \t\r\f\v]*\n", text) if u.strip()]
    chars = sum(len(u) for u in units)
    peers = {}

    def run(name, make):
        try:
            fn = make()
        except Exception as e:  # ImportError, missing data...
            peers[name] = {"available": False, "error": f"{type(e).__name__}: {e}"}
            print(f"  peer {name} unavailable: {e} "
                  f"(pip install sentence-splitter sentencex)", file=sys.stderr)
            return
        nsent = 0
        elapsed = 0.0
        for u in units:
            t0 = time.perf_counter()
            out = fn(u)
            elapsed += time.perf_counter() - t0
            nsent += len(out)
        peers[name] = {"available": True, "seconds": elapsed, "chars": chars,
                       "units": len(units), "sentences": nsent,
                       "chars_per_s": chars / elapsed if elapsed else float("inf")}

    def moses():
        from sentence_splitter import SentenceSplitter
        s = SentenceSplitter(language="fr")
        return lambda u: s.split(u)

    def sentencex_():
        import sentencex
        return lambda u: list(sentencex.segment("fr", u))

    run("sentence_splitter (Moses)", moses)
    run("sentencex", sentencex_)
    return peers, len(units), chars


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "bitexte"))
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(REPO), "shared"))
    ap.add_argument("--mb", type=float, default=50, help="size of the speed file, MB (default 50)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs, best is kept (default 3)")
    ap.add_argument("--rss-mb", type=float, default=500,
                    help="size of the memory file, MB (default 500; 0 skips)")
    ap.add_argument("--peers", action="store_true", help="also time the Moses port and sentencex")
    ap.add_argument("--peer-mb", type=float, default=5, help="peer text prefix, MB (default 5)")
    ap.add_argument("--peer-unit", choices=["paragraph", "line"], default="paragraph",
                    help="unit passed to each peer call (default: blank-line paragraph)")
    ap.add_argument("--gate", action="store_true", help="exit 1 if a bar is missed")
    ap.add_argument("--min-mbps", type=float, default=100.0, help="gate: MB/s floor (default 100)")
    ap.add_argument("--max-rss", type=float, default=100.0, help="gate: peak RSS ceiling, MB (default 100)")
    ap.add_argument("--json", metavar="OUT", help="write the numbers to this JSON file")
    ap.add_argument("--tmpdir", help="where to build the files (default: system temp)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary files")
    args = ap.parse_args(argv)

    binary = os.path.abspath(args.bin)
    shared = os.path.abspath(args.shared)
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        print(f"bench_split: error: binary not found: {binary} (run `cargo build --release`)",
              file=sys.stderr)
        return 2
    pin = shutil.which("taskset") is not None
    if not pin:
        print("bench_split: warning: taskset missing, runs are not pinned to one core",
              file=sys.stderr)

    tmp = tempfile.mkdtemp(prefix="bitexte-bench-", dir=args.tmpdir)
    res = {"bin": binary, "pinned_core0": pin}
    try:
        chunks = load_chunks(corpus_files(shared))
        res["corpus_bytes_one_pass"] = sum(len(d) for d, _ in chunks)

        # speed
        speed_file = os.path.join(tmp, "fr_speed.txt")
        nbytes, nchars = build_file(speed_file, chunks, int(args.mb * MB))
        best, times, cmd = time_binary(binary, speed_file, args.runs, pin)
        sents, out_nonws = sanity_run(binary, speed_file)
        in_nonws = nonws_count_file(speed_file)
        res["speed"] = {"bytes": nbytes, "chars": nchars, "runs_s": times, "best_s": best,
                        "mb_per_s": nbytes / MB / best, "mchars_per_s": nchars / 1e6 / best,
                        "sentences": sents, "command": " ".join(cmd),
                        "lossless_nonws": out_nonws == in_nonws,
                        "nonws_in": in_nonws, "nonws_out": out_nonws}
        if out_nonws != in_nonws:
            print(f"bench_split: warning: text output has {out_nonws} non-space bytes, "
                  f"input {in_nonws}", file=sys.stderr)

        # peers
        if args.peers:
            text = read_prefix(speed_file, int(args.peer_mb * MB))
            peers, nunits, pchars = bench_peers(text, args.peer_unit)
            bx = res["speed"]["mchars_per_s"] * 1e6
            for p in peers.values():
                if p.get("available"):
                    p["ratio_bitexte_over_peer"] = bx / p["chars_per_s"]
            res["peers"] = {"unit": args.peer_unit, "units": nunits, "chars": pchars,
                            "results": peers}
        os.unlink(speed_file)

        # memory
        if args.rss_mb > 0:
            mem_file = os.path.join(tmp, "fr_mem.txt")
            mbytes, mchars = build_file(mem_file, chunks, int(args.rss_mb * MB))
            rss, how, wall = peak_rss(binary, mem_file)
            res["memory"] = {"bytes": mbytes, "chars": mchars, "peak_rss_mb": rss,
                             "method": how, "wall_s": wall, "mb_per_s": mbytes / MB / wall}
            os.unlink(mem_file)
    except SetupError as e:
        print(f"bench_split: error: {e}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    # table
    rows, misses = [], []
    sp = res["speed"]
    core = "taskset -c 0, " if pin else ""
    rows.append(("speed", "input", f"{sp['bytes'] / MB:.1f} MB, {sp['chars'] / 1e6:.1f} M chars, "
                 f"{sp['sentences']} sentences", "", ""))
    rows.append(("speed", f"wall s ({core}best of {args.runs})",
                 " / ".join(f"{t:.3f}" for t in sp["runs_s"]), "", ""))
    ok = sp["mb_per_s"] >= args.min_mbps
    rows.append(("speed", "MB/s", f"{sp['mb_per_s']:.1f}", f">= {args.min_mbps:g}",
                 "PASS" if ok else "FAIL"))
    if not ok:
        misses.append(f"throughput {sp['mb_per_s']:.1f} MB/s < {args.min_mbps:g}")
    rows.append(("speed", "M chars/s", f"{sp['mchars_per_s']:.1f}", "", ""))
    rows.append(("speed", "lossless (non-space bytes)",
                 "yes" if sp["lossless_nonws"] else f"NO ({sp['nonws_out']} vs {sp['nonws_in']})",
                 "", "" if sp["lossless_nonws"] else "WARN"))
    if "peers" in res:
        pr = res["peers"]
        rows.append(("peers", "input", f"{pr['chars'] / 1e6:.2f} M chars, {pr['units']} "
                     f"{pr['unit']}s", "", ""))
        for name, p in pr["results"].items():
            if p.get("available"):
                rows.append((name, "M chars/s", f"{p['chars_per_s'] / 1e6:.2f}", "", ""))
                rows.append((name, "bitexte / peer", f"{p['ratio_bitexte_over_peer']:.1f}x", "", ""))
            else:
                rows.append((name, "M chars/s", "unavailable", "", ""))
    if "memory" in res:
        m = res["memory"]
        rows.append(("memory", "input", f"{m['bytes'] / MB:.1f} MB", "", ""))
        ok = m["peak_rss_mb"] <= args.max_rss
        rows.append(("memory", f"peak RSS MB ({m['method']})", f"{m['peak_rss_mb']:.1f}",
                     f"<= {args.max_rss:g}", "PASS" if ok else "FAIL"))
        if not ok:
            misses.append(f"peak RSS {m['peak_rss_mb']:.1f} MB > {args.max_rss:g}")
        rows.append(("memory", "MB/s (unpinned, 1 run)", f"{m['mb_per_s']:.1f}", "", ""))

    hdr = ("part", "metric", "value", "bar", "status")
    w = [max(len(r[i]) for r in rows + [hdr]) for i in range(5)]
    fmt = "  ".join("{:<%d}" % n for n in w)
    print()
    print(fmt.format(*hdr).rstrip())
    print("  ".join("-" * n for n in w))
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

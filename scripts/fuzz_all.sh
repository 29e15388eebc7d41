#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) with AddressSanitizer for
# SECONDS each, one after the other, then prints per target: executions,
# corpus size (files, bytes) and crashes found.
#
#   scripts/fuzz_all.sh SECONDS [TARGET...]
#
# Needs cargo-fuzz and the nightly toolchain. New corpus entries go to
# fuzz/corpus/<target>/ (minimise them with `cargo fuzz cmin` before
# committing); crashes, hangs (> 1 s) and out-of-memory (> 1 GB) inputs go
# to fuzz/artifacts/<target>/. Logs: fuzz/logs/<target>.log.
# JOBS=2 runs two targets at a time (the machine is shared: default 1).
set -euo pipefail

if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
    echo "usage: $0 SECONDS [TARGET...]" >&2
    exit 2
fi
seconds=$1
shift
cd "$(dirname "$0")/../fuzz"
if [[ $# -gt 0 ]]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo +nightly fuzz list)
fi
jobs=${JOBS:-1}
mkdir -p logs
cargo +nightly fuzz build
start=$(mktemp)
trap 'rm -f "$start"' EXIT
# KEEP_GOING=1: fork mode, the run goes on after a crash, hang or OOM.
keep=()
if [[ ${KEEP_GOING:-0} == 1 ]]; then
    keep=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
fi

run_one() {
    local t=$1
    mkdir -p "corpus/$t" "artifacts/$t"
    # Seeds are read from fuzz/corpus/<t> and, when present, from
    # $FUZZ_SEEDS/<t> (see fuzz/seeds.py); new inputs go to corpus/<t>.
    local extra=()
    if [[ -n ${FUZZ_SEEDS:-} && -d $FUZZ_SEEDS/$t ]]; then
        extra=("$FUZZ_SEEDS/$t")
    fi
    cargo +nightly fuzz run "$t" "corpus/$t" "${extra[@]}" -- \
        -max_total_time="$seconds" -rss_limit_mb=1024 -timeout=1 \
        -max_len=65536 -print_final_stats=1 "${keep[@]}" >"logs/$t.log" 2>&1 || true
}

running=0
for t in "${targets[@]}"; do
    run_one "$t" &
    running=$((running + 1))
    if [[ $running -ge $jobs ]]; then
        wait -n || true
        running=$((running - 1))
    fi
done
wait || true

# crashes: new files in fuzz/artifacts/<target>/ from this run.
printf '%-15s %12s %8s %12s %8s\n' target executions files bytes crashes
for t in "${targets[@]}"; do
    log="logs/$t.log"
    # Plain mode prints the final stats; fork mode only its progress lines.
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
    if [[ -z $execs ]]; then
        execs=$(grep -o '^#[0-9]*' "$log" | tr -d '#' | tail -1 || true)
    fi
    files=$(find "corpus/$t" -type f | wc -l)
    bytes=$(find "corpus/$t" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
    crashes=$(find "artifacts/$t" -type f -newer "$start" \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
    printf '%-15s %12s %8s %12s %8s\n' "$t" "${execs:-?}" "$files" "$bytes" "$crashes"
done

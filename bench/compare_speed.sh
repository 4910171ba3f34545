#!/usr/bin/env bash
# Compares the Monte Carlo speed of two or more builds of the `mc_speed`
# example (crates/debtlab-core/examples/mc_speed.rs) on a machine whose
# speed drifts: copy each build's target/release/examples/mc_speed aside,
# then
#
#   bench/compare_speed.sh ROUNDS PATHS BIN_A BIN_B [BIN ...]   # interleaved
#   bench/compare_speed.sh --paired ROUNDS PATHS BIN_A BIN_B     # side by side
#
# Interleaved: the builds run one after another, ROUNDS times, with THREADS
# threads (2); prints each build's best and median time. Paired: A and B run
# at the same time, one thread each, pinned to cores 0 and 1 (swapped every
# round), so that both see the same machine; prints each round's B/A and
# their geometric mean. On this project's shared 2-core machine, builds that
# differ by less than about 5% cannot be told apart either way.
#
# Environment: PRESET (musk-abundance), THREADS (2), and the example's own
# switches (NO_DRAWS, NO_SHOCKS, SKETCH, COLUMNS) pass through.
set -euo pipefail
export LC_ALL=C

paired=false
if [[ "${1:-}" == --paired ]]; then
    paired=true
    shift
fi
if [[ $# -lt 4 ]]; then
    sed -n '2,18p' "$0" >&2
    exit 2
fi
rounds="$1" paths="$2"
shift 2
preset="${PRESET:-musk-abundance}"

# seconds BIN THREADS [CPU]: the wall time the example reports for its run.
seconds() {
    local pin=()
    [[ -n "${3:-}" ]] && pin=(taskset -c "$3")
    # sed reads every line (closing the pipe early would make the example fail).
    RAYON_NUM_THREADS="$2" "${pin[@]}" "$1" "$preset" "$paths" | sed -nE '1s/.* in ([0-9.]+) s.*/\1/p'
}
summary() { python3 -c 'import statistics, sys; v = [float(x) for x in sys.argv[1:]]; print("best %.3f s, median %.3f s" % (min(v), statistics.median(v)))' "$@"; }

if $paired; then
    [[ $# -eq 2 ]] || { echo "compare_speed: --paired takes two builds" >&2; exit 2; }
    ratios=()
    out="$(mktemp -d)"
    trap 'rm -rf "$out"' EXIT
    for round in $(seq "$rounds"); do
        cpu_a=$((round % 2)) cpu_b=$(((round + 1) % 2))
        seconds "$1" 1 "$cpu_a" >"$out/a" &
        seconds "$2" 1 "$cpu_b" >"$out/b" &
        wait
        a="$(cat "$out/a")" b="$(cat "$out/b")"
        ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { print b / a }')")
        echo "round $round: A $a s, B $b s, B/A ${ratios[-1]}"
    done
    python3 -c 'import math, sys; v = [float(x) for x in sys.argv[1:]]
print("B/A: geometric mean %.3f, range %.3f to %.3f" % (math.exp(sum(map(math.log, v)) / len(v)), min(v), max(v)))' "${ratios[@]}"
else
    declare -A times
    for round in $(seq "$rounds"); do
        for bin in "$@"; do
            times[$bin]="${times[$bin]:-} $(seconds "$bin" "${THREADS:-2}")"
        done
    done
    for bin in "$@"; do
        # shellcheck disable=SC2086 # the times are words
        echo "$bin: $(summary ${times[$bin]})"
    done
fi

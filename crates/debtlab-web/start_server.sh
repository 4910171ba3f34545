# Sourced by browser/run.sh and loadtest.sh: the release binary, and a
# `debtlab serve` on a free loopback port.

# debtlab_binary ROOT: sets DEBTLAB to ROOT's release binary, building it,
# unless DEBTLAB is already set.
debtlab_binary() {
    if [[ -z "${DEBTLAB:-}" ]]; then
        cargo build --quiet --release -p debtlab-cli --manifest-path "$1/Cargo.toml"
        DEBTLAB="${CARGO_TARGET_DIR:-$1/target}/release/debtlab"
    fi
}

# start_server LOG: starts `$DEBTLAB serve` on 127.0.0.1 with a free port,
# its output to LOG, and sets SERVER_PID; once it says it listens (within
# 10 s) sets SERVER_URL. Fails, showing LOG, when it did not start on
# 127.0.0.1 (the caller's EXIT trap stops it).
start_server() {
    local log=$1
    "$DEBTLAB" serve --addr 127.0.0.1:0 >"$log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 100); do
        grep -q "^listening on " "$log" && break
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    SERVER_URL=$(sed -n 's/^listening on //p' "$log")
    if [[ ! "$SERVER_URL" =~ ^http://127\.0\.0\.1:[0-9]+$ ]]; then
        echo "the server did not start on 127.0.0.1:" >&2
        cat "$log" >&2
        return 1
    fi
}

#!/usr/bin/env bash
# Bounded loopback load test of `debtlab serve`: starts the server on
# 127.0.0.1 with a free port, sends N POST /api/run requests from C
# concurrent clients (each with a timeout), prints requests/s, the status
# counts and the server's RSS before and after, and stops the server.
#
#   crates/debtlab-web/loadtest.sh [N=200] [C=4]
#
# DEBTLAB: the binary (default: built with `cargo build -p debtlab-cli --release`).
set -euo pipefail
N=${1:-200}
C=${2:-4}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [[ -z "${DEBTLAB:-}" ]]; then
    cargo build --quiet --release -p debtlab-cli --manifest-path "$ROOT/Cargo.toml"
    DEBTLAB="${CARGO_TARGET_DIR:-$ROOT/target}/release/debtlab"
fi
LOG=$(mktemp)
"$DEBTLAB" serve --addr 127.0.0.1:0 >"$LOG" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 50); do
    grep -q "listening on" "$LOG" && break
    sleep 0.1
done
URL=$(sed -n 's/^listening on //p' "$LOG")
[[ -n "$URL" ]] || { echo "server did not start:"; cat "$LOG"; exit 1; }
rss() { awk '/^VmRSS/ {print $2 " kB"}' "/proc/$PID/status"; }
echo "server $URL (pid $PID), RSS before: $(rss)"
python3 - "$URL" "$N" "$C" <<'PY'
import json, sys, time, urllib.request, urllib.error
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
url, n, c = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
scenarios = ["baseline", "musk-abundance", "debt-deflation", "energy-bound"]
def one(i):
    body = json.dumps({"scenario": scenarios[i % len(scenarios)], "set": [f"energy.g_supply={0.02 + (i % 10) / 100}"]})
    req = urllib.request.Request(url + "/api/run", data=body.encode(), headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception as e:
        return type(e).__name__
start = time.monotonic()
with ThreadPoolExecutor(c) as pool:
    counts = Counter(pool.map(one, range(n)))
elapsed = time.monotonic() - start
print(f"{n} requests, {c} clients: {elapsed:.2f} s, {n / elapsed:.0f} requests/s, statuses {dict(counts)}")
PY
echo "RSS after: $(rss)"

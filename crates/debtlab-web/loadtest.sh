#!/usr/bin/env bash
# Bounded loopback load test of `debtlab serve`: starts the release server on
# 127.0.0.1 with a free port, sends N POST /api/run requests from C clients
# (keep-alive connections, 10 s timeout per request, 600 s for the whole run),
# and reads the server's RSS from /proc after each tenth of the requests.
# Prints requests/s, the status counts and the RSS table; fails if any request
# was not a 200, or if RSS grew by more than 16 MiB between the end of the
# first tenth (warm-up) and the end. Stops the server whatever happens.
#
#   crates/debtlab-web/loadtest.sh [N=10000] [C=4]
#
# Only 127.0.0.1 is ever sent to. DEBTLAB: the binary (default: built with
# `cargo build -p debtlab-cli --release`).
set -euo pipefail
N=${1:-10000}
C=${2:-4}
if ! [[ "$N" =~ ^[0-9]+$ && "$C" =~ ^[0-9]+$ ]] || ((N < 10 || N > 200000 || C < 1 || C > 64)); then
    echo "usage: loadtest.sh [N in 10..200000] [C in 1..64]" >&2
    exit 2
fi
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=start_server.sh
source "$ROOT/crates/debtlab-web/start_server.sh"
debtlab_binary "$ROOT"
LOG=$(mktemp)
SERVER_PID=""
trap '[[ -z "$SERVER_PID" ]] || kill "$SERVER_PID" 2>/dev/null || true; rm -f "$LOG"' EXIT
start_server "$LOG"
URL=$SERVER_URL PID=$SERVER_PID
echo "server $URL (pid $PID)"
timeout 600 python3 - "$URL" "$N" "$C" "$PID" <<'PY'
import http.client, json, sys, threading, time
from collections import Counter
from urllib.parse import urlsplit

url, n, c, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
host, port = urlsplit(url).hostname, urlsplit(url).port
assert host == "127.0.0.1", host  # loopback only
scenarios = ["baseline", "musk-abundance", "debt-deflation", "energy-bound"]

def rss_kb():
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS"))

def body(i):
    return json.dumps({
        "scenario": scenarios[i % len(scenarios)],
        "set": [f"energy.g_supply={0.02 + (i % 10) / 100}", f"technology.g_base={0.01 + (i % 7) / 1000}"],
        "verdicts": i % 2 == 0,
    })

counts, lock, next_i = Counter(), threading.Lock(), [0]

def client(end):
    conn = http.client.HTTPConnection(host, port, timeout=10)
    while True:
        with lock:
            i = next_i[0]
            if i >= end:
                break
            next_i[0] += 1
        try:
            conn.request("POST", "/api/run", body(i), {"content-type": "application/json"})
            r = conn.getresponse()
            r.read()
            status = r.status
        except Exception as e:
            status = type(e).__name__
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=10)
        with lock:
            counts[status] += 1
    conn.close()

before = rss_kb()
print(f"RSS before: {before} kB")
print(f"{'requests':>9} {'requests/s':>11} {'RSS kB':>9}")
batch = max(1, n // 10)
rows, start = [], time.monotonic()
done = 0
while done < n:
    end = min(n, done + batch)
    t0 = time.monotonic()
    threads = [threading.Thread(target=client, args=(end,)) for _ in range(c)]
    for t in threads: t.start()
    for t in threads: t.join()
    rate = (end - done) / (time.monotonic() - t0)
    done = end
    rows.append(rss_kb())
    print(f"{done:>9} {rate:>11.0f} {rows[-1]:>9}")
elapsed = time.monotonic() - start
growth = rows[-1] - rows[0]
print(f"{n} requests to /api/run, {c} clients: {elapsed:.2f} s, {n / elapsed:.0f} requests/s, statuses {dict(counts)}")
print(f"RSS before {before} kB, after the first {batch} {rows[0]} kB, after {n} {rows[-1]} kB "
      f"(growth after warm-up {growth:+} kB, peak {max(rows)} kB)")
ok = counts.get(200, 0) == n and growth <= 16 * 1024
print("memory flat and every request answered 200" if ok else "FAILED: not every request was a 200, or RSS grew by more than 16 MiB")
sys.exit(0 if ok else 1)
PY

#!/usr/bin/env bash
# Browser tests of `debtlab serve` in headless Chromium: builds the release
# binary, starts `debtlab serve` on a free loopback port, runs serve.test.mjs
# with node's test runner (playwright-core driving Debian's /usr/bin/chromium),
# saves a screenshot to target/ci/serve.png (SHOT=docs/img/serve.png refreshes
# the tracked copy the docs show; CI leaves it alone), then stops the server with SIGTERM (and a second
# one with SIGINT right after it starts) and checks that each shut down
# cleanly. A server still running at exit is killed whatever happens.
#
#   bash crates/debtlab-web/browser/run.sh
#
# Needs chromium (apt-get install chromium) and node >= 20; runs `npm ci`
# here when node_modules is missing. DEBTLAB: a prebuilt binary to test.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)

[[ -x /usr/bin/chromium ]] || { echo "needs /usr/bin/chromium: apt-get install chromium" >&2; exit 1; }
if [[ ! -d "$HERE/node_modules/playwright-core" ]]; then
    (cd "$HERE" && npm ci --no-audit --no-fund)
fi
# shellcheck source=../start_server.sh
source "$HERE/../start_server.sh"
debtlab_binary "$ROOT"

LOG=$(mktemp)
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    rm -f "$LOG"
}
trap cleanup EXIT
start_server "$LOG"
URL=$SERVER_URL
echo "server $URL (pid $SERVER_PID)"

status=0
SHOT=${SHOT:-$ROOT/target/ci/serve.png}
case $SHOT in /*) ;; *) SHOT=$PWD/$SHOT ;; esac
mkdir -p "$(dirname "$SHOT")"
(cd "$HERE" && DEBTLAB_URL="$URL" DEBTLAB_SCREENSHOT="$SHOT" \
    timeout 600 node --test --test-concurrency=1 serve.test.mjs) || status=$?

# Sends signal $2 to server $1 (log $3); ok when it exits 0 within 10 s
# after saying it stopped.
stops_cleanly() {
    local pid=$1 sig=$2 log=$3 code=""
    kill -"$sig" "$pid"
    for _ in $(seq 100); do
        if ! kill -0 "$pid" 2>/dev/null; then
            wait "$pid" && code=0 || code=$?
            break
        fi
        sleep 0.1
    done
    if [[ "$code" != 0 ]] || ! grep -q "stopped" "$log"; then
        echo "the server did not stop cleanly on SIG$sig within 10 s (exit ${code:-still running}):" >&2
        cat "$log" >&2
        return 1
    fi
    echo "SIG$sig: stopped cleanly, exit 0"
}

echo "== graceful stop"
stops_cleanly "$SERVER_PID" TERM "$LOG" || status=1
# A second server, interrupted as soon as it says it listens (ctrl-c).
start_server "$LOG"
stops_cleanly "$SERVER_PID" INT "$LOG" || status=1
exit "$status"

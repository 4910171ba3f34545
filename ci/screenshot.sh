#!/usr/bin/env bash
# Renders the HTML report on the main presets, opens it in headless Chromium
# and saves a screenshot to target/ci/report.png (CI must not rewrite the
# tracked docs/img/report.png; set SHOT=docs/img/report.png to refresh the
# copy the docs show). Fails if the report cannot be
# written, if the page logs anything to the console (the report has no
# script, so any message is an error; Chromium logs console.error and
# uncaught exceptions alike as `INFO:CONSOLE` lines without a level), or if the
# DOM Chromium parsed lacks the report's charts or verdict rows.
#
#   bash ci/screenshot.sh
#
# Installs Debian's chromium when it is missing (needs root and apt).
set -euo pipefail
cd "$(dirname "$0")/.."

report=target/report.html
shot=${SHOT:-target/ci/report.png}
mkdir -p target "$(dirname "$shot")"

echo "== build and render the report"
cargo build --release -q -p debtlab-cli
cargo run --release -q -p debtlab-cli -- report musk-abundance debt-deflation baseline --paths 2000 -o "$report"

if ! command -v chromium >/dev/null; then
    echo "== install chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q chromium
fi

profile=$(mktemp -d)
log=$(mktemp)
dom=$(mktemp)
trap 'rm -rf "$profile" "$log" "$dom"' EXIT
url="file://$PWD/$report"
browse() {
    timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@"
}

console_check() {
    if grep -a "CONSOLE" "$log"; then
        echo "the report logged to the console (above)" >&2
        exit 1
    fi
}

# 7000 px: down to the end of the first scenario's attribution (chart and table).
echo "== screenshot $shot"
rm -f "$shot"
if ! browse --screenshot="$shot" --window-size=1280,7000 "$url" 2>"$log"; then
    cat "$log" >&2
    echo "chromium failed" >&2
    exit 1
fi
console_check
if [ ! -s "$shot" ]; then
    cat "$log" >&2
    echo "no screenshot written" >&2
    exit 1
fi

echo "== parse check (--dump-dom)"
browse --dump-dom "$url" >"$dom" 2>"$log" || { cat "$log" >&2; exit 1; }
console_check
svgs=$(grep -o "<svg" "$dom" | wc -l)
claims=$(grep -o 'class="claim"' "$dom" | wc -l)
attributions=$(grep -o '<section class="attribution"' "$dom" | wc -l)
# comparison + 3 fans + claim probabilities + post-war decomposition + 3
# attributions; 6 claims x 3 scenarios; an attribution section per scenario
if [ "$svgs" -ne 9 ] || [ "$claims" -ne 18 ] || [ "$attributions" -ne 3 ]; then
    echo "parsed page has $svgs charts (want 9), $claims claim rows (want 18: three scenarios, six default claims each)" \
        "and $attributions attribution sections (want 3)" >&2
    exit 1
fi
echo "ok: $shot ($svgs charts, $claims claim rows, $attributions attribution sections, no console errors)"

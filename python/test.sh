#!/usr/bin/env bash
# The Python tests: a virtual environment (target/py-venv, or $DEBTLAB_VENV)
# with the pinned requirements, the extension built into it from this
# checkout (maturin develop: the dev profile, which shares compiled crates
# with `cargo test`), then pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
venv="${DEBTLAB_VENV:-$PWD/../target/py-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r requirements-test.txt
VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" "$venv/bin/maturin" develop -q
PATH="$venv/bin:$PATH" "$venv/bin/python" -m pytest -q tests "$@"

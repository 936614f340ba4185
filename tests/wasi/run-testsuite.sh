#!/usr/bin/env bash
# Runs the official WASI test suite ($HOIST_TESTSUITE/wasi) with its own
# runner (`run-tests`), which drives `hoist run` through the adapter
# tests/wasi/hoist_adapter.py. Exits non-zero if any test fails.
#
# Usage: bash tests/wasi/run-testsuite.sh [HOIST_BINARY]   (default: target/debug/hoist)
#
# The runner needs Python 3.12 or newer (it uses Path.walk); the machine's
# pyenv has one. The suite is copied to a temporary folder first: its tests
# write into their directories, and ../shared is read-only.
#
# Preview1 modules run through the official preview1 adapter (one WASI
# host, not two); the three tests that the adapter itself fails are listed,
# with their reasons, in tests/wasi/known-failures.json.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
suite="${HOIST_TESTSUITE:-$repo/../shared/testsuite}/wasi"
hoist="$(realpath "${1:-$repo/target/debug/hoist}")"

[ -d "$suite" ] || { echo "error: the WASI test suite is not at $suite" >&2; exit 1; }
[ -x "$hoist" ] || { echo "error: no hoist binary at $hoist (cargo build -p hoist-cli)" >&2; exit 1; }

python=""
for candidate in python3.13 python3.12 "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
        python="$candidate"
        break
    fi
done
[ -n "$python" ] || { echo "error: the WASI test runner needs Python >= 3.12; none found" >&2; exit 1; }
"$python" -m pip install --quiet --disable-pip-version-check -r "$suite/test-runner/requirements/common.txt"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$suite" "$work/wasi"
chmod -R u+w "$work/wasi"
cd "$work/wasi"
# Each test hoist does not run is named, with its reason, in
# known-failures.json: the runner reports them as skipped.
HOIST="$hoist" "$python" run-tests --disable-colors -r "$repo/tests/wasi/hoist_adapter.py" \
    -f "$repo/tests/wasi/known-failures.json"

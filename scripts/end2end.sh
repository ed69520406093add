#!/usr/bin/env bash
# Runs the end-to-end suites against the release binary: the aws CLI and boto3 (pytest), then
# Playwright in Chromium. Each suite starts its own servers on free ports with temporary data
# directories.
set -euo pipefail
cd "$(dirname "$0")/.."

export LATCHKEY_BIN="$PWD/target/release/latchkey"
export LEPTOS_SITE_ROOT="$PWD/target/site"
[ -x "$LATCHKEY_BIN" ] || { echo "end2end: build the release first (make build)" >&2; exit 1; }

E2E_TMP=$(mktemp -d)
export E2E_TMP
trap 'rm -rf "$E2E_TMP"' EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
FRESH_PORT=$(free_port)
BOOT_PORT=$(free_port)
while [ "$BOOT_PORT" = "$FRESH_PORT" ]; do BOOT_PORT=$(free_port); done
export FRESH_PORT BOOT_PORT
export AWS_DEFAULT_REGION=us-west-2

python3 -m pytest end2end/api -q -p no:cacheprovider

cd end2end
npx playwright test

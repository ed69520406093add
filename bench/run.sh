#!/usr/bin/env bash
# Starts a release latchkey on a free port, runs latchkey-bench against it, stops it.
# Extra arguments go to latchkey-bench (e.g. --requests 5000 --concurrency 1,8,32).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=target/release/latchkey
[ -x "$BIN" ] || { echo "bench: build the release first (make build)" >&2; exit 1; }
cargo build --release -p latchkey-bench --quiet

# shellcheck source=bench/server.sh
. bench/server.sh
start_latchkey --users-quota 1000000

echo "machine: $(describe_machine)"
target/release/latchkey-bench --endpoint "http://127.0.0.1:$port" --key-id AKIALATCHKEYBENCH001 \
  --secret-file "$tmp/secret" "$@"
echo "server RSS after the run: $(ps -o rss= -p "$server") KiB"

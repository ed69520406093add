#!/usr/bin/env bash
# Profiles the release server with `perf` while latchkey-bench drives it, and prints where
# the server's CPU time goes: by thread, then by function (self time).
# Extra arguments go to latchkey-bench (e.g. --requests 3000 --concurrency 1).
# Needs `perf` (Debian package linux-perf) and permission to profile (root, or
# kernel.perf_event_paranoid <= 1).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=target/release/latchkey
[ -x "$BIN" ] || { echo "profile: build the release first (make build)" >&2; exit 1; }
command -v perf >/dev/null || { echo "profile: perf is not installed (apt-get install linux-perf)" >&2; exit 1; }
cargo build --release -p latchkey-bench --quiet

# shellcheck source=bench/server.sh
. bench/server.sh
start_latchkey --users-quota 1000000

perf record -q -F 999 -p "$server" -o "$tmp/perf.data" &
recorder=$!
sleep 1
target/release/latchkey-bench --endpoint "http://127.0.0.1:$port" --key-id AKIALATCHKEYBENCH001 \
  --secret-file "$tmp/secret" "$@"
kill -INT "$recorder"
wait "$recorder" || true
echo "## CPU time by thread"
perf report -i "$tmp/perf.data" --sort comm --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | cut -c1-60
echo "## CPU time by function (self)"
perf report -i "$tmp/perf.data" --sort dso,symbol --percent-limit 0.8 --stdio 2>/dev/null \
  | grep -v '^#' | grep -v '^$' | cut -c1-150 | head -40

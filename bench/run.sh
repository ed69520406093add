#!/usr/bin/env bash
# Starts a release latchkey on a free port, runs latchkey-bench against it, stops it.
# Extra arguments go to latchkey-bench (e.g. --requests 5000 --concurrency 1,8,32).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=target/release/latchkey
[ -x "$BIN" ] || { echo "bench: build the release first (make build)" >&2; exit 1; }
cargo build --release -p latchkey-bench --quiet

tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'Bench-Root-Pass-1' > "$tmp/password"
printf 'benchSecretKey00000000000000000000000001' > "$tmp/secret"
# The benchmark drives one key as hard as it can: the per-key rate limit is off for it.
LEPTOS_SITE_ROOT=target/site RUST_LOG=warn "$BIN" serve --listen "127.0.0.1:$port" --data-dir "$tmp/data" \
  --bootstrap-root-email bench@latchkey.test --bootstrap-root-password-file "$tmp/password" \
  --bootstrap-root-access-key-id AKIALATCHKEYBENCH001 --bootstrap-root-secret-access-key-file "$tmp/secret" \
  --api-rate-limit 0 --users-quota 1000000 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$tmp"' EXIT

for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
target/release/latchkey-bench --endpoint "http://127.0.0.1:$port" --key-id AKIALATCHKEYBENCH001 \
  --secret-file "$tmp/secret" "$@"
echo "server RSS after the run: $(ps -o rss= -p "$server") KiB"

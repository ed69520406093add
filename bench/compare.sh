#!/usr/bin/env bash
# Latchkey against moto_server, side by side on this machine: builds Latchkey in release,
# starts it and moto_server (PyPI `moto[server]`, installed if missing) on free loopback
# ports, loads the same data into both (1,000 users, 100 groups, 200 customer managed
# policies, attachments, a user in 10 groups × 10 policies), drives the same signed requests
# with latchkey-bench at 1 and 32 clients, and prints both tables and the Latchkey/moto ratio.
# Both servers are stopped when it ends. Extra arguments go to latchkey-bench.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x target/release/latchkey ] || make build
cargo build --release -p latchkey-bench --quiet
command -v moto_server >/dev/null 2>&1 || {
  python3 -m pip install --quiet "moto[server]" || python3 -m pip install --quiet --break-system-packages "moto[server]"
  if command -v pyenv >/dev/null 2>&1; then pyenv rehash; fi
}

wait_for() { for _ in $(seq 1 300); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "bench: $1 did not answer" >&2; exit 1; }
rss_kib() { ps -o rss= -p "$1" | tr -d ' '; }

# shellcheck source=bench/server.sh
. bench/server.sh
# Runs of more than about 2,000 requests create more users than AWS's quota of 5,000 (moto keeps
# none).
start_latchkey --users-quota 1000000
latchkey=$server
lk_port=$port
moto_port=$(free_port)
# moto loads the AWS managed policies only when asked (AttachUserPolicy uses them).
MOTO_IAM_LOAD_MANAGED_POLICIES=true moto_server -H 127.0.0.1 -p "$moto_port" >"$tmp/moto.log" 2>&1 &
moto=$!
trap 'kill "$moto" 2>/dev/null; wait "$moto" 2>/dev/null; stop_latchkey' EXIT
wait_for "http://127.0.0.1:$moto_port/moto-api/"

echo "machine: $(describe_machine); moto $(python3 -c 'import moto; print(moto.__version__)')"
echo "idle RSS: latchkey $(rss_kib "$latchkey") KiB, moto_server $(rss_kib "$moto") KiB"
peak="$tmp/peak"
echo 0 > "$peak"
( while kill -0 "$latchkey" 2>/dev/null; do
    now=$(rss_kib "$latchkey" || echo 0)
    [ "${now:-0}" -gt "$(cat "$peak")" ] && echo "$now" > "$peak"
    sleep 0.5
  done ) &
sampler=$!
target/release/latchkey-bench --endpoint "http://127.0.0.1:$lk_port" --key-id AKIALATCHKEYBENCH001 \
  --secret-file "$tmp/secret" --compare-endpoint "http://127.0.0.1:$moto_port" "$@"
kill "$sampler" 2>/dev/null || true
echo "latchkey RSS: peak under load $(cat "$peak") KiB, after the run $(rss_kib "$latchkey") KiB"

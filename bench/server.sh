# Sourced by the bench scripts: starts and stops the release server they measure.

# describe_machine: cores, memory and kernel, and a KVM guest's halt polling when it has that
# setting: with none (0 ns) a thread woken on an idle core waits for the host to resume it, which
# bounds single-client latency (docs/performance.md).
describe_machine() {
  local line
  line="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
  local halt_poll=/sys/module/haltpoll/parameters/guest_halt_poll_ns
  [ -r "$halt_poll" ] && line="$line, guest halt polling $(cat "$halt_poll") ns"
  echo "$line"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_latchkey [serve arguments…]: starts target/release/latchkey on a free loopback port with
# a fresh data directory and the bench's bootstrap root key (AKIALATCHKEYBENCH001, its secret in
# "$tmp/secret"), and waits until it answers. Sets tmp, port and server; stop_latchkey undoes it.
# The benchmark drives one key as hard as it can: the per-key rate limit is off for it.
start_latchkey() {
  tmp=$(mktemp -d)
  port=$(free_port)
  printf 'Bench-Root-Pass-1' > "$tmp/password"
  printf 'benchSecretKey00000000000000000000000001' > "$tmp/secret"
  LEPTOS_SITE_ROOT=target/site RUST_LOG=warn target/release/latchkey serve \
    --listen "127.0.0.1:$port" --data-dir "$tmp/data" --api-rate-limit 0 \
    --bootstrap-root-email bench@latchkey.test --bootstrap-root-password-file "$tmp/password" \
    --bootstrap-root-access-key-id AKIALATCHKEYBENCH001 \
    --bootstrap-root-secret-access-key-file "$tmp/secret" "$@" &
  server=$!
  trap stop_latchkey EXIT
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "bench: latchkey did not answer on port $port" >&2
  return 1
}

stop_latchkey() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$tmp"
}

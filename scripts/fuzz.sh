#!/usr/bin/env bash
# Runs every cargo-fuzz target for the given number of seconds each (default 60) and prints
# one line per target: executions, coverage and whether it crashed. Needs the nightly
# toolchain and cargo-fuzz (`rustup toolchain install nightly`, `cargo install cargo-fuzz`).
# A crash leaves its input under fuzz/artifacts/<target>/ and makes the script fail.
set -uo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-60}"
targets=(policy_parser query_form sigv4_header arn_parser)
failed=0
printf '%-15s %8s %14s %10s %s\n' target seconds executions coverage result
for target in "${targets[@]}"; do
  log=$(mktemp)
  mkdir -p "corpus/$target"
  if cargo +nightly fuzz run "$target" "corpus/$target" -- \
      -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
    result="no crash"
  else
    result="CRASH (see fuzz/artifacts/$target/)"
    failed=1
    tail -n 30 "$log" >&2
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*')
  printf '%-15s %8s %14s %10s %s\n' "$target" "$seconds" "${runs:-?}" "${cov:-?}" "$result"
  rm -f "$log"
done
exit "$failed"

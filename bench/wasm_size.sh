#!/usr/bin/env bash
# Prints the size of the release console bundle: the WASM every page loads first, then the
# chunks lazy routes fetch on demand, raw and gzipped (-9). Run after `make build`.
set -euo pipefail
cd "$(dirname "$0")/.."

PKG=${LEPTOS_SITE_ROOT:-target/site}/pkg
[ -f "$PKG/latchkey.wasm" ] || { echo "wasm_size: build the release first (make build)" >&2; exit 1; }

gz() { gzip -9 -c "$1" | wc -c; }
printf '| file | raw bytes | gzipped bytes |\n|---|---:|---:|\n'
printf '| latchkey.wasm (first load) | %d | %d |\n' "$(wc -c < "$PKG/latchkey.wasm")" "$(gz "$PKG/latchkey.wasm")"
raw=0; zipped=0; count=0
for chunk in "$PKG"/*.wasm; do
  [ "$(basename "$chunk")" = latchkey.wasm ] && continue
  raw=$((raw + $(wc -c < "$chunk"))); zipped=$((zipped + $(gz "$chunk"))); count=$((count + 1))
done
if [ "$count" -gt 0 ]; then
  printf '| %d lazy chunks, together | %d | %d |\n' "$count" "$raw" "$zipped"
fi

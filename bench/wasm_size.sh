#!/usr/bin/env bash
# Prints the size of the release console bundle, raw and gzipped (-9): what every page loads
# first (the WASM module and its JS), then the chunks lazy routes fetch on demand, together and
# per page. Run after `make build`.
set -euo pipefail
cd "$(dirname "$0")/.."

PKG=${LEPTOS_SITE_ROOT:-target/site}/pkg
[ -f "$PKG/latchkey.wasm" ] || { echo "wasm_size: build the release first (make build)" >&2; exit 1; }

gz() { gzip -9 -c "$1" | wc -c; }
row() { printf '| %s | %d | %d |\n' "$1" "$(wc -c < "$2")" "$(gz "$2")"; }
printf '| file | raw bytes | gzipped bytes |\n|---|---:|---:|\n'
row "latchkey.wasm (first load)" "$PKG/latchkey.wasm"
row "latchkey.js (first load)" "$PKG/latchkey.js"
for loader in "$PKG"/__wasm_split*.js; do
  [ -f "$loader" ] && row "chunk loader JS (first load)" "$loader"
done
raw=0; zipped=0; count=0
for chunk in "$PKG"/*.wasm; do
  [ "$(basename "$chunk")" = latchkey.wasm ] && continue
  raw=$((raw + $(wc -c < "$chunk"))); zipped=$((zipped + $(gz "$chunk"))); count=$((count + 1))
done
[ "$count" -gt 0 ] || exit 0
printf '| %d lazy chunks, together | %d | %d |\n' "$count" "$raw" "$zipped"

# What a page fetches the first time it is shown (chunks are shared: a later page fetches only
# those it does not have yet).
python3 - "$PKG" <<'PY'
import gzip, json, pathlib, sys
pkg = pathlib.Path(sys.argv[1])
manifest = json.loads((pkg / "__wasm_split_manifest.json").read_text())
sizes = []
for page, chunks in manifest.items():
    files = [pkg / f"{chunk}.wasm" for chunk in chunks]
    sizes.append((sum(len(gzip.compress(f.read_bytes(), 9)) for f in files), page, len(files)))
sizes.sort()
print("\n| page | chunks | gzipped bytes on its first showing |\n|---|---:|---:|")
for zipped, page, count in sizes:
    print(f"| {page} | {count} | {zipped} |")
PY

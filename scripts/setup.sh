#!/usr/bin/env bash
# Installs what building Latchkey needs and is missing: the wasm32 target, cargo-leptos, the
# wasm-bindgen CLI matching Cargo.lock, and wasm-opt. Idempotent; says what it installs.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
BINARYEN_VERSION=132
export PATH="$HOME/.cargo/bin:$PATH"

apt_install() {
  echo "setup: installing $* (Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

command -v npm >/dev/null 2>&1 || apt_install nodejs npm

lock_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: installing the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  echo "setup: installing cargo-leptos $CARGO_LEPTOS_VERSION (takes several minutes)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --debug
fi

WASM_BINDGEN_VERSION=$(lock_version wasm-bindgen)
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  echo "setup: installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (the version Cargo.lock uses)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# Debian's binaryen is too old (it breaks hydration in release builds): use the npm package.
if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  echo "setup: installing wasm-opt (npm binaryen@$BINARYEN_VERSION)"
  npm install -g "binaryen@$BINARYEN_VERSION"
fi

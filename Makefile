# Latchkey: two commands.
#   make run   installs what is missing, builds a release and serves http://127.0.0.1:4566
#   make test  installs test dependencies, then checks formatting and lints, runs every cargo
#              test and the end-to-end suites against a freshly built binary
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

LISTEN ?= 127.0.0.1:4566
DATA_DIR ?= ./data
SITE_ROOT := target/site

.PHONY: run test setup test-setup build lint unit end2end fmt

run: setup build
	LEPTOS_SITE_ROOT=$(SITE_ROOT) ./target/release/latchkey serve --listen $(LISTEN) --data-dir $(DATA_DIR)

test: setup test-setup lint unit build end2end

setup:
	@scripts/setup.sh

test-setup:
	@scripts/test-setup.sh

# --split: every console page is a WASM chunk of its own (see app/src/lazy_pages.rs).
build:
	LEPTOS_SITE_ROOT=$(SITE_ROOT) cargo leptos build --release --split

lint:
	cargo fmt --all --check
	cargo clippy -p iam -p latchkey -p latchkey-wire -p latchkey-bench -p app --features iam/server,app/ssr --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

unit:
	cargo test -p iam --features server
	cargo test -p app --features ssr
	cargo test -p latchkey -p latchkey-wire
	cargo test -p latchkey-bench

end2end:
	@scripts/end2end.sh

fmt:
	cargo fmt --all

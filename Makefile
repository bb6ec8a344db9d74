# Mamoru: the two commands.
#   make run    build and serve Mamoru on http://127.0.0.1:3000 (SQLite in ./data)
#   make test   every check and test: format, lints, unit, store, HTTP, Playwright
# Each installs what is missing first (see .ci/tools.sh) and says what it does.

# Tool versions, pinned here and only here (npm packages: end2end/package-lock.json).
export CARGO_LEPTOS_VERSION := 0.3.10
# Must equal the wasm-bindgen pin in Cargo.toml (cargo-leptos does not check; tools.sh does).
export WASM_BINDGEN_VERSION := 0.2.130
export CARGO_DENY_VERSION := 0.20.2
export CARGO_FUZZ_VERSION := 0.13.2

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
# wasm-opt (binaryen) comes from end2end/node_modules; Debian's is too old.
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test tools phone-speed

tools:
	@bash .ci/tools.sh

run: tools
	@echo "==> building Mamoru (release; the first build takes several minutes)"
	cargo leptos build --release --precompress --split
	@echo "==> serving on http://127.0.0.1:3000 with data in ./data"
	@echo "    (plain HTTP on this machine only, so Secure cookies are off: MAMORU_COOKIE_SECURE=false)"
	MAMORU_COOKIE_SECURE=$${MAMORU_COOKIE_SECURE:-false} ./target/release/mamoru serve

test: tools
	@bash .ci/test.sh

# A benchmark, on demand: a hire's pages on a throttled phone (end2end/benches/).
phone-speed: tools
	cargo leptos build --release --precompress --split
	cargo build -p kiosk
	cd end2end && MAMORU_PHONE_SPEED=1 MAMORU_KIOSK_BIN="$(CURDIR)/target/debug/mamoru-kiosk" npx playwright test --project phone-speed

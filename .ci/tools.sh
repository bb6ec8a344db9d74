#!/usr/bin/env bash
# Installs what the build and the tests need, only when missing, saying what and why.
# Versions come from the Makefile (CARGO_LEPTOS_VERSION, WASM_BINDGEN_VERSION) and
# end2end/package-lock.json. Everything comes from the package registries (crates.io,
# npm, Debian): nothing is downloaded from anywhere else.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CARGO_LEPTOS_VERSION:?run through make}" "${WASM_BINDGEN_VERSION:?run through make}" "${CARGO_DENY_VERSION:?run through make}" "${CARGO_FUZZ_VERSION:?run through make}"

say() { printf '==> %s\n' "$*"; }

pinned_bindgen=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
if [ "$pinned_bindgen" != "$WASM_BINDGEN_VERSION" ]; then
  echo "Cargo.toml pins wasm-bindgen $pinned_bindgen but the Makefile says $WASM_BINDGEN_VERSION: make them equal." >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the Rust target wasm32-unknown-unknown (the browser half of Mamoru compiles to WebAssembly)"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION, the Leptos build tool (once per machine; about 16 minutes on 2 cores)"
  cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (must match the library; about 3 minutes)"
  # Its own lock file names a crate version the registry no longer has, so no --locked.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$(cargo deny --version 2>/dev/null | awk '{print $2}')" != "$CARGO_DENY_VERSION" ]; then
  say "installing cargo-deny $CARGO_DENY_VERSION, the licence and source check (once per machine; about 3 minutes)"
  cargo install cargo-deny --locked --version "$CARGO_DENY_VERSION"
fi

if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION, to run the fuzz targets (once per machine; under a minute)"
  cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
fi

if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "installing npm packages in end2end/ (Playwright, and binaryen's wasm-opt for release builds)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

if [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium for the browser tests (Playwright's own download cannot be used offline)"
  sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  sudo_if_needed apt-get install -y chromium || { sudo_if_needed apt-get update && sudo_if_needed apt-get install -y chromium; }
fi

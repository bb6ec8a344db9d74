#!/usr/bin/env bash
# `make test`: every check, in order, with the time each stage took.
# Store and HTTP tests also run on PostgreSQL when MAMORU_TEST_POSTGRES_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."

timings=()
stage() {
  local name=$1; shift
  printf '\n==> %s\n' "$name"
  local start=$SECONDS
  "$@"
  timings+=("$(printf '%-34s %4ds' "$name" $((SECONDS - start)))")
}

if [ -n "${MAMORU_TEST_POSTGRES_URL:-}" ]; then
  echo "store and HTTP tests run on SQLite and on PostgreSQL"
else
  echo "store and HTTP tests run on SQLite (set MAMORU_TEST_POSTGRES_URL to add PostgreSQL)"
fi

stage "format" cargo fmt --all --check
stage "lints (server side)" cargo clippy --workspace --all-targets --features app/ssr -- -D warnings
stage "lints (browser side)" cargo clippy -p mamoru-frontend --target wasm32-unknown-unknown -- -D warnings
stage "layers (no import circles; a core without web framework)" bash -c '
  python3 .ci/layers.py
  if cargo tree --offline -p mamoru-core -e normal --prefix none | grep -E "^(leptos|axum)"; then
    echo "mamoru-core must not depend on leptos or axum" >&2; exit 1
  fi'
# cargo deny reads every platform's crates, which a fresh machine has not downloaded yet.
stage "licences and sources (cargo deny)" bash -c '
  cargo fetch --locked --quiet
  cargo deny --offline check licenses bans sources'
stage "unit, store and HTTP tests" cargo test --workspace --features app/ssr
stage "kiosk PC/SC reader: lints, test (pcscd + vpcd)" bash .ci/pcsc.sh
stage "fuzz targets, briefly (app/seal/fuzz)" bash .ci/fuzz.sh
stage "release build (server + wasm)" cargo leptos build --release --precompress --split
# The browser suite runs the kiosk as a process: its debug build (made by the tests above,
# so this costs nothing) is enough, and a release build of it would cost minutes cold.
stage "Playwright (Chromium)" bash -c '
  cargo build -p kiosk
  cd end2end && MAMORU_KIOSK_BIN="$PWD/../target/debug/mamoru-kiosk" npx playwright test'

printf '\n==> stage times\n'
printf '%s\n' "${timings[@]}"

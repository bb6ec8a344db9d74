#!/usr/bin/env bash
# Runs every fuzz target of mamoru-seal briefly (a smoke run: no crash, no panic, no
# hang on FUZZ_RUNS inputs each). Long runs: `FUZZ_RUNS=10000000 bash .ci/fuzz.sh`.
# cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP lets the stable toolchain take them.
set -euo pipefail
cd "$(dirname "$0")/../app/seal"
runs=${FUZZ_RUNS:-20000}
export RUSTC_BOOTSTRAP=1
for target in $(cargo fuzz list); do
  printf '  %-14s %s runs: ' "$target" "$runs"
  start=$SECONDS
  # -rss_limit_mb: an input that makes a parser allocate without bound fails the run.
  cargo fuzz run --release "$target" -- -runs="$runs" -rss_limit_mb=512 -max_len=8192 2>"fuzz/$target.log" \
    || { echo "FAILED"; tail -40 "fuzz/$target.log"; exit 1; }
  echo "ok ($((SECONDS - start)) s, $(grep -o 'exec/s: [0-9]*' "fuzz/$target.log" | tail -1))"
done

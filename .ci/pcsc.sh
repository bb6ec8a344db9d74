#!/usr/bin/env bash
# The kiosk's PC/SC reader against a real pcscd with vsmartcard's virtual reader (vpcd);
# kiosk/tests/pcsc/vpcd_card.py plays the card. Installs the Debian packages when missing,
# starts pcscd when it is not running (and stops the one it started).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }
sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo

missing=()
for package in pcscd libpcsclite-dev vsmartcard-vpcd; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from Debian (the PC/SC daemon and a virtual card reader for the kiosk's reader test)"
  $sudo apt-get install -y "${missing[@]}" || { $sudo apt-get update && $sudo apt-get install -y "${missing[@]}"; }
fi

cargo clippy -p kiosk --all-targets --features pcsc -- -D warnings

socket=/run/pcscd/pcscd.comm
started=""
# A running pcscd (e.g. the system service) is used as it is.
if ! { [ -S "$socket" ] && pgrep -x pcscd >/dev/null; }; then
  say "starting pcscd for the test"
  # Started directly (or by sudo, which passes the signal on), so $! is what to stop.
  $sudo pcscd -f -a >/tmp/mamoru-pcscd.log 2>&1 &
  started=$!
  trap '$sudo kill "$started" 2>/dev/null; wait "$started" 2>/dev/null || true' EXIT
  # pcscd has no readiness signal outside systemd: wait (at most 10 s) for its socket.
  for _ in $(seq 100); do [ -S "$socket" ] && break; sleep 0.1; done
  [ -S "$socket" ] || { echo "pcscd did not start:" >&2; cat /tmp/mamoru-pcscd.log >&2; exit 1; }
fi

MAMORU_KIOSK_PCSC_TEST=1 cargo test -p kiosk --features pcsc --lib reader::pcsc -- --nocapture

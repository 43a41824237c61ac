#!/usr/bin/env bash
# `npm start`: the main job on the embedded default. Sets up if needed, starts the reference
# issuing service on 127.0.0.1 (EST :8443, login :8444, data in ./.issuer-data), obtains a
# certificate for the demo user with `cjs-cert enroll` into this user's certificate store, shows
# `cjs-cert status` and `cjs-cert doctor`, and keeps the service running for the browser until Ctrl+C.
#   CJS_LOGIN_ID   login ID to enrol (default user01; demo password: demo-password)
#   any arguments  are passed to the issuing service (e.g. -- --port 9443 --login-port 9444)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

DATA="${CJS_ISSUER_DATA:-.issuer-data}"
mkdir -p "$DATA"
LOG="$DATA/issuer.log"
node_modules/.bin/tsx issuer/src/main.ts --data "$DATA" "$@" >"$LOG" 2>&1 &
issuer_pid=$!
trap 'kill "$issuer_pid" 2>/dev/null; wait "$issuer_pid" 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 120); do
  grep -q '^ready ' "$LOG" 2>/dev/null && break
  if ! kill -0 "$issuer_pid" 2>/dev/null; then cat "$LOG" >&2; exit 1; fi
  sleep 0.5
done
grep -q '^ready ' "$LOG" || { echo "the issuing service did not start; see $LOG" >&2; exit 1; }
grep -v '^{' "$LOG" | grep -v '^ready ' >&2
EST_URL=$(sed -n 's/^ready est=\([^ ]*\) login=.*/\1/p' "$LOG")
LOGIN_URL=$(sed -n 's/^ready est=[^ ]* login=\(.*\)$/\1/p' "$LOG")

export CJS_ISSUER_URL="$EST_URL" CJS_LOGIN_URL="$LOGIN_URL" CJS_TRUST_FILE="$DATA/tls-ca.pem"
cli() { node cli/bin/cjs-cert.js "$@"; }
echo >&2
if ! cli status >/dev/null 2>&1; then
  # No usable certificate yet: obtain one. At a terminal the password is asked for without echo;
  # otherwise (a script: `printf 'demo-password\n' | npm start`) it is the first line of stdin.
  if [ -t 0 ]; then
    cli enroll --login-id "${CJS_LOGIN_ID:-user01}" || true
  else
    cli enroll --login-id "${CJS_LOGIN_ID:-user01}" --password-stdin || true
  fi
fi
echo >&2
cli status || true
echo >&2
# The self-diagnosis the desktop app will show: every FAQ check against this service.
cli doctor --login-id "${CJS_LOGIN_ID:-user01}" || true
echo >&2
echo "The issuing service keeps running. Login page (client certificate): $LOGIN_URL — Ctrl+C to stop." >&2
wait "$issuer_pid"

#!/usr/bin/env bash
# `npm start`: sets up if needed, starts the reference issuing service on 127.0.0.1 (EST :8443,
# login :8444, data in ./.issuer-data), then
#   - where Electron can run: builds and opens the desktop app against that service, and stops
#     the service when the app quits;
#   - elsewhere (no Electron binary, no display, root, CJS_CLI=1): says why in one line and runs
#     the command-line flow: `cjs-cert enroll` of the demo user into this user's certificate
#     store, `cjs-cert status`, `cjs-cert doctor`, and keeps the service running for the browser
#     until Ctrl+C.
#   CJS_LOGIN_ID     login ID to enrol (default user01; demo password: demo-password)
#   CJS_CLI=1        the command-line flow even where the desktop app could run
#   CJS_OFFLINE=1    never download Electron's binary (also when CI or ELECTRON_SKIP_BINARY_DOWNLOAD is set)
#   CJS_ISSUER_DATA  the service's data directory (default ./.issuer-data)
#   any arguments    are passed to the issuing service (e.g. -- --port 0 --login-port 0)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/project-node.sh

DATA="${CJS_ISSUER_DATA:-.issuer-data}"
mkdir -p "$DATA"
DATA="$(cd "$DATA" && pwd)" # absolute: the app and the CLI read the trust file from any directory
LOG="$DATA/issuer.log"

# ---- the issuing service ---------------------------------------------------------------------
node_modules/.bin/tsx issuer/src/main.ts --data "$DATA" "$@" >"$LOG" 2>&1 &
issuer_pid=$!
stop_issuer() {
  kill "$issuer_pid" 2>/dev/null || true
  wait "$issuer_pid" 2>/dev/null || true
}
# Ctrl+C or a kill ends the script (after the foreground program, e.g. the app, has ended) and
# the service with it.
trap stop_issuer EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

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

# ---- can the desktop app run here? -----------------------------------------------------------
ELECTRON_DIR=node_modules/electron
INSTALL_HINT="get it on a machine with internet with \`node $ELECTRON_DIR/install.js\`"

# The Electron executable, found as Electron's own index.js finds it. `require('electron')` is
# not asked: without the binary it starts a download, and offline it ends in a stack trace.
electron_binary() {
  local rel bin
  rel=$(cat "$ELECTRON_DIR/path.txt" 2>/dev/null) || rel=""
  if [ -n "${ELECTRON_OVERRIDE_DIST_PATH:-}" ]; then
    bin="$ELECTRON_OVERRIDE_DIST_PATH/${rel:-electron}"
  else
    [ -n "$rel" ] || return 1
    bin="$ELECTRON_DIR/dist/$rel"
  fi
  [ -f "$bin" ] && [ -x "$bin" ] && echo "$bin"
}

offline() { [ -n "${CJS_OFFLINE:-}${CI:-}${ELECTRON_SKIP_BINARY_DOWNLOAD:-}" ]; }

# What of this session keeps Chromium from opening a window, or nothing.
session_blocker() {
  [ "$(uname -s)" = Linux ] || return 0
  if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "there is no graphical display (DISPLAY and WAYLAND_DISPLAY are unset)"
  elif [ "$(id -u)" -eq 0 ]; then
    echo "it does not run as root (Chromium's sandbox refuses); run npm start as your own user"
  fi
}

# Electron 45 downloads its binary on first use, not at `npm install`: fetch it once here.
download_electron() {
  local log="$DATA/electron-install.log"
  echo "npm start: downloading Electron's binary (once, about 100 MB)…" >&2
  node "$ELECTRON_DIR/install.js" >"$log" 2>&1 && electron_binary >/dev/null
}

# Why the desktop app cannot run here, as the end of the sentence "the desktop app could not
# start because …"; nothing when it can.
desktop_blocker() {
  if ! electron_binary >/dev/null; then
    if offline; then
      echo "Electron's binary is not installed (CJS_OFFLINE, CI or ELECTRON_SKIP_BINARY_DOWNLOAD is set, so npm start does not download it); $INSTALL_HINT, or run npm start there without those variables"
      return
    fi
    local blocker
    blocker=$(session_blocker)
    if [ -n "$blocker" ]; then echo "$blocker"; return; fi
    download_electron || {
      echo "Electron's binary is not installed and could not be downloaded (see $DATA/electron-install.log); $INSTALL_HINT"
      return
    }
  fi
  session_blocker
}

# ---- the desktop app -------------------------------------------------------------------------
# Builds the screens and the shell, then runs the app until it quits. Fails (status 1) when it
# could not start at all, so the command-line flow can take over.
run_desktop_app() {
  local build_log="$DATA/build.log" started status
  echo "npm start: building the desktop app…" >&2
  if ! { npm run --silent build:renderer && npm run --silent build:electron; } >"$build_log" 2>&1; then
    tail -n 20 "$build_log" >&2
    echo "npm start: the desktop app could not be built (see $build_log)." >&2
    return 1
  fi
  echo "npm start: opening the desktop app against the local issuing service ($EST_URL)." >&2
  echo "npm start: development mode — demo login ID user01 (or user02), password demo-password; demo data only." >&2
  started=$SECONDS
  status=0
  # stdin stays for the command-line flow if the app cannot start (a piped password).
  "$(electron_binary)" dist/electron/main.js </dev/null || status=$?
  if [ "$status" -ne 0 ] && [ $((SECONDS - started)) -lt 15 ]; then
    echo "npm start: the desktop app could not start (Electron ended with status $status; its messages are above)." >&2
    return 1
  fi
  exit "$status"
}

if [ -n "${CJS_CLI:-}" ] && [ "${CJS_CLI}" != 0 ]; then
  echo "npm start: CJS_CLI is set: running the command-line flow instead of the desktop app." >&2
else
  blocker=$(desktop_blocker)
  if [ -n "$blocker" ]; then
    echo "npm start: the desktop app could not start because $blocker. Running the command-line flow instead." >&2
  elif run_desktop_app; then
    exit 0
  else
    echo "npm start: running the command-line flow instead." >&2
  fi
fi

# ---- the command-line flow -------------------------------------------------------------------
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
# The self-diagnosis the desktop app shows: every FAQ check against this service.
cli doctor --login-id "${CJS_LOGIN_ID:-user01}" || true
echo >&2
echo "The issuing service keeps running. Login page (client certificate): $LOGIN_URL — Ctrl+C to stop." >&2
wait "$issuer_pid"

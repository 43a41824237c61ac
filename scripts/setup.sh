#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian/Ubuntu machine: the system tools the tests and the
# service use, then the npm dependencies. Fast when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# openssl/curl: interoperability tests and benchmarks; libnss3-tools: certutil/pk12util/tstclnt
# for the NSS store Chrome/Chromium use; dbus + gnome-keyring: the OS credential vault (Secret
# Service) that holds the enrollment journal's key; chromium: the browser end-to-end tests.
SYSTEM_PACKAGES=(openssl curl ca-certificates libnss3-tools dbus-daemon gnome-keyring chromium)
COMMANDS=(openssl curl update-ca-certificates pk12util dbus-run-session gnome-keyring-daemon chromium)

missing=()
for i in "${!COMMANDS[@]}"; do
  command -v "${COMMANDS[$i]}" >/dev/null 2>&1 || missing+=("${SYSTEM_PACKAGES[$i]}")
done
# Japanese glyphs for the screens (without them every screenshot shows empty boxes). A font has
# no command to look for: ask dpkg.
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'ok installed' || missing+=(fonts-noto-cjk)
if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: please install these packages with your system's package manager: ${missing[*]}" >&2
    exit 1
  fi
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing system packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Electron's binary comes from outside the npm registry. Electron 45 has no install script (it
# downloads on first use, which scripts/start.sh does when online); older lines download at
# install time unless told not to, so CI and offline machines still say so.
if [ -n "${CI:-}" ] || [ -n "${CJS_OFFLINE:-}" ]; then
  export ELECTRON_SKIP_BINARY_DOWNLOAD=1
fi

# The npm dependencies, the project's Node among them: `node` (a devDependency, pinned) is Node 24
# LTS from the npm registry, which every npm script and scripts/*.sh run, whatever Node the
# system has (Debian 12 has 20, past its end of life).
PROJECT_NODE=node_modules/node/bin/node
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ ! -x "$PROJECT_NODE" ]; then
  echo "setup: installing npm dependencies, Node 24 among them (first run: about a minute)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
if ! major=$("$PROJECT_NODE" -p 'process.versions.node.split(".")[0]' 2>/dev/null) || [ "$major" -lt 24 ]; then
  echo "setup: the project's Node ($PROJECT_NODE) did not install or does not run; remove node_modules and run npm run setup again" >&2
  exit 1
fi

# Electronegativity (the Electron security scan `npm test` gates on) has its own lock file: in the
# project's node_modules it would load TypeScript 6 and crash (scripts/electronegativity.sh).
TOOL=tools/electronegativity
if [ ! -f "$TOOL/node_modules/.package-lock.json" ] || [ "$TOOL/package-lock.json" -nt "$TOOL/node_modules/.package-lock.json" ]; then
  echo "setup: installing Electronegativity ($TOOL)" >&2
  npm ci --prefix "$TOOL" --no-audit --no-fund --loglevel=error
fi

# The command line's bundle, so that `cjs-cert` starts from it.
source scripts/project-node.sh
build_cli_if_stale

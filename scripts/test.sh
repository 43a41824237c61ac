#!/usr/bin/env bash
# `npm test`: set up if needed, then lint (layering rules included), type-check, and every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/project-node.sh
# Which Node runs the tools and the tests (vitest's workers and every process a test spawns use
# the same one, process.execPath).
echo "npm test: Node $(node -p process.version) ($(command -v node)); the system's: $(/usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin node --version 2>/dev/null || echo none)"
node_modules/.bin/prettier --check . --log-level warn
node_modules/.bin/eslint . --max-warnings 0
node_modules/.bin/tsc -p .
node_modules/.bin/tsc -p renderer
npm run --silent build
# The Electron security checklist, as Electronegativity checks it (build/electronegativity-accepted.md).
bash scripts/electronegativity.sh
# A temp directory of this run's own: the leak check (tests/leak-check.ts) looks for secrets left
# in the temp directory, and files of other programs in a shared /tmp must neither fail this run nor
# hide in it.
run_tmp="$(mktemp -d "${TMPDIR:-/tmp}/cjs-test-XXXXXX")"
export TMPDIR="$run_tmp"
# The credential-vault tests need a D-Bus session with an unlocked Secret Service, as a desktop
# login provides; a private session bus and a throwaway keyring directory (XDG_DATA_HOME) give
# each run its own, so no earlier run's keyring with another password can stay locked.
keyring_home="$(mktemp -d)"
trap 'rm -rf "$keyring_home" "$run_tmp"' EXIT
XDG_DATA_HOME="$keyring_home" dbus-run-session -- bash -c 'printf "test-keyring\n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec node_modules/.bin/vitest run "$@"' vitest "$@"

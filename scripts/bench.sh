#!/usr/bin/env bash
# `npm run bench [-- NAME]`: every benchmark (bench/run.ts: pki, issuer, enrollment, renewal, doctor
# in sequence), or one (`bash scripts/bench.sh enrollment` runs bench/enrollment.ts alone, `... renewal`
# bench/renewal.ts, `... doctor` bench/doctor.ts). The enrollment, renewal and doctor benchmarks
# enroll with the CLI, whose journal keeps its key in the OS credential vault: without a desktop
# session (no DBUS_SESSION_BUS_ADDRESS), run inside a private session bus with a throwaway,
# unlocked keyring, as scripts/test.sh does.
# BENCH_QUICK=1: a few iterations each, to check that everything runs (figures meaningless).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/project-node.sh
# The benchmarks run `cjs-cert` as users do: from its bundle.
build_cli_if_stale
target="bench/${1:-run}.ts"
if [[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]]; then
  exec node_modules/.bin/tsx "$target"
fi
keyring_home="$(mktemp -d)"
trap 'rm -rf "$keyring_home"' EXIT
XDG_DATA_HOME="$keyring_home" dbus-run-session -- bash -c 'printf "test-keyring\n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec node_modules/.bin/tsx "$1"' bench "$target"

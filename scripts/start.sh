#!/usr/bin/env bash
# `npm start`: set up if needed, then run the reference issuing service on its embedded
# defaults (127.0.0.1:8443 for EST, 127.0.0.1:8444 for the login endpoint, data in ./.issuer-data).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node_modules/.bin/tsx issuer/src/main.ts "$@"

#!/usr/bin/env bash
# `npm test`: set up if needed, then lint (layering rules included), type-check, and every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node_modules/.bin/eslint . --max-warnings 0
node_modules/.bin/tsc -p .
exec node_modules/.bin/vitest run "$@"

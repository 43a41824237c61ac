#!/usr/bin/env bash
# The Electronegativity gate (issue 8): scans what the packaged app runs — the Electron main
# process, the preload, the renderer's sources and its index.html (CSP), and package.json (the
# Electron version, custom Chromium switches) — and fails when a HIGH or MEDIUM finding is not
# accepted, with its check id, file and reason, in build/electronegativity-accepted.md.
#
# Not scanned: electron/core (the layering lint rule keeps Electron's APIs out of it, so there is
# nothing there for an Electron scanner to find), renderer/dev (a developer harness that is never
# built into the package), tests and tools.
#
# Electronegativity lives in tools/electronegativity with its own lock file (in the project's
# node_modules it loads TypeScript 6 and crashes); it runs offline (tools/electronegativity/scan.js).
# The report (electronegativity.csv and .sarif) goes to a temporary directory removed at the end,
# or to ELECTRONEGATIVITY_REPORT_DIR when set (CI keeps it as an artifact).
set -euo pipefail
cd "$(dirname "$0")/.."
TOOL=tools/electronegativity

if [ ! -f "$TOOL/node_modules/@doyensec/electronegativity/package.json" ]; then
  echo "electronegativity: not installed; run: npm ci --prefix $TOOL" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/electronegativity.XXXXXX")"
trap 'rm -rf "$work"' EXIT
scan="$work/scan"
report="${ELECTRONEGATIVITY_REPORT_DIR:-$work/report}"
mkdir -p "$scan/electron" "$report"

# A copy under the repository's own relative paths, so the report names electron/main/main.ts.
cp -R electron/main electron/preload "$scan/electron/"
cp -R renderer "$scan/renderer"
rm -rf "$scan/renderer/dev"
cp package.json "$scan/"
files=$(find "$scan" -type f \( -name '*.ts' -o -name '*.tsx' -o -name '*.html' \) | wc -l)
[ "$files" -gt 0 ] || { echo "electronegativity: nothing to scan" >&2; exit 1; }

started=$SECONDS
node "$TOOL/scan.js" --input "$scan" --out "$report"
echo "electronegativity: ${files} files scanned in $((SECONDS - started)) s; report in ${ELECTRONEGATIVITY_REPORT_DIR:-a temporary directory (set ELECTRONEGATIVITY_REPORT_DIR to keep it)}"
node "$TOOL/gate.js" --report "$report/electronegativity.csv" --accepted build/electronegativity-accepted.md

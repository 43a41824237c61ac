# Sourced by the scripts, in the repository's root: node_modules/.bin first on PATH, as `npm run`
# puts it, so that `node`, `tsx`, `vitest` and every other tool run on the project's Node (the
# `node` devDependency, Node 24 LTS from the npm registry) also when a script is started directly
# (`bash scripts/test.sh`, .ci/run) on a machine whose own Node is older.
PATH="$PWD/node_modules/.bin:$PATH"
export PATH

# Builds the command line's bundle (dist/cli) unless it is current (cli/bin/current-bundle.js):
# `cjs-cert` runs the bundle, and the TypeScript sources through tsx only while it is stale.
build_cli_if_stale() {
  node --input-type=module -e "import { currentBundle } from './cli/bin/current-bundle.js'; process.exit(currentBundle() ? 0 : 1)" && return
  echo "building the command line (dist/cli)" >&2
  tsx scripts/build-cli.ts >/dev/null
}

#!/usr/bin/env node
// Entry point of `cjs-cert` (`npx cjs-cert ...`). Runs
//   - the bundle dist/cli/cjs-cert.mjs (`npm run build:cli`; the set-up builds it) while it is
//     current (current-bundle.js);
//   - otherwise the TypeScript sources through tsx's loader: slower to start (about a second),
//     but a source checkout needs no build step and an edited file never runs stale code.
//     CJS_CLI_FROM_SOURCE=1 asks for this even when the bundle is current.
// On a Node older than the project's (a system Node 20 reached through this file's `#!`), it
// runs itself again on the Node the set-up installed (node_modules/node, pinned in package.json).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { currentBundle } from './current-bundle.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MIN_NODE_MAJOR = 24; // package.json engines.node: the Node the project pins and tests, and Electron 45's

const args = process.argv.slice(2);
if (Number(process.versions.node.split('.')[0]) < MIN_NODE_MAJOR) {
  process.exit(runOnProjectNode());
}

const bundle = process.env.CJS_CLI_FROM_SOURCE === '1' ? undefined : currentBundle(ROOT);
const { runCli } = await import(bundle ? pathToFileURL(bundle).href : await sourceEntry());
process.exitCode = await runCli(args, {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
// Everything the command needed is done; a request it gave up on (a silent server the diagnosis
// timed out on) must not keep the process alive until that socket's own timeout.
setTimeout(() => process.exit(), 500).unref();

async function sourceEntry() {
  const { register } = await import('tsx/esm/api');
  register();
  return '../main.ts';
}

/** Runs this command again on node_modules' Node; its exit status, or 1 when there is none. */
function runOnProjectNode() {
  const projectNode = join(ROOT, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(projectNode)) {
    // Before any translation is loaded: the two languages the CLI speaks, chosen as it chooses.
    const at = args.indexOf('--lang');
    const english = args.includes('--lang=en') || (at >= 0 && args[at + 1] === 'en');
    process.stderr.write(
      english
        ? `cjs-cert needs Node.js ${MIN_NODE_MAJOR} or later (this is ${process.version}). Run npm run setup in ${ROOT}.\n`
        : `cjs-cert の実行には Node.js ${MIN_NODE_MAJOR} 以降が必要です(現在は ${process.version})。${ROOT} で npm run setup を実行してください。\n`,
    );
    return 1;
  }
  const run = spawnSync(projectNode, [import.meta.filename, ...args], { stdio: 'inherit' });
  if (run.signal) process.kill(process.pid, run.signal);
  return run.status ?? 1;
}

// The packaged app's entry point: `main` of the package.json inside app.asar
// (build/electron-builder.config.ts puts this file at app/entry.js and sets `main`).
//
//   cjs-cert-assistant.exe                 the desktop app (dist/electron/main.js)
//   cjs-cert-assistant.exe --cli ARGS...   the `cjs-cert` command line, in the app's own main
//                                          process: IT staff need no Node, and Electron's
//                                          RunAsNode fuse stays off (resources\bin\cjs-cert.cmd
//                                          is the wrapper they call)
//
// Both read the production settings packaged beside this file (issuer and login page of
// build/production-config.json) through CJS_CONFIG, the settings file the core already reads;
// a CJS_CONFIG set by IT wins.
//
// CommonJS (./package.json): the desktop main must be required synchronously, so that it
// registers the app:// scheme before Electron is ready (an ES-module entry loads asynchronously).
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose, see above */
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const ROOT = join(__dirname, '..');
const PRODUCTION_CONFIG = join(__dirname, 'production-config.json');
const DESKTOP_MAIN = join(ROOT, 'dist', 'electron', 'main.js');
/** The bundle of cli/main.ts (exports runCli; scripts/build-cli.ts), its chunks beside it. */
const CLI_MODULE = join(ROOT, 'dist', 'cli', 'cjs-cert.mjs');

/**
 * The command line's arguments when the first argument is `--cli`, else undefined. Only the
 * first: a later `--cli` is an argument of something else (a second start, a file name). In the
 * packaged app argv is [exe, ...]; started as `electron entry.js` or `node entry.js`, [exe, entry.js, ...].
 */
function cliArguments(argv) {
  const first = process.versions.electron && !process.defaultApp ? 1 : 2;
  return argv[first] === '--cli' ? argv.slice(first + 1) : undefined;
}

/** Resolves once everything written to the stream so far has been handed to the OS. */
function flushed(stream) {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

async function runCommandLine(args) {
  let code = 1;
  try {
    const cli = await import(pathToFileURL(CLI_MODULE).href);
    const runCli = cli.runCli ?? cli.default?.runCli;
    if (typeof runCli !== 'function') throw new Error(`${CLI_MODULE} does not export runCli`);
    code = await runCli(args, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
  } catch (error) {
    process.stderr.write(`cjs-cert: the command line could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  // Without a window Electron would keep running; a request the diagnosis gave up on must not
  // keep the process either.
  process.exit(code);
}

if (!process.env.CJS_CONFIG && existsSync(PRODUCTION_CONFIG)) process.env.CJS_CONFIG = PRODUCTION_CONFIG;
const args = cliArguments(process.argv);
if (args) {
  void runCommandLine(args);
} else {
  require(DESKTOP_MAIN);
}

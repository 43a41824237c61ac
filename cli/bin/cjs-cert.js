#!/usr/bin/env node
// Entry point of `cjs-cert` (`npx cjs-cert ...`): runs the TypeScript sources through tsx's
// loader, so the CLI needs no build step in a source checkout.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../main.ts');
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
// Everything the command needed is done; a request it gave up on (a silent server the diagnosis
// timed out on) must not keep the process alive until that socket's own timeout.
setTimeout(() => process.exit(), 500).unref();

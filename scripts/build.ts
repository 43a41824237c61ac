// `npm run build`: everything that runs built, in one command and in parallel —
//   dist/renderer   the screens (Vite; the same as `npm run build:renderer`)
//   dist/electron   the Electron main process and preload (esbuild; scripts/build-electron.ts)
//   dist/cli        the command line (esbuild; scripts/build-cli.ts), which `cjs-cert` runs
// One line per part with its time; a failing part fails the command after the others finished.
import { join, resolve } from 'node:path';
import { build as viteBuild } from 'vite';
import { buildCli } from './build-cli';
import { buildElectron, packagesRequired } from './build-electron';

const ROOT = resolve(import.meta.dirname, '..');

async function timed(name: string, work: () => Promise<string>): Promise<void> {
  const started = performance.now();
  const summary = await work();
  console.log(`build: ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s — ${summary}`);
}

const results = await Promise.allSettled([
  timed('renderer', async () => {
    await viteBuild({ configFile: join(ROOT, 'renderer', 'vite.config.ts'), root: join(ROOT, 'renderer'), logLevel: 'warn' });
    return 'dist/renderer';
  }),
  timed('electron', async () => {
    const out = await buildElectron();
    return `dist/electron/main.js (requires ${packagesRequired(out.requires.main).join(', ')}), preload.cjs`;
  }),
  timed('cli', async () => {
    const out = await buildCli();
    return `dist/cli/cjs-cert.mjs from ${out.sources.inputs.length} files`;
  }),
]);
const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
for (const failure of failed) console.error(failure.reason);
process.exitCode = failed.length > 0 ? 1 : 0;

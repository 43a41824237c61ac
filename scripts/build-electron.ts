// `npm run build:electron`: the Electron main process and the preload as JavaScript Electron can
// load, in dist/electron beside dist/renderer (the layout electron/main/shell-paths.ts expects).
//   main.js      CommonJS (an ES-module main is loaded asynchronously, so Electron may be ready
//                before `protocol.registerSchemesAsPrivileged` ran); the core bundled in, only
//                Electron, native addons and optional packages left to `require`.
//   preload.cjs  CommonJS with nothing but `electron` left to require: a sandboxed preload can
//                load no other module, and no ES module at all.
//   package.json {"type":"commonjs"}: the repository's package.json says "module", which would
//                make Node read main.js as an ES module.
import { build, type Metafile } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');

/** Left to Node's `require` at run time in the main process. */
export const MAIN_EXTERNALS = [
  'electron',
  // A native addon (a prebuilt .node per platform, chosen at run time): cannot be bundled.
  '@napi-rs/keyring',
  // Optional: loaded inside try/catch only when installed (Negotiate proxy authentication;
  // colours of the `debug` package's output).
  'kerberos',
  'supports-color',
] as const;

export interface ElectronBuild {
  readonly main: string;
  readonly preload: string;
  /** Every module each bundle still requires at run time (Node built-ins included). */
  readonly requires: { readonly main: readonly string[]; readonly preload: readonly string[] };
}

export async function buildElectron(outDir = join(ROOT, 'dist', 'electron')): Promise<ElectronBuild> {
  await mkdir(outDir, { recursive: true });
  const main = join(outDir, 'main.js');
  const preload = join(outDir, 'preload.cjs');
  const common = { bundle: true, format: 'cjs', metafile: true, logLevel: 'warning', absWorkingDir: ROOT } as const;
  const [mainBuild, preloadBuild] = await Promise.all([
    build({
      ...common,
      entryPoints: [join(ROOT, 'electron/main/main.ts')],
      outfile: main,
      platform: 'node',
      target: 'node24', // Electron 45 embeds Node 24 (its package depends on @types/node 24)
      external: [...MAIN_EXTERNALS],
      // The main process finds the preload and the screens from its own file's directory.
      define: { 'import.meta.dirname': '__dirname' },
    }),
    build({
      ...common,
      entryPoints: [join(ROOT, 'electron/preload/preload.ts')],
      outfile: preload,
      // The sandboxed preload has a browser's globals and no Node: a built-in fails the build.
      platform: 'browser',
      target: 'chrome140',
      external: ['electron'],
    }),
  ]);
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
  return { main, preload, requires: { main: requiresOf(mainBuild.metafile), preload: requiresOf(preloadBuild.metafile) } };
}

function requiresOf(metafile: Metafile): string[] {
  const imports = Object.values(metafile.outputs).flatMap((output) => output.imports);
  return [...new Set(imports.filter((i) => i.external).map((i) => i.path))].sort();
}

/** Node built-ins aside, what the main bundle still requires (for the summary line). */
export function packagesRequired(requires: readonly string[]): string[] {
  return requires.filter((name) => !isBuiltin(name));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = await buildElectron();
  console.log(`build:electron: ${out.main} (requires ${packagesRequired(out.requires.main).join(', ')}), ${out.preload}`);
}

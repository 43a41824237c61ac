// `npm run build:cli`: the command line as ES modules in dist/cli, which Node starts without a
// TypeScript loader (`cjs-cert --help` in a fraction of the time it takes through tsx).
//   cjs-cert.mjs   cli/main.ts: the usage and the translations. What a command needs (the core,
//                  its packages) is in chunks/, loaded by the dynamic import in main.ts only when
//                  a command runs. Packages are bundled; only native addons and optional
//                  packages are left to Node's resolution at run time.
//   sources.json   when the bundle was built and from which of the repository's files: the entry
//                  point (cli/bin/cjs-cert.js) runs the bundle only while none of them is newer,
//                  and the TypeScript sources otherwise, so an edit never runs stale code.
import { build, type Metafile } from 'esbuild';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');

/** Left to Node's resolution at run time (from the repository's node_modules). */
export const CLI_EXTERNALS = [
  // A native addon (a prebuilt .node per platform, chosen at run time): cannot be bundled.
  '@napi-rs/keyring',
  // Optional: loaded inside try/catch only when installed (Negotiate proxy authentication;
  // colours of the `debug` package's output).
  'kerberos',
  'supports-color',
] as const;

/**
 * Stands for every installed package in the freshness check: npm rewrites it on each install,
 * so a bundle built before `npm ci` or `npm install` is not used after it.
 */
export const INSTALLED_PACKAGES_STAMP = 'node_modules/.package-lock.json';

export interface CliSources {
  /** Date.now() when the build started: a file changed during the build counts as newer. */
  readonly builtAt: number;
  /** Paths relative to the repository root. */
  readonly inputs: readonly string[];
}

export interface CliBuild {
  readonly bundle: string;
  readonly sources: CliSources;
  /** Every module the bundle still imports at run time (Node built-ins included). */
  readonly requires: readonly string[];
}

export async function buildCli(outDir = join(ROOT, 'dist', 'cli')): Promise<CliBuild> {
  const builtAt = Date.now();
  // No chunk of an earlier build stays behind (chunk names carry a hash of their content).
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: { 'cjs-cert': join(ROOT, 'cli/main.ts') },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    absWorkingDir: ROOT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24', // the project's Node (package.json engines)
    external: [...CLI_EXTERNALS],
    metafile: true,
    logLevel: 'warning',
    // CommonJS packages bundled into an ES module still call `require` (for Node built-ins and
    // the externals); an ES module has none of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  const sources: CliSources = { builtAt, inputs: [...repositoryInputs(result.metafile), INSTALLED_PACKAGES_STAMP] };
  await writeFile(join(outDir, 'sources.json'), `${JSON.stringify(sources)}\n`);
  return { bundle: join(outDir, 'cjs-cert.mjs'), sources, requires: requiresOf(result.metafile) };
}

/** The repository's own files the bundle was made of (packages are covered by the stamp). */
function repositoryInputs(metafile: Metafile): string[] {
  return Object.keys(metafile.inputs)
    .filter((path) => !path.startsWith('node_modules/') && !path.includes(':'))
    .sort();
}

function requiresOf(metafile: Metafile): string[] {
  const imports = Object.values(metafile.outputs).flatMap((output) => output.imports);
  return [...new Set(imports.filter((i) => i.external).map((i) => i.path))].sort();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = await buildCli();
  const packages = out.requires.filter((name) => !isBuiltin(name));
  console.log(`build:cli: ${out.bundle} (${out.sources.inputs.length} source files; requires ${packages.join(', ')})`);
}

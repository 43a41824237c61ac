// `tsx scripts/validate-builder-config.ts`: checks the Windows installer's configuration offline,
// since the real package build needs downloads (Electron, NSIS) this machine cannot make:
//   1. electron-builder's own schema (app-builder-lib's validateConfiguration over scheme.json),
//      exactly what `electron-builder` runs before building;
//   2. the security decisions of build/electron-builder.config.ts: the fuses, a per-user
//      one-click installer without elevation, the app in an asar archive, only the built app in
//      it (never sources, tests, the issuer or key material);
//   3. the packaged production settings (build/production-config.json): https addresses of a
//      named host, never the local reference service; the issuing CA pinned by its SHA-256.
// `--packaged EXE` checks a built executable instead: the fuse wire electron-builder wrote into it
// (run by the Windows workflow on the installer's win-unpacked/cjs-cert-assistant.exe).
// Exit status 0 when all hold, 1 with one line per problem otherwise.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Configuration, FileSet } from 'electron-builder';
import builderConfig, { PACKAGED_MAIN, PRODUCTION_CONFIG } from '../build/electron-builder.config';
import { normaliseSha256 } from '../electron/core/config';

const ROOT = resolve(import.meta.dirname, '..');

/** The fuse settings issue 8 asks for (RunAsNode off: the CLI runs as `--cli` in the main process). */
export const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
} as const;

/** Paths of the repository that must never be packaged, and paths the app cannot run without. */
export const NEVER_PACKAGED = [
  'electron/main/main.ts',
  'electron/core/config.ts',
  'src/index.ts',
  'cli/main.ts',
  'issuer/src/main.ts',
  'tests/unit/build/builder-config.test.ts',
  'tests/fixtures/windows/ps-list.constructed.many.json',
  '.issuer-data/ca-key.pem',
  '.issuer-data/issuer.db',
  'keys/signing.p12',
  'dist/electron/tls-key.pem',
  'dist/renderer/assets/index.js.map',
  'node_modules/fastify/package.json',
  'node_modules/node/bin/node',
  'dist/cli/sources.json',
  'node_modules/electron/dist/electron',
  '.env',
];
export const MUST_BE_PACKAGED = [
  'dist/electron/main.js',
  'dist/electron/preload.cjs',
  'dist/electron/package.json',
  'dist/renderer/index.html',
  'dist/cli/cjs-cert.mjs',
  'dist/cli/chunks/command-ABC123.mjs',
  'dist/renderer/assets/index.js',
  'node_modules/@napi-rs/keyring/index.js',
  'node_modules/@napi-rs/keyring-win32-x64-msvc/keyring.win32-x64-msvc.node',
];
/** The only files the packaging takes from build/ (FileSets of `files` and `extraResources`). */
const BUILD_FILES = new Set(['entry.js', 'package.json', 'production-config.json', 'cjs-cert.cmd']);

// electron-builder's own minimatch and @electron/fuses (dependencies of app-builder-lib), so
// patterns and fuse wires mean here what they mean to the packager.
const builderRequire = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
type Minimatch = { match(path: string): boolean; negate: boolean };
const { Minimatch } = builderRequire('minimatch') as { Minimatch: new (pattern: string, options: { dot: boolean }) => Minimatch };

/** Problems electron-builder's schema finds (its own error text), or none. */
export async function schemaProblems(config: Configuration): Promise<string[]> {
  const { validateConfiguration } = await import('app-builder-lib/out/util/config/config.js');
  const { DebugLogger } = await import('builder-util');
  try {
    await validateConfiguration(config, new DebugLogger(false));
    return [];
  } catch (error) {
    return [`electron-builder schema: ${error instanceof Error ? error.message : String(error)}`];
  }
}

/**
 * Whether `path` (relative to the project) ends up in the archive by the string patterns of
 * `files`: electron-builder's order semantics (a later pattern overrides an earlier one, `!`
 * excludes) with the exclusion it adds before the first node_modules pattern.
 */
export function packagedByPatterns(patterns: readonly string[], path: string): boolean {
  const all = [...patterns];
  const firstModules = all.findIndex((p) => !p.startsWith('!') && p.includes('node_modules/'));
  if (firstModules === -1) all.unshift('!**/node_modules/**');
  else all.splice(firstModules, 0, '!**/node_modules/**');
  let packaged = false;
  for (const pattern of all.map((p) => new Minimatch(p, { dot: true }))) {
    if (packaged !== pattern.negate) continue;
    packaged = pattern.match(path);
  }
  return packaged;
}

function fileSets(value: Configuration['files']): { strings: string[]; sets: FileSet[] } {
  const items = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  return {
    strings: items.filter((item): item is string => typeof item === 'string'),
    sets: items.filter((item): item is FileSet => typeof item === 'object' && item !== null),
  };
}

/** The security decisions of the configuration itself. */
export function configurationProblems(config: Configuration): string[] {
  const problems: string[] = [];
  const fuses: Record<string, unknown> = { ...(config.electronFuses ?? {}) };
  for (const [fuse, wanted] of Object.entries(REQUIRED_FUSES)) {
    if (fuses[fuse] !== wanted) problems.push(`fuse ${fuse} must be ${String(wanted)} (is ${String(fuses[fuse])})`);
  }
  if (config.asar !== true) problems.push('asar must be true: the app loads only from its archive (onlyLoadAppFromAsar)');
  if (config.disableAsarIntegrity === true) problems.push('disableAsarIntegrity must not be set: the integrity fuse needs the hash');
  const nsis = config.nsis ?? {};
  if (nsis.perMachine !== false) problems.push('nsis.perMachine must be false: a per-user install needs no administrator');
  if (nsis.oneClick !== true) problems.push('nsis.oneClick must be true: the clerk installs with a double click, no questions');
  const languages = [nsis.installerLanguages ?? []].flat();
  for (const language of ['ja_JP', 'en_US']) {
    if (!languages.includes(language)) problems.push(`nsis.installerLanguages must include ${language}`);
  }
  if (config.win?.requestedExecutionLevel !== 'asInvoker') problems.push('win.requestedExecutionLevel must be asInvoker');
  if ((config.extraMetadata as { main?: unknown } | undefined)?.main !== PACKAGED_MAIN)
    problems.push(`extraMetadata.main must be ${PACKAGED_MAIN}`);

  const files = fileSets(config.files);
  for (const path of NEVER_PACKAGED.filter((p) => packagedByPatterns(files.strings, p))) problems.push(`files would package ${path}`);
  for (const path of MUST_BE_PACKAGED.filter((p) => !packagedByPatterns(files.strings, p))) problems.push(`files would leave out ${path}`);
  for (const set of [...files.sets, ...fileSets(config.extraResources).sets, ...fileSets(config.extraFiles).sets]) {
    const filter = [set.filter ?? '**/*'].flat();
    if (!set.from?.startsWith('build') || !filter.every((name) => BUILD_FILES.has(name))) {
      problems.push(`a file set may copy only named files of build/ (${[...BUILD_FILES].join(', ')}): ${JSON.stringify(set)}`);
    }
  }
  return problems;
}

/** The packaged app's settings: https, a named host (never loopback, never an address), OS trust only, the CA pinned. */
export function productionSettingsProblems(settings: unknown): string[] {
  if (typeof settings !== 'object' || settings === null) return ['the production settings are not a JSON object'];
  const values = settings as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of ['issuerUrl', 'loginUrl']) {
    const value = values[key];
    let url: URL | undefined;
    try {
      url = typeof value === 'string' ? new URL(value) : undefined;
    } catch {
      url = undefined;
    }
    if (!url) {
      problems.push(`${key} is not a URL: ${JSON.stringify(value)}`);
      continue;
    }
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (url.protocol !== 'https:') problems.push(`${key} must be https: ${url.href}`);
    if (host === 'localhost' || host.endsWith('.localhost') || isIP(host) !== 0 || !host.includes('.')) {
      problems.push(`${key} must name the bank's host, not ${host} (the local reference service is for development only)`);
    }
  }
  // A trust file is a path on the clerk's PC: a packaged one would name a file of the build machine.
  if (!Array.isArray(values.trustFiles) || values.trustFiles.length > 0)
    problems.push('trustFiles must be [] (the OS trust store is used)');
  // Without it the packaged app would trust whichever CA the first /cacerts names (ca-pin.ts).
  // The repository's placeholder (zeros) is well-formed: a build that kept it refuses every CA
  // list (ISSUE-CA-MISMATCH) instead of trusting one.
  if (typeof values.issuingCaSha256 !== 'string' || normaliseSha256(values.issuingCaSha256) === undefined)
    problems.push('issuingCaSha256 must be the SHA-256 fingerprint of the bank’s issuing CA (64 hexadecimal digits, colons allowed)');
  return problems;
}

/** The fuses as a built Electron executable carries them, against REQUIRED_FUSES. */
export async function packagedFuseProblems(executable: string): Promise<string[]> {
  const fuses = builderRequire('@electron/fuses') as {
    getCurrentFuseWire(path: string): Promise<Record<number, number>>;
    FuseV1Options: Record<string, number>;
  };
  let wire: Record<number, number>;
  try {
    wire = await fuses.getCurrentFuseWire(executable);
  } catch (error) {
    return [`${executable}: ${error instanceof Error ? error.message : String(error)}`];
  }
  const ENABLED = 0x31; // '1' in the wire; '0' is disabled
  return Object.entries(REQUIRED_FUSES).flatMap(([fuse, wanted]) => {
    const index = fuses.FuseV1Options[fuse.charAt(0).toUpperCase() + fuse.slice(1)];
    const state = index === undefined ? undefined : wire[index];
    if (state === undefined) return [`${executable}: has no ${fuse} fuse`];
    return (state === ENABLED) === wanted
      ? []
      : [`${executable}: fuse ${fuse} is ${state === ENABLED ? 'on' : 'off'}, must be ${wanted ? 'on' : 'off'}`];
  });
}

/** Every problem of the configuration and the production settings; empty when the package is safe to build. */
export async function validateBuilderConfig(
  config: Configuration = builderConfig,
  productionConfigPath = resolve(ROOT, PRODUCTION_CONFIG),
): Promise<string[]> {
  let settings: unknown;
  try {
    settings = JSON.parse(await readFile(productionConfigPath, 'utf8'));
  } catch (error) {
    return [`${productionConfigPath}: ${error instanceof Error ? error.message : String(error)}`];
  }
  return [...(await schemaProblems(config)), ...configurationProblems(config), ...productionSettingsProblems(settings)];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { packaged: { type: 'string' } } });
  const problems = values.packaged ? await packagedFuseProblems(values.packaged) : await validateBuilderConfig();
  for (const problem of problems) console.error(`validate-builder-config: ${problem}`);
  if (problems.length > 0) process.exit(1);
  console.log(
    values.packaged
      ? `validate-builder-config: the fuses of ${values.packaged} are as build/electron-builder.config.ts sets them`
      : 'validate-builder-config: build/electron-builder.config.ts and build/production-config.json are valid',
  );
}

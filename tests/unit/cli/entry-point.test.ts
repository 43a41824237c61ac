// How `cjs-cert` starts (cli/bin/cjs-cert.js): from the bundle dist/cli while it is current, from
// the sources while an edit made it stale, and on the project's Node when reached through an
// older system Node. And what `npm run build:cli` produces: an entry that answers --help without
// loading the core, and the list of sources the freshness check reads.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentBundle } from '../../../cli/bin/current-bundle.js';
import { buildCli, CLI_EXTERNALS, type CliBuild } from '../../../scripts/build-cli';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const scratch: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A checkout with a bundle built at `builtAt` from src/a.ts and src/b.ts. */
function checkout(builtAt: number): string {
  const root = tempDir('cjs-entry-');
  mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'dist', 'cli', 'cjs-cert.mjs'), '');
  writeFileSync(join(root, 'dist', 'cli', 'sources.json'), JSON.stringify({ builtAt, inputs: ['src/a.ts', 'src/b.ts'] }));
  for (const name of ['a.ts', 'b.ts']) {
    writeFileSync(join(root, 'src', name), '');
    utimesSync(join(root, 'src', name), new Date(builtAt - 60_000), new Date(builtAt - 60_000));
  }
  return root;
}

describe('which build cjs-cert runs', () => {
  const builtAt = Date.now() - 3_600_000;

  it('the bundle, while no source it was built from changed', () => {
    const root = checkout(builtAt);
    expect(currentBundle(root)).toBe(join(root, 'dist', 'cli', 'cjs-cert.mjs'));
  });

  it('the sources, once one of them is newer than the bundle', () => {
    const root = checkout(builtAt);
    utimesSync(join(root, 'src', 'b.ts'), new Date(), new Date());
    expect(currentBundle(root)).toBeUndefined();
  });

  it('the bundle where the sources are not shipped, the sources where no bundle was built', () => {
    const shipped = checkout(builtAt);
    rmSync(join(shipped, 'src'), { recursive: true });
    expect(currentBundle(shipped)).toBe(join(shipped, 'dist', 'cli', 'cjs-cert.mjs'));
    const unbuilt = checkout(builtAt);
    rmSync(join(unbuilt, 'dist'), { recursive: true });
    expect(currentBundle(unbuilt)).toBeUndefined();
  });
});

/** A Node older than the project needs (the system's Node 20 on Debian 12), if this machine has one. */
function olderNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(candidate)) continue;
    const version = execFileSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    if (Number(version.split('.')[0]) < 24) return candidate;
  }
  return undefined;
}

describe.skipIf(olderNode() === undefined)('cjs-cert reached through an older system Node', () => {
  /** The entry point copied into a fresh tree, with a stand-in for the project's Node if asked. */
  function entryTree(withProjectNode: boolean): string {
    const root = tempDir('cjs-entry-node-');
    mkdirSync(join(root, 'cli', 'bin'), { recursive: true });
    for (const name of ['cjs-cert.js', 'current-bundle.js']) copyFileSync(join(ROOT, 'cli', 'bin', name), join(root, 'cli', 'bin', name));
    if (withProjectNode) {
      const projectNode = join(root, 'node_modules', 'node', 'bin', 'node');
      mkdirSync(join(projectNode, '..'), { recursive: true });
      writeFileSync(projectNode, '#!/bin/sh\necho "project node: $*"\nexit 3\n');
      chmodSync(projectNode, 0o755);
    }
    return root;
  }

  it('runs the same command line again on the project Node and passes its exit status on', () => {
    const root = entryTree(true);
    const run = spawnSync(olderNode()!, [join(root, 'cli', 'bin', 'cjs-cert.js'), 'status', '--json'], { encoding: 'utf8' });
    expect(run.stdout).toBe(`project node: ${join(root, 'cli', 'bin', 'cjs-cert.js')} status --json\n`);
    expect(run.status).toBe(3);
  });

  it('without the project Node, says in the user language what to run, and nothing in English', () => {
    const root = entryTree(false);
    const ja = spawnSync(olderNode()!, [join(root, 'cli', 'bin', 'cjs-cert.js'), '--help'], { encoding: 'utf8' });
    expect(ja.status).toBe(1);
    expect(ja.stderr).toContain('Node.js 24 以降が必要です');
    expect(ja.stderr).toContain('npm run setup を実行してください');
    expect(ja.stderr).not.toMatch(/\b(needs|Run)\b/);
    const en = spawnSync(olderNode()!, [join(root, 'cli', 'bin', 'cjs-cert.js'), '--lang', 'en', '--help'], { encoding: 'utf8' });
    expect(en.stderr).toMatch(/^cjs-cert needs Node\.js 24 or later \(this is v\d+\.\d+\.\d+\)\. Run npm run setup in /);
  });
});

describe('npm run build:cli', () => {
  let outDir: string;
  let built: CliBuild;
  beforeAll(async () => {
    outDir = join(tempDir('cjs-build-cli-'), 'dist', 'cli');
    built = await buildCli(outDir);
  });

  it('lists the sources the bundle was made of, and when, for the freshness check', () => {
    const sources = JSON.parse(readFileSync(join(outDir, 'sources.json'), 'utf8')) as { builtAt: number; inputs: string[] };
    expect(sources).toEqual(built.sources);
    expect(sources.inputs).toEqual(expect.arrayContaining(['cli/main.ts', 'cli/command.ts', 'resources/locales/ja/cli.json']));
    expect(sources.inputs.some((path) => path.startsWith('node_modules/') && path !== 'node_modules/.package-lock.json')).toBe(false);
    expect(sources.builtAt).toBeLessThanOrEqual(Date.now());
  });

  it('requires at run time only Node built-ins and the packages it leaves external', () => {
    const packages = built.requires.filter((name) => !isBuiltin(name));
    for (const name of packages) expect(CLI_EXTERNALS).toContain(name);
  });

  it('answers --help without the chunk that holds the commands and the core', () => {
    for (const chunk of readdirSync(join(outDir, 'chunks')).filter((name) => name.startsWith('command-')))
      rmSync(join(outDir, 'chunks', chunk));
    const script = `const { runCli } = await import(${JSON.stringify(pathToFileURL(built.bundle).href)});
      process.exitCode = await runCli(['--help', '--lang', 'en'], { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: {} });`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: cjs-cert <command> \[options\]/);
    expect(run.status).toBe(0);
  });
});

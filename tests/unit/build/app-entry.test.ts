// build/app/entry.js, the packaged app's `main`: `--cli` runs the command line and exits with its
// status, anything else starts the desktop app; both get the packaged production settings unless
// IT set CJS_CONFIG. Run here by Node on a copy laid out as in app.asar, with stand-ins for the
// two bundles (Electron itself cannot run here: its own argv shape is covered by the first-argument rule).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
let archive: string;

beforeAll(async () => {
  archive = await mkdtemp(join(tmpdir(), 'app-entry-'));
  await mkdir(join(archive, 'app'));
  for (const file of ['entry.js', 'package.json']) await copyFile(join(ROOT, 'build', 'app', file), join(archive, 'app', file));
  await copyFile(join(ROOT, 'build', 'production-config.json'), join(archive, 'app', 'production-config.json'));
  await mkdir(join(archive, 'dist', 'electron'), { recursive: true });
  await writeFile(join(archive, 'dist', 'electron', 'package.json'), '{"type":"commonjs"}');
  await writeFile(join(archive, 'dist', 'electron', 'main.js'), 'console.log(`desktop app; settings ${process.env.CJS_CONFIG}`);\n');
  await mkdir(join(archive, 'dist', 'cli'));
  // An ES module, as a bundle of cli/main.ts may well be: the entry imports it either way.
  await writeFile(
    join(archive, 'dist', 'cli', 'cjs-cert.mjs'),
    [
      'export async function runCli(argv, io) {',
      '  io.stdout.write(`cli ${JSON.stringify(argv)} settings ${io.env.CJS_CONFIG}\\n`);',
      "  return argv.includes('--fail') ? 7 : 0;",
      '}',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await rm(archive, { recursive: true, force: true });
});

function start(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { CJS_CONFIG: _ignored, ...base } = process.env;
  const run = spawnSync(process.execPath, [join(archive, 'app', 'entry.js'), ...args], { encoding: 'utf8', env: { ...base, ...env } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the packaged entry', () => {
  it('runs the command line for --cli, with its arguments, and exits with its status', () => {
    const ok = start(['--cli', 'status', '--json']);
    expect(ok.stdout).toBe(`cli ["status","--json"] settings ${join(archive, 'app', 'production-config.json')}\n`);
    expect(ok.code).toBe(0);
    expect(start(['--cli', 'doctor', '--fail']).code).toBe(7);
  });

  it('starts the desktop app otherwise, also when --cli is not the first argument', () => {
    expect(start([]).stdout).toContain('desktop app; settings');
    expect(start(['--some-switch', '--cli', 'status']).stdout).toContain('desktop app');
  });

  it('keeps a CJS_CONFIG that IT set', () => {
    expect(start(['--cli', 'status'], { CJS_CONFIG: 'C:\\it\\test-issuer.json' }).stdout).toContain('settings C:\\it\\test-issuer.json');
  });

  it("runs the real CLI bundle's usage in Japanese, as packaged (dist/cli, no TypeScript, no sources)", async () => {
    const built = join(ROOT, 'dist', 'cli', 'cjs-cert.mjs');
    expect(existsSync(built), 'the CLI bundle: npm run build:cli (npm test builds it)').toBe(true);
    const real = await mkdtemp(join(tmpdir(), 'app-entry-real-'));
    try {
      await cp(join(archive, 'app'), join(real, 'app'), { recursive: true });
      await cp(join(ROOT, 'dist', 'cli'), join(real, 'dist', 'cli'), { recursive: true, filter: (path) => !path.endsWith('.map') });
      const { CJS_CONFIG: _ignored, ...env } = process.env;
      const run = spawnSync(process.execPath, [join(real, 'app', 'entry.js'), '--cli', '--help'], {
        encoding: 'utf8',
        env: { ...env, LANG: 'ja_JP.UTF-8' },
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('cjs-cert');
      expect(run.stdout).toMatch(/証明書/);
    } finally {
      await rm(real, { recursive: true, force: true });
    }
  });

  it('says so, with status 1, when the command line is not in the package', async () => {
    await rm(join(archive, 'dist', 'cli', 'cjs-cert.mjs'));
    const result = start(['--cli', 'status']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^cjs-cert: the command line could not start: /);
  });
});

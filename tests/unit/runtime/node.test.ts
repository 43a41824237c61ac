// The runtime everything here runs on: the Node the set-up brings (the pinned `node`
// devDependency), not whatever the system has. A run through `npm test`, `npx vitest` or the
// scripts gets it; a test run on the system's Node 20 fails here first, by name.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

function major(version: string): number {
  return Number(/^v?(\d+)/.exec(version)?.[1]);
}

describe('the Node that runs the tests', () => {
  it('is the pinned Node LTS from node_modules, which the engines field admits', () => {
    expect(process.versions.node).toBe(pkg.devDependencies.node);
    expect(process.execPath).toBe(join(ROOT, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node'));
    expect(major(process.version)).toBeGreaterThanOrEqual(major(pkg.engines.node.replace(/^>=\s*/, '')));
  });

  it('has node:sqlite (the issuer database) without an experimental warning on stderr', () => {
    const run = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "import { DatabaseSync } from 'node:sqlite'; new DatabaseSync(':memory:').exec('SELECT 1')"],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

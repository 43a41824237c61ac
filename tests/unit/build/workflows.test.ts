// The CI workflows cannot run here: they are parsed as YAML (with js-yaml, the parser
// electron-builder itself uses) and checked for what makes them do their job.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const yaml = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'))('js-yaml') as {
  load(text: string): unknown;
};

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly shell?: string;
}
interface Job {
  readonly 'runs-on': string;
  readonly container?: string;
  readonly needs?: string;
  readonly steps: readonly Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly env?: Record<string, string>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

function workflow(name: string): Workflow {
  return yaml.load(readFileSync(resolve(ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;
}
const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');
const nodeVersion = (job: Job, wf: Workflow) => {
  const setup = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
  return String(setup?.with?.['node-version']).replace('${{ env.NODE_VERSION }}', wf.env?.NODE_VERSION ?? '');
};

describe('.github/workflows/windows.yml', () => {
  const wf = workflow('windows.yml');

  it('tests on a Windows runner with Node 24, without downloading Electron, read-only', () => {
    const test = wf.jobs.test!;
    expect(test['runs-on']).toBe('windows-latest');
    expect(nodeVersion(test, wf)).toBe('24');
    expect(wf.env?.ELECTRON_SKIP_BINARY_DOWNLOAD).toBe('1');
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
  });

  it('installs both lock files and runs the unit tests with the Windows store and registry tests', () => {
    const text = runs(wf.jobs.test!);
    expect(text).toContain('npm ci --no-audit');
    expect(text).toContain('npm ci --prefix tools/electronegativity');
    expect(text).toMatch(/vitest run tests\/unit tests\/windows/);
  });

  it('packages after the tests, checks the fuses of the built executable, installs per-user and runs the CLI', () => {
    const pack = wf.jobs.package!;
    expect(pack.needs).toBe('test');
    const text = runs(pack);
    expect(text).toContain('npm run dist:win');
    expect(text).toContain('validate-builder-config.ts --packaged out/installer/win-unpacked/cjs-cert-assistant.exe');
    expect(text).toContain("ArgumentList '/S'");
    expect(text).toContain('cjs-cert.cmd');
  });
});

describe('.github/workflows/linux.yml', () => {
  it('runs .ci/run on Debian 12 with Node 24', () => {
    const wf = workflow('linux.yml');
    const job = wf.jobs['ci-run']!;
    expect(job.container).toBe('debian:12');
    expect(nodeVersion(job, wf)).toBe('24');
    expect(runs(job)).toContain('bash .ci/run');
  });
});

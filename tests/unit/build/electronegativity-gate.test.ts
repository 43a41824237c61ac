// The Electronegativity gate (tools/electronegativity): the tool always exits 0, so the gate on
// its report is what fails `npm test`. Checked on constructed reports for every rule of the gate,
// and once end to end: the real tool, offline, on a small app with a real problem.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const TOOL = join(ROOT, 'tools', 'electronegativity');
const HEADER = 'issue, severity, confidence, filename, location, sample, description, url';
const REASON = 'the option is set by the function the window is built with, and a unit test asserts it on the window';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'electronegativity-gate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function finding(id: string, severity: string, file: string, sample: string): string {
  const q = (value: string) => `"${value.replace(/"/g, '""')}"`;
  return [id, q(severity), q('FIRM'), q(file), q('39:14'), q(sample), q('Review the use of it, "carefully"'), `https://example/${id}`].join(
    ',',
  );
}

const WINDOW = 'const win = new BrowserWindow(appWindowOptions(paths.preload, WINDOW_TITLE));';

async function gate(report: string, accepted: string) {
  const reportFile = join(dir, 'report.csv');
  const acceptedFile = join(dir, 'accepted.md');
  await writeFile(reportFile, report);
  await writeFile(acceptedFile, accepted);
  const run = spawnSync(process.execPath, [join(TOOL, 'gate.js'), '--report', reportFile, '--accepted', acceptedFile], {
    encoding: 'utf8',
  });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

const table = (...rows: string[]) => ['| check id | file | code | reason |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');

describe('the gate on a report', () => {
  it('fails on a HIGH or MEDIUM finding nobody accepted, naming it', async () => {
    const report = [HEADER, finding('CONTEXT_ISOLATION_JS_CHECK', 'HIGH', 'electron/main/main.ts', WINDOW), ''].join('\n');
    const result = await gate(report, table());
    expect(result.code).toBe(1);
    expect(result.out).toContain('NOT ACCEPTED: CONTEXT_ISOLATION_JS_CHECK HIGH/FIRM at electron/main/main.ts:39:14');
  });

  it('passes when every HIGH and MEDIUM finding is accepted with a reason; LOW findings never fail', async () => {
    const report = [
      HEADER,
      finding('CONTEXT_ISOLATION_JS_CHECK', 'HIGH', 'electron/main/main.ts', WINDOW),
      finding('SANDBOX_JS_CHECK', 'MEDIUM', 'electron/main/main.ts', WINDOW),
      finding('CSP_GLOBAL_CHECK', 'LOW', 'renderer/index.html', "style-src 'unsafe-inline'"),
      '',
    ].join('\n');
    const accepted = table(
      `| \`CONTEXT_ISOLATION_JS_CHECK\` | \`electron/main/main.ts\` | \`new BrowserWindow(appWindowOptions(\` | ${REASON} |`,
      `| SANDBOX_JS_CHECK | electron/main/main.ts | new BrowserWindow(appWindowOptions( | ${REASON} |`,
    );
    const result = await gate(report, accepted);
    expect(result.out).toContain('electronegativity gate: passed (2 high/medium findings');
    expect(result.code).toBe(0);
  });

  it('does not let an acceptance cover another call of the same check in the same file', async () => {
    const hidden = 'const probe = new BrowserWindow({ show: false, webPreferences: { contextIsolation: false } });';
    const report = [
      HEADER,
      finding('CONTEXT_ISOLATION_JS_CHECK', 'HIGH', 'electron/main/main.ts', WINDOW),
      finding('CONTEXT_ISOLATION_JS_CHECK', 'HIGH', 'electron/main/main.ts', hidden),
      '',
    ].join('\n');
    const accepted = table(`| CONTEXT_ISOLATION_JS_CHECK | electron/main/main.ts | new BrowserWindow(appWindowOptions( | ${REASON} |`);
    const result = await gate(report, accepted);
    expect(result.code).toBe(1);
    expect(result.out).toContain('NOT ACCEPTED: CONTEXT_ISOLATION_JS_CHECK');
    expect(result.out).toContain('show: false');
  });

  it('fails on an acceptance without a real reason, and on one that matches no finding any more', async () => {
    const report = [HEADER, finding('SANDBOX_JS_CHECK', 'MEDIUM', 'electron/main/main.ts', WINDOW), ''].join('\n');
    const accepted = table(
      '| SANDBOX_JS_CHECK | electron/main/main.ts | new BrowserWindow( | false positive |',
      `| AUXCLICK_JS_CHECK | electron/main/main.ts | new BrowserWindow( | ${REASON} |`,
    );
    const result = await gate(report, accepted);
    expect(result.code).toBe(1);
    expect(result.out).toContain('SANDBOX_JS_CHECK in electron/main/main.ts has no real reason');
    expect(result.out).toContain('AUXCLICK_JS_CHECK in electron/main/main.ts matches no HIGH or MEDIUM finding any more');
  });

  it('fails on a report it cannot read: empty, another format, or cut off inside a field', async () => {
    expect((await gate('', table())).code).toBe(1);
    expect((await gate('a,b,c\n', table())).out).toContain("does not start with Electronegativity's CSV header");
    const cut = [HEADER, finding('SANDBOX_JS_CHECK', 'MEDIUM', 'electron/main/main.ts', WINDOW).slice(0, 60)].join('\n');
    expect((await gate(cut, table())).out).toContain('truncated');
  });
});

describe('the real tool, offline', () => {
  it('finds context isolation switched off in a small app, and the gate fails on it', async () => {
    expect(existsSync(join(TOOL, 'node_modules', '@doyensec', 'electronegativity')), 'run: npm ci --prefix tools/electronegativity').toBe(
      true,
    );
    const app = join(dir, 'app');
    const out = join(dir, 'out');
    await mkdir(join(app, 'electron', 'main'), { recursive: true });
    await mkdir(out);
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'probe', devDependencies: { electron: '45.6.1' } }));
    await writeFile(
      join(app, 'electron', 'main', 'main.ts'),
      [
        "import { BrowserWindow } from 'electron';",
        'export function open(): BrowserWindow {',
        "  return new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: true, disableBlinkFeatures: 'Auxclick' } });",
        '}',
        '',
      ].join('\n'),
    );
    const scan = spawnSync(process.execPath, [join(TOOL, 'scan.js'), '--input', app, '--out', out], { encoding: 'utf8', timeout: 120_000 });
    expect(scan.stderr).toBe('');
    expect(scan.status).toBe(0);
    const csv = await readFile(join(out, 'electronegativity.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe(HEADER);
    expect(csv).toContain('CONTEXT_ISOLATION_JS_CHECK,"HIGH","FIRM","electron/main/main.ts"');
    const sarif = JSON.parse(await readFile(join(out, 'electronegativity.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toContain('CONTEXT_ISOLATION_JS_CHECK');

    const result = await gate(csv, table());
    expect(result.code).toBe(1);
    expect(result.out).toContain('NOT ACCEPTED: CONTEXT_ISOLATION_JS_CHECK HIGH/FIRM at electron/main/main.ts');
  }, 120_000);
});

// The browser transport itself, on a small page of its own: before any journey trusts it, it must
// give the page exactly window.api = { invoke, on }, deliver a call's events before its answer,
// refuse sub-frames as the Electron shell does, serve under the app's CSP, and let nothing out.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CSP } from '../../../electron/main/content-security-policy';
import { openAppWindow, type AppTransport, type AppWindow } from '../../helpers/app-browser';
import { seriousA11yViolations } from '../../helpers/app-checks';

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>harness</title>
<script type="module" src="./probe.js"></script></head><body><main><h1>probe</h1>
<iframe title="child" srcdoc="<p>child</p>"></iframe></main></body></html>`;
// The page records what it sees; the test reads it back.
const PROBE = `const seen = [];
window.__seen = seen;
window.__keys = Object.keys(window.api).sort();
window.api.on('enrollment.progress', (p) => seen.push(['event', p.step]));
window.__call = async () => { const r = await window.api.invoke('enrollment.start', {}); seen.push(['answer', r.ok]); return r; };
window.__external = fetch('https://example.com/').then(() => 'fetched', () => 'refused');`;

describe('the browser transport', () => {
  let build: string;
  let home: string;
  let win: AppWindow;
  const calls: string[] = [];
  beforeAll(async () => {
    build = await mkdtemp(join(tmpdir(), 'app-harness-build-'));
    home = await mkdtemp(join(tmpdir(), 'app-harness-home-'));
    await writeFile(join(build, 'index.html'), PAGE);
    await writeFile(join(build, 'probe.js'), PROBE);
    const listeners = new Set<(event: string, payload: unknown) => void>();
    const transport: AppTransport = {
      async invoke(channel) {
        calls.push(channel);
        for (const step of ['prepare', 'keygen', 'issue']) for (const l of listeners) l('enrollment.progress', { step, phase: 'start' });
        await new Promise((r) => setTimeout(r, 20));
        return { ok: true, value: channel };
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    win = await openAppWindow({ home, transport, buildDir: build });
    await win.open();
  });
  afterAll(async () => {
    await win?.close();
    await rm(build, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });

  it('gives the page exactly invoke and on', async () => {
    expect(await win.page.evaluate(() => (globalThis as unknown as { __keys: string[] }).__keys)).toEqual(['invoke', 'on']);
  });

  it("delivers a call's events, in order, before its answer", async () => {
    await win.page.evaluate(() => (globalThis as unknown as { __call(): Promise<unknown> }).__call());
    expect(await win.page.evaluate(() => (globalThis as unknown as { __seen: unknown[] }).__seen)).toEqual([
      ['event', 'prepare'],
      ['event', 'keygen'],
      ['event', 'issue'],
      ['answer', true],
    ]);
  });

  it('answers a sub-frame with IPC-UNTRUSTED-SENDER, without calling the core', async () => {
    const before = calls.length;
    // A sub-frame cannot even load its own script under the CSP; the test calls from inside it.
    const child = win.page.frames().find((f) => f !== win.page.mainFrame())!;
    const answer = await child.evaluate(() =>
      (globalThis as unknown as { api: { invoke(c: string, i: unknown): Promise<unknown> } }).api.invoke('situation.get', {}),
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'IPC-UNTRUSTED-SENDER' } });
    expect(calls.length).toBe(before);
  });

  it("serves the files with the shell's CSP and refuses every request to another origin", async () => {
    const response = await win.page.goto('https://app.test/index.html');
    expect(response?.headers()['content-security-policy']).toBe(APP_CSP);
    expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
    expect(await win.page.evaluate(() => (globalThis as unknown as { __external: Promise<string> }).__external)).toBe('refused');
  });

  it('runs axe-core under that CSP', async () => {
    expect(await seriousA11yViolations(win.page)).toEqual([]);
  });
});

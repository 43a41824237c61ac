// The built renderer against a host that misbehaves (issue 7, item 6): answers that are junk or
// rejected promises must become an explanation with a code, never a blank window.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppWindow, type AppTransport, type AppWindow } from '../../helpers/app-browser';

const silentEvents = { subscribe: () => () => undefined } as const;

describe('the renderer with a misbehaving host', () => {
  let win: AppWindow | undefined;
  let home: string | undefined;
  afterEach(async () => {
    await win?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  async function open(transport: AppTransport): Promise<AppWindow> {
    home = await mkdtemp(join(tmpdir(), 'cjs-app-hostile-'));
    win = await openAppWindow({ home, transport });
    await win.page.goto('https://app.test/#/status');
    return win;
  }

  it.each([
    ['junk', () => Promise.resolve({ ok: 'yes', value: '<script>alert(1)</script>' }), 'IPC-BAD-ANSWER'],
    ['a rejected promise', () => Promise.reject(new Error('secret detail')), 'IPC-REJECTED'],
  ])('answered with %s, Status explains it with its code', async (_name, invoke, code) => {
    const w = await open({ invoke, ...silentEvents });
    await w.page.getByTestId('error-code').first().waitFor();
    expect(await w.page.getByTestId('error-code').first().textContent()).toContain(code);
    expect(await w.page.getByTestId('nav-status').isVisible()).toBe(true);
    expect(await w.page.content()).not.toContain('secret detail');
  });
});

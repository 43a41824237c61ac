// The Electron transport: a frame that is not the app's own page gets nothing from the core;
// the app's page gets the router's answer; events reach the window while it exists.
import type { IpcMain } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { Router } from '../../../electron/contract/router';
import { forwardEvents, serveRouter } from '../../../electron/main/ipc-bridge';

function setup() {
  let handler: ((event: { senderFrame: unknown }, channel: unknown, input: unknown) => Promise<unknown>) | undefined;
  const ipcMain = { handle: vi.fn((name: string, h: typeof handler) => (handler = h)) };
  const invoke = vi.fn(() => Promise.resolve({ ok: true as const, value: 'answer' }));
  const router: Router = { invoke };
  serveRouter(ipcMain as unknown as Pick<IpcMain, 'handle'>, router);
  return { ipcMain, invoke, call: (frame: unknown, channel: unknown, input: unknown) => handler!({ senderFrame: frame }, channel, input) };
}

describe('serveRouter', () => {
  it('answers the main frame of app://cjs through the router', async () => {
    const { ipcMain, invoke, call } = setup();
    expect(ipcMain.handle).toHaveBeenCalledWith('cjs:invoke', expect.any(Function));
    expect(await call({ url: 'app://cjs/index.html', parent: null }, 'situation.get', {})).toEqual({ ok: true, value: 'answer' });
    expect(invoke).toHaveBeenCalledWith('situation.get', {});
  });

  it.each([
    ['a sub-frame', { url: 'app://cjs/index.html', parent: {} }],
    ['another origin', { url: 'https://evil.example/', parent: null }],
    ['a frame gone since', null],
  ])('refuses %s without calling the core', async (_name, frame) => {
    const { invoke, call } = setup();
    expect(await call(frame, 'situation.get', {})).toEqual({
      ok: false,
      error: { code: 'IPC-UNTRUSTED-SENDER', actor: 'it', faq: [], params: {} },
    });
    expect(invoke).not.toHaveBeenCalled();
  });
});

describe('forwardEvents', () => {
  it('sends each event to the page on cjs:event, and drops it once the window is gone', () => {
    const contents = { isDestroyed: vi.fn(() => false), send: vi.fn() };
    const forward = forwardEvents(() => contents);
    forward('enrollment.progress', { step: 'keygen', phase: 'start' });
    expect(contents.send).toHaveBeenCalledWith('cjs:event', 'enrollment.progress', { step: 'keygen', phase: 'start' });
    contents.isDestroyed.mockReturnValue(true);
    forward('enrollment.progress', { step: 'issue', phase: 'start' });
    expect(contents.send).toHaveBeenCalledTimes(1);
    expect(() => forwardEvents(() => undefined)('x', {})).not.toThrow();
  });
});

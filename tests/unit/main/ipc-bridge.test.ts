// The Electron transport over the real router: only the app's own page, in the main frame of the
// app's window, reaches the core; every input and every output is checked against the contract;
// whatever fails comes back as data (code, actor, params) — never a message, a stack or a secret.
import { describe, expect, it, vi } from 'vitest';
import type { AppHandlers } from '../../../electron/contract/channels';
import { createRouter, type Router } from '../../../electron/contract/router';
import { toAppError } from '../../../electron/core/app/errors';
import { CjsError } from '../../../electron/core/errors';
import { forwardEvents, sendEvent, serveRouter } from '../../../electron/main/ipc-bridge';

type Invoke = (event: { sender: unknown; senderFrame: unknown }, channel: unknown, input: unknown) => Promise<unknown>;

const APP_WINDOW = { id: 1 };
const APP_FRAME = { url: 'app://cjs/index.html', parent: null };
const SECRET = 'hunter2-パスワード';

const SETTINGS = {
  language: 'ja',
  notifications: true,
  autoRenew: true,
  startAtLogin: false,
  issuerUrl: 'https://est.example.jp',
  loginUrl: 'https://cjs.example.jp/',
  renewalWindowDays: 30,
};

/** The core's handlers, as far as these tests call them; each may be replaced. */
function handlers(over: Partial<Record<keyof AppHandlers, (...args: unknown[]) => Promise<unknown>>> = {}): AppHandlers {
  return { 'settings.get': () => Promise.resolve(SETTINGS), ...over } as unknown as AppHandlers;
}

function serve(router: Router) {
  let invoke: Invoke | undefined;
  const ipcMain = { handle: vi.fn((_name: string, fn: Invoke) => (invoke = fn)) };
  serveRouter(ipcMain, router, (sender) => sender === APP_WINDOW);
  return {
    ipcMain,
    call: (channel: unknown, input: unknown, from: { sender?: unknown; senderFrame?: unknown } = {}) =>
      invoke!({ sender: from.sender ?? APP_WINDOW, senderFrame: 'senderFrame' in from ? from.senderFrame : APP_FRAME }, channel, input),
  };
}

function realRouter(over: Parameters<typeof handlers>[0] = {}) {
  const problems: unknown[] = [];
  const router = createRouter(handlers(over), { toAppError, onEvent: () => undefined, onProblem: (p) => problems.push(p) });
  return { router, problems };
}

describe('serveRouter: who may ask', () => {
  it('answers the main frame of app://cjs in the app window through the router', async () => {
    const { router } = realRouter();
    const { ipcMain, call } = serve(router);
    expect(ipcMain.handle).toHaveBeenCalledWith('cjs:invoke', expect.any(Function));
    expect(await call('settings.get', {})).toEqual({ ok: true, value: SETTINGS });
  });

  it.each([
    ['a sub-frame', { senderFrame: { url: 'app://cjs/index.html', parent: APP_FRAME } }],
    ['a page of another origin', { senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a file:// page', { senderFrame: { url: 'file:///C:/Users/clerk/index.html', parent: null } }],
    ['a frame gone since it sent', { senderFrame: null }],
    ['the app page in web contents that are not the app window', { sender: { id: 2 } }],
  ])('refuses %s without calling the core', async (_name, from) => {
    const invoke = vi.fn();
    const { call } = serve({ invoke });
    expect(await call('settings.get', {}, from)).toEqual({
      ok: false,
      error: { code: 'IPC-UNTRUSTED-SENDER', actor: 'it', faq: [], params: {} },
    });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('refuses an unknown channel, naming it and nothing else', async () => {
    const { call } = serve(realRouter().router);
    expect(await call('shell.openExternal', { url: 'file:///etc/passwd' })).toEqual({
      ok: false,
      error: { code: 'IPC-UNKNOWN-CHANNEL', actor: 'it', faq: [], params: { channel: 'shell.openExternal' } },
    });
    expect(await call({ toString: () => 'settings.get' }, {})).toMatchObject({ ok: false, error: { code: 'IPC-UNKNOWN-CHANNEL' } });
    expect(await call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'IPC-UNKNOWN-CHANNEL' } });
  });
});

describe('serveRouter: payloads checked both ways', () => {
  it('refuses an invalid input before the core sees it, naming the fields, never their values', async () => {
    const start = vi.fn();
    const { call } = serve(realRouter({ 'enrollment.start': start }).router);
    const answer = await call('enrollment.start', { operation: 'enroll', loginId: 'user 01', password: SECRET, extra: SECRET });
    expect(answer).toMatchObject({ ok: false, error: { code: 'IPC-BAD-INPUT', params: { channel: 'enrollment.start' } } });
    expect(String((answer as { error: { params: { paths: string } } }).error.params.paths)).toContain('loginId');
    expect(JSON.stringify(answer)).not.toContain(SECRET);
    expect(start).not.toHaveBeenCalled();
  });

  it("refuses an output the contract does not allow: the core's bug never reaches the page", async () => {
    const leaky = () => Promise.resolve({ ...SETTINGS, language: 'fr', password: SECRET });
    const { router, problems } = realRouter({ 'settings.get': leaky });
    const answer = await serve(router).call('settings.get', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'IPC-BAD-OUTPUT', params: { channel: 'settings.get', paths: 'language' } } });
    expect(JSON.stringify(answer)).not.toContain(SECRET);
    expect(problems).toEqual([{ code: 'IPC-BAD-OUTPUT', name: 'settings.get', paths: 'language' }]);
  });

  it('strips what the output schema does not know instead of passing it on', async () => {
    const extra = () => Promise.resolve({ ...SETTINGS, internalPath: '/home/clerk/.local/state/cjs-cert' });
    const answer = await serve(realRouter({ 'settings.get': extra }).router).call('settings.get', {});
    expect(answer).toEqual({ ok: true, value: SETTINGS });
  });
});

describe('serveRouter: errors are data', () => {
  it("maps the core's error to its code, actor, FAQ and params", async () => {
    const refused = () => Promise.reject(new CjsError('CJS-E-LOCKED', `locked after ${SECRET}`, { params: { loginId: 'user01' } }));
    const answer = await serve(realRouter({ 'settings.get': refused }).router).call('settings.get', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'CJS-E-LOCKED', params: { loginId: 'user01' } } });
    expect(Object.keys((answer as { error: object }).error).sort()).toEqual(['actor', 'code', 'faq', 'params']);
    expect(JSON.stringify(answer)).not.toContain(SECRET);
  });

  it('maps anything else to UNEXPECTED with no message and no stack', async () => {
    const crash = () => Promise.reject(new TypeError(`Cannot read properties of undefined (reading '${SECRET}')`));
    const answer = await serve(realRouter({ 'settings.get': crash }).router).call('settings.get', {});
    expect(answer).toEqual({
      ok: false,
      error: { code: 'UNEXPECTED', actor: expect.any(String) as string, faq: expect.any(Array) as string[], params: {} },
    });
    expect(JSON.stringify(answer)).not.toMatch(/hunter2|Cannot read|at .*\.ts/);
  });

  it('answers IPC-INTERNAL as data even if a router ever threw', async () => {
    const throwing: Router = { invoke: () => Promise.reject(new Error(SECRET)) };
    expect(await serve(throwing).call('settings.get', {})).toEqual({
      ok: false,
      error: { code: 'IPC-INTERNAL', actor: 'it', faq: [], params: {} },
    });
  });
});

describe('events to the page', () => {
  it('sends each router event on cjs:event, and drops it once the window is gone', () => {
    const contents = { isDestroyed: vi.fn(() => false), send: vi.fn() };
    const forward = forwardEvents(() => contents);
    forward('enrollment.progress', { step: 'keygen', phase: 'start' });
    expect(contents.send).toHaveBeenCalledWith('cjs:event', 'enrollment.progress', { step: 'keygen', phase: 'start' });
    contents.isDestroyed.mockReturnValue(true);
    forward('enrollment.progress', { step: 'issue', phase: 'start' });
    expect(contents.send).toHaveBeenCalledTimes(1);
    expect(() => forwardEvents(() => undefined)('x', {})).not.toThrow();
  });

  it("checks the shell's own events against the contract before sending", () => {
    const contents = { isDestroyed: () => false, send: vi.fn() };
    expect(sendEvent(contents, 'enrollment.requested', { operation: 'renew', loginId: 'user01' })).toBe(true);
    expect(contents.send).toHaveBeenCalledWith('cjs:event', 'enrollment.requested', { operation: 'renew', loginId: 'user01' });
    const invalid = { operation: 'renew', loginId: 'user 01', script: '<img onerror>' } as unknown as { operation: 'renew' };
    expect(sendEvent(contents, 'enrollment.requested', invalid)).toBe(false);
    expect(contents.send).toHaveBeenCalledTimes(1);
  });
});

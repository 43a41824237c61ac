// The main process's wiring, with a small fake of Electron: what a user of the packaged app
// relies on — app:// privileged before start, one sandboxed window on app://cjs, every page's
// web contents hardened, permissions refused, and the contract answered on cjs:invoke.
import { beforeAll, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({
  privileged: [] as unknown[],
  handled: new Map<string, (...args: unknown[]) => unknown>(),
  protocols: new Map<string, (request: Request) => Promise<Response>>(),
  appEvents: new Map<string, (...args: unknown[]) => void>(),
  windows: [] as { options: { webPreferences: Record<string, unknown> }; url?: string }[],
  sandbox: 0,
  ready: undefined as undefined | (() => void),
  permissionHandlers: 0,
}));

vi.mock('electron', () => {
  class BrowserWindow {
    readonly webContents = { isDestroyed: () => false, send: vi.fn() };
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      calls.windows.push(this);
    }
    url?: string;
    once() {}
    on() {}
    isDestroyed = () => false;
    isMinimized = () => true;
    restore = vi.fn();
    focus = vi.fn();
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
  }
  return {
    app: {
      enableSandbox: () => calls.sandbox++,
      requestSingleInstanceLock: () => true,
      on: (name: string, listener: (...args: unknown[]) => void) => calls.appEvents.set(name, listener),
      whenReady: () => new Promise<void>((resolve) => (calls.ready = resolve)),
      getAppPath: () => '/opt/cjs',
      quit: vi.fn(),
      exit: vi.fn(),
    },
    BrowserWindow,
    ipcMain: { handle: (name: string, fn: (...args: unknown[]) => unknown) => calls.handled.set(name, fn) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => calls.privileged.push(...schemes),
      handle: (scheme: string, fn: (request: Request) => Promise<Response>) => calls.protocols.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => calls.permissionHandlers++,
        setPermissionCheckHandler: () => calls.permissionHandlers++,
        setDevicePermissionHandler: () => calls.permissionHandlers++,
      },
    },
  };
});

beforeAll(async () => {
  await import('../../../electron/main/main');
});

describe('main process', () => {
  it('registers app:// as a privileged standard scheme and enables the sandbox before start', () => {
    expect(calls.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) as unknown }]);
    expect(calls.sandbox).toBe(1);
    expect(calls.windows).toHaveLength(0);
    expect(calls.appEvents.has('web-contents-created')).toBe(true);
  });

  it('on ready: refuses permissions, serves app://, answers cjs:invoke, opens one hardened window on app://cjs', async () => {
    calls.ready!();
    await vi.waitFor(() => expect(calls.windows).toHaveLength(1));
    expect(calls.permissionHandlers).toBe(3);
    expect(calls.protocols.has('app')).toBe(true);
    expect(calls.handled.has('cjs:invoke')).toBe(true);
    const [win] = calls.windows;
    expect(win!.url).toBe('app://cjs/index.html');
    expect(win!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(win!.options.webPreferences.preload).toBe('/opt/cjs/dist/electron/preload.cjs');
  });

  it('answers an unknown channel from the app page with IPC-UNKNOWN-CHANNEL, and a foreign frame not at all', async () => {
    const invoke = calls.handled.get('cjs:invoke')!;
    const appFrame = { senderFrame: { url: 'app://cjs/index.html', parent: null } };
    expect(await invoke(appFrame, 'shell.openExternal', {})).toMatchObject({ ok: false, error: { code: 'IPC-UNKNOWN-CHANNEL' } });
    const foreign = { senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await invoke(foreign, 'settings.get', {})).toMatchObject({ ok: false, error: { code: 'IPC-UNTRUSTED-SENDER' } });
  });

  it('a second start shows the existing window instead of opening another', () => {
    calls.appEvents.get('second-instance')!();
    expect(calls.windows).toHaveLength(1);
    const [win] = calls.windows as unknown as { restore: () => void; focus: () => void }[];
    expect(win!.restore).toHaveBeenCalled();
    expect(win!.focus).toHaveBeenCalled();
  });
});

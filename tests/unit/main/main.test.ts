// The main process's wiring, with a small fake of Electron: what a user of the app relies on —
// app:// privileged before Electron is ready, one sandboxed window on app://cjs with the preload
// beside the main bundle, every page's web contents hardened, permissions refused, the contract
// answered on cjs:invoke, one instance, and no invisible or half-built app left running.
import type * as Fs from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';

type Listener = (...args: unknown[]) => void;

interface FakeWindow {
  readonly options: { webPreferences: Record<string, unknown> };
  url?: string;
  shown: boolean;
  destroyed: boolean;
  readonly events: Map<string, Listener>;
  readonly restore: ReturnType<typeof vi.fn>;
  readonly focus: ReturnType<typeof vi.fn>;
}

const fake = vi.hoisted(() => ({
  lock: true,
  loadFails: false,
  /** Files of the build that existsSync reports (the real file system answers for the rest). */
  built: new Set<string>(),
  privileged: [] as unknown[],
  sandboxBeforeReady: false,
  isReady: false,
  ready: undefined as undefined | (() => void),
  handled: new Map<string, (...args: unknown[]) => unknown>(),
  protocols: new Map<string, (request: Request) => Promise<Response>>(),
  appEvents: new Map<string, (...args: unknown[]) => void>(),
  windows: [] as FakeWindow[],
  permissionHandlers: 0,
  quit: 0,
  exits: [] as number[],
}));

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof Fs>();
  return { ...actual, existsSync: (path: Fs.PathLike) => fake.built.has(String(path)) || actual.existsSync(path) };
});

vi.mock('electron', () => {
  class BrowserWindow implements FakeWindow {
    readonly webContents = { isDestroyed: () => false, send: vi.fn() };
    readonly events = new Map<string, Listener>();
    readonly restore = vi.fn();
    readonly focus = vi.fn();
    url?: string;
    shown = false;
    destroyed = false;
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      if (!fake.isReady) throw new Error('Cannot create BrowserWindow before app is ready');
      fake.windows.push(this);
    }
    once(name: string, listener: Listener) {
      this.events.set(name, listener);
    }
    on(name: string, listener: Listener) {
      this.events.set(name, listener);
    }
    show() {
      this.shown = true;
    }
    isDestroyed = () => this.destroyed;
    isMinimized = () => true;
    loadURL(url: string) {
      this.url = url;
      return fake.loadFails ? Promise.reject(new Error(`ERR_FAILED (-2) loading '${url}'`)) : Promise.resolve();
    }
  }
  return {
    app: {
      enableSandbox: () => (fake.sandboxBeforeReady = !fake.isReady),
      requestSingleInstanceLock: () => fake.lock,
      on: (name: string, listener: (...args: unknown[]) => void) => fake.appEvents.set(name, listener),
      whenReady: () =>
        new Promise<void>((resolve) => {
          fake.ready = () => {
            fake.isReady = true;
            resolve();
          };
        }),
      quit: () => fake.quit++,
      exit: (code: number) => fake.exits.push(code),
    },
    BrowserWindow,
    ipcMain: { handle: (name: string, fn: (...args: unknown[]) => unknown) => fake.handled.set(name, fn) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => fake.privileged.push(...schemes),
      handle: (scheme: string, fn: (request: Request) => Promise<Response>) => fake.protocols.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => fake.permissionHandlers++,
        setPermissionCheckHandler: () => fake.permissionHandlers++,
        setDevicePermissionHandler: () => fake.permissionHandlers++,
      },
    },
  };
});

// Run from the sources, the "bundle directory" is electron/main; built, it is dist/electron.
const MAIN_DIR = resolve(import.meta.dirname, '../../../electron/main');
const PRELOAD = join(MAIN_DIR, 'preload.cjs');
const ENTRY_PAGE = join(MAIN_DIR, '..', 'renderer', 'index.html');

let errors: MockInstance<typeof console.error>;

/** A fresh start of the main process with the given fake machine. */
async function startMain(options: { lock?: boolean; built?: boolean; loadFails?: boolean } = {}): Promise<void> {
  Object.assign(fake, { lock: options.lock ?? true, loadFails: options.loadFails ?? false, isReady: false, ready: undefined });
  Object.assign(fake, { sandboxBeforeReady: false, permissionHandlers: 0, quit: 0, exits: [], windows: [], privileged: [] });
  for (const map of [fake.handled, fake.protocols, fake.appEvents]) map.clear();
  fake.built = new Set(options.built === false ? [] : [PRELOAD, ENTRY_PAGE]);
  vi.resetModules();
  await import('../../../electron/main/main');
}

async function becomeReady(): Promise<void> {
  fake.ready!();
  await vi.waitFor(() => expect(fake.windows.length + fake.exits.length).toBeGreaterThan(0));
}

beforeEach(() => {
  errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => errors.mockRestore());

describe('main process', () => {
  it('registers app:// as a privileged standard scheme, not readable cross-origin, and enables the sandbox, before ready', async () => {
    await startMain();
    expect(fake.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    expect(fake.sandboxBeforeReady).toBe(true);
    expect(fake.windows).toHaveLength(0);
    expect(fake.appEvents.has('web-contents-created')).toBe(true);
  });

  it('a second start arriving before ready opens nothing (no window may exist yet) and the ready app opens one', async () => {
    await startMain();
    expect(() => fake.appEvents.get('second-instance')!()).not.toThrow();
    expect(() => fake.appEvents.get('activate')!()).not.toThrow();
    await becomeReady();
    expect(fake.windows).toHaveLength(1);
  });

  it('on ready: refuses permissions, serves app://, answers cjs:invoke, opens one hardened window on app://cjs', async () => {
    await startMain();
    await becomeReady();
    expect(fake.permissionHandlers).toBe(3);
    expect(fake.protocols.has('app')).toBe(true);
    expect(fake.handled.has('cjs:invoke')).toBe(true);
    const [win] = fake.windows;
    expect(win!.url).toBe('app://cjs/index.html');
    expect(win!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    // The preload is found beside the main bundle, wherever the app was started from.
    expect(win!.options.webPreferences.preload).toBe(PRELOAD);
    expect(win!.shown).toBe(false);
    win!.events.get('ready-to-show')!();
    expect(win!.shown).toBe(true);
  });

  it('answers an unknown channel from the app page with IPC-UNKNOWN-CHANNEL, and a foreign frame not at all', async () => {
    await startMain();
    await becomeReady();
    const invoke = fake.handled.get('cjs:invoke')!;
    const appFrame = { senderFrame: { url: 'app://cjs/index.html', parent: null } };
    expect(await invoke(appFrame, 'shell.openExternal', {})).toMatchObject({ ok: false, error: { code: 'IPC-UNKNOWN-CHANNEL' } });
    const foreign = { senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await invoke(foreign, 'settings.get', {})).toMatchObject({ ok: false, error: { code: 'IPC-UNTRUSTED-SENDER' } });
  });

  it('a second start shows the existing window; once it is closed, activation opens a new one', async () => {
    await startMain();
    await becomeReady();
    fake.appEvents.get('second-instance')!();
    expect(fake.windows).toHaveLength(1);
    expect(fake.windows[0]!.restore).toHaveBeenCalled();
    expect(fake.windows[0]!.focus).toHaveBeenCalled();
    fake.windows[0]!.destroyed = true;
    fake.windows[0]!.events.get('closed')!();
    fake.appEvents.get('activate')!();
    expect(fake.windows).toHaveLength(2);
  });

  it('quits when the last window is closed', async () => {
    await startMain();
    await becomeReady();
    fake.appEvents.get('window-all-closed')!();
    expect(fake.quit).toBe(1);
  });

  it('shows the window even when the screens fail to load, so the app never runs invisible', async () => {
    await startMain({ loadFails: true });
    await becomeReady();
    await vi.waitFor(() => expect(fake.windows[0]!.shown).toBe(true));
    expect(String(errors.mock.calls[0]![0])).toContain("the app's screens could not be loaded");
  });

  it('without a build, exits with status 1 naming the missing files and the commands that build them, and opens nothing', async () => {
    await startMain({ built: false });
    await becomeReady();
    expect(fake.exits).toEqual([1]);
    expect(fake.windows).toHaveLength(0);
    expect(fake.protocols.size).toBe(0);
    const message = String(errors.mock.calls[0]![0]);
    expect(message).toContain(`${ENTRY_PAGE} (npm run build:renderer)`);
    expect(message).toContain(`${PRELOAD} (npm run build:electron)`);
  });

  it('a second instance quits at once and leaves the first one alone', async () => {
    await startMain({ lock: false });
    expect(fake.quit).toBe(1);
    expect(fake.ready).toBeUndefined();
    expect(fake.appEvents.size).toBe(0);
  });
});

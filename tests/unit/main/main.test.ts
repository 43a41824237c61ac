// The main process's wiring, with a small fake of Electron: what a user of the app relies on —
// app:// privileged before Electron is ready, one sandboxed window on app://cjs with the preload
// beside the main bundle, every page's web contents hardened, permissions refused, the contract
// answered on cjs:invoke for the app's window only, one instance, no invisible or half-built app
// left running, the expiry notification opening the wizard, and no client certificate handed to
// anything but the login probe. The core is replaced by a fake (createApp): its own tests and the
// build test (tests/unit/main/build-electron.test.ts) run the real one.
import type * as Fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { APP_ID } from '../../../build/electron-builder.config';
import type { AutoRenewReportView } from '../../../electron/contract/renewal';
import type { Situation } from '../../../electron/contract/situation';
import { computeSituation } from '../../../electron/core/app/situation';

type Listener = (...args: unknown[]) => void;

interface FakeContents {
  readonly send: ReturnType<typeof vi.fn>;
  loading: boolean;
  readonly events: Map<string, Listener>;
}

interface FakeWindow {
  readonly options: { webPreferences: Record<string, unknown> };
  readonly webContents: FakeContents;
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
  appUserModelId: undefined as string | undefined,
  notifications: [] as { title: string; body: string; click?: () => void }[],
  openedExternally: [] as string[],
  loginProbeGiven: false,
  /** What the fake core answers. */
  situation: undefined as undefined | Situation,
  /** What the automatic renewal did (default: nothing due). */
  renewal: undefined as undefined | AutoRenewReportView,
  /** How often the core was told to forget the console's password. */
  consoleSignOuts: 0,
  settings: {
    language: 'ja',
    notifications: true,
    autoRenew: true,
    startAtLogin: false,
    issuerUrl: 'https://est.example.jp',
    loginUrl: 'https://cjs.example.jp/',
    renewalWindowDays: 30,
  },
}));

vi.mock('../../../electron/core/app/create-app', () => ({
  createApp: (options: { loginProbe?: unknown }) => {
    // The diagnosis' login check must go through Chromium (the OS store), not the CLI's tools.
    fake.loginProbeGiven = typeof options.loginProbe === 'function';
    return {
      'settings.get': () => Promise.resolve(fake.settings),
      'situation.get': () => (fake.situation ? Promise.resolve(fake.situation) : Promise.reject(new Error('no store here'))),
      'renewal.auto': () => Promise.resolve(fake.renewal ?? { revocationChecked: true, checkedAt: '2026-12-04T00:00:00.000Z', items: [] }),
      'console.signOut': () => {
        fake.consoleSignOuts += 1;
        return Promise.resolve({});
      },
    };
  },
}));

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof Fs>();
  return { ...actual, existsSync: (path: Fs.PathLike) => fake.built.has(String(path)) || actual.existsSync(path) };
});

vi.mock('electron', () => {
  class Notification {
    static isSupported = () => true;
    private readonly shown: { title: string; body: string; click?: () => void };
    constructor(options: { title: string; body: string }) {
      this.shown = { title: options.title, body: options.body };
    }
    on(name: string, listener: () => void) {
      if (name === 'click') this.shown.click = listener;
    }
    show() {
      fake.notifications.push(this.shown);
    }
  }
  class BrowserWindow implements FakeWindow {
    readonly webContents = {
      isDestroyed: () => false,
      send: vi.fn(),
      loading: true,
      events: new Map<string, Listener>(),
      isLoading(): boolean {
        return this.loading;
      },
      once(name: string, listener: Listener) {
        this.events.set(name, listener);
      },
    };
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
    Notification,
    shell: { openExternal: (url: string) => Promise.resolve(void fake.openedExternally.push(url)) },
    app: {
      setAppUserModelId: (id: string) => (fake.appUserModelId = id),
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
      fromPartition: () => ({ fetch: () => Promise.reject(new Error('no network here')) }),
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
  Object.assign(fake, { appUserModelId: undefined, notifications: [], openedExternally: [] });
  // Each start with its own state directory: no notice remembered from an earlier test.
  vi.stubEnv('XDG_STATE_HOME', join(stateHome, String(starts++)));
  for (const map of [fake.handled, fake.protocols, fake.appEvents]) map.clear();
  fake.built = new Set(options.built === false ? [] : [PRELOAD, ENTRY_PAGE]);
  vi.resetModules();
  await import('../../../electron/main/main');
}

async function becomeReady(): Promise<void> {
  fake.ready!();
  await vi.waitFor(() => expect(fake.windows.length + fake.exits.length).toBeGreaterThan(0));
}

// The notifier remembers its last notice in the per-user state directory: a temporary one here.
let stateHome: string;
let starts = 0;
beforeAll(async () => {
  stateHome = await mkdtemp(join(tmpdir(), 'cjs-main-'));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(stateHome, { recursive: true, force: true });
});

beforeEach(() => {
  errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  errors.mockRestore();
  vi.useRealTimers();
  fake.situation = undefined;
});

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

  it("answers the app window's page, refuses an unknown channel, a foreign frame and any other web contents", async () => {
    await startMain();
    await becomeReady();
    const invoke = fake.handled.get('cjs:invoke')!;
    const sender = fake.windows[0]!.webContents;
    const appFrame = { url: 'app://cjs/index.html', parent: null };
    expect(await invoke({ sender, senderFrame: appFrame }, 'settings.get', {})).toMatchObject({ ok: true });
    expect(await invoke({ sender, senderFrame: appFrame }, 'shell.openExternal', {})).toMatchObject({
      ok: false,
      error: { code: 'IPC-UNKNOWN-CHANNEL' },
    });
    const foreign = { sender, senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await invoke(foreign, 'settings.get', {})).toMatchObject({ ok: false, error: { code: 'IPC-UNTRUSTED-SENDER' } });
    const otherContents = { sender: { id: 99 }, senderFrame: appFrame };
    expect(await invoke(otherContents, 'settings.get', {})).toMatchObject({ ok: false, error: { code: 'IPC-UNTRUSTED-SENDER' } });
  });

  it('a second start shows the existing window; once it is closed, activation opens a new one', async () => {
    await startMain();
    await becomeReady();
    fake.appEvents.get('second-instance')!();
    expect(fake.windows).toHaveLength(1);
    expect(fake.windows[0]!.restore).toHaveBeenCalled();
    expect(fake.windows[0]!.focus).toHaveBeenCalled();
    const signOutsBefore = fake.consoleSignOuts;
    fake.windows[0]!.destroyed = true;
    fake.windows[0]!.events.get('closed')!();
    // The master's console password is forgotten with its window.
    expect(fake.consoleSignOuts).toBe(signOutsBefore + 1);
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

  it('shows the expiry notification after start; its click brings the window up on the renewal wizard', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval'] });
    fake.situation = renewalWindowSituation();
    await startMain();
    await becomeReady();
    // The installer's app id, or Windows would drop the notification.
    expect(fake.appUserModelId).toBe(APP_ID);
    expect(fake.notifications).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(10_000);
    await vi.waitFor(() => expect(fake.notifications).toHaveLength(1));
    expect(fake.notifications[0]!.title).toBe('電子証明書の更新期間です');
    expect(fake.notifications[0]!.body).toContain('user01 の電子証明書は、あと 20 日で有効期限');

    const win = fake.windows[0]!;
    win.webContents.loading = false;
    fake.notifications[0]!.click!();
    expect(win.focus).toHaveBeenCalled();
    expect(win.webContents.send).toHaveBeenCalledWith('cjs:event', 'enrollment.requested', { operation: 'renew', loginId: 'user01' });
  });

  it('a click while the screens are still loading opens the wizard once they have loaded', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval'] });
    fake.situation = renewalWindowSituation();
    await startMain();
    await becomeReady();
    await vi.advanceTimersByTimeAsync(10_000);
    await vi.waitFor(() => expect(fake.notifications).toHaveLength(1));
    const contents = fake.windows[0]!.webContents;
    fake.notifications[0]!.click!();
    expect(contents.send).not.toHaveBeenCalled();
    contents.events.get('did-finish-load')!();
    expect(contents.send).toHaveBeenCalledWith('cjs:event', 'enrollment.requested', { operation: 'renew', loginId: 'user01' });
  });

  it('renews without the password after start, tells the user the new expiry and has the screens read the store again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval'] });
    const situation = renewalWindowSituation();
    fake.situation = situation;
    const renewed = {
      ...situation.certificate!,
      serialNumber: '6B28',
      notAfter: '2027-12-24T00:00:00.000Z',
      daysLeft: 385,
      state: 'valid' as const,
    };
    fake.renewal = {
      revocationChecked: true,
      checkedAt: '2026-12-04T00:00:00.000Z',
      items: [
        {
          kind: 'renewed',
          loginId: 'user01',
          previousSerial: situation.certificate!.serialNumber,
          certificate: renewed,
          removedSerials: [],
          resumed: false,
        },
      ],
    };
    try {
      await startMain();
      await becomeReady();
      await vi.advanceTimersByTimeAsync(10_000);
      await vi.waitFor(() => expect(fake.notifications).toHaveLength(1));
      expect(fake.notifications[0]!.title).toBe('電子証明書を更新しました');
      expect(fake.notifications[0]!.body).toContain('2027年12月24日');
      expect(fake.windows[0]!.webContents.send).toHaveBeenCalledWith('cjs:event', 'situation.changed', {});
      // Nothing to open: the click only brings the window up.
      fake.notifications[0]!.click!();
      expect(fake.windows[0]!.webContents.send).not.toHaveBeenCalledWith('cjs:event', 'enrollment.requested', expect.anything());
    } finally {
      fake.renewal = undefined;
    }
  });

  it('shows no notification when the switch in Settings is off', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval'] });
    fake.situation = renewalWindowSituation();
    fake.settings = { ...fake.settings, notifications: false };
    try {
      await startMain();
      await becomeReady();
      await vi.advanceTimersByTimeAsync(2 * 3_600_000);
      expect(fake.notifications).toHaveLength(0);
    } finally {
      fake.settings = { ...fake.settings, notifications: true };
    }
  });

  it('hands no client certificate to a page, and lets the default (the first certificate of the store) never apply', async () => {
    await startMain();
    await becomeReady();
    const select = fake.appEvents.get('select-client-certificate')!;
    const event = { preventDefault: vi.fn() };
    const callback = vi.fn();
    const certificate = { subject: { commonName: 'user01' }, issuer: { commonName: 'CA' }, data: '', validStart: 0, validExpiry: 4e9 };
    select(event, fake.windows[0]!.webContents, 'https://cjs.example.jp/', [certificate], callback);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(callback).toHaveBeenCalledWith();
    // The same listener chooses the login probe's certificate: the core got that probe.
    expect(fake.loginProbeGiven).toBe(true);
  });

  it("opens the login page's and the bank's addresses in the browser, refusing the rest", async () => {
    await startMain();
    await becomeReady();
    const contents = { setWindowOpenHandler: vi.fn(), on: vi.fn() };
    fake.appEvents.get('web-contents-created')!({}, contents);
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => { action: string };
    await vi.waitFor(() => {
      expect(openHandler({ url: 'https://cjs.example.jp/login' })).toEqual({ action: 'deny' });
      expect(fake.openedExternally).toContain('https://cjs.example.jp/login');
    });
    expect(openHandler({ url: 'https://www.cjs-rokin.jp/faq/' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: 'file:///C:/Windows/System32/calc.exe' })).toEqual({ action: 'deny' });
    expect(fake.openedExternally.filter((url) => url !== 'https://cjs.example.jp/login')).toEqual(['https://www.cjs-rokin.jp/faq/']);
  });
});

/** user01's certificate 20 days before expiry, as the situation model reports it. */
function renewalWindowSituation(): Situation {
  const now = new Date();
  const notAfter = new Date(now.getTime() + 20 * 86_400_000 + 3_600_000);
  return computeSituation({
    certificates: [
      {
        store: 'nss',
        handle: 'user01',
        subject: 'CN=user01',
        subjectCommonName: 'user01',
        issuer: 'CN=CJS Rokin Issuing CA',
        issuerCommonName: 'CJS Rokin Issuing CA',
        serialNumber: '5A17',
        thumbprintSha1: '5A17'.padStart(40, 'A'),
        notBefore: new Date(notAfter.getTime() - 366 * 86_400_000),
        notAfter,
        hasPrivateKey: true,
      },
    ],
    revokedSerials: new Set(),
    issuerReachable: true,
    caKnown: true,
    remembered: [],
    now,
    renewalWindowDays: 30,
    store: { kind: 'nss', location: '~/.pki/nssdb' },
  });
}

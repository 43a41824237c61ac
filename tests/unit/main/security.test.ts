// The shell's security checklist as a user of the window would probe it: who may call the core,
// where the page may go, what it may open or ask for.
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from '../../../electron/main/app-origin';
import { createExternalOpener, externalOrigins, isAllowedExternalUrl } from '../../../electron/main/external-links';
import { denyPermissions, hardenWebContents } from '../../../electron/main/hardening';
import { isTrustedFrame, isTrustedSender } from '../../../electron/main/trusted-sender';
import { appWindowOptions } from '../../../electron/main/window-options';

describe('isAppUrl', () => {
  it.each(['app://cjs/index.html', 'app://cjs/', 'app://cjs/assets/x.js?v=1#top', 'APP://CJS/index.html'])('accepts %s', (url) =>
    expect(isAppUrl(url)).toBe(true),
  );
  it.each([
    'https://cjs/index.html',
    'app://cjs.evil.example/',
    'app://evil/',
    'app://user:pw@cjs/',
    'app://cjs:8080/',
    'file:///index.html',
    'about:blank',
    'not a url',
    '',
  ])('refuses %s', (url) => expect(isAppUrl(url)).toBe(false));
});

describe('isTrustedSender', () => {
  it("trusts the app's own page in the main frame only", () => {
    expect(isTrustedFrame({ url: APP_ENTRY_URL, parent: null })).toBe(true);
    expect(isTrustedFrame({ url: APP_ENTRY_URL, parent: { url: APP_ENTRY_URL } })).toBe(false);
    expect(isTrustedFrame({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedFrame(null)).toBe(false);
  });

  it("trusts it only in the app's own window: the same page in other web contents gets nothing", () => {
    const appWindow = { id: 1 };
    const isKnownWindow = (sender: unknown) => sender === appWindow;
    const frame = { url: APP_ENTRY_URL, parent: null };
    expect(isTrustedSender({ sender: appWindow, senderFrame: frame }, isKnownWindow)).toBe(true);
    expect(isTrustedSender({ sender: { id: 2 }, senderFrame: frame }, isKnownWindow)).toBe(false);
    expect(isTrustedSender({ sender: appWindow, senderFrame: { url: 'https://evil.example/', parent: null } }, isKnownWindow)).toBe(false);
  });
});

describe('appWindowOptions', () => {
  it('isolates the page: no Node, sandboxed, context isolation, web security', () => {
    const options = appWindowOptions('/app/preload.cjs', 'title');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

type Listener = (event: { url: string; preventDefault(): void }) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
    on: (name: string, listener: Listener) => listeners.set(name, listener),
  };
  const fire = (name: string, url: string) => {
    const event = { url, preventDefault: vi.fn() };
    listeners.get(name)!(event);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { contents: contents as unknown as WebContents, fire, open: (url: string) => openHandler!({ url }) };
}

/** The shell's opener over a fake shell.openExternal, with the production allowlist for a login URL. */
function externalOpener(loginUrl = 'https://cjs.example.jp:8444/login') {
  const opened: string[] = [];
  const open = createExternalOpener(
    (url) => Promise.resolve(void opened.push(url)),
    () => externalOrigins(loginUrl),
  );
  return { open, opened };
}

describe('hardenWebContents', () => {
  it("prevents navigation and redirects away from the app's origin", () => {
    const fake = fakeContents();
    const { open, opened } = externalOpener();
    hardenWebContents(fake.contents, open);
    expect(fake.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fake.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fake.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(fake.fire('will-redirect', 'https://www.cjs-rokin.jp/')).toBe(true);
    expect(fake.fire('will-navigate', 'app://cjs/index.html')).toBe(false);
    expect(fake.fire('will-attach-webview', 'app://cjs/index.html')).toBe(true);
    expect(opened).toEqual([]);
  });

  it('opens no new window, not even of the app; an allowed page opens in the browser instead', () => {
    const fake = fakeContents();
    const { open, opened } = externalOpener();
    hardenWebContents(fake.contents, open);
    expect(fake.open('https://www.example.jp/')).toEqual({ action: 'deny' });
    expect(fake.open(APP_ENTRY_URL)).toEqual({ action: 'deny' });
    expect(fake.open('https://www.cjs-rokin.jp/faq/')).toEqual({ action: 'deny' });
    expect(fake.fire('will-navigate', 'https://cjs.example.jp:8444/login')).toBe(true);
    expect(opened).toEqual(['https://www.cjs-rokin.jp/faq/', 'https://cjs.example.jp:8444/login']);
  });
});

describe('shell.openExternal allowlist', () => {
  it("opens the system's https login page and the bank's site, nothing else", () => {
    const { open, opened } = externalOpener();
    expect(open('https://cjs.example.jp:8444/login')).toBe(true);
    expect(open('https://www.cjs-rokin.jp/')).toBe(true);
    expect(open('https://www.cjs-rokin.jp/help/q7.html#renew')).toBe(true);
    for (const url of [
      'http://www.cjs-rokin.jp/',
      'https://www.cjs-rokin.jp.evil.example/',
      'https://cjs-rokin.jp/',
      'https://user:pw@www.cjs-rokin.jp/',
      'https://cjs.example.jp/login',
      'https://cjs.example.jp:8443/',
      'file:///C:/Windows/System32/calc.exe',
      'ms-settings:privacy',
      'javascript:alert(1)',
      'app://cjs/index.html',
      'not a url',
    ]) {
      expect(open(url), url).toBe(false);
    }
    expect(opened).toEqual([
      'https://cjs.example.jp:8444/login',
      'https://www.cjs-rokin.jp/',
      'https://www.cjs-rokin.jp/help/q7.html#renew',
    ]);
  });

  it('allows no login page that is not https (a misconfigured http:// address stays closed)', () => {
    expect(externalOrigins('http://cjs.example.jp/')).toEqual(['https://www.cjs-rokin.jp']);
    expect(externalOrigins(undefined)).toEqual(['https://www.cjs-rokin.jp']);
    expect(isAllowedExternalUrl('http://cjs.example.jp/', externalOrigins('http://cjs.example.jp/'))).toBe(false);
  });
});

describe('denyPermissions', () => {
  it('answers every permission request and check with no', () => {
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    };
    denyPermissions(session as unknown as Session);
    const callback = vi.fn();
    const request = session.setPermissionRequestHandler.mock.calls[0]![0] as (c: unknown, p: string, cb: (ok: boolean) => void) => void;
    request({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    const check = session.setPermissionCheckHandler.mock.calls[0]![0] as (...args: unknown[]) => boolean;
    expect(check({}, 'clipboard-read', 'app://cjs', {})).toBe(false);
    const device = session.setDevicePermissionHandler.mock.calls[0]![0] as (...args: unknown[]) => boolean;
    expect(device({})).toBe(false);
  });
});

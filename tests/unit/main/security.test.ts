// The shell's security checklist as a user of the window would probe it: who may call the core,
// where the page may go, what it may open or ask for.
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from '../../../electron/main/app-origin';
import { denyPermissions, hardenWebContents } from '../../../electron/main/hardening';
import { isTrustedSender } from '../../../electron/main/trusted-sender';
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
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: null })).toBe(true);
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: { url: APP_ENTRY_URL } })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
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

describe('hardenWebContents', () => {
  it("prevents navigation and redirects away from the app's origin", () => {
    const fake = fakeContents();
    hardenWebContents(fake.contents);
    expect(fake.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fake.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fake.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(fake.fire('will-navigate', 'app://cjs/index.html')).toBe(false);
    expect(fake.fire('will-attach-webview', 'app://cjs/index.html')).toBe(true);
  });

  it('opens no new window, not even of the app', () => {
    const fake = fakeContents();
    hardenWebContents(fake.contents);
    expect(fake.open('https://www.example.jp/')).toEqual({ action: 'deny' });
    expect(fake.open(APP_ENTRY_URL)).toEqual({ action: 'deny' });
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

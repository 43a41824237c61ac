// The app's window without Electron: Debian's Chromium (playwright-core) shows the built renderer
// (dist/renderer) on an https origin of its own, and `window.api` is the same two-member shape the
// preload installs, bound with `exposeBinding` to a router in this Node process. Only the
// transport differs from the Electron shell; the files are served by the shell's own resolver
// with its Content Security Policy, and only the main frame of that origin may call the core.
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { serveAppFile } from '../../electron/main/app-files';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

export const APP_TEST_ORIGIN = 'https://app.test';
export const APP_TEST_URL = `${APP_TEST_ORIGIN}/`;
export const RENDERER_BUILD = join(import.meta.dirname, '..', '..', 'dist', 'renderer');
export const VIEWPORT = { width: 1280, height: 800 } as const;

/** What the page's `window.api` reaches: a router's `invoke` and the events it emits. */
export interface AppTransport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Subscribes to the router's events; returns the unsubscribe. */
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

export interface AppWindowOptions {
  /** The temporary HOME of this simulated PC user (the browser profile lives inside it). */
  readonly home: string;
  readonly transport: AppTransport;
  /** Where the built renderer is; default dist/renderer. */
  readonly buildDir?: string;
  /**
   * How the files reach the page: `route` (default) answers https://app.test/ from Playwright's
   * route handler; `loopback` serves them from an HTTP server on 127.0.0.1 (a secure context too),
   * without the DevTools round trip per file, for the benchmark's navigation timings.
   */
  readonly files?: 'route' | 'loopback';
}

export interface AppWindow {
  readonly context: BrowserContext;
  readonly page: Page;
  /** The app's entry URL (its origin is the only one the page may reach, and call the core from). */
  readonly url: string;
  /** Every request the page made outside the app's origin (all refused). */
  readonly refusedRequests: readonly string[];
  /** Console errors and uncaught page errors, for a test to show when it fails. */
  readonly pageErrors: readonly string[];
  /** Opens the app (again) and waits for its first paint. */
  open(): Promise<void>;
  close(): Promise<void>;
}

const UNTRUSTED = { ok: false, error: { code: 'IPC-UNTRUSTED-SENDER', actor: 'it', faq: [], params: {} } } as const;

/**
 * Runs in the page before the app's own scripts: installs `window.api = { invoke, on }` (frozen,
 * nothing else) and a hidden delivery function through which Node pushes events to listeners.
 * Plain JavaScript text, not a function: a function's source as a loader compiled it (tsx adds
 * `__name(…)` helpers) would not run in the page.
 */
const INSTALL_WINDOW_API = `(() => {
  const listeners = new Map();
  const invoke = (channel, input) => globalThis.__cjsInvoke(channel, input);
  const on = (event, listener) => {
    if (typeof event !== 'string' || typeof listener !== 'function') throw new TypeError('api.on(event: string, listener: function)');
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const own = (payload) => listener(payload);
    set.add(own);
    return () => { set.delete(own); };
  };
  const deliver = (event, payload) => {
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try { listener(payload); } catch (err) { console.error(err); }
    }
  };
  Object.defineProperty(globalThis, '__cjsDeliver', { value: deliver, enumerable: false });
  Object.defineProperty(globalThis, 'api', { value: Object.freeze({ invoke, on }), enumerable: true });
})();`;

export async function openAppWindow(options: AppWindowOptions): Promise<AppWindow> {
  const profile = join(options.home, 'chromium-profile');
  await mkdir(profile, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The browser's NSS store ($HOME/.pki/nssdb) is this user's, never the real one.
    env: { ...process.env, HOME: options.home },
    args: [...CHROMIUM_ARGS],
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    timeout: 30_000,
  });
  // Short enough to fail fast on a missing element, long enough for a loaded 2-core machine.
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(20_000);
  try {
    return await wireWindow(context, options);
  } catch (err) {
    await context.close();
    throw err;
  }
}

/** An HTTP server on 127.0.0.1 answering from the build with the shell's resolver. */
async function startFileServer(root: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void serveAppFile(root, req.method ?? 'GET', new URL(req.url ?? '/', 'http://x').pathname).then((answer) => {
      res.writeHead(answer.status, { ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function wireWindow(context: BrowserContext, options: AppWindowOptions): Promise<AppWindow> {
  const root = options.buildDir ?? RENDERER_BUILD;
  const refusedRequests: string[] = [];
  const pageErrors: string[] = [];
  const fileServer = options.files === 'loopback' ? await startFileServer(root) : undefined;
  const origin = fileServer?.origin ?? APP_TEST_ORIGIN;

  // The app reaches nothing but its own files: any other request is refused and recorded.
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      refusedRequests.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  if (!fileServer) {
    await context.route(`${APP_TEST_ORIGIN}/**`, async (route) => {
      const request = route.request();
      const answer = await serveAppFile(root, request.method(), new URL(request.url()).pathname);
      await route.fulfill({ status: answer.status, headers: { ...answer.headers }, body: answer.body });
    });
  }

  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });

  // Events are delivered in order, and all those a call emitted arrive before its answer.
  let delivered: Promise<unknown> = Promise.resolve();
  const unsubscribe = options.transport.subscribe((event, payload) => {
    delivered = delivered.then(
      () =>
        page
          .evaluate(([e, p]) => (globalThis as unknown as { __cjsDeliver?: (e: string, p: unknown) => void }).__cjsDeliver?.(e, p), [
            event,
            payload,
          ] as const)
          .catch(() => undefined), // the page navigated or closed meanwhile
    );
  });
  await page.exposeBinding('__cjsInvoke', async (source, channel: unknown, input: unknown) => {
    // As the Electron shell checks the sender frame: the app's origin, main frame only.
    const trusted = source.frame === source.page.mainFrame() && new URL(source.frame.url()).origin === origin;
    if (!trusted) return UNTRUSTED;
    const answer = await options.transport.invoke(channel as string, input);
    await delivered;
    return answer;
  });
  await page.addInitScript({ content: INSTALL_WINDOW_API });

  const url = `${origin}/`;
  return {
    context,
    page,
    url,
    refusedRequests,
    pageErrors,
    async open() {
      await page.goto(url, { waitUntil: 'load' });
    },
    async close() {
      unsubscribe();
      await context.close();
      await fileServer?.close();
    },
  };
}

// `npm run build:electron` produces what Electron loads: checked here as far as it goes without
// Electron's binary — the bundles parse, the sandboxed preload needs nothing but `electron`, every
// package the main bundle still requires is there, and the built main process, run by Node with
// a stand-in for `electron`, opens its window with the preload beside it and serves the screens.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron, MAIN_EXTERNALS, type ElectronBuild } from '../../../scripts/build-electron';

const ROOT = resolve(import.meta.dirname, '../../..');
const OPTIONAL = new Set(['kerberos', 'supports-color']); // required inside try/catch only

let parent: string;
let outDir: string;
let built: ElectronBuild;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'build-electron-'));
  outDir = join(parent, 'dist', 'electron');
  built = await buildElectron(outDir);
  await mkdir(join(parent, 'dist', 'renderer'));
  await writeFile(join(parent, 'dist', 'renderer', 'index.html'), '<!doctype html><title>built screens</title>');
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe('build:electron', () => {
  it('writes main.js (read as CommonJS) and preload.cjs, both valid JavaScript', async () => {
    expect(built.main).toBe(join(outDir, 'main.js'));
    expect(built.preload).toBe(join(outDir, 'preload.cjs'));
    expect(JSON.parse(await readFile(join(outDir, 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
    for (const file of [built.main, built.preload]) {
      const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
    }
  });

  it('the preload requires electron and nothing else, and exposes exactly window.api', async () => {
    expect(built.requires.preload).toEqual(['electron']);
    const exposed = new Map<string, unknown>();
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
      ipcRenderer: { invoke: () => Promise.resolve(), on: () => undefined, removeListener: () => undefined },
    };
    // A sandboxed preload's `require` knows `electron` only.
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${name}`);
    };
    const module = { exports: {} };
    runInNewContext(await readFile(built.preload, 'utf8'), { require: sandboxRequire, module, exports: module.exports });
    expect([...exposed.keys()]).toEqual(['api']);
    expect(Object.keys(exposed.get('api') as object).sort()).toEqual(['invoke', 'on']);
  });

  it('the main bundle requires only Node built-ins and the packages left external, and those resolve from dist/electron', () => {
    const packages = built.requires.main.filter((name) => !isBuiltin(name));
    expect(packages).toEqual(expect.arrayContaining(['electron', '@napi-rs/keyring']));
    for (const name of packages) expect(MAIN_EXTERNALS).toContain(name);
    const requireFromDist = createRequire(join(ROOT, 'dist', 'electron', 'main.js'));
    for (const name of packages.filter((p) => !OPTIONAL.has(p))) expect(() => requireFromDist.resolve(name)).not.toThrow();
  });

  it('the built main process opens app://cjs with the preload beside it and serves the screens from dist/renderer', async () => {
    const hook = join(parent, 'fake-electron.cjs');
    await writeFile(hook, FAKE_ELECTRON_HOOK);
    const home = join(parent, 'home');
    await mkdir(home);
    const run = spawnSync(process.execPath, ['--require', hook, built.main], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { PATH: process.env.PATH, HOME: home, NODE_PATH: join(ROOT, 'node_modules') },
    });
    expect(run.stderr).toBe('');
    const seen = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(seen).toMatchObject({
      privilegedBeforeReady: ['app'],
      sandboxBeforeReady: true,
      appUserModelId: 'jp.cjs-rokin.certificate-assistant',
      preload: built.preload,
      url: 'app://cjs/index.html',
      page: { status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><title>built screens</title>' },
      settings: { ok: true, value: { language: 'ja' } },
    });
    expect(existsSync(seen.preload as string)).toBe(true);
    expect((seen.page as { csp: string }).csp).toContain("default-src 'none'");
  });
});

// Loaded with `node --require` before the bundle: answers `require('electron')` with a stand-in
// that records what the main process does, becomes ready, then asks for the entry page over
// app:// and for the settings over cjs:invoke as the app's page would, and prints what it saw.
const FAKE_ELECTRON_HOOK = String.raw`
const Module = require('node:module');
const seen = { privilegedBeforeReady: [], sandboxBeforeReady: false };
let isReady = false, ready, handlers = {}, protocols = {}, appWindow;
const electron = {
  app: {
    setAppUserModelId(id) { seen.appUserModelId = id; },
    enableSandbox() { seen.sandboxBeforeReady = !isReady; },
    requestSingleInstanceLock: () => true,
    on() {},
    whenReady: () => new Promise((resolve) => (ready = () => { isReady = true; resolve(); })),
    quit() {},
    exit(code) { seen.exit = code; },
  },
  BrowserWindow: class {
    constructor(options) { seen.preload = options.webPreferences.preload; this.webContents = {}; appWindow = this; }
    once() {} on() {} isDestroyed() { return false; }
    loadURL(url) { seen.url = url; return Promise.resolve(); }
  },
  ipcMain: { handle: (name, fn) => (handlers[name] = fn) },
  protocol: {
    registerSchemesAsPrivileged(schemes) { if (!isReady) seen.privilegedBeforeReady.push(...schemes.map((s) => s.scheme)); },
    handle: (scheme, fn) => (protocols[scheme] = fn),
  },
  session: {
    defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {}, setDevicePermissionHandler() {} },
    fromPartition() { throw new Error('no probe runs in this test'); },
  },
  Notification: class { static isSupported() { return false; } },
  shell: { openExternal: () => Promise.resolve() },
};
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'electron' ? electron : load.call(this, request, ...rest); };
setImmediate(async () => {
  ready();
  for (let i = 0; i < 100 && !seen.url && seen.exit === undefined; i++) await new Promise((r) => setTimeout(r, 20));
  const res = await protocols.app(new Request('app://cjs/index.html'));
  seen.page = { status: res.status, type: res.headers.get('content-type'), csp: res.headers.get('content-security-policy'), body: await res.text() };
  seen.settings = await handlers['cjs:invoke']({ sender: appWindow.webContents, senderFrame: { url: 'app://cjs/index.html', parent: null } }, 'settings.get', {});
  process.stdout.write(JSON.stringify(seen));
});
`;

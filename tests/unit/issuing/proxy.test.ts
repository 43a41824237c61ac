// Proxy resolution: environment (proxy-from-env) and the WinINet settings read from reg.exe
// output — real captures and constructed ones (tests/fixtures/windows/SOURCES-registry.md).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProcessRunner } from '../../../electron/core/platform/process-runner';
import {
  defaultProxyResolver,
  environmentProxy,
  INTERNET_SETTINGS_KEY,
  readWindowsProxySettings,
  windowsProxyFor,
  windowsSystemProxy,
  type WindowsProxySettings,
} from '../../../electron/core/issuing';

function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/windows/${name}`, import.meta.url)), 'utf8');
}

/** A runner answering `reg query` like reg.exe would, handing bytes back in the requested encoding. */
function regAnswering(stdout: string, exitCode = 0): ProcessRunner & { calls: (readonly string[])[] } {
  const calls: (readonly string[])[] = [];
  const run: ProcessRunner = (_command, args, options) => {
    calls.push(args);
    return Promise.resolve({ exitCode, stdout: Buffer.from(stdout, 'utf8').toString(options?.encoding ?? 'utf8'), stderr: '' });
  };
  return Object.assign(run, { calls });
}

const EST = new URL('https://www.cjs-rokin.jp/.well-known/est/cacerts');

function stubProxyEnv(vars: Record<string, string>): void {
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'])
    vi.stubEnv(name, vars[name] ?? '');
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('environmentProxy', () => {
  it('uses HTTPS_PROXY (either case) for https URLs', async () => {
    stubProxyEnv({ HTTPS_PROXY: 'http://proxy.example.jp:8080' });
    expect(await environmentProxy(EST)).toBe('http://proxy.example.jp:8080');
    stubProxyEnv({ https_proxy: 'proxy.example.jp:3128' });
    expect(await environmentProxy(EST)).toBe('https://proxy.example.jp:3128');
  });

  it('ignores HTTP_PROXY for https URLs and honours NO_PROXY', async () => {
    stubProxyEnv({ HTTP_PROXY: 'http://plain.example.jp:8080' });
    expect(await environmentProxy(EST)).toBeUndefined();
    stubProxyEnv({ HTTPS_PROXY: 'http://proxy.example.jp:8080', NO_PROXY: '.cjs-rokin.jp' });
    expect(await environmentProxy(EST)).toBeUndefined();
    stubProxyEnv({ HTTPS_PROXY: 'http://proxy.example.jp:8080', NO_PROXY: 'other.jp,127.0.0.1' });
    expect(await environmentProxy(EST)).toBe('http://proxy.example.jp:8080');
    expect(await environmentProxy(new URL('https://127.0.0.1:8443/'))).toBeUndefined();
  });
});

describe('Windows Internet Options proxy', () => {
  it('reads no proxy from the real capture with ProxyEnable 0 (sample a)', async () => {
    const run = regAnswering(fixture('reg-query-internet-settings.a.en.txt'));
    const settings = await readWindowsProxySettings(run);
    expect(settings).toEqual({ enabled: false, server: undefined, bypass: [], autoConfigUrl: undefined });
    expect(run.calls[0]).toEqual(['query', INTERNET_SETTINGS_KEY]);
    expect(await windowsSystemProxy(run)(EST)).toBeUndefined();
  });

  it('reports the PAC address of the real capture (sample b) without evaluating it', async () => {
    const settings = await readWindowsProxySettings(regAnswering(fixture('reg-query-internet-settings.b.en.txt')));
    expect(settings.autoConfigUrl).toBe('http://proxy.domain.com/file.pac');
    expect(windowsProxyFor(settings, EST)).toBeUndefined();
  });

  it('picks the https= entry of a per-scheme ProxyServer and applies ProxyOverride (constructed)', async () => {
    const run = regAnswering(fixture('reg-query-internet-settings-proxy.constructed.ja.txt'));
    const settings = await readWindowsProxySettings(run);
    expect(settings.enabled).toBe(true);
    expect(settings.bypass).toEqual(['<local>', '*.intra.example.co.jp', '10.*', '192.168.1.*']);
    const resolve = windowsSystemProxy(run);
    expect(await resolve(EST)).toBe('http://secure-proxy.example.co.jp:8443');
    expect(await resolve(new URL('http://www.cjs-rokin.jp/'))).toBe('http://proxy.example.co.jp:8080');
    expect(await resolve(new URL('https://est.intra.example.co.jp/'))).toBeUndefined();
    expect(await resolve(new URL('https://10.1.2.3/'))).toBeUndefined();
    expect(await resolve(new URL('https://192.168.1.20/'))).toBeUndefined();
    expect(await resolve(new URL('https://192.168.2.20/'))).toBe('http://secure-proxy.example.co.jp:8443');
    expect(await resolve(new URL('https://intranet/'))).toBeUndefined();
    expect(await resolve(new URL('https://127.0.0.1:8443/'))).toBeUndefined();
  });

  it('applies a single host:port to every scheme; a per-scheme list without https goes direct', () => {
    const base: WindowsProxySettings = { enabled: true, server: 'proxy.example.jp:8080', bypass: [], autoConfigUrl: undefined };
    expect(windowsProxyFor(base, EST)).toBe('http://proxy.example.jp:8080');
    expect(windowsProxyFor({ ...base, server: 'http=proxy.example.jp:8080;socks=socks.example.jp:1080' }, EST)).toBeUndefined();
    expect(windowsProxyFor({ ...base, server: 'https=https://tls-proxy.example.jp:443' }, EST)).toBe('https://tls-proxy.example.jp:443');
    expect(windowsProxyFor({ ...base, enabled: false }, EST)).toBeUndefined();
    expect(windowsProxyFor({ ...base, bypass: ['*.CJS-ROKIN.JP'] }, EST)).toBeUndefined();
    expect(windowsProxyFor({ ...base, bypass: ['www.cjs-rokin.jp:8443'] }, EST)).toBe('http://proxy.example.jp:8080');
    expect(windowsProxyFor({ ...base, bypass: ['www.cjs-rokin.jp:443'] }, EST)).toBeUndefined();
  });

  it('treats a missing Internet Settings key (exit code 1) as no proxy', async () => {
    expect(await windowsSystemProxy(regAnswering('', 1))(EST)).toBeUndefined();
  });
});

describe('defaultProxyResolver', () => {
  const proxied = fixture('reg-query-internet-settings-proxy.constructed.ja.txt');

  it('prefers the environment, then the Windows settings on win32 only', async () => {
    stubProxyEnv({ HTTPS_PROXY: 'http://env-proxy.example.jp:3128' });
    const run = regAnswering(proxied);
    expect(await defaultProxyResolver('win32', run)(EST)).toBe('http://env-proxy.example.jp:3128');
    expect(run.calls).toEqual([]);
    stubProxyEnv({});
    expect(await defaultProxyResolver('win32', run)(EST)).toBe('http://secure-proxy.example.co.jp:8443');
    expect(await defaultProxyResolver('linux', run)(EST)).toBeUndefined();
    expect(run.calls).toHaveLength(1);
  });

  it('goes direct when reg.exe cannot be run', async () => {
    stubProxyEnv({});
    const broken: ProcessRunner = () => Promise.reject(new Error('reg.exe is not installed'));
    expect(await defaultProxyResolver('win32', broken)(EST)).toBeUndefined();
  });
});

import { getProxyForUrl } from 'proxy-from-env';
import { runProcess, type ProcessRunner } from '../platform/process-runner';
import { readRegistryKey, registryValue, type RegistryValue } from '../platform/windows-registry';

/** The proxy URL (`http://host:port`) to use for `url`, or undefined to connect directly. */
export type ProxyResolver = (url: URL) => Promise<string | undefined>;

/** HTTPS_PROXY / https_proxy / ALL_PROXY, honouring NO_PROXY (curl's conventions, via proxy-from-env). */
export const environmentProxy: ProxyResolver = (url) => Promise.resolve(getProxyForUrl(url.href) || undefined);

export const INTERNET_SETTINGS_KEY = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings';

/** The user's WinINet proxy settings (Internet Options > Connections > LAN settings). */
export interface WindowsProxySettings {
  readonly enabled: boolean;
  /** `ProxyServer` as stored: `host:port` or `http=h:p;https=h:p;...`. */
  readonly server: string | undefined;
  /** `ProxyOverride` entries (`<local>`, `*.example.jp`, `10.*`). */
  readonly bypass: readonly string[];
  /**
   * `AutoConfigURL` (a PAC script). Reported for the diagnosis only: evaluating PAC means running
   * its JavaScript, which this client does not do; when a PAC is the only setting we go direct
   * (or use HTTPS_PROXY), and the diagnosis tells the user which proxy was used.
   */
  readonly autoConfigUrl: string | undefined;
}

export async function readWindowsProxySettings(runner: ProcessRunner = runProcess): Promise<WindowsProxySettings> {
  const key = await readRegistryKey(runner, INTERNET_SETTINGS_KEY);
  const enable = registryValue(key, 'ProxyEnable');
  return {
    enabled: enable?.type === 'REG_DWORD' && enable.data === 1,
    server: stringValue(registryValue(key, 'ProxyServer')),
    bypass: (stringValue(registryValue(key, 'ProxyOverride')) ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    autoConfigUrl: stringValue(registryValue(key, 'AutoConfigURL')),
  };
}

function stringValue(value: RegistryValue | undefined): string | undefined {
  return value && (value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ') && value.data.trim() !== '' ? value.data.trim() : undefined;
}

/** The proxy WinINet would use for `url` with these settings (PAC not evaluated). */
export function windowsProxyFor(settings: WindowsProxySettings, url: URL): string | undefined {
  if (!settings.enabled || !settings.server) return undefined;
  const server = serverForScheme(settings.server, url.protocol.replace(/:$/, ''));
  if (!server || bypassed(settings.bypass, url)) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(server) ? server : `http://${server}`;
}

/**
 * `host:port` applies to every scheme; `http=a:1;https=b:2` names one per scheme, and a scheme
 * without an entry goes direct, as WinINet does. `socks=` entries are not HTTP proxies: ignored.
 */
function serverForScheme(server: string, scheme: string): string | undefined {
  const entries = server
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (!entries.some((e) => /^[a-z]+=/i.test(e))) return entries[0];
  for (const entry of entries) {
    const [name, value] = entry.split('=', 2);
    if (name?.toLowerCase() === scheme && value) return value.trim();
  }
  return undefined;
}

/**
 * ProxyOverride: `<local>` means host names without a dot; other entries are globs (`*`) on the
 * host, optionally with a scheme prefix or a port. Loopback is always direct: WinINet has
 * bypassed it implicitly since IE 9 (`<-loopback>` would undo that; we do not honour it, as no
 * issuing service runs on the user's own PC except in tests).
 */
function bypassed(entries: readonly string[], url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1' || /^127\./.test(host)) return true;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return entries.some((raw) => {
    const entry = raw.toLowerCase().replace(/^[a-z]+:\/\//, '');
    if (entry === '<local>') return !host.includes('.') && !host.includes(':');
    if (entry.startsWith('<')) return false;
    const [pattern, entryPort] = splitPort(entry);
    if (entryPort !== undefined && entryPort !== port) return false;
    return globToRegExp(pattern).test(host);
  });
}

function splitPort(entry: string): [string, string | undefined] {
  const m = /^(.*):(\d+)$/.exec(entry);
  return m ? [m[1]!, m[2]!] : [entry, undefined];
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** Reads the WinINet settings on every call, so a proxy changed in Internet Options applies at once. */
export function windowsSystemProxy(runner: ProcessRunner = runProcess): ProxyResolver {
  return async (url) => windowsProxyFor(await readWindowsProxySettings(runner), url);
}

/**
 * Environment first (an explicit HTTPS_PROXY is the user's or administrator's deliberate
 * choice), then on Windows the Internet Options proxy. A registry read that fails leaves the
 * connection direct: the proxy is an aid, and a direct failure is then diagnosed as such.
 */
export function defaultProxyResolver(platform: NodeJS.Platform = process.platform, runner: ProcessRunner = runProcess): ProxyResolver {
  const windows = platform === 'win32' ? windowsSystemProxy(runner) : undefined;
  return async (url) => {
    const fromEnv = await environmentProxy(url);
    if (fromEnv !== undefined || !windows) return fromEnv;
    try {
      return await windows(url);
    } catch {
      return undefined;
    }
  };
}

// The Windows checks' shared pieces: SecureProtocols bits, the zone helpers, and the guard every
// fix writes through (HKCU only, never a Policies key), plus all six checks through runChecks.
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../electron/core/diagnostics/engine';
import { buildReport } from '../../../electron/core/diagnostics/report';
import { reportToText } from '../../../electron/core/diagnostics/report-text';
import { browserExtensionsCheck } from '../../../electron/core/diagnostics/checks/browser-extensions';
import { cacheSslStateCheck } from '../../../electron/core/diagnostics/checks/cache-ssl-state';
import { legacyAddonsCheck } from '../../../electron/core/diagnostics/checks/legacy-addons';
import { osUpdatesCheck } from '../../../electron/core/diagnostics/checks/os-updates';
import { trustedSitesCheck } from '../../../electron/core/diagnostics/checks/trusted-sites';
import { windowsTlsSettingsCheck } from '../../../electron/core/diagnostics/checks/windows-tls-settings';
import {
  assertUserWritable,
  decodeSecureProtocols,
  editDistance,
  repairedSecureProtocols,
  secureProtocolsOk,
  writeUserDword,
} from '../../../electron/core/diagnostics/checks/windows-support';
import { FakeRegistry, windowsCheckContext } from '../../fixtures/windows/fake-registry';
import { translator } from './helpers/message-text';

/** Constructed: what the cache measurement prints for a user who never used IE mode. */
const EMPTY_CACHE = '{"path":"C:\\\\Users\\\\clerk\\\\AppData\\\\Local\\\\Microsoft\\\\Windows\\\\INetCache","files":0,"bytes":0}\r\n';

const WINDOWS_CHECKS = [
  windowsTlsSettingsCheck,
  trustedSitesCheck,
  browserExtensionsCheck,
  legacyAddonsCheck,
  cacheSslStateCheck,
  osUpdatesCheck,
];

describe('SecureProtocols', () => {
  it('decodes the bits and repairs only TLS 1.2 and SSL 2/3', () => {
    expect(decodeSecureProtocols(0x2aa8)).toEqual(['SSL 2.0', 'SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3']);
    expect(decodeSecureProtocols(0)).toEqual([]);
    expect(secureProtocolsOk(0x2000)).toBe(true);
    expect(secureProtocolsOk(0x808)).toBe(false);
    expect(repairedSecureProtocols(0x2aa8)).toBe(0x2a80);
    expect(repairedSecureProtocols(0x0a0)).toBe(0x880);
    // Unknown high bits (e.g. DTLS) are kept as the user had them.
    expect(repairedSecureProtocols(0x80000000)).toBe(0x80000800);
  });

  it('measures typos by edit distance', () => {
    expect(editDistance('cjs-rokin.jp', 'cjs-rokn.jp')).toBe(1);
    expect(editDistance('cjs-rokin.jp', 'cjs_rokin.jp')).toBe(1);
    expect(editDistance('cjs-rokin.jp', 'example.co.jp')).toBeGreaterThan(2);
  });
});

describe("the fixes' write guard", () => {
  it('refuses HKLM, other hives and every Policies key before running reg.exe', async () => {
    const registry = new FakeRegistry();
    for (const path of [
      'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings',
      'HKCU\\SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\ZoneMapKey',
      'HKEY_CURRENT_USER\\Software\\policies\\Microsoft\\Internet Explorer\\Main',
      'HKU\\S-1-5-18\\Software\\Microsoft',
    ]) {
      expect(() => assertUserWritable(path)).toThrow(/HKEY_CURRENT_USER|policy/);
      await expect(writeUserDword(registry.runner, path, 'SecureProtocols', 0xa80)).rejects.toMatchObject({ kind: 'refused' });
    }
    expect(registry.calls).toEqual([]);
    expect(() =>
      assertUserWritable('HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\ZoneMap\\Domains\\cjs-rokin.jp\\www'),
    ).not.toThrow();
  });
});

describe('the Windows checks through runChecks', () => {
  it('with fix: true on a PC with TLS 1.2 off and no trusted site: both fixed and re-verified, nothing else written', async () => {
    const registry = new FakeRegistry()
      .serve('reg-query-internet-settings.tls12-off.constructed.ja.txt')
      .serve('reg-query-zonemap-domains-s.absent.constructed.ja.txt')
      .serve('reg-query-ie-main.extensions-yes.constructed.ja.txt')
      .serve('reg-query-clsid-x509enrollment-s.constructed.en.txt')
      .serve('reg-query-windows-nt-currentversion.win11-25h2.constructed.ja.txt');
    registry.otherwise = () => ({ exitCode: 0, stdout: EMPTY_CACHE, stderr: '' });
    const outcomes = await runChecks(WINDOWS_CHECKS, windowsCheckContext(registry), { fix: true });
    const byId = Object.fromEntries(outcomes.map((o) => [o.id, o]));
    expect(outcomes.map((o) => o.id)).toEqual([
      'windows-tls-settings',
      'trusted-sites',
      'browser-extensions',
      'legacy-addons',
      'cache-ssl-state',
      'os-updates',
    ]);
    expect(byId['windows-tls-settings']).toMatchObject({ fix: { before: 'fail', applied: true }, result: { status: 'pass' } });
    expect(byId['trusted-sites']).toMatchObject({ fix: { before: 'fail', applied: true }, result: { status: 'pass' } });
    expect(byId['browser-extensions']).toMatchObject({ fixable: false, result: { status: 'warn' } });
    expect(byId['browser-extensions']!.fix).toBeUndefined();
    expect(byId['legacy-addons']!.result.status).toBe('pass');
    // An empty cache passes: nothing to clear, so its fix is not applied.
    expect(byId['cache-ssl-state']).toMatchObject({ fixable: true, result: { status: 'pass' } });
    expect(byId['cache-ssl-state']!.fix).toBeUndefined();
    expect(byId['os-updates']!.result.status).toBe('pass');
    const writes = registry.regCalls().filter((a) => a[0] === 'add');
    expect(writes).toEqual([
      [
        'add',
        'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings',
        '/v',
        'SecureProtocols',
        '/t',
        'REG_DWORD',
        '/d',
        String(0xa80),
        '/f',
      ],
      [
        'add',
        'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\ZoneMap\\Domains\\cjs-rokin.jp\\www',
        '/v',
        'https',
        '/t',
        'REG_DWORD',
        '/d',
        '2',
        '/f',
      ],
    ]);
    // Besides reg.exe only the cache measurement ran (PowerShell): nothing was cleared.
    expect(registry.calls.filter((c) => !/\\reg\.exe$/i.test(c.command)).map((c) => c.command)).toEqual([
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    ]);
    const text = reportToText(
      buildReport(outcomes, {
        now: new Date('2026-11-25T09:00:00Z'),
        platform: 'win32',
        issuerUrl: 'https://issuer',
        loginUrl: 'https://www.cjs-rokin.jp/',
      }),
      translator('ja'),
      'ja',
    );
    expect(text).toContain('修正: https://www.cjs-rokin.jp を信頼済みサイトに追加する — 修正しました');
  });

  it('elsewhere all six are not applicable and nothing runs', async () => {
    const registry = new FakeRegistry();
    const outcomes = await runChecks(WINDOWS_CHECKS, { ...windowsCheckContext(registry), platform: 'darwin' });
    expect(outcomes.every((o) => o.result.status === 'not-applicable')).toBe(true);
    expect(registry.calls).toEqual([]);
  });
});

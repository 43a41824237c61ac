// legacy-addons on constructed CLSID / Ext\Settings / ActiveX Compatibility samples (no real
// capture exists; see SOURCES-diagnostics.md). Informational: it passes whatever it finds.
import { describe, expect, it } from 'vitest';
import { legacyAddonsCheck } from '../../../electron/core/diagnostics/checks/legacy-addons';
import { FakeRegistry, windowsCheckContext, withNoResults } from '../../fixtures/windows/fake-registry';
import { say } from './helpers/message-text';

const run = (registry: FakeRegistry) => legacyAddonsCheck.run(withNoResults(windowsCheckContext(registry)), new AbortController().signal);

describe('legacy-addons', () => {
  it('X509 Enrollment registered and enabled, CEnroll absent (a usual Windows 10/11): pass, explained as not needed', async () => {
    const registry = new FakeRegistry().serve('reg-query-clsid-x509enrollment-s.constructed.en.txt');
    const result = await run(registry);
    expect(result.status).toBe('pass');
    expect(say(result.summary, 'en')).toBe(
      'Not needed with this app, which enrols without ActiveX (X509 Enrollment: enabled, CEnroll: not registered)',
    );
    expect(result.evidence).toEqual({
      neededByThisApp: false,
      x509Enrollment: ['registered', 'server: %SystemRoot%\\System32\\certenroll.dll'],
      cEnroll: ['not registered'],
    });
    expect(registry.regCalls()).toContainEqual(['query', 'HKCR\\CLSID\\{884e2049-217d-11da-b2a4-000e7bbb2b09}', '/s']);
    expect(registry.regCalls()).toContainEqual([
      'query',
      'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Ext\\Settings\\{43F8F289-7A20-11D0-8F06-00C04FC295E1}',
    ]);
    expect(legacyAddonsCheck.fix).toBeUndefined();
    expect(legacyAddonsCheck.faq).toEqual(['Q18(2)', 'Q18(3)', 'Q18(4)', 'Q18(5)']);
    expect(say(result.advice, 'ja')).toContain('FAQ Q18(2)〜(5)');
    expect(say(result.advice, 'en')).toContain('FAQ Q18(2)–(5)');
  });

  it('disabled by the user in Manage Add-ons, and CEnroll registered but kill-bitted: still a pass, with the facts', async () => {
    const registry = new FakeRegistry()
      .serve('reg-query-clsid-x509enrollment-s.constructed.en.txt')
      .serve('reg-query-ext-settings-x509enrollment.disabled.constructed.ja.txt')
      .serve('reg-query-clsid-cenroll-s.constructed.en.txt')
      .serve('reg-query-activex-compatibility-cenroll.killbit.constructed.en.txt');
    const result = await run(registry);
    expect(result.status).toBe('pass');
    expect(say(result.summary, 'ja')).toBe('このアプリでは ActiveX アドオンは不要です (X509 Enrollment: 無効、CEnroll: 無効)');
    expect(result.evidence.x509Enrollment).toContain('disabled by the user (Manage Add-ons)');
    expect(result.evidence.cEnroll).toEqual([
      'registered',
      'server: C:\\Windows\\System32\\xenroll.dll',
      'kill bit set (Compatibility Flags 0x400)',
    ]);
  });

  it('reads the Add-on List policy, and turns an unreadable key into "unknown" rather than an error', async () => {
    const registry = new FakeRegistry()
      .serve('reg-query-clsid-x509enrollment-s.constructed.en.txt')
      .serve(
        '\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Ext\\CLSID\n    {884e2049-217d-11da-b2a4-000e7bbb2b09}    REG_SZ    0\n',
      );
    const real = registry.runner;
    const runner: typeof real = (command, args, options) =>
      args[1]?.includes('43F8F289') && args[1].startsWith('HKCR')
        ? // As raw bytes, the way the real runner hands reg.exe's output to the registry port.
          Promise.resolve({
            exitCode: 1,
            stdout: '',
            stderr: Buffer.from('エラー: アクセスが拒否されました。\r\n', 'utf8').toString(options?.encoding ?? 'utf8'),
          })
        : real(command, args, options);
    const result = await legacyAddonsCheck.run(withNoResults({ ...windowsCheckContext(registry), runner }), new AbortController().signal);
    expect(result.status).toBe('pass');
    expect(result.evidence.x509Enrollment).toContain('machine policy (Add-on List) = 0 (disabled)');
    expect(result.evidence.cEnroll).toEqual([expect.stringMatching(/^registration unknown \(access-denied: /)]);
    expect(say(result.summary, 'en')).toContain('X509 Enrollment: disabled, CEnroll: unknown');
  });
});

// windows-tls-settings on the real Internet Settings captures (a: 0xa80, b: 0x800) and on
// constructed samples (*.constructed.*, see tests/fixtures/windows/SOURCES-diagnostics.md), with
// the fake reg.exe of tests/fixtures/windows/fake-registry.ts.
import { describe, expect, it } from 'vitest';
import { windowsTlsSettingsCheck } from '../../../electron/core/diagnostics/checks/windows-tls-settings';
import { FakeRegistry, windowsCheckContext, withNoResults } from '../../fixtures/windows/fake-registry';
import { expectRefusal, say } from './helpers/message-text';

const USER_KEY = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings';
const run = (registry: FakeRegistry) =>
  windowsTlsSettingsCheck.run(withNoResults(windowsCheckContext(registry)), new AbortController().signal);
const fix = (registry: FakeRegistry) =>
  windowsTlsSettingsCheck.fix!.apply(withNoResults(windowsCheckContext(registry)), new AbortController().signal);

describe('windows-tls-settings', () => {
  it('passes on the real capture a (0xa80: TLS 1.0/1.1/1.2); the policy keys answer "not found" in Japanese with exit 1', async () => {
    const registry = new FakeRegistry().serve('reg-query-internet-settings.a.en.txt');
    const result = await run(registry);
    expect(result.status).toBe('pass');
    expect(result.evidence).toMatchObject({
      secureProtocols: '0x00000a80',
      enabledProtocols: ['TLS 1.0', 'TLS 1.1', 'TLS 1.2'],
      source: 'user',
      policyManaged: false,
      machinePolicyValue: null,
    });
    expect(registry.regCalls()).toEqual([
      ['query', USER_KEY],
      ['query', 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings'],
      ['query', 'HKCU\\SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings'],
    ]);
  });

  it('passes on the real capture b (0x800: TLS 1.2 only, key printed as SOFTWARE)', async () => {
    const result = await run(new FakeRegistry().serve('reg-query-internet-settings.b.en.txt'));
    expect(result.status).toBe('pass');
    expect(result.evidence.enabledProtocols).toEqual(['TLS 1.2']);
  });

  it('fails when TLS 1.2 is off (constructed 0x280), and the fix sets the TLS 1.2 bit keeping the others', async () => {
    const registry = new FakeRegistry().serve('reg-query-internet-settings.tls12-off.constructed.ja.txt');
    const before = await run(registry);
    expect(before.status).toBe('fail');
    expect(say(before.summary, 'en')).toContain('TLS 1.2 is off');
    expect(say(before.advice, 'ja')).toContain('TLS 1.2 の使用');
    expect(say(before.advice, 'en')).toContain('Edge in normal mode uses its own TLS stack');
    expect(windowsTlsSettingsCheck.faq).toEqual(['Q20', 'Q24(2)']);
    expect(say(before.advice, 'ja')).toContain('(FAQ Q20)');
    await fix(registry);
    expect(registry.regCalls().at(-1)).toEqual(['add', USER_KEY, '/v', 'SecureProtocols', '/t', 'REG_DWORD', '/d', String(0xa80), '/f']);
    const after = await run(registry);
    expect(after.status).toBe('pass');
    expect(after.evidence.secureProtocols).toBe('0x00000a80');
  });

  it('fails when SSL 3.0 is on (constructed 0xaa0); the fix clears SSL 2/3 only', async () => {
    const registry = new FakeRegistry().serve('reg-query-internet-settings.ssl3-on.constructed.ja.txt');
    const before = await run(registry);
    expect(before.status).toBe('fail');
    expect(before.evidence.enabledProtocols).toEqual(['SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2']);
    expect(say(before.summary, 'ja')).toContain('SSL 2.0/3.0 が有効');
    await fix(registry);
    expect(registry.value(USER_KEY, 'SecureProtocols')).toBe('0xa80');
    expect((await run(registry)).status).toBe('pass');
  });

  it('reports a machine policy value as effective, asks IT, and the fix refuses without writing', async () => {
    // The user's own value (real capture a) is fine, the policy's (0xa0: SSL 3.0 + TLS 1.0) is not.
    const registry = new FakeRegistry()
      .serve('reg-query-internet-settings.a.en.txt')
      .serve('reg-query-policies-internet-settings-hklm.secureprotocols.constructed.en.txt');
    const result = await run(registry);
    expect(result.status).toBe('fail');
    expect(result.evidence).toMatchObject({
      source: 'machine-policy',
      policyManaged: true,
      machinePolicyValue: '0x000000a0',
      userValue: '0x00000a80',
    });
    expect(result.codes).toEqual(['WIN-TLS-POLICY']);
    expect(say(result.advice, 'ja')).toContain('IT 管理者');
    await expectRefusal(fix(registry), /IT administrator/);
    expect(registry.regCalls().filter((a) => a[0] === 'add')).toEqual([]);
  });

  it('passes with no value at all (WinINet default) and says where the value came from', async () => {
    const result = await run(new FakeRegistry());
    expect(result.status).toBe('pass');
    expect(result.evidence).toMatchObject({ source: 'default', userValue: null });
  });
});

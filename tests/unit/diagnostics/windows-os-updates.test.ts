// os-updates on constructed `reg query "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion"`
// samples (no real capture saved; see SOURCES-diagnostics.md). Windows 11 keeps ProductName
// "Windows 10 ..." there, so the samples do too.
import { describe, expect, it } from 'vitest';
import { osUpdatesCheck } from '../../../electron/core/diagnostics/checks/os-updates';
import { FakeRegistry, windowsCheckContext, withNoResults } from '../../fixtures/windows/fake-registry';
import { say } from './helpers/message-text';

const run = (fixture: string | undefined, now = '2026-11-25T09:00:00Z') => {
  const registry = new FakeRegistry();
  if (fixture) registry.serve(fixture);
  return osUpdatesCheck.run(withNoResults(windowsCheckContext(registry, () => new Date(now))), new AbortController().signal);
};

describe('os-updates', () => {
  it('Windows 10 22H2 (build 19045): warns that support ended 2025-10-14, reports the patch level', async () => {
    const result = await run('reg-query-windows-nt-currentversion.win10-22h2.constructed.ja.txt');
    expect(result.status).toBe('warn');
    expect(say(result.summary, 'en')).toBe('Windows 10 (22H2, build 19045.6456): support ended on 2025-10-14');
    expect(result.evidence).toMatchObject({
      windows: '10',
      currentBuild: 19045,
      ubr: 6456,
      osBuild: '19045.6456',
      editionId: 'Professional',
    });
    expect(say(result.advice, 'ja')).toContain('Windows 11');
    expect(result.codes).toEqual(['WIN-OS-EOS']);
    expect(osUpdatesCheck.faq).toEqual(['Q24(1)']);
    expect(say(result.advice, 'ja')).toContain('(FAQ Q24(1))');
  });

  it('Windows 11 25H2 (26200) passes, decided by the build although ProductName says "Windows 10 Pro"', async () => {
    const result = await run('reg-query-windows-nt-currentversion.win11-25h2.constructed.ja.txt');
    expect(result.status).toBe('pass');
    expect(say(result.summary, 'ja')).toBe('Windows 11 25H2 (ビルド 26200.7309)');
    expect(result.evidence).toMatchObject({
      windows: '11',
      productName: 'Windows 10 Pro',
      osBuild: '26200.7309',
      supportEnds: '2027-10-12',
    });
    expect(say(result.advice, 'en')).toContain('Windows Update');
  });

  it('Windows 11 23H2 (22631) passes while serviced, warns once Home/Pro servicing ended (2025-11-11)', async () => {
    const serviced = await run('reg-query-windows-nt-currentversion.win11-23h2.constructed.ja.txt', '2025-06-01T00:00:00Z');
    expect(serviced.status).toBe('pass');
    expect(say(serviced.summary, 'en')).toBe('Windows 11 23H2 (build 22631.4460)');
    const ended = await run('reg-query-windows-nt-currentversion.win11-23h2.constructed.ja.txt');
    expect(ended.status).toBe('warn');
    expect(say(ended.summary, 'en')).toBe('Windows 11 23H2 (build 22631.4460) stopped receiving updates on 2025-11-11');
  });

  it('Windows 11 24H2 Enterprise (26100) gets the Enterprise servicing date', async () => {
    const result = await run('reg-query-windows-nt-currentversion.win11-24h2-enterprise.constructed.ja.txt');
    expect(result.status).toBe('pass');
    expect(result.evidence).toMatchObject({ version: '24H2', editionId: 'Enterprise', supportEnds: '2027-10-12' });
  });

  it('warns when the key cannot be read (not found, Japanese message, exit 1)', async () => {
    const result = await run(undefined);
    expect(result.status).toBe('warn');
    expect(result.codes).toEqual(['WIN-OS-UNKNOWN']);
    expect(say(result.advice, 'en')).toContain('(FAQ Q24(1))');
  });
});

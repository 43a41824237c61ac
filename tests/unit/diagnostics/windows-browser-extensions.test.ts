// browser-extensions on constructed Internet Explorer\Main samples (the only real capture of that
// key is a `/v 'start page'` query, which does not show this value; see SOURCES-diagnostics.md).
import { describe, expect, it } from 'vitest';
import { browserExtensionsCheck } from '../../../electron/core/diagnostics/checks/browser-extensions';
import { FakeRegistry, windowsCheckContext, withNoResults } from '../../fixtures/windows/fake-registry';
import { say } from './helpers/message-text';

const run = (registry: FakeRegistry) =>
  browserExtensionsCheck.run(withNoResults(windowsCheckContext(registry)), new AbortController().signal);

describe('browser-extensions', () => {
  it('warns when the user setting is "yes", with the FAQ Q18(6) steps, and has no fix', async () => {
    const registry = new FakeRegistry().serve('reg-query-ie-main.extensions-yes.constructed.ja.txt');
    const result = await run(registry);
    expect(result.status).toBe('warn');
    expect(result.evidence).toMatchObject({ enabled: true, source: 'user', userValue: 'yes', policyManaged: false });
    expect(say(result.advice, 'ja')).toContain('サードパーティ製のブラウザー拡張を有効にする');
    expect(say(result.advice, 'en')).toContain('IE mode');
    expect(browserExtensionsCheck.faq).toEqual(['Q18(6)']);
    expect(say(result.advice, 'ja')).toContain('(FAQ Q18(6))');
    expect(say(result.advice, 'en')).toContain('(FAQ Q18(6))');
    expect(browserExtensionsCheck.fix).toBeUndefined();
    expect(registry.regCalls()).toEqual([
      ['query', 'HKCU\\Software\\Microsoft\\Internet Explorer\\Main'],
      ['query', 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Internet Explorer\\Main'],
      ['query', 'HKCU\\SOFTWARE\\Policies\\Microsoft\\Internet Explorer\\Main'],
    ]);
  });

  it('passes when the user turned them off ("no")', async () => {
    const result = await run(new FakeRegistry().serve('reg-query-ie-main.extensions-no.constructed.ja.txt'));
    expect(result.status).toBe('pass');
    expect(result.evidence).toMatchObject({ enabled: false, source: 'user', userValue: 'no' });
  });

  it('takes an absent value as enabled (the Windows default) and says so', async () => {
    const result = await run(new FakeRegistry().serve('reg-query-ie-main.default.constructed.ja.txt'));
    expect(result.status).toBe('warn');
    expect(result.evidence).toMatchObject({ enabled: true, source: 'default', userValue: null });
    expect(say(result.summary, 'en')).toContain('(default)');
  });

  it('lets the machine policy win over the user setting', async () => {
    const result = await run(
      new FakeRegistry()
        .serve('reg-query-ie-main.extensions-yes.constructed.ja.txt')
        .serve('reg-query-policies-ie-main-hklm.extensions-no.constructed.en.txt'),
    );
    expect(result.status).toBe('pass');
    expect(result.evidence).toMatchObject({
      enabled: false,
      source: 'machine-policy',
      policyManaged: true,
      userValue: 'yes',
      machinePolicyValue: 'no',
    });
  });
});

// trusted-sites on constructed `reg query ...\ZoneMap\Domains /s` and policy samples (no real
// capture of these exists: /work/shared/fixtures/SOURCES.md "Not found"; see
// tests/fixtures/windows/SOURCES-diagnostics.md), with the fake reg.exe whose "not found" answer
// is the real Japanese message with exit code 1.
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../electron/core/diagnostics/engine';
import {
  domainEntries,
  effectiveEntry,
  findStrays,
  hostSpecificity,
  policyEntries,
  TRUSTED_SITE_KEY,
  trustedSitesCheck,
} from '../../../electron/core/diagnostics/checks/trusted-sites';
import { parseRegQueryOutput } from '../../../electron/core/platform/windows-registry';
import { FakeRegistry, windowsCheckContext, windowsFixture, withNoResults } from '../../fixtures/windows/fake-registry';
import { expectRefusal, say } from './helpers/message-text';

const DOMAINS = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\ZoneMap\\Domains';
const FIX_ARGS = ['add', `${DOMAINS}\\cjs-rokin.jp\\www`, '/v', 'https', '/t', 'REG_DWORD', '/d', '2', '/f'];

const run = (registry: FakeRegistry) => trustedSitesCheck.run(withNoResults(windowsCheckContext(registry)), new AbortController().signal);
const fix = (registry: FakeRegistry) =>
  trustedSitesCheck.fix!.apply(withNoResults(windowsCheckContext(registry)), new AbortController().signal);
const adds = (registry: FakeRegistry) => registry.regCalls().filter((a) => a[0] === 'add');

describe('trusted-sites: reading', () => {
  it('queries Domains, EscDomains, Ranges and HKLM Domains recursively, and the policy keys', async () => {
    const registry = new FakeRegistry();
    await run(registry);
    expect(registry.regCalls()).toEqual([
      ['query', DOMAINS, '/s'],
      ['query', 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\ZoneMap\\EscDomains', '/s'],
      ['query', 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\ZoneMap\\Ranges', '/s'],
      ['query', 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\ZoneMap\\Domains', '/s'],
      ['query', 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings'],
      ['query', 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\ZoneMapKey'],
      ['query', 'HKCU\\SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\ZoneMapKey'],
    ]);
  });

  it('flattens the Domains tree the way urlmon reads it (constructed)', () => {
    const [root] = parseRegQueryOutput(windowsFixture('reg-query-zonemap-domains-s.constructed.en.txt'));
    const entries = domainEntries(root!, 'user');
    expect(entries.map((e) => [e.host, e.scheme, e.zone])).toEqual([
      ['www.cjs-rokin.jp', 'https', 2],
      ['www.cjs-rokin.jp ', 'https', 2],
      ['example.co.jp', '*', 4],
    ]);
    expect(effectiveEntry(entries)?.host).toBe('www.cjs-rokin.jp');
  });

  it('ranks the host key over the domain key, a named scheme over *, and the strictest zone on a tie', () => {
    expect(hostSpecificity('www.cjs-rokin.jp')).toBe(3);
    expect(hostSpecificity('*.cjs-rokin.jp')).toBe(2);
    expect(hostSpecificity('cjs-rokin.jp')).toBe(1);
    expect(hostSpecificity('*')).toBe(0);
    expect(hostSpecificity('WWW.CJS-ROKIN.JP')).toBe(3);
    expect(hostSpecificity('www.cjs-rokin.jp ')).toBe(-1);
    expect(hostSpecificity('rokin.jp')).toBe(-1);
    const entry = (host: string, scheme: string, zone: number) => ({ source: 'user' as const, host, scheme, zone, location: host });
    expect(effectiveEntry([entry('cjs-rokin.jp', '*', 4), entry('www.cjs-rokin.jp', 'https', 2)])?.zone).toBe(2);
    expect(effectiveEntry([entry('www.cjs-rokin.jp', '*', 4), entry('www.cjs-rokin.jp', 'https', 2)])?.zone).toBe(2);
    expect(effectiveEntry([entry('www.cjs-rokin.jp', 'https', 2), entry('www.cjs-rokin.jp', 'https', 4)])?.zone).toBe(4);
    expect(effectiveEntry([entry('www.cjs-rokin.jp', 'http', 2)])).toBeUndefined();
  });

  it('reads the policy list: REG_SZ "2" as Group Policy writes it, scheme optional', () => {
    const [key] = parseRegQueryOutput(windowsFixture('reg-query-policies-zonemapkey-hklm.constructed.en.txt'));
    expect(policyEntries(key!, 'machine-policy').map((e) => [e.scheme, e.host, e.zone])).toEqual([
      ['https', 'www.cjs-rokin.jp', 2],
      ['*', '*.intra.example.co.jp', 1],
    ]);
  });

  it('names a "*" mapping of every site and a wrong-zone domain entry as strays', () => {
    const entry = (host: string, scheme: string, zone: number) => ({ source: 'user' as const, host, scheme, zone, location: host });
    const trusted = entry('www.cjs-rokin.jp', 'https', 2);
    const strays = findStrays([trusted, entry('*', '*', 2), entry('cjs-rokin.jp', '*', 4), entry('cjs-rokin.jp', '*', 1)], trusted);
    expect(strays.map((s) => s.kind)).toEqual(['wildcard-all', 'restricted', 'other-zone']);
  });
});

describe('trusted-sites: results', () => {
  it('passes when https://www.cjs-rokin.jp is trusted (constructed Domains + Ranges, nothing stray)', async () => {
    const registry = new FakeRegistry()
      .serve(
        `\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\ZoneMap\\Domains\n\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\ZoneMap\\Domains\\cjs-rokin.jp\n\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\ZoneMap\\Domains\\cjs-rokin.jp\\www\n    https    REG_DWORD    0x2\n`,
      )
      .serve('reg-query-zonemap-ranges-s.constructed.en.txt');
    const result = await run(registry);
    expect(result.status).toBe('pass');
    expect(result.evidence).toMatchObject({ zone: 2, zoneName: 'Trusted sites', policyLocked: false, strayEntries: [] });
  });

  it('fails when absent, and the fix writes exactly one HKCU value, then passes on re-run', async () => {
    const registry = new FakeRegistry().serve('reg-query-zonemap-domains-s.absent.constructed.ja.txt');
    const before = await run(registry);
    expect(before.status).toBe('fail');
    expect(say(before.summary, 'en')).toBe('https://www.cjs-rokin.jp is not in Trusted sites');
    expect(say(before.advice, 'ja')).toContain('信頼済みサイト');
    expect(trustedSitesCheck.faq).toEqual(['Q25']);
    expect(say(before.advice, 'ja')).toContain('(FAQ Q25)');
    expect(say(before.advice, 'en')).toContain('(FAQ Q25)');
    expect(before.evidence.zone).toBeNull();
    await fix(registry);
    expect(adds(registry)).toEqual([FIX_ARGS]);
    expect(registry.calls.at(-1)!.command.toLowerCase()).toMatch(/\\system32\\reg\.exe$/);
    expect(TRUSTED_SITE_KEY).toBe(`${DOMAINS}\\cjs-rokin.jp\\www`);
    const after = await run(registry);
    expect(after.status).toBe('pass');
    expect(after.evidence.matchedEntry).toContain('"https://www.cjs-rokin.jp"');
  });

  it('fails on an address typed with spaces (FAQ Q25), naming each entry with the space visible', async () => {
    const registry = new FakeRegistry().serve('reg-query-zonemap-domains-s.space-only.constructed.ja.txt');
    const result = await run(registry);
    expect(result.status).toBe('fail');
    expect(result.evidence.strayEntries).toEqual([
      expect.stringMatching(
        /^whitespace: "https:\/\/www\.cjs-rokin\.jp " → Trusted sites \(2\) at .*Domains\\cjs-rokin\.jp \\www \[https\]$/,
      ),
      expect.stringMatching(
        /^whitespace: "https:\/\/ www\.cjs-rokin\.jp" → Trusted sites \(2\) at .*Domains\\cjs-rokin\.jp\\ www \[https\]$/,
      ),
    ]);
    expect(say(result.advice, 'ja')).toContain('空白を含む登録');
    // The fix adds the right entry and leaves the strays: the site is trusted, the strays remain → warn.
    await fix(registry);
    expect(adds(registry)).toEqual([FIX_ARGS]);
    const after = await run(registry);
    expect(after.status).toBe('warn');
    expect(after.evidence.strayEntries).toHaveLength(2);
  });

  it('warns when trusted but a stray-space copy exists too (the existing constructed Domains sample); the fix does nothing', async () => {
    const registry = new FakeRegistry().serve('reg-query-zonemap-domains-s.constructed.en.txt');
    const result = await run(registry);
    expect(result.status).toBe('warn');
    expect(result.evidence.strayEntries).toEqual([expect.stringMatching(/^whitespace: "https:\/\/www\.cjs-rokin\.jp "/)]);
    await expectRefusal(fix(registry), /already trusted/);
    expect(adds(registry)).toEqual([]);
  });

  it('fails on typos and http instead of https', async () => {
    const result = await run(new FakeRegistry().serve('reg-query-zonemap-domains-s.typo.constructed.ja.txt'));
    expect(result.status).toBe('fail');
    expect(result.evidence.strayEntries).toEqual([
      expect.stringMatching(/^typo: "https:\/\/www\.cjs-rokn\.jp"/),
      expect.stringMatching(/^typo: "https:\/\/www\.cjs_rokin\.jp"/),
      expect.stringMatching(/^http: "http:\/\/www\.cjs-rokin\.jp"/),
    ]);
    expect(say(result.advice, 'en')).toContain('http instead of https');
  });

  it('fails when the site is in Restricted sites; the fix overwrites that same HKCU value with 2', async () => {
    const registry = new FakeRegistry().serve('reg-query-zonemap-domains-s.restricted.constructed.ja.txt');
    const before = await run(registry);
    expect(before.status).toBe('fail');
    expect(say(before.summary, 'ja')).toContain('制限付きサイト');
    expect(before.evidence).toMatchObject({ zone: 4, zoneName: 'Restricted sites' });
    await fix(registry);
    expect(adds(registry)).toEqual([FIX_ARGS]);
    expect(registry.value(`${DOMAINS}\\cjs-rokin.jp\\www`, 'https')).toBe('0x2');
    expect((await run(registry)).status).toBe('pass');
  });

  it('reports an entry only in EscDomains (Windows Server ESC) as not counting', async () => {
    const result = await run(new FakeRegistry().serve('reg-query-zonemap-escdomains-s.constructed.en.txt'));
    expect(result.status).toBe('fail');
    expect(result.evidence.strayEntries).toEqual([expect.stringMatching(/^esc-only: /)]);
  });

  it('policy-locked by the Site to Zone Assignment List: passes when the policy trusts the site, the user list ignored', async () => {
    const registry = new FakeRegistry()
      .serve('reg-query-zonemap-domains-s.restricted.constructed.ja.txt')
      .serve('reg-query-policies-zonemapkey-hklm.constructed.en.txt');
    const result = await run(registry);
    expect(result.status).toBe('pass');
    expect(result.evidence).toMatchObject({ zone: 2, policyLocked: true, lockedBy: 'ZoneMapKey policy', strayEntries: [] });
    // The user's own Restricted entry is inert while the policy list applies: reported, not judged.
    expect(result.evidence.ignoredEntriesForSite).toEqual([
      expect.stringMatching(/^"https:\/\/www\.cjs-rokin\.jp" → Restricted sites \(4\)/),
    ]);
  });

  it('policy-locked and not trusted: fails, asks IT, and the fix refuses without writing', async () => {
    const registry = new FakeRegistry()
      .serve('reg-query-zonemap-domains-s.absent.constructed.ja.txt')
      .serve('reg-query-policies-zonemapkey-hklm.without-site.constructed.en.txt');
    const result = await run(registry);
    expect(result.status).toBe('fail');
    expect(result.codes).toEqual(['WIN-ZONE-POLICY']);
    expect(say(result.advice, 'en')).toContain('IT administrator');
    await expectRefusal(fix(registry), /IT administrator/);
    expect(adds(registry)).toEqual([]);
  });

  it('Security_HKLM_only = 1: only the machine list counts, the user entry is ignored, the fix refuses', async () => {
    const registry = new FakeRegistry()
      .serve('reg-query-zonemap-domains-s.absent.constructed.ja.txt')
      .serve('reg-query-policies-internet-settings-hklm.hklm-only.constructed.en.txt');
    await expectRefusal(fix(registry), /policy/);
    const result = await run(registry);
    expect(result.status).toBe('fail');
    expect(result.evidence).toMatchObject({ policyLocked: true, lockedBy: 'Security_HKLM_only', sourcesUsed: ['machine'] });
    expect(adds(registry)).toEqual([]);
  });
});

describe('trusted-sites through runChecks with fix: true', () => {
  it('fails, applies the fix, re-verifies and reports a pass', async () => {
    const registry = new FakeRegistry().serve('reg-query-zonemap-domains-s.absent.constructed.ja.txt');
    const [outcome] = await runChecks([trustedSitesCheck], windowsCheckContext(registry), { fix: true });
    expect(outcome!.fixable).toBe(true);
    expect(outcome!.fix).toMatchObject({ before: 'fail', applied: true });
    expect(outcome!.result.status).toBe('pass');
    expect(adds(registry)).toEqual([FIX_ARGS]);
  });

  it('policy-locked and not trusted: the fix is refused, applied: false with the refusal; nothing written', async () => {
    const registry = new FakeRegistry()
      .serve('reg-query-zonemap-domains-s.absent.constructed.ja.txt')
      .serve('reg-query-policies-zonemapkey-hklm.without-site.constructed.en.txt');
    const [outcome] = await runChecks([trustedSitesCheck], windowsCheckContext(registry), { fix: true });
    expect(outcome!.fix).toMatchObject({ before: 'fail', applied: false, failure: { code: 'REGISTRY-REFUSED' } });
    expect(say(outcome!.fix!.failure!.reason, 'en')).toContain('IT administrator');
    expect(outcome!.result).toMatchObject({ status: 'fail', codes: ['WIN-ZONE-POLICY'] });
    expect(adds(registry)).toEqual([]);
  });

  it('is not applicable (and runs nothing) elsewhere', async () => {
    const registry = new FakeRegistry();
    const [outcome] = await runChecks([trustedSitesCheck], { ...windowsCheckContext(registry), platform: 'linux' });
    expect(outcome!.result.status).toBe('not-applicable');
    expect(registry.calls).toEqual([]);
  });
});

// The self-diagnosis use cases behind the channels diagnosis.run / diagnosis.fix / report.export
// (and `cjs-cert doctor`): progress events, a fix that re-checks, the masked export — every
// output parsed with the contract's schemas, as the router will. Windows checks run on the fake
// reg.exe; a constructed certificate check stands for the personal data.
import { describe, expect, it } from 'vitest';
import { CHANNELS, EVENTS, type EventName, type EventPayload } from '../../../electron/contract/channels';
import { createDiagnosisUseCases, type DiagnosisServices } from '../../../electron/core/app/diagnosis';
import { defineCheck, type DiagnosticCheck } from '../../../electron/core/diagnostics/check';
import { trustedSitesCheck } from '../../../electron/core/diagnostics/checks/trusted-sites';
import { message } from '../../../electron/core/diagnostics/messages';
import { personal } from '../../../electron/core/diagnostics/personal';
import { EMBEDDED_DEFAULTS } from '../../../electron/core/config';
import { CjsError } from '../../../electron/core/errors';
import { FakeRegistry } from '../../fixtures/windows/fake-registry';

/** A certificate check's kind of result: the clerk's login ID and home path, marked where produced. */
const ownerCheck: DiagnosticCheck = defineCheck({
  id: 'right-user',
  group: 'certificate',
  faq: ['Q21(2)'],
  platforms: 'all',
  run: () =>
    Promise.resolve({
      status: 'fail',
      summary: message('check.right-user.summary.otherUser', { owners: personal('hanako.s'), loginId: personal('yamada.taro') }),
      evidence: { loginIds: personal(['hanako.s']), location: personal('/home/yamada/.pki/nssdb'), serialNumber: '0A1B' },
      codes: ['CERT-OTHER-USER'],
      actions: [{ kind: 'enroll', loginId: 'yamada.taro' }],
    }),
});

function useCases(registry: FakeRegistry, checks: readonly DiagnosticCheck[] = [trustedSitesCheck, ownerCheck]) {
  const unused = () => Promise.reject(new Error('not used by these checks'));
  const services = {
    settings: EMBEDDED_DEFAULTS,
    store: { kind: 'windows', location: 'Cert:\\CurrentUser\\My' },
    proxy: unused,
    trustedCaPem: () => Promise.resolve([]),
    issuingWithin: () => ({ getCaCerts: unused, getCrl: unused }),
    cachedIssuerCas: () => Promise.resolve(undefined),
  } as unknown as DiagnosisServices;
  return createDiagnosisUseCases(services, {
    platform: 'win32',
    runner: registry.runner,
    checks,
    now: () => new Date('2026-11-25T09:00:00Z'),
  });
}

function recorder() {
  const events: { event: EventName; payload: unknown }[] = [];
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => events.push({ event, payload });
  return { events, emit };
}

describe('diagnosis.run', () => {
  it('emits diagnosis.progress per finished check and returns the contract report, each check in its group', async () => {
    const { events, emit } = recorder();
    const report = await useCases(new FakeRegistry().serve('reg-query-zonemap-domains-s.absent.constructed.ja.txt')).run(
      { loginId: 'yamada.taro' },
      emit,
    );
    expect(CHANNELS['diagnosis.run'].output.parse(report)).toEqual(report);
    expect(events.map((e) => e.event)).toEqual(['diagnosis.progress', 'diagnosis.progress']);
    for (const e of events) EVENTS['diagnosis.progress'].parse(e.payload);
    expect(events.at(-1)!.payload).toMatchObject({ completed: 2, total: 2 });
    expect(report.checks.map((c) => [c.id, c.group, c.status])).toEqual([
      ['trusted-sites', 'windows', 'fail'],
      ['right-user', 'certificate', 'fail'],
    ]);
    // The fixable problem's first action is its fix; the screen's button sends diagnosis.fix.
    expect(report.checks[0]!.actions[0]).toEqual({ kind: 'fix', checkId: 'trusted-sites' });
    // The user's own screen shows their data; only the export masks it.
    expect(report.loginId).toBe('yamada.taro');
    expect(report).not.toHaveProperty('personal');
  });
});

describe('diagnosis.fix', () => {
  it('applies the safe fix, checks again and returns the re-checked result; the export then shows it', async () => {
    const registry = new FakeRegistry().serve('reg-query-zonemap-domains-s.absent.constructed.ja.txt');
    const diagnosis = useCases(registry);
    await diagnosis.run({}, recorder().emit);
    const fixed = await diagnosis.fix({ checkId: 'trusted-sites' });
    expect(CHANNELS['diagnosis.fix'].output.parse(fixed)).toEqual(fixed);
    expect(fixed).toMatchObject({ id: 'trusted-sites', status: 'pass', group: 'windows', fixable: true, actions: [] });
    const exported = JSON.parse((await diagnosis.exportReport({ format: 'json', language: 'ja' })).content) as {
      summary: Record<string, number>;
    };
    expect(exported.summary).toMatchObject({ pass: 1, fail: 1 });
  });

  it('a refused fix (policy) is an error with its code and the reason key; nothing is written', async () => {
    const registry = new FakeRegistry()
      .serve('reg-query-zonemap-domains-s.absent.constructed.ja.txt')
      .serve('reg-query-policies-zonemapkey-hklm.without-site.constructed.en.txt');
    const refused = await useCases(registry)
      .fix({ checkId: 'trusted-sites' })
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(CjsError);
    expect(refused).toMatchObject({ code: 'REGISTRY-REFUSED', params: { checkId: 'trusted-sites', reason: 'diagnostics:common.askIt' } });
    expect(registry.regCalls().filter((a) => a[0] === 'add')).toEqual([]);
  });

  it('an unknown check id is DIAG-UNKNOWN-CHECK naming it', async () => {
    await expect(useCases(new FakeRegistry()).fix({ checkId: 'nope' })).rejects.toMatchObject({
      code: 'DIAG-UNKNOWN-CHECK',
      params: { checkId: 'nope' },
    });
  });
});

describe('report.export', () => {
  it('JSON: the last report, masked by the marks (login IDs, home path), parsed by the contract', async () => {
    const diagnosis = useCases(new FakeRegistry().serve('reg-query-zonemap-domains-s.absent.constructed.ja.txt'));
    await diagnosis.run({ loginId: 'yamada.taro' }, recorder().emit);
    const out = CHANNELS['report.export'].output.parse(await diagnosis.exportReport({ format: 'json', language: 'ja' }));
    expect(out.mimeType).toBe('application/json');
    expect(out.fileName).toMatch(/^cjs-cert-diagnosis-\d{8}-\d{6}\.json$/);
    for (const secret of ['yamada.taro', 'hanako.s', '/home/yamada']) expect(out.content).not.toContain(secret);
    const report = CHANNELS['diagnosis.run'].output.parse(JSON.parse(out.content));
    expect(report.loginId).toBe('ya******');
    expect(report.checks[1]!.evidence).toMatchObject({ loginIds: ['ha******'], serialNumber: '0A1B' });
    expect(report.checks[1]!.actions).toEqual([{ kind: 'enroll', loginId: 'ya******' }]);
  });

  it('text, in the language asked: masked, the header with the local date, the advice and the commands', async () => {
    const diagnosis = useCases(new FakeRegistry().serve('reg-query-zonemap-domains-s.absent.constructed.ja.txt'));
    await diagnosis.run({ loginId: 'yamada.taro' }, recorder().emit);
    const ja = await diagnosis.exportReport({ format: 'text', language: 'ja' });
    expect(ja).toMatchObject({ mimeType: 'text/plain; charset=utf-8', fileName: expect.stringMatching(/\.txt$/) as string });
    expect(ja.content).toMatch(/^自己診断: 発行元 .+\n実施日時: \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}\n/);
    expect(ja.content).toContain('[✗] 信頼済みサイトへの登録: https://www.cjs-rokin.jp が信頼済みサイトに登録されていません');
    expect(ja.content).toContain('    → 自動修正: cjs-cert doctor --fix --only trusted-sites');
    expect(ja.content).not.toContain('yamada.taro');
    const en = await diagnosis.exportReport({ format: 'text', language: 'en' });
    expect(en.content).toContain('[✗] Trusted sites: https://www.cjs-rokin.jp is not in Trusted sites');
    expect(en.content).not.toMatch(/[ぁ-んァ-ン]/);
  });
});

// The report a user sends to the bank: the contract's shape; personal data (login IDs,
// certificate subjects, store paths) masked in the JSON and the text alike, found by the marks
// the checks put on it, not by key names; codes, FAQ references, serial numbers and statuses kept.
import { describe, expect, it } from 'vitest';
import { diagnosisReportSchema } from '../../../electron/contract/diagnosis';
import type { CheckResult } from '../../../electron/core/diagnostics/check';
import type { CheckOutcome } from '../../../electron/core/diagnostics/engine';
import { maskReport, maskValue } from '../../../electron/core/diagnostics/masking';
import { message } from '../../../electron/core/diagnostics/messages';
import { personal } from '../../../electron/core/diagnostics/personal';
import { buildReport, hasFailures, reportView, type DiagnosticReport } from '../../../electron/core/diagnostics/report';
import { localDate, reportToText } from '../../../electron/core/diagnostics/report-text';
import { translator } from './helpers/message-text';

const SERIAL = '5A1B2C3D4E5F60718293';

function outcome(id: string, result: CheckResult, extra: Partial<CheckOutcome> = {}): CheckOutcome {
  return { id, group: 'certificate', faq: ['Q21(2)'], result, durationMs: 12.4, fixable: false, ...extra };
}

/** What the certificate checks report for a clerk with a Japanese CN and another user's certificate. */
function sampleReport(): DiagnosticReport {
  const outcomes = [
    outcome('certificate-validity', {
      status: 'pass',
      summary: message('check.certificate-validity.summary.valid', {
        daysLeft: 365,
        notAfter: '2027-12-01T00:00:00.000Z',
        renewalOpensAt: '2027-11-01T00:00:00.000Z',
      }),
      evidence: {
        serialNumber: SERIAL,
        subject: personal('CN=山田太郎,O=アクメ商事'),
        loginId: personal('yamada.taro'),
        daysLeft: 365,
        // Not under a "personal" key name: found by its mark, or inside a marked value's text.
        storeEntry: 'ろうきん賃金控除 yamada.taro 4E5F6071',
        location: personal('/home/yamada/.pki/nssdb'),
        userName: 'not personal: no mark',
      },
    }),
    outcome(
      'right-user',
      {
        status: 'fail',
        summary: message('check.right-user.summary.otherUser', { owners: personal('hanako.s'), loginId: personal('yamada.taro') }),
        evidence: { loginIds: personal(['hanako.s']), expectedLoginId: personal('yamada.taro'), subjects: personal(['CN=山田花子']) },
        advice: message('check.right-user.advice.otherUser', { owners: personal('hanako.s'), loginId: personal('yamada.taro') }),
        codes: ['CERT-OTHER-USER'],
        actions: [{ kind: 'enroll', loginId: 'yamada.taro' }],
      },
      { fixable: false },
    ),
    outcome(
      'duplicates',
      {
        status: 'warn',
        summary: message('check.duplicates.summary.stale', { count: 1 }),
        evidence: { staleSerials: [SERIAL] },
        advice: message('check.duplicates.advice.stale'),
        codes: ['CERT-STALE'],
      },
      {
        fixable: true,
        fix: {
          before: 'warn',
          applied: false,
          failure: {
            code: 'STORE-COMMAND-FAILED',
            reason: null,
            detail: 'certutil could not delete "ろうきん賃金控除 yamada.taro 4E5F6071"',
          },
        },
      },
    ),
    outcome('clock', {
      status: 'error',
      summary: message('engine.crashed'),
      evidence: { error: 'boom' },
      codes: ['DIAG-CHECK-CRASHED'],
    }),
    outcome('trusted-sites', { status: 'not-applicable', summary: message('engine.notApplicable', { platform: 'linux' }), evidence: {} }),
  ];
  return buildReport(outcomes, {
    now: new Date('2026-12-01T00:00:00Z'),
    platform: 'linux',
    issuerUrl: 'https://127.0.0.1:8443',
    loginUrl: 'https://127.0.0.1:8444/',
    loginId: 'yamada.taro',
  });
}

const PERSONAL = ['yamada.taro', 'hanako.s', '山田太郎', '山田花子', '/home/yamada', 'ろうきん賃金控除 yamada'];

describe('buildReport', () => {
  it("parses with the contract's report schema, every check with its group, and a fixable problem offers `fix <id>`", () => {
    const report = sampleReport();
    expect(diagnosisReportSchema.safeParse(report).success).toBe(true);
    expect(diagnosisReportSchema.parse(reportView(report))).toEqual(reportView(report));
    expect(report.checks.map((c) => c.group)).toEqual(['certificate', 'certificate', 'certificate', 'certificate', 'certificate']);
    expect(report.checks[2]!.actions).toEqual([{ kind: 'fix', checkId: 'duplicates' }]);
    expect(report.checks[1]!.actions).toEqual([{ kind: 'enroll', loginId: 'yamada.taro' }]);
  });

  it('keeps the marked values (and only those) as the personal ones; the view carries none of them as a list', () => {
    const report = sampleReport();
    expect([...report.personal].sort()).toEqual(
      ['/home/yamada/.pki/nssdb', 'CN=山田太郎,O=アクメ商事', 'CN=山田花子', 'hanako.s', 'yamada.taro'].sort(),
    );
    expect(reportView(report)).not.toHaveProperty('personal');
    expect(reportView(report).checks[2]).not.toHaveProperty('fix');
  });

  it('counts each status, and an error or a failure makes the run a failure', () => {
    const report = sampleReport();
    expect(report.summary).toEqual({ pass: 1, warn: 1, fail: 1, 'not-applicable': 1, error: 1 });
    expect(hasFailures(report)).toBe(true);
    expect(hasFailures({ ...report, summary: { ...report.summary, fail: 0, error: 0 } })).toBe(false);
    expect(report.checks[0]!.durationMs).toBe(12);
  });
});

describe('maskReport', () => {
  it('masks every marked value wherever it appears (Japanese CNs too), and nothing unmarked by its key name', () => {
    const masked = maskReport(sampleReport());
    const json = JSON.stringify(masked);
    for (const secret of PERSONAL) expect(json, secret).not.toContain(secret);
    expect(masked.loginId).toBe('ya******');
    expect(masked.checks[0]!.evidence).toMatchObject({
      loginId: 'ya******',
      subject: 'CN******',
      daysLeft: 365,
      storeEntry: 'ろうきん賃金控除 ya****** 4E5F6071',
      userName: 'not personal: no mark',
    });
    // In parameters and actions the ID becomes the same mask, so support can still tell users apart.
    expect(masked.checks[1]!.summary.params).toEqual({ owners: 'ha******', loginId: 'ya******' });
    expect(masked.checks[1]!.actions).toEqual([{ kind: 'enroll', loginId: 'ya******' }]);
    expect(masked.checks[2]!.fix?.failure?.detail).not.toContain('yamada.taro');
    expect(masked.personal).toEqual([]);
  });

  it('keeps what the bank needs: codes, FAQ entries, serial numbers, statuses and the summary', () => {
    const original = sampleReport();
    const masked = maskReport(original);
    expect(masked.checks.map((c) => [c.id, c.status, c.codes, c.faq])).toEqual(
      original.checks.map((c) => [c.id, c.status, c.codes, c.faq]),
    );
    expect(masked.checks[0]!.evidence.serialNumber).toBe(SERIAL);
    expect(masked.summary).toEqual(original.summary);
  });

  it('maskValue keeps two characters of an ASCII value, and at most six stars hide the rest', () => {
    expect(maskValue('user01')).toBe('us****');
    expect(maskValue('a-very-long-login-id')).toBe('a-******');
    expect(maskValue('ab')).toBe('**');
    // The first two characters of a Japanese name are usually the surname.
    expect(maskValue('山田花子')).toBe('******');
    expect(maskValue('CN=山田花子')).toBe('CN*****');
  });
});

describe('reportToText', () => {
  it('is masked like the JSON export', () => {
    for (const language of ['ja', 'en'] as const) {
      const out = reportToText(sampleReport(), translator(language), language);
      for (const secret of PERSONAL) expect(out, `${language}: ${secret}`).not.toContain(secret);
    }
  });

  it('Japanese: a mark per check, advice, commands, code and FAQ under problems, the fix state, the counts; no English line, local dates', () => {
    const out = reportToText(sampleReport(), translator('ja'), 'ja');
    const lines = out.split('\n');
    expect(lines[0]).toBe(
      `[✓] 電子証明書の有効期限: 有効期限まであと 365 日です (${localDate('2027-12-01T00:00:00.000Z', 'ja')} まで、${localDate('2027-11-01T00:00:00.000Z', 'ja')} から更新できます)`,
    );
    expect(lines).toContain('[✗] 電子証明書の利用者: インストールされている電子証明書は ha****** のものです (ya****** のものはありません)');
    // The masked ID would make a wrong command: a placeholder instead.
    expect(lines).toContain('    → ログイン ID とパスワードで電子証明書を取得: cjs-cert enroll --login-id <ログイン ID>');
    expect(lines).toContain('    エラーコード: CERT-OTHER-USER');
    expect(lines).toContain('    FAQ: Q21(2)');
    expect(lines).toContain('[!] 電子証明書の重複: 使えない電子証明書 (期限切れ・失効・秘密鍵なし) が 1 件残っています');
    expect(lines).toContain('    → 自動修正: cjs-cert doctor --fix --only duplicates');
    expect(lines).toContain(
      '    修正: 使えない電子証明書 (期限切れ・失効・秘密鍵なし) を削除する — 修正できませんでした (STORE-COMMAND-FAILED)',
    );
    expect(lines).toContain('    エラーコード: DIAG-CHECK-CRASHED');
    expect(lines).toContain('[–] 信頼済みサイトへの登録: この OS (linux) では対象外です');
    expect(lines).toContain('結果: 正常 1、注意 1、問題 1、エラー 1、対象外 1');
    // Commands, codes, FAQ numbers and OS names are not sentences; no English sentence otherwise.
    for (const line of lines) expect(line, line).not.toMatch(/\b(the|is|are|not|with|and|your)\b/i);
    expect(out).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('English, with singular and plural counts in plain English', () => {
    const out = reportToText(sampleReport(), translator('en'), 'en');
    expect(out).toContain(
      '[✗] Certificate owner: The installed certificate belongs to ha******, not to ya******\n    → A certificate works only for the user it was issued to.',
    );
    expect(out).toContain('    Error code: CERT-OTHER-USER\n    FAQ: Q21(2)');
    expect(out).toContain('    Fix: Remove the unusable certificates (expired, revoked, without key) — not fixed (STORE-COMMAND-FAILED)');
    expect(out).toContain('Result: 1 passed, 1 warning, 1 failed, 1 error, 1 not applicable\n');
    const none = buildReport([], { now: new Date(), platform: 'linux', issuerUrl: 'https://x', loginUrl: 'https://y/' });
    expect(reportToText(none, translator('en'), 'en')).toContain('Result: 0 passed, 0 warnings, 0 failed, 0 errors, 0 not applicable');
    expect(out).not.toMatch(/[ぁ-んァ-ン]/);
  });
});

describe('server and store text in the report (issue 9, finding 4)', () => {
  const forged = '✔ certificate installed';
  const hostile = `Evil\x1b]0;pwned\x07\x1b[2J\n${forged}\r\u202e`;
  const report = () =>
    buildReport(
      [
        outcome('server-certificate', {
          status: 'fail',
          summary: message('check.server-certificate.summary.untrusted', { target: '127.0.0.1:8443', issuer: hostile }),
          evidence: { issuer: hostile, chain: [hostile], nickname: personal(`ろうきん賃金控除 ya\x1bmada`) },
          codes: ['ISSUE-TLS'],
        }),
      ],
      {
        now: new Date('2026-12-01T00:00:00Z'),
        platform: 'linux',
        issuerUrl: 'https://127.0.0.1:8443',
        loginUrl: 'https://127.0.0.1:8444/',
      },
    );

  it('every string a check quotes is one line with its controls escaped, in the report, its text and its JSON', () => {
    const r = report();
    const check = r.checks[0]!;
    expect(check.summary.params.issuer).toBe(`Evil\\u001b]0;pwned\\u0007\\u001b[2J ${forged} \\u202e`);
    expect(check.evidence.chain).toEqual([check.summary.params.issuer]);
    for (const language of ['ja', 'en'] as const) {
      const text = reportToText(r, translator(language), language);
      // eslint-disable-next-line no-control-regex -- what must be absent
      expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
      for (const line of text.split('\n')) expect(line.trimStart().startsWith(forged), line).toBe(false);
    }
    // eslint-disable-next-line no-control-regex -- what must be absent
    const raw = /[\x00-\x1f\u202e]/;
    expect(JSON.stringify(reportView(maskReport(r)), (_k, v: unknown) => (typeof v === 'string' && raw.test(v) ? 'RAW' : v))).not.toContain(
      'RAW',
    );
  });

  it('a marked value with a control character is still masked in the export', () => {
    const masked = maskReport(report());
    expect(JSON.stringify(masked)).not.toContain('mada');
  });
});

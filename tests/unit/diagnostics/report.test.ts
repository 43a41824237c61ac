// The report a user sends to the bank: personal data (login IDs, certificate subjects, store
// nicknames and paths) masked in the JSON and the text alike, while codes, FAQ references,
// serial numbers and statuses stay so the bank can still help.
import { describe, expect, it } from 'vitest';
import { text, type CheckResult } from '../../../electron/core/diagnostics/check';
import type { CheckOutcome } from '../../../electron/core/diagnostics/engine';
import {
  buildReport,
  hasFailures,
  maskReport,
  maskValue,
  reportToText,
  type DiagnosticReport,
} from '../../../electron/core/diagnostics/report';

const SERIAL = '5A1B2C3D4E5F60718293';

function outcome(id: string, result: CheckResult, extra: Partial<CheckOutcome> = {}): CheckOutcome {
  return { id, title: text(`${id} の確認`, `${id} check`), faq: ['Q21(2)'], result, durationMs: 12.4, fixable: false, ...extra };
}

/** What the certificate checks report for a clerk with a Japanese CN and another user's certificate. */
function sampleReport(): DiagnosticReport {
  const outcomes = [
    outcome('certificate-validity', {
      status: 'pass',
      summary: text('有効です (あと 365 日)', 'Valid: 365 days left'),
      evidence: {
        serialNumber: SERIAL,
        subject: 'CN=山田太郎,O=アクメ商事',
        loginId: 'yamada.taro',
        daysLeft: 365,
        nickname: 'ろうきん賃金控除 yamada.taro 4E5F6071',
        location: '/home/yamada/.pki/nssdb',
      },
    }),
    outcome(
      'right-user',
      {
        status: 'fail',
        summary: text(
          '電子証明書は hanako.s のものです (yamada.taro ではありません)',
          'The certificate belongs to hanako.s, not yamada.taro',
        ),
        evidence: { loginIds: ['hanako.s'], expectedLoginId: 'yamada.taro', subjects: ['CN=山田花子'] },
        advice: text(
          'yamada.taro で `cjs-cert enroll --login-id yamada.taro` を実行し、山田花子 さんの証明書は残してください。',
          "Run `cjs-cert enroll --login-id yamada.taro`; leave 山田花子's certificate.",
        ),
        codes: ['CERT-WRONG-USER'],
      },
      { fixable: false },
    ),
    outcome(
      'duplicates',
      {
        status: 'warn',
        summary: text('古い電子証明書が 1 件あります', '1 stale certificate'),
        evidence: { staleSerials: [SERIAL] },
        advice: text(`cjs-cert remove --serial ${SERIAL} で削除できます`, `Remove it: cjs-cert remove --serial ${SERIAL}`),
        codes: ['CERT-STALE'],
      },
      {
        fixable: true,
        fix: {
          title: text('古い証明書を削除', 'Remove stale certificates'),
          before: 'warn',
          applied: false,
          error: 'certutil could not delete "ろうきん賃金控除 yamada.taro 4E5F6071"',
        },
      },
    ),
    outcome('clock', {
      status: 'error',
      summary: text('確認中にエラーが発生しました', 'The check itself failed'),
      evidence: { error: 'boom' },
      codes: ['DIAG-CHECK-CRASHED'],
    }),
    outcome('trusted-sites', {
      status: 'not-applicable',
      summary: text('この OS (linux) では対象外です', 'Not applicable on this OS (linux)'),
      evidence: { platform: 'linux' },
    }),
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

describe('maskReport', () => {
  it('masks login IDs, subjects (Japanese CNs too), nicknames and paths wherever they appear', () => {
    const json = JSON.stringify(maskReport(sampleReport()));
    for (const secret of PERSONAL) expect(json, secret).not.toContain(secret);
    const masked = maskReport(sampleReport());
    expect(masked.loginId).toBe('ya******');
    const validity = masked.checks[0]!.evidence;
    expect(validity).toMatchObject({ loginId: 'ya******', subject: 'CN******', daysLeft: 365 });
    // Inside texts the ID is replaced by the same mask, so support can still tell users apart.
    expect(masked.checks[1]!.summary.en).toBe('The certificate belongs to ha******, not ya******');
    expect(masked.checks[1]!.advice?.ja).toContain('を実行し、****** さんの証明書');
    expect(masked.checks[2]!.fix?.error).not.toContain('yamada.taro');
  });

  it('keeps what the bank needs: codes, FAQ entries, serial numbers, statuses and the summary', () => {
    const original = sampleReport();
    const masked = maskReport(original);
    expect(masked.checks.map((c) => [c.id, c.status, c.codes, c.faq])).toEqual(
      original.checks.map((c) => [c.id, c.status, c.codes, c.faq]),
    );
    expect(masked.checks[0]!.evidence.serialNumber).toBe(SERIAL);
    expect(masked.checks[2]!.advice?.en).toContain(SERIAL);
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

describe('buildReport', () => {
  it('counts each status, and an error or a failure makes the run a failure', () => {
    const report = sampleReport();
    expect(report.summary).toEqual({ pass: 1, warn: 1, fail: 1, 'not-applicable': 1, error: 1 });
    expect(hasFailures(report)).toBe(true);
    expect(hasFailures({ ...report, summary: { ...report.summary, fail: 0, error: 0 } })).toBe(false);
    expect(report.checks[0]!.durationMs).toBe(12);
  });
});

describe('reportToText', () => {
  it('is masked like the JSON export', () => {
    for (const language of ['ja', 'en'] as const) {
      const out = reportToText(sampleReport(), language);
      for (const secret of PERSONAL) expect(out, `${language}: ${secret}`).not.toContain(secret);
    }
  });

  it('Japanese: a mark per check, advice, code and FAQ under problems, the fix state and the counts', () => {
    const lines = reportToText(sampleReport(), 'ja').split('\n');
    expect(lines[0]).toBe('[✓] certificate-validity の確認: 有効です (あと 365 日)');
    expect(lines).toContain('[✗] right-user の確認: 電子証明書は ha****** のものです (ya****** ではありません)');
    expect(lines).toContain('    エラーコード: CERT-WRONG-USER');
    expect(lines).toContain('    FAQ: Q21(2)');
    expect(lines).toContain('[!] duplicates の確認: 古い電子証明書が 1 件あります');
    expect(lines.some((l) => l.startsWith('    修正: 古い証明書を削除 — 修正できませんでした (certutil could not delete'))).toBe(true);
    expect(lines).toContain('    エラーコード: DIAG-CHECK-CRASHED');
    expect(lines).toContain('[–] trusted-sites の確認: この OS (linux) では対象外です');
    expect(lines).toContain('結果: 正常 1、注意 1、問題 1、エラー 1、対象外 1');
  });

  it('English, with singular and plural counts in plain English', () => {
    const out = reportToText(sampleReport(), 'en');
    expect(out).toContain(
      '[✗] right-user check: The certificate belongs to ha******, not ya******\n    → Run `cjs-cert enroll --login-id ya******`',
    );
    expect(out).toContain('    Error code: CERT-WRONG-USER\n    FAQ: Q21(2)');
    expect(out).toContain('    Fix: Remove stale certificates — not fixed');
    expect(out).toContain('Result: 1 passed, 1 warning, 1 failed, 1 error, 1 not applicable\n');
    const many = buildReport([], { now: new Date(), platform: 'linux', issuerUrl: 'https://x', loginUrl: 'https://y/' });
    expect(reportToText(many, 'en')).toContain('Result: 0 passed, 0 warnings, 0 failed, 0 errors, 0 not applicable');
  });

  it('a fixable problem without --fix says how to fix it', () => {
    const report = buildReport(
      [outcome('trusted-sites', { status: 'fail', summary: text('未登録', 'Not listed'), evidence: {} }, { fixable: true })],
      { now: new Date(), platform: 'win32', issuerUrl: 'https://x', loginUrl: 'https://y/' },
    );
    expect(reportToText(report, 'en')).toContain('Fixable with `cjs-cert doctor --fix`');
  });
});

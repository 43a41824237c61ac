// The diagnosis report: what the UI shows, what `doctor --json` prints, and what the user sends
// to the bank. Exports mask personal data (login IDs, certificate subjects) but keep the codes.
import type { CheckStatus, EvidenceValue, LocalizedText } from './check';
import type { CheckOutcome } from './engine';

export interface DiagnosticReport {
  readonly version: 1;
  readonly createdAt: string;
  readonly platform: NodeJS.Platform;
  readonly issuerUrl: string;
  readonly loginUrl: string;
  readonly loginId: string | null;
  readonly summary: Readonly<Record<CheckStatus, number>>;
  readonly checks: readonly ReportedCheck[];
}

export interface ReportedCheck {
  readonly id: string;
  readonly title: LocalizedText;
  readonly status: CheckStatus;
  readonly summary: LocalizedText;
  readonly faq: readonly string[];
  readonly evidence: Readonly<Record<string, EvidenceValue>>;
  readonly advice: LocalizedText | null;
  readonly codes: readonly string[];
  readonly durationMs: number;
  readonly fixable: boolean;
  readonly fix: CheckOutcome['fix'] | null;
}

export function buildReport(
  outcomes: readonly CheckOutcome[],
  meta: {
    readonly now: Date;
    readonly platform: NodeJS.Platform;
    readonly issuerUrl: string;
    readonly loginUrl: string;
    readonly loginId?: string | undefined;
  },
): DiagnosticReport {
  const summary: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, 'not-applicable': 0, error: 0 };
  for (const o of outcomes) summary[o.result.status] += 1;
  return {
    version: 1,
    createdAt: meta.now.toISOString(),
    platform: meta.platform,
    issuerUrl: meta.issuerUrl,
    loginUrl: meta.loginUrl,
    loginId: meta.loginId ?? null,
    summary,
    checks: outcomes.map((o) => ({
      id: o.id,
      title: o.title,
      status: o.result.status,
      summary: o.result.summary,
      faq: o.faq,
      evidence: o.result.evidence,
      advice: o.result.advice ?? null,
      codes: o.result.codes ?? [],
      durationMs: Math.round(o.durationMs),
      fixable: o.fixable,
      fix: o.fix ?? null,
    })),
  };
}

/** Whether the diagnosis found something that stops the certificate from working. */
export function hasFailures(report: DiagnosticReport): boolean {
  return report.summary.fail > 0 || report.summary.error > 0;
}

// Evidence keys whose values identify a person; certificate subjects carry the login ID.
// Network evidence is prefixed by endpoint ("login.subject"): the last segment decides.
const PERSONAL_KEY =
  /^(loginId|loginIds|expectedLoginId|subject|subjects|subjectCommonName|commonName|commonNames|nickname|nicknames|friendlyName|email|user|userName|home|location|path)$/i;
const isPersonalKey = (key: string): boolean => PERSONAL_KEY.test(key.slice(key.lastIndexOf('.') + 1));

/**
 * A copy with personal data masked: values under personal keys, and every occurrence of the
 * login IDs found there, anywhere in the report's texts. Codes, statuses, dates, serial numbers
 * and FAQ references stay, so the bank can still help.
 */
export function maskReport(report: DiagnosticReport): DiagnosticReport {
  const secrets = new Set<string>();
  if (report.loginId) secrets.add(report.loginId);
  for (const check of report.checks) {
    for (const [key, value] of Object.entries(check.evidence)) {
      if (!isPersonalKey(key)) continue;
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v === 'string' && v.length > 0) {
          secrets.add(v);
          // CN values inside subjects are login IDs too.
          for (const m of v.matchAll(/CN=([^,+]+)/g)) if (m[1]) secrets.add(m[1].trim());
        }
      }
    }
  }
  const ordered = [...secrets].filter((s) => s.length >= 2).sort((a, b) => b.length - a.length);
  const scrub = (value: string): string => ordered.reduce((acc, secret) => acc.split(secret).join(maskValue(secret)), value);
  const scrubValue = (key: string, value: EvidenceValue): EvidenceValue => {
    if (typeof value === 'string') return isPersonalKey(key) ? maskValue(value) : scrub(value);
    if (Array.isArray(value)) return value.map((v: string) => (isPersonalKey(key) ? maskValue(v) : scrub(v)));
    return value;
  };
  const scrubText = (t: LocalizedText): LocalizedText => ({ ja: scrub(t.ja), en: scrub(t.en) });
  return {
    ...report,
    loginId: report.loginId ? maskValue(report.loginId) : null,
    checks: report.checks.map((c) => ({
      ...c,
      summary: scrubText(c.summary),
      advice: c.advice ? scrubText(c.advice) : null,
      fix: c.fix?.error ? { ...c.fix, error: scrub(c.fix.error) } : c.fix,
      evidence: Object.fromEntries(Object.entries(c.evidence).map(([k, v]) => [k, scrubValue(k, v)])),
    })),
  };
}

/**
 * Keeps the first two characters of an ASCII login ID so support can tell two users apart, hides
 * the rest. A Japanese name keeps nothing: its first two characters are usually the surname.
 */
export function maskValue(value: string): string {
  if (value.length <= 2) return '*'.repeat(value.length);
  if (!/^[\x21-\x7e]{2}/.test(value)) return '*'.repeat(6);
  return `${value.slice(0, 2)}${'*'.repeat(Math.min(6, value.length - 2))}`;
}

export const STATUS_MARK: Readonly<Record<CheckStatus, string>> = {
  pass: '✓',
  warn: '!',
  fail: '✗',
  'not-applicable': '–',
  error: '✗',
};

/**
 * Readable text in the style of `flutter doctor`: one line per check, advice under problems.
 * Masked like the JSON export: this text is what users copy into a mail to the bank, and a
 * terminal scrollback or a pasted screenshot is no place for another clerk's login ID either.
 */
export function reportToText(unmasked: DiagnosticReport, language: 'ja' | 'en'): string {
  const report = maskReport(unmasked);
  const L = (t: LocalizedText) => t[language];
  const lines: string[] = [];
  for (const c of report.checks) {
    lines.push(`[${STATUS_MARK[c.status]}] ${L(c.title)}: ${L(c.summary)}`);
    const problem = c.status !== 'pass' && c.status !== 'not-applicable';
    if (problem && c.advice) lines.push(`    → ${L(c.advice)}`);
    if (problem && c.codes.length) lines.push(`    ${language === 'ja' ? 'エラーコード' : 'Error code'}: ${c.codes.join(', ')}`);
    if (problem && c.faq.length) lines.push(`    FAQ: ${c.faq.join(', ')}`);
    if (c.fix) {
      const fixed = c.fix.applied && c.status === 'pass';
      lines.push(
        `    ${language === 'ja' ? '修正' : 'Fix'}: ${L(c.fix.title)} — ${fixed ? (language === 'ja' ? '修正しました' : 'fixed') : language === 'ja' ? '修正できませんでした' : 'not fixed'}${c.fix.error ? ` (${c.fix.error})` : ''}`,
      );
    } else if (c.fixable && (c.status === 'warn' || c.status === 'fail')) {
      lines.push(`    ${language === 'ja' ? '`cjs-cert doctor --fix` で修正できます' : 'Fixable with `cjs-cert doctor --fix`'}`);
    }
  }
  const s = report.summary;
  lines.push('');
  lines.push(
    language === 'ja'
      ? `結果: 正常 ${s.pass}、注意 ${s.warn}、問題 ${s.fail}、エラー ${s.error}、対象外 ${s['not-applicable']}`
      : `Result: ${s.pass} passed, ${count(s.warn, 'warning')}, ${s.fail} failed, ${count(s.error, 'error')}, ${s['not-applicable']} not applicable`,
  );
  return `${lines.join('\n')}\n`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

// The export's masking: every value the checks marked personal (report.personal) is hidden
// wherever it appears — as a whole evidence value or parameter, or inside a longer string (a
// nickname or a tool's message quoting a login ID). Codes, statuses, dates, serial numbers and
// FAQ references stay, so the bank can still help.
import type { NextAction } from '../../contract/actions';
import type { Message } from '../../contract/diagnosis';
import type { FixAttempt } from './engine';
import type { DiagnosticReport, ReportedCheck } from './report';

/** Shorter values are masked only where they are the whole value: as a substring they would hit ordinary words. */
const MIN_SUBSTRING_LENGTH = 3;

export function maskReport(report: DiagnosticReport): DiagnosticReport {
  const mask = masker(report.personal);
  return {
    ...report,
    loginId: report.loginId === null ? null : maskValue(report.loginId),
    checks: report.checks.map((check) => maskCheck(check, mask)),
    personal: [],
  };
}

type Masker = (value: string) => string;

/** A function hiding the given values in any string: whole values masked, occurrences replaced. */
export function masker(personalValues: readonly string[]): Masker {
  const secrets = new Set<string>();
  for (const value of personalValues) {
    secrets.add(value);
    // The CN inside a subject is a login ID or a name, quoted on its own elsewhere.
    for (const m of value.matchAll(/CN=([^,+]+)/g)) if (m[1]) secrets.add(m[1].trim());
  }
  const whole = new Set(secrets);
  const inner = [...secrets].filter((s) => s.length >= MIN_SUBSTRING_LENGTH).sort((a, b) => b.length - a.length);
  return (value) => (whole.has(value) ? maskValue(value) : inner.reduce((acc, s) => acc.split(s).join(maskValue(s)), value));
}

function maskCheck(check: ReportedCheck, mask: Masker): ReportedCheck {
  return {
    ...check,
    summary: maskMessage(check.summary, mask),
    advice: check.advice ? maskMessage(check.advice, mask) : null,
    evidence: Object.fromEntries(Object.entries(check.evidence).map(([key, value]) => [key, maskEvidence(value, mask)])),
    actions: check.actions.map(maskAction),
    fix: check.fix ? maskFix(check.fix, mask) : null,
  };
}

/** A next action names the login ID it is for: always the user's, always masked. */
function maskAction(action: NextAction): NextAction {
  return 'loginId' in action && action.loginId !== undefined ? { ...action, loginId: maskValue(action.loginId) } : action;
}

type PlainEvidence = ReportedCheck['evidence'][string];

function maskEvidence(value: PlainEvidence, mask: Masker): PlainEvidence {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) return value.map((v) => mask(v));
  return value;
}

function maskMessage(m: Message, mask: Masker): Message {
  return { key: m.key, params: Object.fromEntries(Object.entries(m.params).map(([k, v]) => [k, typeof v === 'string' ? mask(v) : v])) };
}

function maskFix(fix: FixAttempt, mask: Masker): FixAttempt {
  return fix.failure ? { ...fix, failure: { ...fix.failure, detail: mask(fix.failure.detail) } } : fix;
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

// The report as readable text in the style of `flutter doctor` (✓ ! ✗ –): one line per check,
// the advice, the next actions as commands, the code to quote and the FAQ entries under problems.
// The words come from the `diagnostics` locale namespace; dates are shown as local dates. Used by
// `cjs-cert doctor` and by the app's report export, so both print the same text.
import type { TFunction } from 'i18next';
import type { NextAction } from '../../contract/actions';
import type { Message } from '../../contract/diagnosis';
import type { CheckStatus } from './check';
import { maskReport } from './masking';
import { checkFixKey, checkTitleKey, NS } from './messages';
import type { DiagnosticReport, ReportedCheck } from './report';

export const STATUS_MARK: Readonly<Record<CheckStatus, string>> = {
  pass: '✓',
  warn: '!',
  fail: '✗',
  'not-applicable': '–',
  error: '✗',
};

type Language = 'ja' | 'en';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date as the reader's PC shows it: Japanese YYYY/MM/DD, English YYYY-MM-DD, in local time. */
export function localDate(value: string, language: Language): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const sep = language === 'ja' ? '/' : '-';
  const dateOnly = ISO_DATE.exec(value);
  if (dateOnly) return [dateOnly[1], dateOnly[2], dateOnly[3]].join(sep);
  const d = new Date(value);
  if (!ISO_DATE_TIME.test(value) || Number.isNaN(d.getTime())) return value;
  return [d.getFullYear(), pad(d.getMonth() + 1), pad(d.getDate())].join(sep);
}

/** A message in the reader's language, its ISO dates shown as local dates. */
export function messageText(t: TFunction, message: Message, language: Language): string {
  const params = Object.fromEntries(
    Object.entries(message.params).map(([k, v]) => [k, typeof v === 'string' ? localDate(v, language) : v]),
  );
  return t(message.key, { ...params, lng: language });
}

/** A next action as the terminal user takes it: a command with the options filled in, or who to ask. */
export function actionText(t: TFunction, action: NextAction, language: Language): string | undefined {
  const say = (key: string, params: Record<string, string> = {}) => t(`${NS}:report.action.${key}`, { ...params, lng: language });
  const loginId = (id: string | undefined) =>
    // A masked ID (the text is masked for the bank) would be a wrong command: show a placeholder.
    id && !id.includes('*') ? id : t(`${NS}:report.loginIdPlaceholder`, { lng: language });
  switch (action.kind) {
    case 'none':
      return undefined;
    case 'enroll':
      return say('enroll', { command: `cjs-cert enroll --login-id ${loginId(action.loginId)}` });
    case 'renew':
      return say('renew', { command: `cjs-cert renew --login-id ${loginId(action.loginId)}` });
    case 'reissue':
      return say('reissue', { command: `cjs-cert enroll --login-id ${loginId(action.loginId)}` });
    case 'fix':
      return say('fix', { command: `cjs-cert doctor --fix --only ${action.checkId}` });
    case 'remove':
      return say('remove', { command: `cjs-cert remove --serial ${action.serial} --yes` });
    case 'contact':
      return say(`contact.${action.actor}`);
    case 'faq':
      return say('faq', { faq: action.faq });
    case 'diagnose':
      return say('diagnose', { command: 'cjs-cert doctor' });
    case 'choose':
      return say('choose', { command: `cjs-cert doctor --login-id ${loginId(undefined)}` });
  }
}

/** The lines of one check: the result line, then, for a problem, what to do about it. */
export function checkLines(t: TFunction, c: ReportedCheck, language: Language): string[] {
  const title = t(checkTitleKey(c.id), { lng: language });
  const lines = [`[${STATUS_MARK[c.status]}] ${title}: ${messageText(t, c.summary, language)}`];
  const problem = c.status !== 'pass' && c.status !== 'not-applicable';
  if (problem) {
    if (c.advice) lines.push(`    → ${messageText(t, c.advice, language)}`);
    for (const action of c.actions) {
      const text = actionText(t, action, language);
      if (text) lines.push(`    → ${text}`);
    }
    if (c.codes.length) lines.push(`    ${t(`${NS}:report.code`, { codes: c.codes.join(', '), lng: language })}`);
    if (c.faq.length) lines.push(`    ${t(`${NS}:report.faq`, { faq: c.faq.join(', '), lng: language })}`);
  }
  if (c.fix) lines.push(`    ${fixLine(t, c, language)}`);
  return lines;
}

function fixLine(t: TFunction, c: ReportedCheck, language: Language): string {
  const fix = c.fix!;
  // The fix title may quote the site it adds (`{{site}}`): the evidence has it.
  const title = t(checkFixKey(c.id), { site: c.evidence.site ?? '', lng: language });
  if (fix.applied) return t(`${NS}:report.fixed`, { title, lng: language });
  const code = fix.failure?.code ?? 'UNEXPECTED';
  const reason = fix.failure?.reason;
  return reason
    ? t(`${NS}:report.notFixedReason`, { title, reason: messageText(t, { key: reason.key, params: {} }, language), code, lng: language })
    : t(`${NS}:report.notFixed`, { title, code, lng: language });
}

/**
 * The whole report as text, masked like the JSON export: this text is what users copy into a
 * mail to the bank, and a terminal scrollback or a pasted screenshot is no place for another
 * clerk's login ID either.
 */
export function reportToText(unmasked: DiagnosticReport, t: TFunction, language: Language): string {
  const report = maskReport(unmasked);
  const lines = report.checks.flatMap((c) => checkLines(t, c, language));
  const s = report.summary;
  lines.push(
    '',
    t(`${NS}:report.result`, { pass: s.pass, warn: s.warn, fail: s.fail, error: s.error, na: s['not-applicable'], lng: language }),
  );
  return `${lines.join('\n')}\n`;
}

// The diagnosis report: what the screen shows, what `doctor --json` prints, and what the user
// sends to the bank. Its shape is the contract's `diagnosisReportSchema`; on top of that, the
// core keeps (1) the values marked personal where the checks produced them, so the export can
// mask exactly those, and (2) each check's fix attempt, for `doctor --fix`'s text. Both extra
// fields are dropped by `reportView` (and by the contract's parse, which strips unknown keys).
import type { NextAction } from '../../contract/actions';
import type { DiagnosisReportView, Message, ReportedCheckView } from '../../contract/diagnosis';
import { oneLine } from '../safe-text';
import type { CheckStatus, Evidence, EvidenceValue } from './check';
import type { CheckOutcome, FixAttempt } from './engine';
import type { MessageSpec, Param, ParamValue } from './messages';
import { markedStrings, Personal, personal } from './personal';

export interface ReportedCheck extends ReportedCheckView {
  /** The fix attempted in this run (`doctor --fix`, the fix button), or null. */
  readonly fix: FixAttempt | null;
}

export interface DiagnosticReport extends DiagnosisReportView {
  readonly checks: ReportedCheck[];
  /** Every value marked personal in this report (login IDs, subjects, home paths). Never exported. */
  readonly personal: string[];
}

export interface ReportMeta {
  readonly now: Date;
  readonly platform: NodeJS.Platform;
  readonly issuerUrl: string;
  readonly loginUrl: string;
  readonly loginId?: string | undefined;
}

const EMPTY_SUMMARY = (): Record<CheckStatus, number> => ({ pass: 0, warn: 0, fail: 0, 'not-applicable': 0, error: 0 });

export function buildReport(outcomes: readonly CheckOutcome[], meta: ReportMeta): DiagnosticReport {
  const summary = EMPTY_SUMMARY();
  for (const o of outcomes) summary[o.result.status] += 1;
  const marked = new Set<string>(meta.loginId ? [meta.loginId] : []);
  const checks = outcomes.map((o) => reportCheck(o, marked));
  return {
    createdAt: meta.now.toISOString(),
    platform: meta.platform,
    issuerUrl: meta.issuerUrl,
    loginUrl: meta.loginUrl,
    loginId: meta.loginId ?? null,
    summary,
    checks,
    personal: [...marked],
  };
}

/** One outcome as the report lists it; the personal values it marks are added to `marked`. */
export function reportCheck(o: CheckOutcome, marked: Set<string>): ReportedCheck {
  // Marked as they will read in the report (made safe below), so the export's masking finds them.
  const collect = (value: unknown) => markedStrings(value).forEach((v) => marked.add(oneLine(v)));
  const evidence = Object.fromEntries(
    Object.entries(o.result.evidence).map(([key, value]) => {
      collect(value);
      return [key, plainEvidence(value)];
    }),
  );
  const plainMessage = (m: MessageSpec): Message => ({
    key: m.key,
    params: Object.fromEntries(
      Object.entries(m.params).map(([key, value]) => {
        collect(value);
        return [key, plainParam(value)];
      }),
    ),
  });
  const problem = o.result.status === 'warn' || o.result.status === 'fail';
  const fixAction: NextAction[] = o.fixable && problem ? [{ kind: 'fix', checkId: o.id }] : [];
  return {
    id: o.id,
    group: o.group,
    status: o.result.status,
    faq: [...o.faq],
    summary: plainMessage(o.result.summary),
    advice: o.result.advice ? plainMessage(o.result.advice) : null,
    evidence,
    codes: [...(o.result.codes ?? [])],
    actions: [...fixAction, ...(o.result.actions ?? [])],
    durationMs: Math.round(o.durationMs),
    fixable: o.fixable,
    fix: o.fix ?? null,
  };
}

type PlainEvidence = ReportedCheckView['evidence'][string];

/**
 * Evidence and parameters quote what servers, certificates and tools said (a presented issuer's
 * name, an error message): every string leaves the checks here, made safe for the screen, the
 * terminal and the exported text (safe-text.ts). Each value is one line of the report.
 */
function plainEvidence(value: Evidence): PlainEvidence {
  const v = value instanceof Personal ? value.value : value;
  if (Array.isArray(v)) return (v as readonly string[]).map(oneLine);
  return typeof v === 'string' ? oneLine(v) : (v as Exclude<EvidenceValue, readonly string[] | string>);
}

function plainParam(value: Param): ParamValue {
  if (value instanceof Personal) return oneLine(typeof value.value === 'string' ? value.value : value.value.join(', '));
  return typeof value === 'string' ? oneLine(value) : value;
}

/** The contract's view of a report: the extra fields dropped. */
export function reportView(report: DiagnosticReport): DiagnosisReportView {
  return { ...withoutKeys(report, ['personal']), checks: report.checks.map(checkView) };
}

export function checkView(check: ReportedCheck): ReportedCheckView {
  return withoutKeys(check, ['fix']);
}

function withoutKeys<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Omit<T, K> {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

/** Replaces one check in a report (after a fix and its re-check), counting the statuses again. */
export function replaceCheck(report: DiagnosticReport, outcome: CheckOutcome): DiagnosticReport {
  const marked = new Set(report.personal);
  const updated = reportCheck(outcome, marked);
  const checks = report.checks.map((c) => (c.id === updated.id ? updated : c));
  const summary = EMPTY_SUMMARY();
  for (const c of checks) summary[c.status] += 1;
  return { ...report, checks, summary, personal: [...marked] };
}

/** Whether the diagnosis found something that stops the certificate from working. */
export function hasFailures(report: Pick<DiagnosisReportView, 'summary'>): boolean {
  return report.summary.fail > 0 || report.summary.error > 0;
}

export { personal };

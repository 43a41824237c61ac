// The self-diagnosis: live progress per check while it runs, then the report; a fix replaces
// its check's result with the re-check the core made after fixing, and a quiet re-run then brings
// the other results up to date (a fix changes the PC: a certificate gone, a setting changed).
import type { CheckStatusName, DiagnosisReportView, ReportedCheckView } from '../../electron/contract/diagnosis';
import { CHECK_STATUSES } from '../../electron/contract/diagnosis';
import type { EventPayload } from '../../electron/contract/channels';
import type { AppError } from '../../electron/contract/result';

export type ExportFormat = 'json' | 'text';

export interface LiveCheck {
  readonly checkId: string;
  readonly status: CheckStatusName;
}

export interface DiagnosisState {
  readonly phase: 'idle' | 'running' | 'done' | 'failed';
  /** Checks finished so far in this run, in the order they finished. */
  readonly live: readonly LiveCheck[];
  readonly completed: number;
  readonly total: number | null;
  readonly report: DiagnosisReportView | null;
  readonly error: AppError | null;
  /** Check ids whose fix is running. */
  readonly fixing: readonly string[];
  readonly fixErrors: Readonly<Record<string, AppError>>;
  /** The re-run after a fix: the report stays on screen and is replaced when it ends. */
  readonly refreshing: boolean;
  readonly exporting: ExportFormat | null;
  readonly exportError: AppError | null;
}

export type DiagnosisEvent =
  | { readonly type: 'diagnosis/started' }
  | { readonly type: 'diagnosis/progress'; readonly progress: EventPayload<'diagnosis.progress'> }
  | { readonly type: 'diagnosis/finished'; readonly report: DiagnosisReportView }
  | { readonly type: 'diagnosis/failed'; readonly error: AppError }
  | { readonly type: 'diagnosis/fixStarted'; readonly checkId: string }
  | { readonly type: 'diagnosis/fixed'; readonly check: ReportedCheckView }
  | { readonly type: 'diagnosis/fixFailed'; readonly checkId: string; readonly error: AppError }
  | { readonly type: 'diagnosis/refreshStarted' }
  | { readonly type: 'diagnosis/refreshed'; readonly report: DiagnosisReportView | null }
  | { readonly type: 'diagnosis/exportStarted'; readonly format: ExportFormat }
  | { readonly type: 'diagnosis/exported' }
  | { readonly type: 'diagnosis/exportFailed'; readonly error: AppError };

export const initialDiagnosis: DiagnosisState = {
  phase: 'idle',
  live: [],
  completed: 0,
  total: null,
  report: null,
  error: null,
  fixing: [],
  fixErrors: {},
  refreshing: false,
  exporting: null,
  exportError: null,
};

export function updateDiagnosis(state: DiagnosisState, event: DiagnosisEvent): DiagnosisState {
  switch (event.type) {
    case 'diagnosis/started':
      if (state.phase === 'running') return state;
      return { ...initialDiagnosis, phase: 'running' };
    case 'diagnosis/progress':
      return state.phase === 'running' ? withProgress(state, event.progress) : state;
    case 'diagnosis/finished':
      if (state.phase !== 'running') return state;
      return { ...state, phase: 'done', report: event.report, completed: event.report.checks.length, total: event.report.checks.length };
    case 'diagnosis/failed':
      return state.phase === 'running' ? { ...state, phase: 'failed', error: event.error } : state;
    case 'diagnosis/fixStarted':
      if (state.fixing.includes(event.checkId)) return state;
      return { ...state, fixing: [...state.fixing, event.checkId], fixErrors: without(state.fixErrors, event.checkId) };
    case 'diagnosis/fixed':
      return {
        ...state,
        fixing: state.fixing.filter((id) => id !== event.check.id),
        report: state.report && withCheck(state.report, event.check),
      };
    case 'diagnosis/fixFailed':
      return {
        ...state,
        fixing: state.fixing.filter((id) => id !== event.checkId),
        fixErrors: { ...state.fixErrors, [event.checkId]: event.error },
      };
    case 'diagnosis/refreshStarted':
      return state.phase === 'done' ? { ...state, refreshing: true } : state;
    case 'diagnosis/refreshed':
      // A failed re-run (report null) keeps the results there are; a new run meanwhile wins.
      if (state.phase !== 'done' || !state.refreshing) return state;
      return { ...state, refreshing: false, report: event.report ?? state.report };
    case 'diagnosis/exportStarted':
      return { ...state, exporting: event.format, exportError: null };
    case 'diagnosis/exported':
      return { ...state, exporting: null };
    case 'diagnosis/exportFailed':
      return { ...state, exporting: null, exportError: event.error };
  }
}

function withProgress(state: DiagnosisState, progress: EventPayload<'diagnosis.progress'>): DiagnosisState {
  const entry: LiveCheck = { checkId: progress.checkId, status: progress.status };
  const seen = state.live.some((c) => c.checkId === progress.checkId);
  const live = seen ? state.live.map((c) => (c.checkId === progress.checkId ? entry : c)) : [...state.live, entry];
  // Events may arrive out of order: the counters only move forward.
  return {
    ...state,
    live,
    completed: Math.max(state.completed, progress.completed, live.length),
    total: Math.max(state.total ?? 0, progress.total),
  };
}

/** The report with one check replaced by its re-check, and the summary counted again. */
function withCheck(report: DiagnosisReportView, check: ReportedCheckView): DiagnosisReportView {
  const checks = report.checks.map((c) => (c.id === check.id ? check : c));
  const summary = Object.fromEntries(CHECK_STATUSES.map((status) => [status, checks.filter((c) => c.status === status).length]));
  return { ...report, checks, summary: summary as DiagnosisReportView['summary'] };
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

/** Results as the screen groups them: network / certificate / Windows settings, problems first. */
export function groupChecks(report: DiagnosisReportView): Record<ReportedCheckView['group'], ReportedCheckView[]> {
  const order: Record<CheckStatusName, number> = { fail: 0, error: 1, warn: 2, pass: 3, 'not-applicable': 4 };
  const groups: Record<ReportedCheckView['group'], ReportedCheckView[]> = { network: [], certificate: [], windows: [] };
  for (const check of report.checks) groups[check.group].push(check);
  for (const list of Object.values(groups)) list.sort((a, b) => order[a.status] - order[b.status]);
  return groups;
}

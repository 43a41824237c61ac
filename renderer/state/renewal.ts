// Renewal without the password, asked from the Status screen: running, then what the core did for
// each login ID (renewed, not due, needs the user) or why it could not be asked at all.
import type { AutoRenewReportView } from '../../electron/contract/renewal';
import type { AppError } from '../../electron/contract/result';

export interface RenewalState {
  readonly phase: 'idle' | 'running' | 'done' | 'failed';
  readonly report: AutoRenewReportView | null;
  readonly error: AppError | null;
}

export type RenewalEvent =
  | { readonly type: 'renewal/started' }
  | { readonly type: 'renewal/finished'; readonly report: AutoRenewReportView }
  | { readonly type: 'renewal/failed'; readonly error: AppError }
  | { readonly type: 'renewal/dismissed' };

export const initialRenewal: RenewalState = { phase: 'idle', report: null, error: null };

export function updateRenewal(state: RenewalState, event: RenewalEvent): RenewalState {
  switch (event.type) {
    case 'renewal/started':
      return { phase: 'running', report: null, error: null };
    case 'renewal/finished':
      return { phase: 'done', report: event.report, error: null };
    case 'renewal/failed':
      return { phase: 'failed', report: null, error: event.error };
    case 'renewal/dismissed':
      return initialRenewal;
  }
}

/** The item the Status screen reports on: the one that was renewed or needs the user, for the situation's login ID first. */
export function renewalOutcome(report: AutoRenewReportView, loginId: string | null): AutoRenewReportView['items'][number] | undefined {
  const relevant = report.items.filter((item) => item.kind !== 'not-due');
  return relevant.find((item) => item.loginId === loginId) ?? relevant[0];
}

// Renewal without the password (issue 10): every certificate of this system on this PC that is
// inside its renewal window is renewed with itself as the proof (RFC 7030 §3.3.2: the TLS client
// certificate, its key used inside the store and never read out). `cjs-cert renew --auto`, the
// app's check at start and once a day, and the daily scheduled task all run this. What cannot be
// renewed silently is reported with who must act, so the app opens the password wizard and the
// CLI exits NEEDS_USER; nothing is ever removed before its successor is installed and verified.
import type { Actor } from '../../contract/actors';
import type { AutoRenewItemView, AutoRenewReportView, NeedsUserReason } from '../../contract/renewal';
import type { CertificateView } from '../../contract/situation';
import type { CertificateState } from '../enrollment/certificate-state';
import type { EnrollmentEvent } from '../enrollment/workflow';
import { codePolicy, isCjsError } from '../errors';
import { StoreError } from '../stores/certificate-store';
import { runEnrollment } from './enroll';
import { toAppError } from './errors';
import type { AppServices } from './services';
import { collectStatus, type CertificateReport, type StatusReport } from './status';

export type { NeedsUserReason };

export type AutoRenewItem =
  | {
      readonly kind: 'renewed';
      readonly loginId: string;
      readonly previousSerial: string;
      readonly certificate: CertificateView;
      readonly removedSerials: readonly string[];
      readonly resumed: boolean;
    }
  | { readonly kind: 'not-due'; readonly loginId: string; readonly serialNumber: string; readonly renewalOpensAt: Date }
  | {
      readonly kind: 'needs-user';
      readonly loginId: string;
      readonly serialNumber: string;
      readonly reason: NeedsUserReason;
      readonly actor: Actor;
      /** The code that explains it (the issuer's refusal, JOURNAL-REQUIRED…), where there is one. */
      readonly code?: string;
      readonly notAfter: Date;
    }
  /** Could not be tried to the end (network, store): tried again at the next check; `error` is the cause. */
  | { readonly kind: 'failed'; readonly loginId: string; readonly serialNumber: string; readonly error: unknown };

export interface AutoRenewReport {
  readonly items: readonly AutoRenewItem[];
  /** False when the issuer's CRL could not be read: a revoked certificate may look due. */
  readonly revocationChecked: boolean;
  readonly checkedAt: Date;
}

export interface AutoRenewHooks {
  /** Before a certificate's renewal starts (for progress lines and logs). */
  readonly onStart?: ((loginId: string, serialNumber: string) => void) | undefined;
  readonly onEvent?: ((loginId: string, event: EnrollmentEvent) => void) | undefined;
  readonly now?: (() => Date) | undefined;
}

/**
 * Looks at every certificate of this system in the store and renews those inside their window.
 * Throws only when nothing can be told (the store cannot be read, the issuer's CA is unknown).
 */
export async function renewAutomatically(services: AppServices, hooks: AutoRenewHooks = {}): Promise<AutoRenewReport> {
  const now = hooks.now ?? (() => new Date());
  const check = await services.store.preCheck();
  if (!check.ok) throw new StoreError(check.code, check.message, { advice: check.advice });
  const checkedAt = now();
  const status = await collectStatus(services, checkedAt, undefined, { freshIssuerCas: true });
  if (status.situation.kind === 'undetermined' && status.issuerError) throw status.issuerError;
  const items: AutoRenewItem[] = [];
  // One after the other: a PC holds one user's certificate (Q6); several are rare and each
  // renewal installs and removes in the same store.
  for (const report of currentPerLoginId(status.reports)) {
    items.push(await decideAndRenew(services, status, report, hooks));
  }
  return { items, revocationChecked: status.revocationChecked, checkedAt };
}

/** Per login ID the certificate that decides: the newest one that still has its key, else the newest. */
function currentPerLoginId(reports: readonly CertificateReport[]): CertificateReport[] {
  const byId = new Map<string, CertificateReport[]>();
  for (const report of reports) {
    const id = report.certificate.subjectCommonName;
    if (id === undefined) continue; // not one of ours to renew: no login ID to renew for
    byId.set(id, [...(byId.get(id) ?? []), report]);
  }
  // `reports` come newest expiry first.
  return [...byId.values()].map((mine) => mine.find((r) => r.assessment.state !== 'no-key') ?? mine[0]!);
}

const NOT_RENEWABLE: Readonly<Partial<Record<CertificateState, { reason: NeedsUserReason; code: string }>>> = {
  expired: { reason: 'expired', code: 'CJS-E-CERT-EXPIRED' },
  revoked: { reason: 'revoked', code: 'CJS-E-CERT-REVOKED' },
  'no-key': { reason: 'no-key', code: 'ENROLL-LOST' },
  'not-yet-valid': { reason: 'not-yet-valid', code: 'ISSUE-NOT-VALID' },
};

async function decideAndRenew(
  services: AppServices,
  status: StatusReport,
  report: CertificateReport,
  hooks: AutoRenewHooks,
): Promise<AutoRenewItem> {
  const { certificate, assessment } = report;
  const loginId = certificate.subjectCommonName!;
  const base = { loginId, serialNumber: certificate.serialNumber };
  // A renewal interrupted after the issuer answered is finished first, whatever the old
  // certificate looks like now: the issuer revoked it when it issued the new one.
  const resuming = await hasPendingRun(services, loginId);
  if (!resuming && assessment.state === 'valid') return { kind: 'not-due', ...base, renewalOpensAt: assessment.renewalOpensAt };
  const blocked = resuming ? undefined : NOT_RENEWABLE[assessment.state];
  if (blocked) return needsUser(base, blocked.reason, blocked.code, certificate.notAfter);
  hooks.onStart?.(loginId, certificate.serialNumber);
  try {
    const result = await runEnrollment(
      services,
      {
        operation: 'renew',
        proof: { loginId, clientCertificate: certificate },
        keyAlgorithm: 'rsa-2048',
        ...(status.answeredIssuerCas ? { issuerCas: status.answeredIssuerCas } : {}),
        revokedSerials: status.revokedSerials,
        redirected: false,
        requireJournal: true,
      },
      {
        ...(hooks.onEvent ? { onEvent: (event: EnrollmentEvent) => hooks.onEvent!(loginId, event) } : {}),
        ...(hooks.now ? { now: hooks.now } : {}),
      },
    );
    return {
      kind: 'renewed',
      loginId,
      previousSerial: certificate.serialNumber,
      certificate: result.certificate,
      removedSerials: result.outcome.removedSerials,
      resumed: result.outcome.resumed,
    };
  } catch (err) {
    return classifyFailure(base, err, certificate.notAfter);
  }
}

/** A journaled run of this login ID and issuer (journal unreadable: none, the workflow says why). */
async function hasPendingRun(services: AppServices, loginId: string): Promise<boolean> {
  const canonical = (url: string) => new URL(url).href.replace(/\/+$/, '');
  const pending = await services.journal.listPending().catch(() => []);
  return pending.some((p) => p.loginId === loginId && canonical(p.issuerUrl) === canonical(services.settings.issuerUrl));
}

function needsUser(
  base: { readonly loginId: string; readonly serialNumber: string },
  reason: NeedsUserReason,
  code: string,
  notAfter: Date,
): AutoRenewItem {
  return { kind: 'needs-user', ...base, reason, code, actor: codePolicy(code).actor, notAfter };
}

/**
 * The issuer's refusals (problem+json `CJS-E-…`) and the two local reasons mean the user must act;
 * everything else (network, store, a bad answer) is a failure to try again at the next check.
 */
function classifyFailure(base: { readonly loginId: string; readonly serialNumber: string }, err: unknown, notAfter: Date): AutoRenewItem {
  const code = isCjsError(err) ? err.code : undefined;
  if (code === 'JOURNAL-REQUIRED') return needsUser(base, 'no-journal', code, notAfter);
  if (code === 'RENEW-NEEDS-PASSWORD') return needsUser(base, 'needs-password', code, notAfter);
  if (code?.startsWith('CJS-E-') && code !== 'CJS-E-INTERNAL' && code !== 'CJS-E-THROTTLED')
    return needsUser(base, 'refused', code, notAfter);
  return { kind: 'failed', ...base, error: err };
}

/** The report as the contract carries it: ISO dates, errors as codes with who acts. */
export function autoRenewView(report: AutoRenewReport): AutoRenewReportView {
  return {
    revocationChecked: report.revocationChecked,
    checkedAt: report.checkedAt.toISOString(),
    items: report.items.map((item): AutoRenewItemView => {
      switch (item.kind) {
        case 'renewed':
          return { ...item, removedSerials: [...item.removedSerials] };
        case 'not-due':
          return { ...item, renewalOpensAt: item.renewalOpensAt.toISOString() };
        case 'needs-user':
          return { ...item, notAfter: item.notAfter.toISOString() };
        case 'failed':
          return { kind: 'failed', loginId: item.loginId, serialNumber: item.serialNumber, error: toAppError(item.error) };
      }
    }),
  };
}

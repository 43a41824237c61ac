// What the certificate checks share: this system's certificates with their assessed state (the
// one validity logic in enrollment/certificate-state.ts), the user's situation (the one model in
// app/situation.ts, which decides every next action, so two checks can never advise differently
// for the same certificate), the evidence every check reports about a certificate, and how a
// failure to ask the issuer is explained.
import type { NextAction } from '../../../contract/actions';
import type { Situation } from '../../../contract/situation';
import { computeSituationAfterReregistration } from '../../app/situation';
import { assessCertificate, isUsable, type CertificateAssessment, type CertificateState } from '../../enrollment/certificate-state';
import { TRANSPORT_CODES } from '../../issuing/errors';
import { isCertificateOfIssuer } from '../../stores';
import type { StoredCertificate } from '../../stores/certificate-store';
import type { CheckContext, Evidence } from '../check';
import { personal } from '../personal';
import { isNoAnswer, originAnswer, startOriginProbes, type NoAnswer } from './origin-answer';

export interface AssessedCertificate {
  readonly cert: StoredCertificate;
  readonly assessment: CertificateAssessment;
  readonly usable: boolean;
}

/** The CRL's answer, or why there is none (the revocation check warns with the reason). */
export type RevocationFacts =
  | { readonly known: true; readonly serials: ReadonlySet<string> }
  | { readonly known: false; readonly reason: string; readonly error?: unknown };

/** Everything a certificate check looks at, gathered once per call. */
export interface CertificateFacts {
  readonly certs: readonly StoredCertificate[];
  readonly revocation: RevocationFacts;
  /** Ranked: usable first, then the latest notAfter. */
  readonly ranked: readonly AssessedCertificate[];
  readonly situation: Situation;
}

// A fix changed the store, so the memoised listing in context.shared is out of date for the
// re-verification that follows. Keyed by the run's SharedFacts: a new run starts clean.
const storeChangedInRun = new WeakSet<object>();

export function markStoreChanged(context: CheckContext): void {
  storeChangedInRun.add(context.shared);
}

/** This system's certificates: the run's shared listing, or a fresh one after a fix changed the store. */
export async function systemCertificates(context: CheckContext): Promise<StoredCertificate[]> {
  // Telling this system's certificates apart asks the issuer for its CA list; whether the issuer
  // answers at all is asked alongside, so a silent one is recognised the moment that request
  // gives up, not one probe later.
  startOriginProbes(context);
  if (!storeChangedInRun.has(context.shared)) return context.shared.systemCertificates();
  const [cas, certs] = await Promise.all([context.shared.issuerCas(), context.store.list()]);
  return certs.filter((c) => cas.some((ca) => isCertificateOfIssuer(c, ca)));
}

export async function revocationFacts(context: CheckContext): Promise<RevocationFacts> {
  try {
    return { known: true, serials: await context.shared.revokedSerials() };
  } catch (err) {
    return { known: false, reason: errorText(err), error: err };
  }
}

export async function certificateFacts(context: CheckContext): Promise<CertificateFacts> {
  const [certs, revocation, remembered, issuerReachable] = await Promise.all([
    systemCertificates(context),
    revocationFacts(context),
    context.shared.rememberedEnrollments().catch(() => []),
    context.shared.issuerReachable().catch(() => false),
  ]);
  const input = {
    certificates: certs,
    revokedSerials: revocation.known ? revocation.serials : undefined,
    issuerReachable,
    // The certificates were told apart by the CA's signature: the CA is known.
    caKnown: true,
    remembered,
    loginId: context.loginId,
    now: context.now(),
    renewalWindowDays: context.settings.renewalWindowDays,
    store: { kind: context.store.kind, location: context.store.location },
  };
  // Revoked, then registered again by the master (P10): the advice is the user's next step.
  const situation = await computeSituationAfterReregistration(
    input,
    async (serial) => (await context.shared.reregistered?.(serial)) ?? false,
  );
  return { certs, revocation, ranked: rankCertificates(assessAll(context, certs, revocation)), situation };
}

/** The situation's next actions, without "nothing to do". */
export function situationActions(situation: Situation): NextAction[] {
  return situation.actions.filter((a) => a.kind !== 'none');
}

/** The certificate the situation is about, as assessed here; else the best one in the store. */
export function subjectCertificate(facts: CertificateFacts): AssessedCertificate | undefined {
  const serial = facts.situation.certificate?.serialNumber;
  return facts.ranked.find((a) => a.cert.serialNumber === serial) ?? facts.ranked[0];
}

/** Assesses every certificate; revocation is taken into account only when the CRL was read. */
export function assessAll(context: CheckContext, certs: readonly StoredCertificate[], revocation?: RevocationFacts): AssessedCertificate[] {
  const revokedSerials = revocation?.known ? revocation.serials : undefined;
  return certs.map((cert) => {
    const assessment = assessCertificate(cert, {
      now: context.now(),
      renewalWindowDays: context.settings.renewalWindowDays,
      revokedSerials,
    });
    return { cert, assessment, usable: isUsable(assessment.state) };
  });
}

/**
 * The dates alone: key and revocation have checks of their own, and a missing key must not hide
 * that the dates are fine. So the key is taken as present and no CRL is given.
 */
export function assessDates(context: CheckContext, cert: StoredCertificate): CertificateAssessment {
  return assessCertificate({ ...cert, hasPrivateKey: true }, { now: context.now(), renewalWindowDays: context.settings.renewalWindowDays });
}

/** Most usable first, then the latest notAfter: the certificate a renewed user actually uses. */
export function rankCertificates(assessed: readonly AssessedCertificate[]): AssessedCertificate[] {
  return [...assessed].sort((a, b) => Number(b.usable) - Number(a.usable) || b.cert.notAfter.getTime() - a.cert.notAfter.getTime());
}

export function bestCertificate(assessed: readonly AssessedCertificate[]): AssessedCertificate | undefined {
  return rankCertificates(assessed)[0];
}

/** States that can never log in again: safe to remove (expired, revoked, key lost). */
export function isStale(state: CertificateState): boolean {
  return state === 'expired' || state === 'revoked' || state === 'no-key';
}

/** The facts about one certificate; what identifies the user is marked personal here. */
export function certificateEvidence(context: CheckContext, item: AssessedCertificate): Record<string, Evidence> {
  return {
    serialNumber: item.cert.serialNumber,
    subject: personal(item.cert.subject),
    loginId: item.cert.subjectCommonName === undefined ? null : personal(item.cert.subjectCommonName),
    notBefore: item.cert.notBefore.toISOString(),
    notAfter: item.cert.notAfter.toISOString(),
    daysLeft: item.assessment.daysLeft,
    renewalOpensAt: item.assessment.renewalOpensAt.toISOString(),
    state: item.assessment.state,
    hasPrivateKey: item.cert.hasPrivateKey,
    storeKind: context.store.kind,
    // On Linux and macOS the store's location is under the home directory, named after the user.
    location: personal(context.store.location),
  };
}

/** The login IDs the certificates name, once each, marked personal. */
export function ownersEvidence(items: readonly AssessedCertificate[]): Evidence {
  return personal([...new Set(items.map((a) => a.cert.subjectCommonName ?? ''))].filter(Boolean));
}

/**
 * Why the issuer could not be asked. An answer from the issuer that is an error (HTTP 5xx, an
 * internal error, a body that is not what EST sends) means its service is out of order, which
 * no setting of this PC or its network explains; anything before an answer is the way there.
 */
export type IssuerFailure =
  { readonly kind: 'outage'; readonly status: number | null } | { readonly kind: 'unreachable' } | { readonly kind: 'other' };

export function classifyIssuerFailure(err: unknown): IssuerFailure {
  const code = errorCodes(err)[0];
  const status = (err as { status?: unknown } | null)?.status;
  const httpStatus = typeof status === 'number' ? status : null;
  if (code === 'CJS-E-INTERNAL' || code === 'ISSUE-BAD-RESPONSE') return { kind: 'outage', status: httpStatus };
  if (code === 'ISSUE-HTTP-STATUS' && httpStatus !== null && httpStatus >= 500) return { kind: 'outage', status: httpStatus };
  if (code !== undefined && TRANSPORT_CODES.has(code)) return { kind: 'unreachable' };
  return { kind: 'other' };
}

/**
 * When a request to the issuer failed before any answer: whether the run's verdict is that the
 * issuer did not answer at all (then the check is skipped with that cause, reported once by the
 * network check that owns it), else undefined (the check explains the failure itself).
 */
export async function issuerSilence(context: CheckContext, err: unknown, signal: AbortSignal): Promise<NoAnswer | undefined> {
  if (classifyIssuerFailure(err).kind !== 'unreachable') return undefined;
  const answer = await originAnswer(context, 'issuing', signal);
  return isNoAnswer(answer) ? answer : undefined;
}

/** The issuer's service is down: the bank runs it (its answer, not this PC, is at fault). */
export const ISSUER_OUTAGE: NextAction = { kind: 'contact', actor: 'bank', reason: 'issuer-outage' };

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The error's own stable code (ISSUE-TIMEOUT...), so the user has something to quote (Q18). */
export function errorCodes(err: unknown): string[] {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/.test(code) ? [code] : [];
}

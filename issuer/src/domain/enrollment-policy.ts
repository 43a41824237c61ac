// The issuing rules as pure functions of their inputs: what to do with a request, given the
// user's current certificate and the time. No I/O, so every rule has a direct unit test.
import type { KeyDescription, ParsedCsr } from '../../../electron/core/pki';
import type { CertificateRecord } from '../db/records';
import type { CertificateState, PolicySettings } from './api';
import { IssuerError, PROBLEM_CODES } from './errors';

export const DAY_MS = 86_400_000;
const RSA_MIN_BITS = 2048;
// Larger keys buy nothing here and make every TLS handshake slower; refuse them as unsupported.
const RSA_MAX_BITS = 8192;
const EC_CURVE = 'prime256v1';

/** P3 and the key policy: a request proves possession of an acceptable key for this login ID. */
export function checkRequest(csr: ParsedCsr, loginId: string): void {
  if (!csr.signatureValid) {
    throw new IssuerError(
      PROBLEM_CODES.CSR_SIGNATURE,
      400,
      'Invalid request signature',
      'the certificate request is not signed by its own key (no proof of possession)',
    );
  }
  checkKey(csr.key);
  checkSubject(csr, loginId);
}

export function checkKey(key: KeyDescription): void {
  const acceptable =
    key.type === 'rsa'
      ? key.bits !== undefined && key.bits >= RSA_MIN_BITS && key.bits <= RSA_MAX_BITS
      : key.type === 'ec' && key.curve === EC_CURVE;
  if (!acceptable) {
    throw new IssuerError(
      PROBLEM_CODES.WEAK_KEY,
      400,
      'Unsupported key',
      `the key (${describe(key)}) is not accepted: use RSA ${RSA_MIN_BITS}–${RSA_MAX_BITS} bits or ECDSA P-256`,
    );
  }
}

/**
 * The subject must be exactly CN=<login ID>: a certificate names one user (P1), and no extra
 * attribute (O, OU, a second CN) may ride along into what relying parties read.
 */
export function checkSubject(csr: Pick<ParsedCsr, 'commonNames' | 'subject'>, loginId: string): void {
  // Login IDs are [A-Za-z0-9._-], which RFC 4514 never escapes, so the string form is exact.
  const exact = csr.commonNames.length === 1 && csr.commonNames[0] === loginId && csr.subject === `CN=${loginId}`;
  if (!exact) {
    throw new IssuerError(
      PROBLEM_CODES.SUBJECT,
      403,
      'Subject does not match the login ID',
      `the request's subject must be exactly CN=${loginId}`,
    );
  }
}

export type EnrollmentKind = 'enroll' | 'reenroll';

/** What identifies a request: its operation, its key and its exact bytes. */
export interface EnrollmentRequest {
  readonly kind: EnrollmentKind;
  /** SHA-256 of the request's DER SubjectPublicKeyInfo. */
  readonly spkiSha256: string;
  /** SHA-256 of the request's DER (the CSR as received). */
  readonly csrSha256: string;
}

/**
 * How long after its issuance a certificate that is already inside its renewal window (a test
 * or demo setting where the validity is shorter than the window) still answers an exact retry
 * of its request. With the production settings a new certificate is never in its window this
 * early, and outside the window an exact retry is always answered.
 */
export const RETRY_GRACE_MS = 24 * 3_600_000;

export type EnrollmentDecision =
  /** The request was answered before: hand out that certificate again (a retry that lost the answer). */
  | { readonly kind: 'replay'; readonly certificate: CertificateRecord }
  /** Issue a new certificate; `supersedes` is revoked in the same transaction. */
  | { readonly kind: 'issue'; readonly supersedes: CertificateRecord | undefined };

/**
 * What an enrollment or renewal request leads to. `current` is the user's one unrevoked
 * certificate (possibly expired). Throws the refusal as IssuerError.
 */
export function decideEnrollment(params: {
  readonly request: EnrollmentRequest;
  readonly current: CertificateRecord | undefined;
  readonly now: Date;
  readonly policy: Pick<PolicySettings, 'renewalWindowDays'>;
}): EnrollmentDecision {
  const { request, current, now } = params;
  const kind = request.kind;
  const expired = current !== undefined && now.getTime() >= current.notAfter.getTime();
  // Replay first, so a renewal retried after it succeeded returns the new certificate instead of
  // being refused as "not yet in the renewal window". An expired certificate is never replayed:
  // the user needs a working one (P7).
  if (current && !expired && current.spkiSha256 === request.spkiSha256) {
    // simpleenroll of the key that holds the live certificate: there is nothing else to give.
    if (kind === 'enroll') return { kind: 'replay', certificate: current };
    if (isRetryOf(current, request, now, params.policy)) return { kind: 'replay', certificate: current };
    // Otherwise a same-key renewal (RFC 7030 §4.2.2): the window rules below decide.
  }
  if (kind === 'enroll') {
    if (current && !expired) {
      throw new IssuerError(
        PROBLEM_CODES.ACTIVE_CERT,
        409,
        'A valid certificate already exists',
        `this user already has a valid certificate (serial ${current.serialNumber}, valid until ${current.notAfter.toISOString()}); ` +
          'one certificate per user. A general user asks the master user to delete and re-register the login ID; ' +
          'a master user contacts the bank (FAQ Q13, Q23). Renewal is possible from the renewal window on.',
      );
    }
    return { kind: 'issue', supersedes: current };
  }
  if (!current) {
    throw new IssuerError(
      PROBLEM_CODES.NO_CERT,
      409,
      'No certificate to renew',
      'this user has no certificate that can be renewed; obtain a new one with simpleenroll',
    );
  }
  const opens = renewalOpensAt(current.notAfter, params.policy.renewalWindowDays);
  if (!expired && now.getTime() < opens.getTime()) {
    throw new IssuerError(
      PROBLEM_CODES.RENEW_WINDOW,
      409,
      'Renewal is not open yet',
      `renewal opens on ${opens.toISOString()} (${params.policy.renewalWindowDays} days before the certificate expires on ${current.notAfter.toISOString()})`,
    );
  }
  return { kind: 'issue', supersedes: current };
}

/**
 * A simplereenroll is a retry of the request that `current` (live, same key) answered when it is
 * that very request again: the same CSR bytes sent to the same operation, while the certificate
 * is not yet renewable (or was issued less than RETRY_GRACE_MS ago). A certificate recorded
 * before requests were (no request on record) counts as answering any request for its key.
 *
 * Everything else with the same key is a new renewal. The window condition matters for clients
 * whose CSRs are deterministic (RSA PKCS#1 v1.5 signatures, same key and subject): a year later
 * their identical CSR is a renewal, not a retry.
 */
export function isRetryOf(
  current: CertificateRecord,
  request: EnrollmentRequest,
  now: Date,
  policy: Pick<PolicySettings, 'renewalWindowDays'>,
): boolean {
  if (current.spkiSha256 !== request.spkiSha256) return false;
  const sameRequest =
    current.request === null || (current.request.csrSha256 === request.csrSha256 && current.request.kind === request.kind);
  if (!sameRequest) return false;
  const notYetRenewable = now.getTime() < renewalOpensAt(current.notAfter, policy.renewalWindowDays).getTime();
  return notYetRenewable || now.getTime() - current.issuedAt.getTime() < RETRY_GRACE_MS;
}

/** P6: renewal is allowed from this moment until expiry. */
export function renewalOpensAt(notAfter: Date, renewalWindowDays: number): Date {
  return new Date(notAfter.getTime() - renewalWindowDays * DAY_MS);
}

/** The validity period of a certificate issued at `now` (P4), backdated for slow PC clocks. */
export function validityPeriod(
  now: Date,
  policy: Pick<PolicySettings, 'validityDays' | 'backdateSeconds'>,
): { notBefore: Date; notAfter: Date } {
  return {
    notBefore: new Date(now.getTime() - policy.backdateSeconds * 1000),
    notAfter: new Date(now.getTime() + policy.validityDays * DAY_MS),
  };
}

/** The state the master's user list shows for a user's newest certificate. */
export function certificateStateAt(
  cert: Pick<CertificateRecord, 'notAfter' | 'revokedAt'>,
  now: Date,
  renewalWindowDays: number,
): Exclude<CertificateState, 'none'> {
  if (cert.revokedAt) return 'revoked';
  if (now.getTime() >= cert.notAfter.getTime()) return 'expired';
  if (now.getTime() >= renewalOpensAt(cert.notAfter, renewalWindowDays).getTime()) return 'renewable';
  return 'active';
}

function describe(key: KeyDescription): string {
  if (key.type === 'rsa') return `RSA ${key.bits ?? '?'} bits`;
  if (key.type === 'ec') return `EC ${key.curve ?? 'unknown curve'}`;
  return 'unknown key type';
}

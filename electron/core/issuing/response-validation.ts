import type { KeyObject } from 'node:crypto';
import { caPowersOf, certificateMatchesKey, EKU_CLIENT_AUTH, isIssuedBy, readCertificate, validityAt, type CertificateInfo } from '../pki';
import { IssuingError } from './errors';

/**
 * The issuing service back-dates notBefore by 5 minutes so a PC clock slightly behind still
 * accepts a fresh certificate; the same tolerance applies here, in both directions.
 */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface IssuedCertificateCheck {
  readonly certificatesDer: readonly Uint8Array[];
  /** The public (or private) key we generated and sent in the CSR. */
  readonly expectedPublicKey: KeyObject;
  /**
   * The issuing CA certificates, as accepted from /cacerts against the pin (ca-pin.ts). During a
   * rollover several may share one name: each is tried by its signature.
   */
  readonly expectedIssuers: readonly CertificateInfo[];
  readonly loginId: string;
  readonly now: Date;
}

/**
 * Checks an EST answer before anything is installed: a certificate the browser could not use,
 * one for somebody else, or one that could itself issue certificates must never reach the
 * user's store. Returns the leaf.
 */
export function validateIssuedCertificate(check: IssuedCertificateCheck): CertificateInfo {
  if (check.certificatesDer.length === 0) throw new IssuingError('ISSUE-NO-CERTIFICATE', 'the answer holds no certificate');
  let certificates: CertificateInfo[];
  try {
    certificates = check.certificatesDer.map((der) => readCertificate(der));
  } catch (cause) {
    throw new IssuingError('ISSUE-BAD-RESPONSE', 'a certificate of the answer cannot be parsed', { cause });
  }
  // The answer may carry the chain too: the leaf is the certificate for our key, wherever it is.
  const leaf = certificates.find((c) => certificateMatchesKey(c, check.expectedPublicKey));
  if (!leaf) throw new IssuingError('ISSUE-WRONG-KEY', 'no certificate of the answer is for the key generated on this PC');
  if (!check.expectedIssuers.some((ca) => isIssuedBy(leaf, ca))) {
    throw new IssuingError(
      'ISSUE-WRONG-ISSUER',
      `the certificate names "${leaf.issuer}" as its issuer, but its signature verifies with none of the expected CA certificates (${describeCas(check.expectedIssuers)})`,
    );
  }
  refuseCaPowers(leaf);
  if (!leaf.extendedKeyUsage.includes(EKU_CLIENT_AUTH)) {
    throw new IssuingError(
      'ISSUE-NOT-CLIENT-AUTH',
      'the certificate is not valid for TLS client authentication (no clientAuth extended key usage)',
    );
  }
  if (leaf.subjectCommonName !== check.loginId) {
    throw new IssuingError(
      'ISSUE-WRONG-SUBJECT',
      `the certificate is for "${leaf.subjectCommonName ?? leaf.subject}", not for login ID "${check.loginId}"`,
      { faq: ['Q21(2)'] },
    );
  }
  const early = validityAt(leaf, new Date(check.now.getTime() + CLOCK_SKEW_MS));
  const late = validityAt(leaf, new Date(check.now.getTime() - CLOCK_SKEW_MS));
  if (early === 'not-yet-valid' || late === 'expired') {
    const state =
      early === 'not-yet-valid' ? `not valid before ${leaf.notBefore.toISOString()}` : `expired on ${leaf.notAfter.toISOString()}`;
    // A wrong PC clock is the usual cause of a fresh certificate looking invalid (FAQ Q9, Q21).
    throw new IssuingError('ISSUE-NOT-VALID', `the certificate is ${state} (this PC's clock: ${check.now.toISOString()})`, {
      faq: ['Q9', 'Q21'],
    });
  }
  return leaf;
}

/**
 * A user's certificate that may sign certificates (or CRLs) would let whoever holds its key mint
 * certificates under the bank's CA: a correct issuer never makes one, so its answer is refused.
 */
function refuseCaPowers(leaf: CertificateInfo): void {
  let powers;
  try {
    powers = caPowersOf(leaf);
  } catch (cause) {
    throw new IssuingError('ISSUE-BAD-RESPONSE', 'the key usage of the certificate cannot be read', { cause });
  }
  const claimed = [powers.ca && 'CA:TRUE', powers.keyCertSign && 'keyCertSign', powers.cRLSign && 'cRLSign'].filter(Boolean);
  if (claimed.length > 0) {
    throw new IssuingError(
      'ISSUE-LEAF-IS-CA',
      `the certificate claims the powers of a CA (${claimed.join(', ')}), not those of a user's certificate`,
    );
  }
}

/** Each CA once, by name and a short fingerprint: CAs of a rollover share a name. */
export function describeCas(cas: readonly CertificateInfo[]): string {
  const seen = new Set<string>();
  return (
    cas
      .filter((ca) => !seen.has(ca.sha256) && seen.add(ca.sha256))
      .map((ca) => `"${ca.subject}" SHA-256 ${shortFingerprint(ca.sha256)}`)
      .join(', ') || 'none'
  );
}

/** `AB12CD34…9F8E7D6C`: enough to tell two CAs apart when quoted on the phone. */
export function shortFingerprint(sha256: string): string {
  const hex = sha256.replaceAll(':', '').toUpperCase();
  return hex.length <= 16 ? hex : `${hex.slice(0, 8)}…${hex.slice(-8)}`;
}

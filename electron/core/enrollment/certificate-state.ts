// What a certificate in the store means for the user: the badge and next action on the status
// screen and in `cjs-cert status`. Pure, so every case is a unit test.
import type { StoredCertificate } from '../stores/certificate-store';

export type CertificateState =
  /** Valid, more than the renewal window away from expiry. */
  | 'valid'
  /** Valid and inside the renewal window (P5/P6): renew now. */
  | 'expiring'
  /** Past its notAfter (P7): obtain a new one with login ID + password. */
  | 'expired'
  /** Its notBefore is in the future: usually the PC clock is wrong (Q9, Q21). */
  | 'not-yet-valid'
  /** Revoked by the issuer (user deleted, re-issued elsewhere: Q12, Q13). */
  | 'revoked'
  /** The store has no private key for it: corrupted or imported without key (Q21(3), Q22(3)). */
  | 'no-key';

export interface CertificateAssessment {
  readonly state: CertificateState;
  /** Whole days until notAfter (negative once expired). */
  readonly daysLeft: number;
  /** When renewal opens (notAfter − window). */
  readonly renewalOpensAt: Date;
}

const DAY_MS = 86_400_000;

export function assessCertificate(
  cert: Pick<StoredCertificate, 'notBefore' | 'notAfter' | 'hasPrivateKey' | 'serialNumber'>,
  context: { readonly now: Date; readonly renewalWindowDays: number; readonly revokedSerials?: ReadonlySet<string> | undefined },
): CertificateAssessment {
  const msLeft = cert.notAfter.getTime() - context.now.getTime();
  const daysLeft = Math.floor(msLeft / DAY_MS);
  const renewalOpensAt = new Date(cert.notAfter.getTime() - context.renewalWindowDays * DAY_MS);
  // The most serious problem wins: a revoked certificate is useless whatever its dates.
  let state: CertificateState;
  if (context.revokedSerials?.has(cert.serialNumber)) state = 'revoked';
  else if (msLeft < 0) state = 'expired';
  else if (cert.notBefore.getTime() > context.now.getTime()) state = 'not-yet-valid';
  else if (!cert.hasPrivateKey) state = 'no-key';
  else if (context.now.getTime() >= renewalOpensAt.getTime()) state = 'expiring';
  else state = 'valid';
  return { state, daysLeft, renewalOpensAt };
}

/** Whether the certificate can still log in (the browser can use it). */
export function isUsable(state: CertificateState): boolean {
  return state === 'valid' || state === 'expiring';
}

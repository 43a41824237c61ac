import type { CertificateStore } from '../db/certificate-store';
import type { UserRecord } from '../db/records';
import type { PolicySettings, UserView } from './api';
import { certificateStateAt } from './enrollment-policy';
import { isLocked, lockLiftsAt } from './lockout';

/** A user as the master's list and the operator's listing show it, with its newest certificate. */
export function toUserView(
  user: UserRecord,
  deps: {
    readonly certificates: CertificateStore;
    readonly now: Date;
    readonly policy: Pick<PolicySettings, 'renewalWindowDays' | 'lockMinutes'>;
  },
): UserView {
  const cert = deps.certificates.findNewestOfUser(user.id);
  const locked = isLocked(user, deps.now, deps.policy);
  return {
    loginId: user.loginId,
    role: user.role,
    email: user.email,
    // A lock that has run its time is shown as lifted, as the next login will find it.
    locked,
    lockedUntil: locked ? (lockLiftsAt(user, deps.policy)?.toISOString() ?? null) : null,
    createdAt: user.createdAt.toISOString(),
    lastIssuedAt: cert?.issuedAt.toISOString() ?? null,
    certificate: cert
      ? {
          serialNumber: cert.serialNumber,
          state: certificateStateAt(cert, deps.now, deps.policy.renewalWindowDays),
          notBefore: cert.notBefore.toISOString(),
          notAfter: cert.notAfter.toISOString(),
          revokedAt: cert.revokedAt?.toISOString() ?? null,
        }
      : null,
  };
}

import type { CertificateStore } from '../db/certificate-store';
import type { UserRecord } from '../db/records';
import type { PolicySettings, UserView } from './api';
import { certificateStateAt } from './enrollment-policy';

/** A user as the master's list and the operator's listing show it, with its newest certificate. */
export function toUserView(
  user: UserRecord,
  deps: { readonly certificates: CertificateStore; readonly now: Date; readonly policy: Pick<PolicySettings, 'renewalWindowDays'> },
): UserView {
  const cert = deps.certificates.findNewestOfUser(user.id);
  return {
    loginId: user.loginId,
    role: user.role,
    email: user.email,
    locked: user.lockedAt !== null,
    createdAt: user.createdAt.toISOString(),
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

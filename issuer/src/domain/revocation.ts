import type { RevocationReason } from '../../../electron/core/pki';
import type { CertificateStore } from '../db/certificate-store';
import type { CertificateRecord } from '../db/records';
import type { AuditActor, AuditTrail } from './audit';

/**
 * Revokes one certificate and records who did it. Runs inside the caller's transaction; the
 * revocation counter it bumps is what makes every process's cached CRL stale.
 */
export function revokeCertificate(
  deps: { readonly certificates: CertificateStore; readonly audit: AuditTrail },
  revocation: {
    readonly certificate: CertificateRecord;
    readonly loginId: string;
    readonly reason: RevocationReason;
    readonly actor: AuditActor;
    readonly at: Date;
    readonly supersededBy?: string | undefined;
  },
): boolean {
  const { certificate, reason, at, supersededBy } = revocation;
  const done = deps.certificates.revoke({ serialNumber: certificate.serialNumber, revokedAt: at, reason, supersededBy });
  if (done) {
    deps.audit.record({
      actor: revocation.actor,
      action: 'certificate.revoked',
      loginId: revocation.loginId,
      serialNumber: certificate.serialNumber,
      detail: supersededBy ? `reason=${reason} superseded_by=${supersededBy}` : `reason=${reason}`,
    });
  }
  return done;
}

// RFC 7030 §3.3.2: a simplereenroll may be authenticated by the TLS client certificate instead of
// the password. The TLS layer only requests the certificate; whether it proves anything is
// decided here, against this CA's key and the database, never by the TLS stack's `authorized`.
import { isIssuedBy, readCertificate, validityAt, type CertificateInfo } from '../../../electron/core/pki';
import type { CertificateStore } from '../db/certificate-store';
import type { CertificateRecord } from '../db/records';
import type { UserStore } from '../db/user-store';
import type { AuthenticatedUser } from './api';
import { toAuthenticatedUser } from './authentication';
import type { Clock } from './clock';
import { IssuerError, PROBLEM_CODES } from './errors';

export interface CertificateAuthenticationDeps {
  readonly users: UserStore;
  readonly certificates: CertificateStore;
  readonly clock: Clock;
  readonly issuingCa: Pick<CertificateInfo, 'der'>;
}

/**
 * The user a client certificate speaks for, or a 401 refusal (the client may still use its
 * password, P7). It speaks for its user when it is byte for byte a certificate this CA issued
 * and recorded, valid now, and either the user's live certificate or one superseded by a
 * renewal (which may only fetch that renewal's answer again: checked with the request, see
 * CertificateEnrollment). Revocation for any other reason, expiry and a deleted ID end it.
 */
export function authenticateByCertificate(deps: CertificateAuthenticationDeps, der: Buffer): AuthenticatedUser {
  let cert: CertificateInfo;
  try {
    cert = readCertificate(der);
  } catch {
    throw unknownCertificate('the client certificate cannot be read');
  }
  if (!isIssuedBy(cert, deps.issuingCa)) throw unknownCertificate('the client certificate was not issued by this service');
  const record = deps.certificates.findBySerial(cert.serialNumber);
  // Signed by our key but not on record (or not these bytes): never ours to trust.
  if (!record?.der.equals(der)) throw unknownCertificate('the client certificate is not known to this service');
  const validity = validityAt(cert, deps.clock.now());
  if (validity !== 'valid') throw certificateExpired(record, validity);
  const user = deps.users.findById(record.userId);
  if (!user || user.deletedAt !== null || !speaksForItsUser(record)) throw certificateRevoked(record);
  return { ...toAuthenticatedUser(user), viaCertificate: record.serialNumber };
}

/** Live, or revoked only because a renewal superseded it (its owner's retry of that renewal). */
function speaksForItsUser(record: CertificateRecord): boolean {
  return record.revokedAt === null || (record.revocationReason === 'superseded' && record.supersededBy !== null);
}

function unknownCertificate(detail: string): IssuerError {
  return new IssuerError(
    PROBLEM_CODES.UNKNOWN_CERT,
    401,
    'Client certificate not accepted',
    `${detail}; renew with the login ID and password instead`,
  );
}

export function certificateExpired(record: Pick<CertificateRecord, 'serialNumber' | 'notAfter'>, validity: string): IssuerError {
  return new IssuerError(
    PROBLEM_CODES.CERT_EXPIRED,
    401,
    'Client certificate expired',
    `the client certificate (serial ${record.serialNumber}) is ${validity === 'expired' ? `expired since ${record.notAfter.toISOString()}` : 'not valid yet'} ` +
      'and proves nothing; obtain a new one with the login ID and password (P7)',
  );
}

export function certificateRevoked(record: Pick<CertificateRecord, 'serialNumber'>): IssuerError {
  return new IssuerError(
    PROBLEM_CODES.CERT_REVOKED,
    401,
    'Client certificate revoked',
    `the client certificate (serial ${record.serialNumber}) has been revoked and proves nothing; use the login ID and password`,
  );
}

// The rows of issuer.db as the domain sees them: camelCase, Dates, no SQL types.
import type { RevocationReason } from '../../../electron/core/pki';
import type { UserRole } from '../domain/api';

export interface ContractRecord {
  readonly contractId: string;
  readonly name: string;
  readonly createdAt: Date;
}

export interface UserRecord {
  readonly id: number;
  readonly contractId: string;
  readonly loginId: string;
  readonly role: UserRole;
  readonly email: string | null;
  readonly passwordHash: string;
  readonly failedLogins: number;
  readonly lockedAt: Date | null;
  readonly createdAt: Date;
  readonly deletedAt: Date | null;
}

export interface CertificateRecord {
  readonly serialNumber: string;
  readonly userId: number;
  /** SHA-256 of the DER SubjectPublicKeyInfo, lower-case hex: how a replayed request is recognised. */
  readonly spkiSha256: string;
  readonly der: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly issuedAt: Date;
  readonly revokedAt: Date | null;
  readonly revocationReason: RevocationReason | null;
  readonly supersededBy: string | null;
  /** The request this certificate answered: SHA-256 of the CSR's DER and the EST operation; null before they were recorded. */
  readonly request: IssuingRequest | null;
}

export interface IssuingRequest {
  readonly csrSha256: string;
  readonly kind: 'enroll' | 'reenroll';
}

export function toDate(value: string): Date;
export function toDate(value: string | null): Date | null;
export function toDate(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

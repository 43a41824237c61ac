import type { RevocationReason } from '../../../electron/core/pki';
import type { IssuerDatabase } from './database';
import type { Statement } from './sqlite';
import { toDate, type CertificateRecord, type IssuingRequest } from './records';

interface CertificateRow {
  serial: string;
  user_id: number;
  spki_sha256: string;
  der: Uint8Array;
  not_before: string;
  not_after: string;
  issued_at: string;
  revoked_at: string | null;
  revocation_reason: RevocationReason | null;
  superseded_by: string | null;
  request_sha256: string | null;
  request_kind: 'enroll' | 'reenroll' | null;
}

const COLUMNS =
  'serial, user_id, spki_sha256, der, not_before, not_after, issued_at, revoked_at, revocation_reason, superseded_by, request_sha256, request_kind';

export type NewCertificate = Omit<CertificateRecord, 'revokedAt' | 'revocationReason' | 'supersededBy' | 'request'> & {
  readonly request: IssuingRequest;
};

export interface Revocation {
  readonly serialNumber: string;
  readonly revokedAt: Date;
  readonly reason: RevocationReason;
  readonly supersededBy?: string | undefined;
}

export class CertificateStore {
  private readonly selectBySerial: Statement<[string], CertificateRow>;
  private readonly selectUnrevokedOfUser: Statement<[number], CertificateRow>;
  private readonly selectNewestOfUser: Statement<[number], CertificateRow>;
  private readonly selectRevokedUnexpired: Statement<[string], CertificateRow>;
  private readonly selectExpiringBetween: Statement<[string, string], CertificateRow>;
  private readonly insertRow: Statement<[string, number, string, Buffer, string, string, string, string, string]>;
  private readonly updateRevoked: Statement<[string, string, string | null, string]>;
  private readonly bumpRevocationSeq: Statement;

  constructor(db: IssuerDatabase) {
    this.selectBySerial = db.prepare<[string], CertificateRow>(`SELECT ${COLUMNS} FROM certificates WHERE serial = ?`);
    this.selectUnrevokedOfUser = db.prepare<[number], CertificateRow>(
      `SELECT ${COLUMNS} FROM certificates WHERE user_id = ? AND revoked_at IS NULL`,
    );
    this.selectNewestOfUser = db.prepare<[number], CertificateRow>(
      `SELECT ${COLUMNS} FROM certificates WHERE user_id = ? ORDER BY issued_at DESC, rowid DESC LIMIT 1`,
    );
    this.selectRevokedUnexpired = db.prepare<[string], CertificateRow>(
      `SELECT ${COLUMNS} FROM certificates WHERE revoked_at IS NOT NULL AND not_after > ? ORDER BY revoked_at, serial`,
    );
    this.selectExpiringBetween = db.prepare<[string, string], CertificateRow>(
      `SELECT ${COLUMNS} FROM certificates WHERE revoked_at IS NULL AND not_after > ? AND not_after <= ? ORDER BY not_after`,
    );
    this.insertRow = db.prepare(
      'INSERT INTO certificates (serial, user_id, spki_sha256, der, not_before, not_after, issued_at, request_sha256, request_kind) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.updateRevoked = db.prepare(
      'UPDATE certificates SET revoked_at = ?, revocation_reason = ?, superseded_by = ? WHERE serial = ? AND revoked_at IS NULL',
    );
    this.bumpRevocationSeq = db.prepare('UPDATE crl_state SET revocation_seq = revocation_seq + 1 WHERE id = 1');
  }

  findBySerial(serialNumber: string): CertificateRecord | undefined {
    return fromRow(this.selectBySerial.get(serialNumber));
  }

  /** The user's one unrevoked certificate (the schema allows no second), expired or not. */
  findUnrevokedOfUser(userId: number): CertificateRecord | undefined {
    return fromRow(this.selectUnrevokedOfUser.get(userId));
  }

  findNewestOfUser(userId: number): CertificateRecord | undefined {
    return fromRow(this.selectNewestOfUser.get(userId));
  }

  /** What the CRL lists: revoked and not yet expired (RFC 5280 lets expired entries drop off). */
  revokedAndUnexpired(now: Date): CertificateRecord[] {
    return this.selectRevokedUnexpired.all(now.toISOString()).map((r) => fromRow(r)!);
  }

  /** Unrevoked certificates whose notAfter lies in (from, until]. */
  unrevokedExpiringBetween(from: Date, until: Date): CertificateRecord[] {
    return this.selectExpiringBetween.all(from.toISOString(), until.toISOString()).map((r) => fromRow(r)!);
  }

  insert(cert: NewCertificate): void {
    this.insertRow.run(
      cert.serialNumber,
      cert.userId,
      cert.spkiSha256,
      cert.der,
      cert.notBefore.toISOString(),
      cert.notAfter.toISOString(),
      cert.issuedAt.toISOString(),
      cert.request.csrSha256,
      cert.request.kind,
    );
  }

  /** Revokes one certificate; returns false if it was already revoked. Call inside a transaction. */
  revoke(revocation: Revocation): boolean {
    const { changes } = this.updateRevoked.run(
      revocation.revokedAt.toISOString(),
      revocation.reason,
      revocation.supersededBy ?? null,
      revocation.serialNumber,
    );
    if (changes === 0) return false;
    this.bumpRevocationSeq.run();
    return true;
  }
}

function fromRow(row: CertificateRow | undefined): CertificateRecord | undefined {
  if (!row) return undefined;
  return {
    serialNumber: row.serial,
    userId: row.user_id,
    spkiSha256: row.spki_sha256,
    // node:sqlite returns BLOBs as Uint8Array; the domain passes DER around as Buffer.
    der: Buffer.from(row.der.buffer, row.der.byteOffset, row.der.byteLength),
    notBefore: toDate(row.not_before),
    notAfter: toDate(row.not_after),
    issuedAt: toDate(row.issued_at),
    revokedAt: toDate(row.revoked_at),
    revocationReason: row.revocation_reason,
    supersededBy: row.superseded_by,
    request: row.request_sha256 && row.request_kind ? { csrSha256: row.request_sha256, kind: row.request_kind } : null,
  };
}

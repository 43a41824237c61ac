import type { IssuerDatabase } from './database';
import type { Statement } from './sqlite';

/** The CRL number sequence and the revocation counter that tells a cached CRL is stale. */
export class CrlStateStore {
  private readonly selectSeq: Statement<[], { revocation_seq: number }>;
  private readonly nextNumber: Statement<[], { crl_number: number }>;

  constructor(db: IssuerDatabase) {
    this.selectSeq = db.prepare<[], { revocation_seq: number }>('SELECT revocation_seq FROM crl_state WHERE id = 1');
    this.nextNumber = db.prepare<[], { crl_number: number }>(
      'UPDATE crl_state SET crl_number = crl_number + 1 WHERE id = 1 RETURNING crl_number',
    );
  }

  /** Grows with every revocation by any process sharing the database. */
  revocationSeq(): number {
    return this.selectSeq.get()?.revocation_seq ?? 0;
  }

  /** Takes the next CRL number (RFC 5280: monotonically increasing), persisted at once. */
  takeNextCrlNumber(): number {
    const row = this.nextNumber.get();
    if (!row) throw new Error('crl_state row is missing');
    return row.crl_number;
  }
}

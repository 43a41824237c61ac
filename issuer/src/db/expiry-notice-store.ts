import type { IssuerDatabase } from './database';
import type { Statement } from './sqlite';

export interface ExpiryNoticeRecord {
  readonly serialNumber: string;
  readonly userId: number;
  readonly recipient: string;
  readonly notifiedAt: Date;
  readonly emlPath: string;
}

/** One row per certificate whose expiry notice (P5) has been written. */
export class ExpiryNoticeStore {
  private readonly selectExists: Statement<[string], { one: number }>;
  private readonly insertRow: Statement<[string, number, string, string, string]>;

  constructor(db: IssuerDatabase) {
    this.selectExists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM expiry_notices WHERE serial = ?');
    // OR IGNORE: if another process recorded the same notice first, this one is simply not new.
    this.insertRow = db.prepare(
      'INSERT OR IGNORE INTO expiry_notices (serial, user_id, recipient, notified_at, eml_path) VALUES (?, ?, ?, ?, ?)',
    );
  }

  isRecorded(serialNumber: string): boolean {
    return this.selectExists.get(serialNumber) !== undefined;
  }

  /** Returns false when a notice for this certificate already existed. */
  record(notice: ExpiryNoticeRecord): boolean {
    return (
      this.insertRow.run(notice.serialNumber, notice.userId, notice.recipient, notice.notifiedAt.toISOString(), notice.emlPath).changes > 0
    );
  }
}

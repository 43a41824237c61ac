import type { IssuerDatabase } from './database';
import type { Statement } from './sqlite';

export interface AuditRow {
  readonly time: string;
  readonly actor: string;
  readonly action: string;
  readonly login_id: string | null;
  readonly serial: string | null;
  readonly detail: string | null;
}

/** The append-only audit_log table. */
export class AuditStore {
  private readonly insertRow: Statement<[string, string, string, string | null, string | null, string | null]>;
  private readonly selectAll: Statement<[], AuditRow>;

  constructor(db: IssuerDatabase) {
    this.insertRow = db.prepare('INSERT INTO audit_log (time, actor, action, login_id, serial, detail) VALUES (?, ?, ?, ?, ?, ?)');
    this.selectAll = db.prepare<[], AuditRow>('SELECT time, actor, action, login_id, serial, detail FROM audit_log ORDER BY id');
  }

  append(row: AuditRow): void {
    this.insertRow.run(row.time, row.actor, row.action, row.login_id, row.serial, row.detail);
  }

  all(): AuditRow[] {
    return this.selectAll.all();
  }
}

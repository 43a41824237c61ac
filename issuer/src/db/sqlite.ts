// The issuer's SQLite connection on Node's built-in `node:sqlite`: no native addon to rebuild for
// each Node (or Electron) ABI. Adds what the stores need on top of DatabaseSync: statements typed
// by their parameters and rows, one-value pragmas, and write transactions.
import { DatabaseSync, type SQLInputValue, type SQLOutputValue, type StatementResultingChanges } from 'node:sqlite';

/** A prepared statement, typed by its `?` parameters and the shape of its rows. */
export interface Statement<P extends readonly SQLInputValue[] = SQLInputValue[], R = unknown> {
  get(...params: P): R | undefined;
  all(...params: P): R[];
  run(...params: P): StatementResultingChanges;
}

export interface OpenOptions {
  /** Reads only, and fails when the file does not exist (an inspector's connection). */
  readonly readOnly?: boolean;
}

export class SqliteDatabase {
  private readonly db: DatabaseSync;

  constructor(path: string, options: OpenOptions = {}) {
    this.db = new DatabaseSync(path, { readOnly: options.readOnly ?? false });
  }

  get open(): boolean {
    return this.db.isOpen;
  }

  prepare<P extends readonly SQLInputValue[] = SQLInputValue[], R = unknown>(sql: string): Statement<P, R> {
    // Rows come back as plain objects keyed by column name; the caller's R names those columns.
    return this.db.prepare(sql) as unknown as Statement<P, R>;
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  /** The value of a pragma that answers with one value (`journal_mode`, `user_version`, …). */
  pragma(name: string): SQLOutputValue | undefined {
    const row = this.db.prepare(`PRAGMA ${name}`).get();
    return row === undefined ? undefined : Object.values(row)[0];
  }

  /**
   * Runs `work` in one IMMEDIATE transaction: the write lock is taken at BEGIN, so two processes
   * (the server and the operator CLI) never both read and then fail to upgrade to writing.
   * Committed when `work` returns, rolled back when it throws. Not nestable: SQLite has no nested
   * BEGIN, and no caller needs one.
   */
  transaction<T>(work: () => T): T {
    if (this.db.isTransaction) throw new Error('issuer.db: a transaction is already open on this connection');
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      // A promise would let other statements run inside this transaction before it settles.
      if (result instanceof Promise) throw new Error('issuer.db: a transaction must not be asynchronous');
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  close(): void {
    this.db.close();
  }
}

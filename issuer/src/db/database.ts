import BetterSqlite3, { type Database } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from './schema';

export type IssuerDatabase = Database;

export function databasePath(dataDir: string): string {
  return join(dataDir, 'issuer.db');
}

/** Opens (creating if needed) `${dataDir}/issuer.db` and brings its schema up to date. */
export function openIssuerDatabase(dataDir: string): IssuerDatabase {
  mkdirSync(dataDir, { recursive: true });
  const db = new BetterSqlite3(databasePath(dataDir));
  try {
    // WAL lets the operator CLI read and write while the server runs.
    db.pragma('journal_mode = WAL');
    // An issuance is acknowledged only once it survives a power cut.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // The other process holds the write lock only for a few statements: wait rather than fail.
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

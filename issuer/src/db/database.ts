import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from './schema';
import { SqliteDatabase } from './sqlite';

export type IssuerDatabase = SqliteDatabase;

export function databasePath(dataDir: string): string {
  return join(dataDir, 'issuer.db');
}

/** Opens (creating if needed) `${dataDir}/issuer.db` and brings its schema up to date. */
export function openIssuerDatabase(dataDir: string): IssuerDatabase {
  mkdirSync(dataDir, { recursive: true });
  const db = new SqliteDatabase(databasePath(dataDir));
  try {
    // The other process holds the write lock only for a few statements: wait rather than fail.
    // First, so that even switching to WAL waits for a process that is migrating the same file.
    db.exec('PRAGMA busy_timeout = 5000');
    // WAL lets the operator CLI read and write while the server runs.
    db.exec('PRAGMA journal_mode = WAL');
    // An issuance is acknowledged only once it survives a power cut.
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

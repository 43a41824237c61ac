import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, ensurePrivateFile } from '../storage/private-files';
import { migrate } from './schema';
import { SqliteDatabase } from './sqlite';

export type IssuerDatabase = SqliteDatabase;

export function databasePath(dataDir: string): string {
  return join(dataDir, 'issuer.db');
}

/** issuer.db and the files SQLite keeps beside it. */
function databaseFiles(dataDir: string): string[] {
  const db = databasePath(dataDir);
  return [db, `${db}-wal`, `${db}-shm`, `${db}-journal`];
}

/**
 * Opens (creating if needed) `${dataDir}/issuer.db` and brings its schema up to date. The
 * directory is made 0700 and every database file 0600, whatever modes they had before.
 */
export function openIssuerDatabase(dataDir: string): IssuerDatabase {
  ensurePrivateDir(dataDir);
  // SQLite creates the -wal and -shm files with the database file's mode: so the database is
  // created 0600 first (an empty file is an empty database), and existing files tightened.
  writeFileSync(databasePath(dataDir), '', { flag: 'a', mode: 0o600 });
  for (const file of databaseFiles(dataDir)) ensurePrivateFile(file);
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
    // The -wal and -shm files exist from the first statement on; check what SQLite made.
    for (const file of databaseFiles(dataDir)) ensurePrivateFile(file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

// One issuing service per data directory. Two would each create a CA on a fresh directory (the
// second overwriting the first's), and each believe its in-memory lockout and CRL state.
//
// The lock is an exclusive SQLite transaction held on `issuer.lock` for the service's life: an
// fcntl lock of the operating system, so it goes with the process however that ends (a kill, a
// crash, a power cut): a file left behind never blocks a start, a reused pid cannot fake a holder,
// and there is no window between "is the holder alive?" and "take it over". The operator CLI
// does not take it: it is meant to work beside the running service (WAL).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DataDirError, ensurePrivateFile } from './private-files';

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

export function lockPaths(dataDir: string) {
  return { lock: join(dataDir, 'issuer.lock'), pid: join(dataDir, 'issuer.pid') } as const;
}

/** Takes the data directory for this process, or refuses with who holds it and what to do. */
export function lockDataDir(dataDir: string): DataDirLock {
  const paths = lockPaths(dataDir);
  // Created 0600 before SQLite opens it, so that it is never world-readable, even empty.
  writeFileSync(paths.lock, '', { flag: 'a', mode: 0o600 });
  ensurePrivateFile(paths.lock);
  const db = new DatabaseSync(paths.lock);
  try {
    db.exec('PRAGMA busy_timeout = 0');
    db.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    db.close();
    if ((err as { errcode?: number }).errcode !== SQLITE_BUSY) throw err;
    throw new DataDirError(
      `the data directory ${dataDir} is in use by another issuing service${holderText(paths.pid)} ` +
        `(it holds ${paths.lock}); stop that service first, or give this one another --data directory`,
    );
  }
  // For the message above only: the lock itself does not depend on it.
  writeFileSync(paths.pid, `${process.pid}\n`, { mode: 0o600 });
  return {
    path: paths.lock,
    release() {
      if (!db.isOpen) return;
      rmSync(paths.pid, { force: true });
      db.exec('ROLLBACK');
      db.close();
    },
  };
}

const SQLITE_BUSY = 5;

function holderText(pidPath: string): string {
  try {
    const pid = Number(readFileSync(pidPath, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? ` (pid ${pid})` : '';
  } catch {
    return '';
  }
}

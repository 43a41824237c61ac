// The data directory holds the CA keys, password hashes, e-mail addresses and the audit log: it
// and the database files are the owner's alone, whatever existed before the service started
// (issue 9, finding 5: a directory made beforehand left issuer.db and its -wal/-shm 0644).
import { chmodSync, mkdirSync, statSync, type Stats } from 'node:fs';

const PRIVATE_DIR_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;

/** A start-up refusal whose message says what to do; printed without a stack trace. */
export class DataDirError extends Error {
  override readonly name = 'DataDirError';
}

/** Creates `dir` 0700, or tightens an existing one to 0700; refuses when it cannot. */
export function ensurePrivateDir(dir: string): void {
  const notADirectory = () => new DataDirError(`the data directory ${dir} is not a directory; choose another --data path`);
  try {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw notADirectory();
    throw err;
  }
  const info = statSync(dir);
  if (!info.isDirectory()) throw notADirectory();
  restrict(dir, info, PRIVATE_DIR_MODE, 'directory');
}

/** Tightens an existing file to 0600; a missing one is left to be created (the caller's job). */
export function ensurePrivateFile(path: string): void {
  let info: Stats;
  try {
    info = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  restrict(path, info, PRIVATE_FILE_MODE, 'file');
}

function restrict(path: string, info: Stats, mode: number, kind: 'directory' | 'file'): void {
  // Windows has no such mode bits; the directory's ACL is the operator's to set.
  if (process.platform === 'win32' || (info.mode & 0o777) === mode) return;
  const current = (info.mode & 0o777).toString(8).padStart(3, '0');
  const wanted = mode.toString(8);
  const uid = process.getuid?.();
  if (uid !== undefined && uid !== 0 && info.uid !== uid) {
    throw new DataDirError(
      `the ${kind} ${path} has mode ${current} and belongs to another user (uid ${info.uid}); ` +
        `its owner must run "chmod ${wanted} ${path}", or start the service as that user or with another --data directory`,
    );
  }
  try {
    chmodSync(path, mode);
  } catch (err) {
    throw new DataDirError(
      `the ${kind} ${path} has mode ${current} and could not be changed to ${wanted} (${(err as NodeJS.ErrnoException).code}); ` +
        `run "chmod ${wanted} ${path}" or choose another --data directory`,
    );
  }
}

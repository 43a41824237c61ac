// What an enrollment left behind, read with independent tools: NSS's own certutil on the HOME's
// database, the issuer's SQLite database read-only, and the journal directory's files.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fromPemAll, readCertificate } from '../../electron/core/pki';
import { SqliteDatabase } from '../../issuer/src/db/sqlite';

const run = promisify(execFile);

export interface NssContents {
  /** `certutil -L` lines below the header: nickname + trust flags (CA certificates included). */
  readonly certificateLines: string[];
  /** `certutil -K` key lines (`< 0> rsa <id> <label>`). */
  readonly keyLines: string[];
  /** Serials of the end-entity certificates whose nickname names `loginId` (certutil -L -n -a). */
  serialsOf(loginId: string): Promise<string[]>;
}

export function nssDir(home: string): string {
  return join(home, '.pki', 'nssdb');
}

/** The HOME's NSS database as certutil lists it; empty when no database was ever created. */
export async function nssContents(home: string): Promise<NssContents> {
  const db = `sql:${nssDir(home)}`;
  if (!existsSync(join(nssDir(home), 'cert9.db'))) {
    return { certificateLines: [], keyLines: [], serialsOf: () => Promise.resolve([]) };
  }
  const list = (await run('certutil', ['-L', '-d', db])).stdout.split('\n');
  const header = list.findIndex((l) => l.includes('SSL,S/MIME,JAR/XPI'));
  const certificateLines = list.slice(header + 1).filter((l) => /\S+\s+[A-Za-z]*,[A-Za-z]*,[A-Za-z]*\s*$/.test(l));
  let keys = '';
  try {
    keys = (await run('certutil', ['-K', '-d', db])).stdout;
  } catch (err) {
    // certutil exits non-zero with "no keys found" on an empty key database.
    const text = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`;
    if (!/no keys found/i.test(text)) throw err;
  }
  const keyLines = keys.split('\n').filter((l) => /^<\s*\d+>/.test(l.trim()));
  return {
    certificateLines,
    keyLines,
    async serialsOf(loginId) {
      const nicknames = [
        ...new Set(certificateLines.filter((l) => l.includes(loginId)).map((l) => l.replace(/\s+[A-Za-z]*,[A-Za-z]*,[A-Za-z]*\s*$/, ''))),
      ];
      const serials: string[] = [];
      for (const nickname of nicknames) {
        const pem = (await run('certutil', ['-L', '-d', db, '-n', nickname, '-a'])).stdout;
        for (const der of fromPemAll(pem, 'CERTIFICATE')) {
          const cert = readCertificate(der);
          if (!cert.isCa && cert.subjectCommonName === loginId) serials.push(cert.serialNumber);
        }
      }
      return serials;
    },
  };
}

export interface IssuedRow {
  readonly serial: string;
  readonly revoked: boolean;
}

/** Every certificate the issuer's database holds for a login ID (read-only; safe while it runs). */
export function issuerCertificates(dataDir: string, loginId: string): IssuedRow[] {
  const db = new SqliteDatabase(join(dataDir, 'issuer.db'), { readOnly: true });
  try {
    const rows = db
      .prepare<[string], { serial: string; revoked_at: string | null }>(
        'SELECT c.serial, c.revoked_at FROM certificates c JOIN users u ON u.id = c.user_id WHERE u.login_id = ? AND u.deleted_at IS NULL ORDER BY c.issued_at',
      )
      .all(loginId);
    return rows.map((r) => ({ serial: r.serial.toUpperCase(), revoked: r.revoked_at !== null }));
  } finally {
    db.close();
  }
}

export function journalDir(home: string): string {
  return join(home, '.local', 'state', 'cjs-cert', 'journal');
}

/** The `*.journal` files of a HOME (what a crash leaves for the next run). */
export async function journalFiles(home: string): Promise<string[]> {
  return (await readdir(journalDir(home)).catch(() => [])).filter((n) => n.endsWith('.journal'));
}

/** Every file under `root` whose name matches, recursively (for leak checks). */
export async function filesMatching(root: string, pattern: RegExp): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (pattern.test(entry.name)) found.push(path);
    }
  };
  await walk(root);
  return found;
}

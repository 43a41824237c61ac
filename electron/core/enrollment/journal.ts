// The enrollment journal: what makes an enrollment crash-safe. From key generation until the
// certificate is verified in the OS store, the private key exists only in memory and here,
// encrypted. After a crash the next start finds the pending entry, resubmits the same CSR (the
// issuer answers the same certificate for it), installs, verifies, then completes the entry.
//
// Design:
// - One file per pending enrollment, `<dir>/<id>.journal`, AES-256-GCM (journal-format.ts) with
//   a random 256-bit key per entry kept in the OS credential vault under `journal:<id>`. The
//   key never touches the disk; the file alone is useless, and so is a copy of it on another PC.
// - Writes are atomic (journal-fs.ts); the directory is 0700 and the files 0600.
// - At most one pending entry per (issuer URL, login ID): begin() refuses a second one.
// - A journal that cannot be used (its vault key is missing, GCM authentication fails, or it is
//   not a valid v1 journal) is DELETED, with its vault key, and reported as JOURNAL-UNREADABLE by
//   scan(). Nothing can ever decrypt it again, so keeping it (or a `.corrupt` copy) would only
//   keep encrypted key material around and make every later start report the same thing; the
//   report is what the user needs ("start again"). listPending() never throws for such a file.
// - A vault that is unavailable (no Secret Service, locked keyring) is NOT a reason to delete:
//   the VaultError propagates and the journal stays for a start where the vault is back. A vault
//   that answers "no such secret" is authoritative (a locked keyring raises, it does not answer
//   "none": checked against gnome-keyring).
import { createPrivateKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { certificateMatchesKey, keyAlgorithmOf, parseCsr, readCertificate, samePublicKey, type KeyAlgorithm } from '../pki';
import type { CredentialVault } from '../platform/credential-vault';
import { JournalError, type JournalUnreadableReason } from './journal-errors';
import { JOURNAL_ID, JOURNAL_KEY_BYTES, openJournal, parseEnvelope, sealJournal, type JournalRecord } from './journal-format';
import { ensurePrivateDir, removeFileDurably, TEMP_FILE, writeFileAtomic } from './journal-fs';

export { JournalError, type JournalErrorCode, type JournalUnreadableReason } from './journal-errors';
export { defaultJournalDir, type JournalDirContext } from './journal-paths';

export type JournalOperation = 'enroll' | 'renew';

/** What begin() records: everything needed to finish the enrollment after a crash. */
export interface JournalEntry {
  /** File and vault account name: `[A-Za-z0-9_-]{1,64}`; newJournalId() makes one. */
  readonly id: string;
  readonly operation: JournalOperation;
  readonly issuerUrl: string;
  readonly loginId: string;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly privateKey: KeyObject;
  /** DER PKCS#10 of `privateKey`, exactly as (to be) submitted. */
  readonly csrDer: Buffer;
  /** Defaults to the journal's clock. */
  readonly createdAt?: Date;
}

/** A journaled enrollment, decrypted. */
export interface PendingEnrollment {
  readonly id: string;
  readonly operation: JournalOperation;
  readonly issuerUrl: string;
  readonly loginId: string;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly privateKey: KeyObject;
  readonly csrDer: Buffer;
  readonly createdAt: Date;
  /** Set by recordIssued(): the certificate to install (no need to ask the issuer again). */
  readonly certificateDer?: Buffer;
  readonly issuedAt?: Date;
}

export interface UnreadableJournal {
  readonly id: string;
  readonly reason: JournalUnreadableReason;
  /** The JOURNAL-UNREADABLE error, for messages. */
  readonly error: JournalError;
}

export interface JournalScan {
  readonly pending: PendingEnrollment[];
  /** Journals found unusable by this scan; their files and vault keys are already deleted. */
  readonly unreadable: UnreadableJournal[];
}

export interface EnrollmentJournalOptions {
  /** Usually defaultJournalDir(). Created 0700 on first write. */
  readonly dir: string;
  readonly vault: CredentialVault;
  readonly clock?: () => Date;
}

const SUFFIX = '.journal';

/** A fresh journal id (random: file names must not carry the login ID or anything secret). */
export function newJournalId(): string {
  return randomUUID();
}

export class EnrollmentJournal {
  readonly dir: string;
  readonly #vault: CredentialVault;
  readonly #clock: () => Date;
  // Serialises this instance's operations: begin()'s "one per issuer + login ID" check and its
  // write must not interleave with another begin() of the same process.
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: EnrollmentJournalOptions) {
    this.dir = options.dir;
    this.#vault = options.vault;
    this.#clock = options.clock ?? (() => new Date());
  }

  /** Journals a new enrollment before its CSR is submitted. Resolves once it is durable. */
  begin(entry: JournalEntry): Promise<PendingEnrollment> {
    return this.#serial(async () => {
      checkId(entry.id);
      const issuerUrl = normaliseUrl(entry.issuerUrl);
      if (entry.loginId === '') throw new JournalError('JOURNAL-INVALID', 'the login ID is empty', { id: entry.id });
      await checkKeyAndCsr(entry);
      const existing = (await this.#readAll()).pending;
      const sameId = existing.find((p) => p.id === entry.id);
      if (sameId || (await this.#exists(entry.id))) {
        throw new JournalError('JOURNAL-EXISTS', `an enrollment journal with id ${entry.id} already exists`, {
          id: entry.id,
          existingId: entry.id,
        });
      }
      const sameUser = existing.find((p) => normaliseUrl(p.issuerUrl) === issuerUrl && p.loginId === entry.loginId);
      if (sameUser) {
        throw new JournalError(
          'JOURNAL-EXISTS',
          `an enrollment for this login ID at this issuer is already pending (journal ${sameUser.id})`,
          { id: entry.id, existingId: sameUser.id },
        );
      }

      const record: JournalRecord = {
        id: entry.id,
        operation: entry.operation,
        // As given: the caller derives the EST endpoints from it; only comparisons normalise.
        issuerUrl: entry.issuerUrl,
        loginId: entry.loginId,
        keyAlgorithm: entry.keyAlgorithm,
        privateKey: exportPkcs8Base64(entry.privateKey),
        csr: entry.csrDer.toString('base64'),
        createdAt: (entry.createdAt ?? this.#clock()).toISOString(),
      };
      const key = randomBytes(JOURNAL_KEY_BYTES);
      try {
        // Key first: a crash between the two leaves an orphan random key in the vault (harmless),
        // never a journal whose key was not yet stored.
        await this.#vault.set(vaultAccount(entry.id), key);
        try {
          await ensurePrivateDir(this.dir);
          await writeFileAtomic(this.dir, fileName(entry.id), sealJournal(record, key));
        } catch (error) {
          await this.#vault.delete(vaultAccount(entry.id)).catch(() => undefined);
          throw error;
        }
      } finally {
        key.fill(0);
      }
      return toPending(record, entry.privateKey);
    });
  }

  /**
   * Records the issued certificate, so a crash before the install needs no second request.
   * Refuses a certificate that is not for the journaled key.
   */
  recordIssued(id: string, certificateDer: Buffer): Promise<PendingEnrollment> {
    return this.#serial(async () => {
      checkId(id);
      const key = await this.#keyFor(id);
      try {
        const record = openJournal(parseEnvelope(await this.#readFile(id), id), key);
        const privateKey = importPkcs8Base64(record.privateKey, id);
        let matches: boolean;
        try {
          matches = certificateMatchesKey(readCertificate(certificateDer), privateKey);
        } catch (cause) {
          throw new JournalError('JOURNAL-INVALID', `the certificate for journal ${id} cannot be parsed`, { id }, { cause });
        }
        if (!matches) throw new JournalError('JOURNAL-INVALID', `the certificate is not for the key of journal ${id}`, { id });
        const updated: JournalRecord = { ...record, certificate: certificateDer.toString('base64'), issuedAt: this.#clock().toISOString() };
        await writeFileAtomic(this.dir, fileName(id), sealJournal(updated, key));
        return toPending(updated, privateKey);
      } finally {
        key.fill(0);
      }
    });
  }

  /** One pending enrollment, decrypted; JOURNAL-NOT-FOUND / JOURNAL-UNREADABLE otherwise. */
  get(id: string): Promise<PendingEnrollment> {
    return this.#serial(async () => {
      checkId(id);
      return this.#read(id);
    });
  }

  /** Every pending enrollment, decrypted; unusable journals are removed and reported. */
  scan(): Promise<JournalScan> {
    return this.#serial(async () => {
      const result = await this.#readAll();
      for (const bad of result.unreadable) await this.#remove(bad.id, { vaultBestEffort: true });
      return result;
    });
  }

  /** scan() without the report: what to resume on start. */
  async listPending(): Promise<PendingEnrollment[]> {
    return (await this.scan()).pending;
  }

  /** The certificate is installed and verified: the journal and its key are deleted. */
  complete(id: string): Promise<void> {
    return this.#serial(() => this.#remove(checkId(id), { vaultBestEffort: false }));
  }

  /** The enrollment is abandoned (the user cancelled, or the issuer refused for good). */
  discard(id: string): Promise<void> {
    return this.#serial(() => this.#remove(checkId(id), { vaultBestEffort: false }));
  }

  async #readAll(): Promise<JournalScan> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if (isNotFound(error)) return { pending: [], unreadable: [] };
      throw error;
    }
    const pending: PendingEnrollment[] = [];
    const unreadable: UnreadableJournal[] = [];
    for (const name of names.sort()) {
      if (TEMP_FILE.test(name)) {
        // A write interrupted before its rename: the real file (if any) is intact.
        await removeFileDurably(this.dir, name);
        continue;
      }
      if (!name.endsWith(SUFFIX)) continue;
      const id = name.slice(0, -SUFFIX.length);
      if (!JOURNAL_ID.test(id)) continue;
      try {
        pending.push(await this.#read(id));
      } catch (error) {
        if (error instanceof JournalError && error.code === 'JOURNAL-UNREADABLE' && error.details.reason) {
          unreadable.push({ id, reason: error.details.reason, error });
        } else if (!(error instanceof JournalError && error.code === 'JOURNAL-NOT-FOUND')) {
          // Vault unavailable, I/O errors: not the journal's fault, keep it and tell the caller.
          throw error;
        }
      }
    }
    return { pending, unreadable };
  }

  async #read(id: string): Promise<PendingEnrollment> {
    const bytes = await this.#readFile(id);
    const sealed = parseEnvelope(bytes, id);
    const key = await this.#keyFor(id);
    try {
      const record = openJournal(sealed, key);
      const privateKey = importPkcs8Base64(record.privateKey, id);
      if (algorithmOf(privateKey) !== record.keyAlgorithm) {
        throw new JournalError('JOURNAL-UNREADABLE', `enrollment journal ${id} holds a key of another type than it records`, {
          id,
          reason: 'malformed',
        });
      }
      return toPending(record, privateKey);
    } finally {
      key.fill(0);
    }
  }

  async #keyFor(id: string): Promise<Buffer> {
    const key = await this.#vault.get(vaultAccount(id));
    if (key === undefined) {
      throw new JournalError('JOURNAL-UNREADABLE', `the credential vault has no key for enrollment journal ${id}`, {
        id,
        reason: 'key-missing',
      });
    }
    return key;
  }

  async #readFile(id: string): Promise<Buffer> {
    try {
      return await readFile(join(this.dir, fileName(id)));
    } catch (error) {
      if (isNotFound(error)) throw new JournalError('JOURNAL-NOT-FOUND', `no enrollment journal ${id}`, { id });
      throw error;
    }
  }

  async #exists(id: string): Promise<boolean> {
    try {
      await this.#readFile(id);
      return true;
    } catch (error) {
      if (error instanceof JournalError && error.code === 'JOURNAL-NOT-FOUND') return false;
      throw error;
    }
  }

  async #remove(id: string, options: { vaultBestEffort: boolean }): Promise<void> {
    // File first: a crash in between leaves an orphan random key in the vault (harmless), not a
    // journal that would later be reported as unreadable.
    await removeFileDurably(this.dir, fileName(id));
    const deleting = this.#vault.delete(vaultAccount(id));
    // For an unreadable journal the file was what mattered; a vault that fails to delete a now
    // useless random key must not turn the report into a failure.
    await (options.vaultBestEffort ? deleting.catch(() => undefined) : deleting);
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

function fileName(id: string): string {
  return `${id}${SUFFIX}`;
}

function vaultAccount(id: string): string {
  return `journal:${id}`;
}

function checkId(id: string): string {
  if (!JOURNAL_ID.test(id)) throw new JournalError('JOURNAL-INVALID', 'a journal id is 1-64 characters of A-Z a-z 0-9 _ -');
  return id;
}

function normaliseUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch (cause) {
    throw new JournalError('JOURNAL-INVALID', 'the issuer URL is not a valid URL', {}, { cause });
  }
}

/** Refuses to journal a key the rest of the flow could not use: wrong type, or not the CSR's key. */
async function checkKeyAndCsr(entry: JournalEntry): Promise<void> {
  if (entry.privateKey.type !== 'private') throw new JournalError('JOURNAL-INVALID', 'the journal needs the private key', { id: entry.id });
  let algorithm: KeyAlgorithm;
  try {
    algorithm = keyAlgorithmOf(entry.privateKey);
  } catch (cause) {
    throw new JournalError('JOURNAL-INVALID', 'unsupported key type', { id: entry.id }, { cause });
  }
  if (algorithm !== entry.keyAlgorithm) {
    throw new JournalError('JOURNAL-INVALID', `the key is ${algorithm}, not ${entry.keyAlgorithm}`, { id: entry.id });
  }
  let csrKey: KeyObject;
  try {
    csrKey = (await parseCsr(entry.csrDer)).publicKey;
  } catch (cause) {
    throw new JournalError('JOURNAL-INVALID', 'the CSR cannot be parsed', { id: entry.id }, { cause });
  }
  if (!samePublicKey(csrKey, entry.privateKey)) {
    throw new JournalError('JOURNAL-INVALID', 'the CSR is not for this private key', { id: entry.id });
  }
}

function algorithmOf(key: KeyObject): KeyAlgorithm | undefined {
  try {
    return keyAlgorithmOf(key);
  } catch {
    return undefined;
  }
}

function exportPkcs8Base64(privateKey: KeyObject): string {
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  try {
    return der.toString('base64');
  } finally {
    der.fill(0);
  }
}

function importPkcs8Base64(base64: string, id: string): KeyObject {
  const der = Buffer.from(base64, 'base64');
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    // No cause: OpenSSL's message is harmless, but nothing about the key bytes leaves here.
    throw new JournalError('JOURNAL-UNREADABLE', `enrollment journal ${id} holds an unusable private key`, { id, reason: 'malformed' });
  } finally {
    der.fill(0);
  }
}

function toPending(record: JournalRecord, privateKey: KeyObject): PendingEnrollment {
  return {
    id: record.id,
    operation: record.operation,
    issuerUrl: record.issuerUrl,
    loginId: record.loginId,
    keyAlgorithm: record.keyAlgorithm,
    privateKey,
    csrDer: Buffer.from(record.csr, 'base64'),
    createdAt: new Date(record.createdAt),
    ...(record.certificate !== undefined ? { certificateDer: Buffer.from(record.certificate, 'base64') } : {}),
    ...(record.issuedAt !== undefined ? { issuedAt: new Date(record.issuedAt) } : {}),
  };
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

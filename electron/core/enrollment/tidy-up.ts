// The tidy-up after a verified install: older certificates of the same login ID from the same
// issuer only make the browser offer the wrong one (FAQ Q17), so they are removed, key included.
// A run killed during it would leave them, and `renew`/`enroll` would then stop at a situation
// they do not resolve. So the install is preceded by a record of what it will keep, removed once
// the tidy-up is done; the next enroll, renew or status of that login ID finishes a recorded one.
// The record names the certificate to keep: nothing is removed unless that one is in the store,
// usable and of the same issuer, and then only certificates of its login ID and issuer that are
// not newer than it; never another user's.
import { dirname, basename } from 'node:path';
import { readFile } from 'node:fs/promises';
import { issuerKey } from '../config';
import type { CertificateInfo } from '../pki';
import { isCertificateOfIssuer } from '../stores';
import type { CertificateStore, StoredCertificate } from '../stores/certificate-store';
import { ensurePrivateDir, removeFileDurably, writeFileAtomic } from './journal-fs';

/** An install whose superseded certificates are (about to be) removed. No secret. */
export interface TidyUpRecord {
  readonly issuerUrl: string;
  readonly loginId: string;
  /** SHA-1 thumbprint (upper-case hex) of the certificate installed and kept. */
  readonly keepThumbprintSha1: string;
}

export interface TidyUpPort {
  /** Durable before the install: a kill from here on leaves it. */
  begin(record: TidyUpRecord): Promise<void>;
  /** The tidy-up is done (or moot). */
  end(record: TidyUpRecord): Promise<void>;
  pending(): Promise<TidyUpRecord[]>;
}

/** Older certificates of `keep`'s login ID from the issuer, `keep` aside. Proved by signature, not by name. */
export function supersededBy(
  keep: StoredCertificate,
  all: readonly StoredCertificate[],
  issuers: readonly CertificateInfo[],
): StoredCertificate[] {
  return all.filter(
    (c) =>
      c.thumbprintSha1 !== keep.thumbprintSha1 &&
      c.subjectCommonName === keep.subjectCommonName &&
      // A certificate of another CA that took the same name (a test CA, an old installation) is not ours to delete.
      issuers.some((ca) => isCertificateOfIssuer(c, ca)),
  );
}

export interface InterruptedTidyUps {
  readonly store: CertificateStore;
  readonly tidyUp: TidyUpPort;
  readonly issuerUrl: string;
  /** The issuer's CA certificates (fetched or remembered): none, nothing is decided. */
  readonly issuers: readonly CertificateInfo[];
  /** From the CRL when it was read: a revoked certificate to keep keeps nothing. */
  readonly revokedSerials?: ReadonlySet<string> | undefined;
  /** Only this login ID's (status without one: every login ID's of this issuer). */
  readonly loginId?: string | undefined;
}

/**
 * Finishes the tidy-ups that a killed run left recorded; returns the certificates it removed.
 * A failure leaves the record for the next run and is not this run's failure.
 */
export async function finishInterruptedTidyUps(
  context: InterruptedTidyUps,
  all: readonly StoredCertificate[],
): Promise<StoredCertificate[]> {
  if (context.issuers.length === 0) return [];
  const records = (await context.tidyUp.pending().catch(() => [])).filter(
    (r) => issuerKey(r.issuerUrl) === issuerKey(context.issuerUrl) && (context.loginId === undefined || r.loginId === context.loginId),
  );
  const removed: StoredCertificate[] = [];
  for (const record of records) {
    try {
      const keep = all.find((c) => c.thumbprintSha1.toUpperCase() === record.keepThumbprintSha1);
      if (keep && keptIsUsable(keep, record, context)) {
        for (const stale of supersededBy(keep, all, context.issuers).filter((c) => c.notBefore.getTime() <= keep.notBefore.getTime())) {
          await context.store.remove(stale);
          removed.push(stale);
        }
      }
      // Done, or moot: the certificate it was to keep is gone or unusable, and nothing is removed on its account.
      await context.tidyUp.end(record);
    } catch {
      // The store refused (a locked database, a tool missing): the record stays for the next run.
    }
  }
  return removed;
}

function keptIsUsable(keep: StoredCertificate, record: TidyUpRecord, context: InterruptedTidyUps): boolean {
  return (
    keep.subjectCommonName === record.loginId &&
    keep.hasPrivateKey &&
    !context.revokedSerials?.has(keep.serialNumber) &&
    context.issuers.some((ca) => isCertificateOfIssuer(keep, ca))
  );
}

/** The records in one small JSON file of the per-user state directory, replaced atomically. */
export class TidyUpFile implements TidyUpPort {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  begin(record: TidyUpRecord): Promise<void> {
    return this.#serial(async () => {
      const others = (await this.#read()).filter((r) => !sameRecord(r, record));
      await this.#write([...others, normalised(record)]);
    });
  }

  end(record: TidyUpRecord): Promise<void> {
    return this.#serial(async () => {
      const records = await this.#read();
      const left = records.filter((r) => !(sameRecord(r, record) && r.keepThumbprintSha1 === record.keepThumbprintSha1.toUpperCase()));
      if (left.length !== records.length) await this.#write(left);
    });
  }

  pending(): Promise<TidyUpRecord[]> {
    return this.#serial(() => this.#read());
  }

  async #read(): Promise<TidyUpRecord[]> {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(this.path, 'utf8'));
    } catch {
      return []; // none yet, or torn: as good as none (the next install records again)
    }
    const list = (raw as { pending?: unknown } | null)?.pending;
    return Array.isArray(list) ? list.filter(isRecord).map(normalised) : [];
  }

  async #write(records: readonly TidyUpRecord[]): Promise<void> {
    const dir = dirname(this.path);
    if (records.length === 0) return removeFileDurably(dir, basename(this.path));
    await ensurePrivateDir(dir);
    await writeFileAtomic(dir, basename(this.path), Buffer.from(`${JSON.stringify({ pending: records }, null, 2)}\n`, 'utf8'));
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

function isRecord(value: unknown): value is TidyUpRecord {
  const r = value as Record<string, unknown> | null;
  return (
    typeof r?.issuerUrl === 'string' &&
    typeof r.loginId === 'string' &&
    r.loginId !== '' &&
    typeof r.keepThumbprintSha1 === 'string' &&
    /^[0-9A-Fa-f]{40}$/.test(r.keepThumbprintSha1)
  );
}

function normalised(record: TidyUpRecord): TidyUpRecord {
  return { issuerUrl: record.issuerUrl, loginId: record.loginId, keepThumbprintSha1: record.keepThumbprintSha1.toUpperCase() };
}

/** One record per login ID and issuer: the newest install is the one to keep. */
function sameRecord(a: TidyUpRecord, b: TidyUpRecord): boolean {
  return issuerKey(a.issuerUrl) === issuerKey(b.issuerUrl) && a.loginId === b.loginId;
}

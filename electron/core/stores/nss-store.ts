// Linux: the shared NSS database `~/.pki/nssdb` that Chrome and Chromium read client
// certificates from, driven with NSS's own tools (certutil, pk12util from libnss3-tools).
import { createHash, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runProcess, type ProcessRunner } from '../platform/process-runner';
import { withRunStagingDir } from '../platform/run-staging';
import { withSecretFiles } from '../platform/secret-file';
import { toPem, type CertificateInfo } from '../pki';
import { StoreError, type CertificateStore, type InstallRequest, type PreCheckResult, type StoredCertificate } from './certificate-store';
import { checkedThumbprint, pemCertificates, runTool, storedFromCertificate, verifyFailed } from './store-support';

export interface NssStoreOptions {
  /** Home directory whose `.pki/nssdb` is used; default os.homedir(). */
  readonly home?: string;
  /** The database directory itself (overrides `home`). */
  readonly dbDir?: string;
  readonly runner?: ProcessRunner;
  /**
   * Where this process's staging directory for pk12util's PKCS#12 and password file is made
   * while an install runs (platform/run-staging.ts); default /dev/shm or tmp.
   */
  readonly secretParentDir?: string;
}

export const NSS_ADVICE = 'sudo apt-get install libnss3-tools';

/** One line of `certutil -L`: a nickname and its trust flags (one line per certificate). */
export interface NssListEntry {
  readonly nickname: string;
  readonly trust: string;
}

/** One line of `certutil -K`: the key's CKA_ID (lower-case hex) and the label NSS shows. */
export interface NssKeyEntry {
  readonly keyType: string;
  readonly keyId: string;
  readonly label: string;
}

/** Everything in the database, personal or not; list() filters, remove() needs it all. */
interface NssCertificate {
  readonly nickname: string;
  /** Trust flags of every `certutil -L` line with this nickname. */
  readonly trusts: readonly string[];
  readonly info: CertificateInfo;
  readonly keyId: string | undefined;
  readonly hasPrivateKey: boolean;
  readonly personal: boolean;
}

const TRUST_COLUMN = /^(.*\S)\s+([A-Za-z]*,[A-Za-z]*,[A-Za-z]*)\s*$/;

/**
 * Parses `certutil -L`. The nickname column is padded by bytes, so Japanese nicknames push the
 * trust column out of alignment: the trust flags are found as the last `x,y,z` token instead.
 */
export function parseCertutilList(stdout: string): NssListEntry[] {
  const lines = stdout.split(/\r?\n/);
  const header = lines.findIndex((l) => l.includes('SSL,S/MIME,JAR/XPI'));
  const entries: NssListEntry[] = [];
  for (const line of lines.slice(header + 1)) {
    const match = TRUST_COLUMN.exec(line);
    if (match?.[1] && match[2] !== undefined) entries.push({ nickname: match[1].trim(), trust: match[2] });
  }
  return entries;
}

const KEY_LINE = /^<\s*\d+>\s+(\S+)\s+([0-9a-fA-F]+)\s+(.*)$/;

/** Parses `certutil -K`: `< 0> rsa      e8fa…3a   Rokin 給与 証明書` (`(orphan)` for a key without certificate). */
export function parseCertutilKeys(stdout: string): NssKeyEntry[] {
  return stdout.split(/\r?\n/).flatMap((line) => {
    const match = KEY_LINE.exec(line.trim());
    return match?.[1] && match[2] ? [{ keyType: match[1], keyId: match[2].toLowerCase(), label: (match[3] ?? '').trim() }] : [];
  });
}

/**
 * The CKA_ID NSS gives a key it imports: SHA-1 of the RSA modulus or of the EC public point.
 * Matching it against `certutil -K` pairs keys with certificates exactly, even when several
 * certificates share one nickname (old + renewed), which the `u,u,u` column cannot tell apart.
 */
export function nssKeyId(publicKey: KeyObject): string | undefined {
  const jwk = publicKey.export({ format: 'jwk' });
  let material: Buffer;
  if (jwk.kty === 'RSA' && jwk.n) material = Buffer.from(jwk.n, 'base64url');
  else if (jwk.kty === 'EC' && jwk.x && jwk.y)
    material = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  else return undefined;
  return createHash('sha1').update(material).digest('hex');
}

/**
 * Which certificates count as personal. With a key: always. Without a key: an end-entity
 * certificate is reported (hasPrivateKey false: the "key lost" case the diagnosis explains), but
 * a CA certificate is not (pk12util imports the issuing CA next to the user's certificate, and
 * trust anchors `CT,C,C` live here too), nor an end-entity certificate trusted as a peer (`P`).
 */
export function isPersonal(info: Pick<CertificateInfo, 'isCa'>, hasPrivateKey: boolean, trusts: readonly string[]): boolean {
  if (hasPrivateKey) return true;
  if (info.isCa) return false;
  return !trusts.some((t) => /[CTP]/.test(t));
}

/** The trust flags to give back a certificate re-added under its nickname, minus `u` (NSS derives it from the key). */
export function trustToRestore(trusts: readonly string[]): string {
  const flags = new Set(trusts.map((t) => t.replaceAll('u', '')));
  const [only] = flags;
  return flags.size === 1 && only !== undefined ? only : ',,';
}

/** certutil shows a nickname containing `:` with the token prefix; -A wants the bare nickname. */
const INTERNAL_TOKEN_PREFIX = 'NSS Certificate DB:';

export class NssStore implements CertificateStore {
  readonly kind = 'nss' as const;
  readonly location: string;
  private readonly dir: string;
  private readonly db: string;
  private readonly runner: ProcessRunner;
  private readonly secretParentDir: string | undefined;
  private lastListing: { readonly version: string; readonly inventory: NssCertificate[] } | undefined;

  constructor(options: NssStoreOptions = {}) {
    this.dir = options.dbDir ?? join(options.home ?? homedir(), '.pki', 'nssdb');
    this.db = `sql:${this.dir}`;
    this.location = this.dir;
    this.runner = options.runner ?? runProcess;
    this.secretParentDir = options.secretParentDir;
  }

  async preCheck(): Promise<PreCheckResult> {
    try {
      await this.checkTools();
      await this.ensureDatabase();
      await this.certutil(['-L', '-d', this.db]);
      return { ok: true, location: this.location };
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      return {
        ok: false,
        code: e.code,
        message: e.message,
        advice: e.details.advice ?? `Check that ${this.dir} is readable and writable by you.`,
      };
    }
  }

  async install(request: InstallRequest): Promise<StoredCertificate> {
    await this.ensureDatabase();
    // pk12util cannot read the PKCS#12 or its password from stdin: both go to private files
    // (0600 in a 0700 directory, RAM-backed where possible) that are removed in every outcome,
    // inside this process's staging directory, which exists only for as long as they do.
    await withRunStagingDir(
      (parentDir) =>
        withSecretFiles(
          { 'cert.p12': request.pkcs12, 'p12.pw': request.password },
          (paths) => this.tool('pk12util', ['-i', paths['cert.p12'] ?? '', '-d', this.db, '-w', paths['p12.pw'] ?? '']),
          { parentDir },
        ),
      this.secretParentDir,
    );
    const thumbprint = request.certificate.thumbprintSha1;
    // Listed as list() would: the status read right after the enrolment finds it in memory.
    const found = (await this.listedInventory()).find((c) => c.info.thumbprintSha1 === thumbprint);
    if (!found) throw verifyFailed(`pk12util reported success but ${thumbprint} is not in ${this.dir}`);
    if (!found.hasPrivateKey) throw verifyFailed(`the certificate ${thumbprint} is in ${this.dir} but its private key is not`);
    return this.stored(found);
  }

  async list(): Promise<StoredCertificate[]> {
    return (await this.listedInventory()).filter((c) => c.personal).map((c) => this.stored(c));
  }

  /**
   * The last listing, while the database files are provably unchanged since it began: SQLite
   * bumps the file change counter of its header on every commit (and the file's mtime/size
   * move with it), whoever writes — this app, certutil by hand, or Chrome. Listing takes
   * several certutil runs; the app asks for the situation on every screen. A database in WAL
   * mode (no counter in the header) is never taken from memory.
   */
  private async listedInventory(): Promise<NssCertificate[]> {
    const version = await this.databaseVersion();
    if (version !== undefined && this.lastListing?.version === version) return this.lastListing.inventory;
    const inventory = await this.inventory();
    this.lastListing = version === undefined ? undefined : { version, inventory };
    return inventory;
  }

  private async databaseVersion(): Promise<string | undefined> {
    const parts = await Promise.all(['cert9.db', 'key4.db'].map((f) => sqliteFileVersion(join(this.dir, f))));
    return parts.every((p) => p !== undefined) ? parts.join('|') : undefined;
  }

  /**
   * `certutil -D/-F -n NICK` act on the one certificate NSS thinks best for the nickname, not on
   * one we choose, and old + renewed certificates share a nickname. So: delete the target's key
   * by its CKA_ID (unless another certificate uses the same key), then delete certificates by
   * nickname until the target is gone, and add back any other certificate deleted on the way
   * (certificates are public; their keys were never touched, and NSS re-pairs them by CKA_ID).
   */
  async remove(certificate: Pick<StoredCertificate, 'handle' | 'thumbprintSha1'>): Promise<void> {
    const thumbprint = checkedThumbprint(certificate.thumbprintSha1);
    const before = await this.inventory();
    const target = before.find((c) => c.info.thumbprintSha1 === thumbprint);
    if (!target) return;
    const othersWithKey = before.filter((c) => c !== target && c.keyId === target.keyId);
    if (target.hasPrivateKey && target.keyId && othersWithKey.length === 0) {
      await this.certutil(['-F', '-d', this.db, '-k', target.keyId]);
    }
    const sameNickname = before.filter((c) => c.nickname === target.nickname);
    const deletedByAccident = await this.deleteUntilGone(target, sameNickname);
    const trust = trustToRestore(target.trusts);
    for (const cert of deletedByAccident) await this.addCertificate(target.nickname, cert.info, trust);
    await this.verifyRemoved(target, [...deletedByAccident, ...othersWithKey]);
  }

  private async deleteUntilGone(target: NssCertificate, sameNickname: readonly NssCertificate[]): Promise<NssCertificate[]> {
    const deleted: NssCertificate[] = [];
    let present = await this.thumbprintsOfNickname(target.nickname);
    for (let i = 0; i < sameNickname.length && present.has(target.info.thumbprintSha1); i++) {
      await this.certutil(['-D', '-d', this.db, '-n', target.nickname]);
      const now = await this.thumbprintsOfNickname(target.nickname);
      deleted.push(...sameNickname.filter((c) => c !== target && present.has(c.info.thumbprintSha1) && !now.has(c.info.thumbprintSha1)));
      present = now;
    }
    return deleted;
  }

  private async addCertificate(nickname: string, info: CertificateInfo, trust: string): Promise<void> {
    const bare = nickname.startsWith(INTERNAL_TOKEN_PREFIX) ? nickname.slice(INTERNAL_TOKEN_PREFIX.length) : nickname;
    await this.certutil(['-A', '-d', this.db, '-n', bare, '-t', trust, '-a'], { stdin: toPem('CERTIFICATE', info.der) });
  }

  private async verifyRemoved(target: NssCertificate, mustRemain: readonly NssCertificate[]): Promise<void> {
    const after = await this.inventory();
    const thumbprints = new Set(after.map((c) => c.info.thumbprintSha1));
    if (thumbprints.has(target.info.thumbprintSha1)) throw verifyFailed(`${target.info.thumbprintSha1} is still in ${this.dir}`);
    const lost = mustRemain.filter((c) => !thumbprints.has(c.info.thumbprintSha1));
    if (lost.length > 0)
      throw verifyFailed(`removing ${target.info.thumbprintSha1} also removed ${lost.map((c) => c.info.thumbprintSha1).join(', ')}`);
    const keys = new Set((await this.keys()).map((k) => k.keyId));
    if (target.keyId && keys.has(target.keyId) && !mustRemain.some((c) => c.keyId === target.keyId)) {
      throw verifyFailed(`the private key of ${target.info.thumbprintSha1} is still in ${this.dir}`);
    }
  }

  private async inventory(): Promise<NssCertificate[]> {
    // No database yet (a fresh profile, before the first enrolment): no certificate, not an error.
    // Listing does not create it; only an install does.
    if (!this.hasDatabase()) {
      await this.checkTools();
      return [];
    }
    // certutil has no "export every certificate": one `-L -n NICK -a` per nickname. Each run
    // costs ~50–100 ms of NSS start-up, so the key listing and the exports run side by side
    // (a few at a time: each opens the database; SQLite serves concurrent readers).
    const keysListed = this.keys();
    keysListed.catch(() => undefined); // awaited below; a failure of the listing must not leave it unhandled
    const listed = parseCertutilList((await this.certutil(['-L', '-d', this.db])).stdout);
    const nicknames = [...new Set(listed.map((e) => e.nickname))];
    const exported = await mapLimited(nicknames, CONCURRENT_EXPORTS, (nickname) => this.certificatesOfNickname(nickname));
    const keyIds = new Set((await keysListed).map((k) => k.keyId));
    const result: NssCertificate[] = [];
    const seen = new Set<string>();
    for (const [i, nickname] of nicknames.entries()) {
      const trusts = listed.filter((e) => e.nickname === nickname).map((e) => e.trust);
      const certs = exported[i] ?? [];
      for (const info of certs) {
        if (seen.has(info.thumbprintSha1)) continue;
        seen.add(info.thumbprintSha1);
        const keyId = nssKeyId(info.publicKey);
        // A key imported by other software may carry another CKA_ID: then trust the `u` flag,
        // which is only unambiguous when the nickname names a single certificate.
        const hasPrivateKey = (keyId !== undefined && keyIds.has(keyId)) || (certs.length === 1 && trusts.some((t) => t.includes('u')));
        result.push({ nickname, trusts, info, keyId, hasPrivateKey, personal: isPersonal(info, hasPrivateKey, trusts) });
      }
    }
    return result;
  }

  /** `-a` prints every certificate that shares the nickname, one PEM block each. */
  private async certificatesOfNickname(nickname: string): Promise<CertificateInfo[]> {
    const result = await this.certutil(['-L', '-d', this.db, '-n', nickname, '-a'], {}, notFound);
    return result.exitCode === 0 ? pemCertificates(result.stdout, 'certutil -L -a') : [];
  }

  private async thumbprintsOfNickname(nickname: string): Promise<Set<string>> {
    return new Set((await this.certificatesOfNickname(nickname)).map((c) => c.thumbprintSha1));
  }

  private async keys(): Promise<NssKeyEntry[]> {
    const result = await this.certutil(['-K', '-d', this.db], {}, (r) => /no keys found/i.test(r.stderr + r.stdout));
    return parseCertutilKeys(result.stdout);
  }

  private stored(cert: NssCertificate): StoredCertificate {
    return storedFromCertificate('nss', cert.nickname, cert.info, cert.hasPrivateKey);
  }

  private async checkTools(): Promise<void> {
    // Neither tool has a version flag that exits 0; any exit code proves it is installed.
    await Promise.all((['certutil', 'pk12util'] as const).map((tool) => this.tool(tool, ['-H'], {}, () => true)));
  }

  /** Creates an empty, password-less database only where none exists (`-N` on one would re-key it). */
  private hasDatabase(): boolean {
    return ['cert9.db', 'cert8.db'].some((f) => existsSync(join(this.dir, f)));
  }

  private async ensureDatabase(): Promise<void> {
    if (this.hasDatabase()) return;
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.certutil(['-N', '-d', this.db, '--empty-password']);
  }

  private certutil(
    args: readonly string[],
    options: { readonly stdin?: string } = {},
    accept?: (r: { exitCode: number; stderr: string; stdout: string }) => boolean,
  ) {
    return this.tool('certutil', args, options, accept);
  }

  private tool(
    command: 'certutil' | 'pk12util',
    args: readonly string[],
    options: { readonly stdin?: string } = {},
    accept?: (r: { exitCode: number; stderr: string; stdout: string }) => boolean,
  ) {
    return runTool({
      runner: this.runner,
      command,
      args,
      options: { ...options, timeoutMs: 60_000 },
      advice: NSS_ADVICE,
      ...(accept ? { acceptExit: accept } : {}),
    });
  }
}

/**
 * Identity, size, mtime and SQLite's file change counter (header bytes 24–27) of a database file
 * in rollback-journal mode (header bytes 18–19 = 1, 1); undefined for anything else or unreadable.
 */
async function sqliteFileVersion(path: string): Promise<string | undefined> {
  let file: FileHandle | undefined;
  try {
    file = await open(path, 'r');
    const header = Buffer.alloc(28);
    const [{ bytesRead }, stats] = await Promise.all([file.read(header, 0, 28, 0), file.stat({ bigint: true })]);
    if (bytesRead < 28 || header.toString('latin1', 0, 15) !== 'SQLite format 3' || header[18] !== 1 || header[19] !== 1) return undefined;
    return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${header.readUInt32BE(24)}`;
  } catch {
    return undefined;
  } finally {
    await file?.close().catch(() => undefined);
  }
}

/** certutil runs at once while listing: enough to cover a user certificate, its CA and a renewed one. */
const CONCURRENT_EXPORTS = 4;

/** `fn` over `items` with at most `limit` running at once; results in the order of `items`. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const notFound = (r: { stderr: string; stdout: string }): boolean =>
  /could not find cert|PR_FILE_NOT_FOUND_ERROR/i.test(r.stderr + r.stdout);

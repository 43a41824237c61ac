// Linux: the shared NSS database `~/.pki/nssdb` that Chrome and Chromium read client
// certificates from, driven with NSS's own tools (certutil, pk12util from libnss3-tools).
import { createHash, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runProcess, type ProcessRunner } from '../platform/process-runner';
import { withRunStagingDir } from '../platform/run-staging';
import { withSecretFiles } from '../platform/secret-file';
import { toPem, type CertificateInfo } from '../pki';
import { StoreError, type CertificateStore, type InstallRequest, type PreCheckResult, type StoredCertificate } from './certificate-store';
import {
  caNicknameGuess,
  LISTING_HEADER,
  parseCertutilKeys,
  readStoreContents,
  type ListingTools,
  type NssKeyEntry,
  type NssListEntry,
} from './nss-listing';
import { checkedThumbprint, pemCertificates, runTool, storedFromCertificate, verifyFailed } from './store-support';

export { parseCertutilKeys, parseCertutilList, type NssKeyEntry, type NssListEntry } from './nss-listing';

export interface NssStoreOptions {
  /** Home directory whose `.pki/nssdb` is used; default os.homedir(). */
  readonly home?: string;
  /** The database directory itself (overrides `home`). */
  readonly dbDir?: string;
  readonly runner?: ProcessRunner;
  /**
   * Where this process's staging directory is made while an install or a listing runs
   * (platform/run-staging.ts): pk12util's PKCS#12 and password file, certutil's batch and
   * exported certificates; default /dev/shm or tmp.
   */
  readonly secretParentDir?: string;
}

export const NSS_ADVICE = 'sudo apt-get install libnss3-tools';

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

/** The nickname as `certutil -L` shows it (and `-n` finds it): with the token prefix when it holds a `:`. */
function nicknameAsListed(nickname: string): string {
  return nickname.includes(':') ? `${INTERNAL_TOKEN_PREFIX}${nickname}` : nickname;
}

export class NssStore implements CertificateStore {
  readonly kind = 'nss' as const;
  readonly location: string;
  private readonly dir: string;
  private readonly db: string;
  private readonly runner: ProcessRunner;
  private readonly secretParentDir: string | undefined;
  private lastListing: { readonly version: string; readonly inventory: Promise<NssCertificate[]> } | undefined;
  /** The nicknames of the last listing that completed: what the next one will most likely find. */
  private knownNicknames: readonly string[] = [];

  constructor(options: NssStoreOptions = {}) {
    this.dir = options.dbDir ?? join(options.home ?? homedir(), '.pki', 'nssdb');
    this.db = `sql:${this.dir}`;
    this.location = this.dir;
    this.runner = options.runner ?? runProcess;
    this.secretParentDir = options.secretParentDir;
  }

  async preCheck(): Promise<PreCheckResult> {
    try {
      // pk12util runs only at the install: proven here, before the issuer is asked anything,
      // side by side with the database check.
      const pk12util = this.tool('pk12util', ['-H'], {}, () => true);
      pk12util.catch(() => undefined); // awaited below, after certutil's failure if both fail
      await this.ensureDatabase();
      // Reading the database proves it readable (and certutil there); it is the listing the
      // status reads next, from memory while the database is unchanged.
      await this.listedInventory();
      await pk12util;
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
    // Listed afresh (pk12util changed the database) as list() would, so the status read right
    // after the enrolment finds it in memory; the new nicknames guessed, to read them in the same process.
    const caNicknames = request.chain?.flatMap((ca) => caNicknameGuess(ca) ?? []) ?? [];
    const found = (await this.listedInventory([nicknameAsListed(request.friendlyName), ...caNicknames])).find(
      (c) => c.info.thumbprintSha1 === thumbprint,
    );
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
   * move with it), whoever writes — this app, certutil by hand, or Chrome. The app asks for the
   * situation on every screen. A listing still running is shared the same way (the screens ask
   * several times as they open). A database in WAL mode (no counter in the header) is never
   * taken from memory. `guesses`: nicknames expected besides those of the last listing.
   */
  private async listedInventory(guesses: readonly string[] = []): Promise<NssCertificate[]> {
    const version = await this.databaseVersion();
    if (version !== undefined && this.lastListing?.version === version) return this.lastListing.inventory;
    const inventory = this.inventory(guesses);
    this.lastListing = version === undefined ? undefined : { version, inventory };
    inventory.catch(() => {
      if (this.lastListing?.inventory === inventory) this.lastListing = undefined;
    });
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

  private async inventory(guesses: readonly string[] = []): Promise<NssCertificate[]> {
    // No database yet (a fresh profile, before the first enrolment): no certificate, not an error.
    // Listing does not create it; only an install does.
    if (!this.hasDatabase()) {
      await this.checkTools();
      return [];
    }
    // The keys in a process of their own (certutil -K and -L print through different buffers, so
    // in one batch their lines can interleave mid-line), side by side with the certificates'
    // export: started with it when nicknames are expected, else once the listing shows any. A
    // database without certificates needs no key listing (keys matter only to pair them).
    let keysListed: Promise<NssKeyEntry[]> | undefined;
    const listKeys = () => {
      keysListed = this.keys();
      keysListed.catch(() => undefined); // awaited below; a failure of the listing must not leave it unhandled
    };
    const expected = [...new Set([...this.knownNicknames, ...guesses])];
    if (expected.length > 0) listKeys();
    const { listing, certificates } = await withRunStagingDir(
      (parent) =>
        this.readContents(parent, expected, (entries) => {
          if (keysListed === undefined && entries.length > 0) listKeys();
        }),
      this.secretParentDir,
    );
    const keyIds = new Set((keysListed === undefined ? [] : await keysListed).map((k) => k.keyId));
    const result: NssCertificate[] = [];
    const seen = new Set<string>();
    for (const nickname of new Set(listing.map((e) => e.nickname))) {
      const trusts = listing.filter((e) => e.nickname === nickname).map((e) => e.trust);
      const certs = certificates.get(nickname) ?? [];
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
    this.knownNicknames = [...new Set(result.map((c) => c.nickname))];
    return result;
  }

  /** The listing and every nickname's certificates, through files in a directory of their own under `parent`. */
  private async readContents(parent: string, expected: readonly string[], listed: (listing: readonly NssListEntry[]) => void) {
    const dir = await mkdtemp(join(parent, 'listing-'));
    const tools: ListingTools = {
      dir,
      listed,
      list: async () => (await this.certutil(['-L', '-d', this.db])).stdout,
      batch: (file, { listing }) =>
        this.certutil(['-B', '-i', file, '-d', this.db], {}, (r) => !listing || r.stdout.includes(LISTING_HEADER)),
      exportOne: (nickname) => this.certificatesOfNickname(nickname),
    };
    try {
      return await readStoreContents(tools, expected);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
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
    const created = await mkdir(this.dir, { recursive: true, mode: 0o700 });
    try {
      await this.certutil(['-N', '-d', this.db, '--empty-password']);
    } catch (err) {
      // Nothing is left when the database could not be made (certutil missing, a full disk):
      // the directories made for it go, so the profile is as it was.
      if (created !== undefined) await rm(created, { recursive: true, force: true }).catch(() => undefined);
      throw err;
    }
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

const notFound = (r: { stderr: string; stdout: string }): boolean =>
  /could not find cert|PR_FILE_NOT_FOUND_ERROR/i.test(r.stderr + r.stdout);

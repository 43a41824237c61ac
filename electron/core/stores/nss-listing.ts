// Reading an NSS database with certutil: what its listings say, and every certificate in it in as
// few processes as possible. certutil has no "export every certificate": `-L -n NICK -a` prints
// one nickname's certificates, and each certutil process costs 20–100 ms of NSS start-up, so a
// store with 100 certificates took 100 processes. certutil's batch mode (`-B -i FILE`) runs
// many commands in one process over one open database; each export writes to its own file
// (`-o`), which tells the nicknames' certificates apart.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../platform/process-runner';
import type { CertificateInfo } from '../pki';
import { pemCertificates } from './store-support';

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

/** The last line of the header `certutil -L` prints before the certificates, even for none. */
export const LISTING_HEADER = 'SSL,S/MIME,JAR/XPI';

const TRUST_COLUMN = /^(.*\S)\s+([A-Za-z]*,[A-Za-z]*,[A-Za-z]*)\s*$/;

/**
 * Parses `certutil -L`. The nickname column is padded by bytes, so Japanese nicknames push the
 * trust column out of alignment: the trust flags are found as the last `x,y,z` token instead.
 */
export function parseCertutilList(stdout: string): NssListEntry[] {
  const lines = stdout.split(/\r?\n/);
  const header = lines.findIndex((l) => l.includes(LISTING_HEADER));
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
 * certutil reads a batch file line by line with fgets into 512 bytes, splits at white space and
 * takes "…" as one argument, with no escape for `"` (NSS certutil.c). A line it would cut or
 * split differently is not written: that nickname gets a process of its own.
 */
const MAX_BATCH_LINE_BYTES = 500;

/** A `"` ends the quoted argument; a control character (a line break) breaks the line. */
function quotable(text: string): boolean {
  return ![...text].some((ch) => ch === '"' || ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
}

/** The batch line exporting `nickname`'s certificates as PEM into `file`, or undefined when it cannot be one. */
export function exportLine(nickname: string, file: string): string | undefined {
  if (!quotable(nickname) || !quotable(file)) return undefined;
  const line = `-L -n "${nickname}" -a -o "${file}"`;
  return Buffer.byteLength(line, 'utf8') <= MAX_BATCH_LINE_BYTES ? line : undefined;
}

/** How the listing reaches certutil (NssStore runs them with the database's `-d`). */
export interface ListingTools {
  /** `certutil -L`'s output; rejects as any failed certutil run does. */
  list(): Promise<string>;
  /**
   * `certutil -B -i FILE`, resolving whatever the exit code (a batch stops at its first failing
   * command); when `listing`, rejects unless the listing's header is in its output.
   */
  batch(file: string, options: { readonly listing: boolean }): Promise<RunResult>;
  /** One nickname's certificates by a process of its own; [] when it is not (or no longer) there. */
  exportOne(nickname: string): Promise<CertificateInfo[]>;
  /** A private directory for the batch files and the PEM files, removed by the caller. */
  readonly dir: string;
  /** Told the listing as soon as it is known, before the exports run. */
  readonly listed?: (listing: readonly NssListEntry[]) => void;
}

export interface StoreContents {
  readonly listing: NssListEntry[];
  /** The certificates of every nickname of the listing. */
  readonly certificates: ReadonlyMap<string, CertificateInfo[]>;
}

interface BatchRound {
  readonly listing: NssListEntry[] | undefined;
  readonly exported: Map<string, CertificateInfo[]>;
  /** The export the batch stopped at (the nickname went away meanwhile, or cannot be read). */
  readonly stoppedAt: string | undefined;
  /** Exports after the one it stopped at, which never ran. */
  readonly notRun: string[];
  readonly unbatchable: string[];
}

/**
 * The listing and the certificates of every listed nickname. With `guesses` (the nicknames the
 * database most likely holds: those of the last listing, the one just imported) it is one
 * certutil process that lists and exports them; then one more for any nickname not guessed.
 * Without, one `certutil -L`, then one process for all exports.
 */
export async function readStoreContents(tools: ListingTools, guesses: readonly string[]): Promise<StoreContents> {
  let round = 0;
  const certificates = new Map<string, CertificateInfo[]>();
  let listing: NssListEntry[];
  if (guesses.length === 0) {
    listing = parseCertutilList(await tools.list());
    tools.listed?.(listing);
  } else {
    const first = await runBatch(tools, round++, guesses, true);
    listing = first.listing ?? [];
    tools.listed?.(listing);
    const listed = new Set(listing.map((e) => e.nickname));
    // A guess the listing does not show is gone, or was added after it: the listing decides.
    for (const [nickname, certs] of first.exported) if (listed.has(nickname)) certificates.set(nickname, certs);
  }
  let pending = [...new Set(listing.map((e) => e.nickname))].filter((n) => !certificates.has(n));
  while (pending.length > 0) {
    const next = await runBatch(tools, round++, pending, false);
    for (const [nickname, certs] of next.exported) certificates.set(nickname, certs);
    // Each round settles at least the export it stopped at, so this ends.
    for (const nickname of [...(next.stoppedAt === undefined ? [] : [next.stoppedAt]), ...next.unbatchable]) {
      certificates.set(nickname, await tools.exportOne(nickname));
    }
    pending = next.notRun;
  }
  return { listing, certificates };
}

async function runBatch(tools: ListingTools, round: number, nicknames: readonly string[], listing: boolean): Promise<BatchRound> {
  const lines = listing ? ['-L'] : [];
  const planned: { nickname: string; file: string }[] = [];
  const unbatchable: string[] = [];
  for (const [i, nickname] of nicknames.entries()) {
    const file = join(tools.dir, `${round}-${i}.pem`);
    const line = exportLine(nickname, file);
    if (line === undefined) unbatchable.push(nickname);
    else {
      lines.push(line);
      planned.push({ nickname, file });
    }
  }
  if (lines.length === 0) return { listing: undefined, exported: new Map(), stoppedAt: undefined, notRun: [], unbatchable };
  const batchFile = join(tools.dir, `${round}.batch`);
  await writeFile(batchFile, `${lines.join('\n')}\n`, { mode: 0o600, flag: 'wx' });
  const result = await tools.batch(batchFile, { listing });
  const exported = new Map<string, CertificateInfo[]>();
  // certutil opens an export's file before looking the nickname up: a failed export leaves it
  // empty, and those after it (never run) are absent.
  const texts = await Promise.all(planned.map(({ file }) => readFile(file, 'utf8').catch(() => '')));
  for (const [i, { nickname }] of planned.entries()) {
    const certs = pemCertificates(texts[i] ?? '', 'certutil -L -a');
    if (certs.length === 0) {
      const notRun = planned.slice(i + 1).map((p) => p.nickname);
      return { listing: listing ? parseCertutilList(result.stdout) : undefined, exported, stoppedAt: nickname, notRun, unbatchable };
    }
    exported.set(nickname, certs);
  }
  return { listing: listing ? parseCertutilList(result.stdout) : undefined, exported, stoppedAt: undefined, notRun: [], unbatchable };
}

/**
 * The nickname pk12util gives a CA certificate that comes without one (NSS's CERT_MakeCANickname):
 * the subject's CN (else OU), " - ", the issuer's O (else DC). Only a guess to export it in the
 * same process as the rest; a wrong one costs one more process.
 */
export function caNicknameGuess(ca: Pick<CertificateInfo, 'subject' | 'issuer'>): string | undefined {
  const first = attributeOf(ca.subject, 'CN') ?? attributeOf(ca.subject, 'OU');
  const org = attributeOf(ca.issuer, 'O') ?? attributeOf(ca.issuer, 'DC');
  if (first !== undefined && org !== undefined) return `${first} - ${org}`;
  return org ?? first;
}

/** An attribute's value in an RFC 4514 string, when it is plain (no escapes, no quotes). */
function attributeOf(dn: string, type: string): string | undefined {
  const match = new RegExp(`(?:^|,)\\s*${type}=([^,\\\\"+]*)(?=,|$)`, 'i').exec(dn);
  const value = match?.[1]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

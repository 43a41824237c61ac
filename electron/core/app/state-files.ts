// Per-user state of this PC, next to the enrollment journal: the issuer of the last successful
// enrollment and the CA pinned for each issuer, what this PC enrolled (to recognise a lost
// certificate, P8), and the app's preferences. None of it is a secret; each file is replaced
// atomically and read leniently (a torn or foreign file is as good as none: these are
// conveniences, never a reason to fail; a lost pin is learned again on the next contact).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { issuerKey, normaliseSha256, type ClientSettings, type RememberedIssuer } from '../config';
import { defaultJournalDir } from '../enrollment/journal';
import type { RememberedEnrollment } from './situation';

/** The per-user state directory (`~/.local/state/cjs-cert`, `%LOCALAPPDATA%\cjs-cert`). */
export function stateDir(env: NodeJS.ProcessEnv): string {
  return dirname(journalDir(env));
}

export function journalDir(env: NodeJS.ProcessEnv): string {
  return defaultJournalDir({ env, ...(env.HOME ? { home: env.HOME } : {}) });
}

export function rememberedIssuerPath(env: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'last-issuer.json');
}

export function rememberedEnrollmentsPath(env: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'enrollments.json');
}

/** Installs whose superseded certificates were not yet removed (enrollment/tidy-up.ts). */
export function tidyUpPath(env: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'tidy-up.json');
}

export function preferencesPath(env: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'preferences.json');
}

/** Per issuer address: its CA list as last accepted (`.pem`) and its pin (`.pin.json`). */
function issuerStatePath(env: NodeJS.ProcessEnv, issuerUrl: string, suffix: string): string {
  const name = createHash('sha256').update(issuerKey(issuerUrl)).digest('hex').slice(0, 16);
  return join(stateDir(env), 'issuers', `${name}${suffix}`);
}

/** The issuer's CA certificates as last accepted (PEM), for runs while it cannot be reached. */
export function issuerCaCachePath(env: NodeJS.ProcessEnv, issuerUrl: string): string {
  return issuerStatePath(env, issuerUrl, '.pem');
}

export function issuerPinPath(env: NodeJS.ProcessEnv, issuerUrl: string): string {
  return issuerStatePath(env, issuerUrl, '.pin.json');
}

/** The CAs this PC trusts as an issuer's (issuing/ca-pin.ts), as kept between runs. */
export interface IssuerPinRecord {
  /** SHA-256 fingerprints, upper-case hex: the first pinned CA and the successors accepted since. */
  readonly anchors: readonly string[];
  /** The configured fingerprint these anchors grew from; null when the first contact set them. */
  readonly configured: string | null;
}

/** The pin remembered for an issuer, or undefined (first contact, unreadable, foreign content). */
export async function readIssuerPin(env: NodeJS.ProcessEnv, issuerUrl: string): Promise<IssuerPinRecord | undefined> {
  const raw = (await readJson(issuerPinPath(env, issuerUrl))) as Record<string, unknown> | undefined;
  if (raw?.issuer !== issuerKey(issuerUrl) || !Array.isArray(raw.anchors)) return undefined;
  const anchors = raw.anchors.map((a) => (typeof a === 'string' ? normaliseSha256(a) : undefined));
  if (anchors.length === 0 || anchors.some((a) => a === undefined)) return undefined;
  const configured = typeof raw.configured === 'string' ? (normaliseSha256(raw.configured) ?? null) : null;
  return { anchors: anchors as string[], configured };
}

export async function writeIssuerPin(env: NodeJS.ProcessEnv, issuerUrl: string, pin: IssuerPinRecord): Promise<void> {
  await writeJsonAtomic(issuerPinPath(env, issuerUrl), {
    issuer: issuerKey(issuerUrl),
    anchors: pin.anchors,
    configured: pin.configured,
    updatedAt: new Date().toISOString(),
  });
}

/** The issuer of the last successful enrollment, or undefined (none yet, unreadable, foreign content). */
export async function readRememberedIssuer(env: NodeJS.ProcessEnv): Promise<RememberedIssuer | undefined> {
  const raw = await readJson(rememberedIssuerPath(env));
  const { issuerUrl, trustFiles } = (raw ?? {}) as Record<string, unknown>;
  if (typeof issuerUrl !== 'string' || !Array.isArray(trustFiles) || !trustFiles.every((f) => typeof f === 'string')) return undefined;
  // A trust file deleted since (an issuer data directory wiped) must not make every later run
  // fail on reading it; without it the TLS check says plainly what is wrong.
  return { issuerUrl, trustFiles: trustFiles.filter((f) => existsSync(f)) };
}

/** After a successful enrollment: the issuer and trust files become the defaults of later runs. */
export async function writeRememberedIssuer(env: NodeJS.ProcessEnv, settings: ClientSettings): Promise<void> {
  // Absolute paths: a later run from another directory must find the same trust files.
  const content: RememberedIssuer = { issuerUrl: settings.issuerUrl, trustFiles: settings.trustFiles.map((f) => resolve(f)) };
  await writeJsonAtomic(rememberedIssuerPath(env), content);
}

interface EnrollmentRecord {
  readonly issuer: string;
  readonly loginId: string;
  readonly serialNumber: string;
  readonly notAfter: string;
}

/** What this PC enrolled from this issuer: the latest certificate per login ID. */
export async function readRememberedEnrollments(env: NodeJS.ProcessEnv, issuerUrl: string): Promise<RememberedEnrollment[]> {
  const key = issuerKey(issuerUrl);
  return (await readEnrollmentRecords(env))
    .filter((r) => r.issuer === key)
    .map((r) => ({ loginId: r.loginId, serialNumber: r.serialNumber, notAfter: new Date(r.notAfter) }));
}

/** Recorded after every verified install; replaces the login ID's earlier record for the same issuer. */
export async function recordEnrollment(env: NodeJS.ProcessEnv, issuerUrl: string, enrollment: RememberedEnrollment): Promise<void> {
  const key = issuerKey(issuerUrl);
  const others = (await readEnrollmentRecords(env)).filter((r) => !(r.issuer === key && r.loginId === enrollment.loginId));
  const record: EnrollmentRecord = {
    issuer: key,
    loginId: enrollment.loginId,
    serialNumber: enrollment.serialNumber,
    notAfter: enrollment.notAfter.toISOString(),
  };
  await writeJsonAtomic(rememberedEnrollmentsPath(env), { enrollments: [...others, record] });
}

async function readEnrollmentRecords(env: NodeJS.ProcessEnv): Promise<EnrollmentRecord[]> {
  const raw = (await readJson(rememberedEnrollmentsPath(env))) as { enrollments?: unknown } | undefined;
  if (!Array.isArray(raw?.enrollments)) return [];
  return raw.enrollments.filter(isEnrollmentRecord);
}

function isEnrollmentRecord(value: unknown): value is EnrollmentRecord {
  const r = value as Record<string, unknown> | null;
  return (
    typeof r?.issuer === 'string' &&
    typeof r.loginId === 'string' &&
    typeof r.serialNumber === 'string' &&
    /^[0-9A-F]+$/.test(r.serialNumber) &&
    typeof r.notAfter === 'string' &&
    !Number.isNaN(Date.parse(r.notAfter))
  );
}

export async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** 0600 in a 0700 directory, through a rename: the next run never reads a half-written file. */
export async function writeJsonAtomic(path: string, content: unknown): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

// What puts a PC into one of the Status situations that no wizard run produces by itself, done
// for real: the issuer's clock moved for one request (a certificate obtained long ago, or one
// whose validity starts later than this PC's clock says), the certificate installed into the
// user's NSS store as the app installs it, a private key deleted with certutil, users added by
// the master through the issuer's API. Plus how a test reads the Status card as a clerk does.
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildPkcs12, randomPkcs12Password, readCertificate } from '../../electron/core/pki';
import { NssStore, parseCertutilKeys } from '../../electron/core/stores/nss-store';
import { friendlyNameFor } from '../../electron/core/enrollment/workflow';
import { rememberedEnrollmentsPath } from '../../electron/core/app/state-files';
import type { Clock } from '../../issuer/src/domain/clock';
import type { ShotLanguage } from './app-checks';
import { userEnv } from './app-host';
import type { AppSession } from './app-session';
import { enroll, type Enrolled } from './est-client';
import { DEMO_PASSWORD, httpsCall, type TestIssuer } from './issuer';

const run = promisify(execFile);
const DAY_MS = 86_400_000;

/** The issuer's clock, moved by whole days while a test needs it (the test-only clock offset of the issuer). */
export interface MovableClock extends Clock {
  /** From now on the issuer's time is `days` away from the real time (0: the real time again). */
  moveTo(days: number): void;
}

export function movableClock(days = 0): MovableClock {
  let offsetMs = days * DAY_MS;
  return {
    now: () => new Date(Date.now() + offsetMs),
    moveTo(to) {
      offsetMs = to * DAY_MS;
    },
  };
}

/**
 * A real EST enrollment (key, CSR, password) answered while the issuer's clock stands `days`
 * away from now: −390 is a certificate obtained 390 days ago, +3 one whose validity starts in
 * three days as this PC's clock counts (the PC's clock is three days behind the issuer's).
 */
export async function obtainedAt(issuer: TestIssuer, clock: MovableClock, loginId: string, days: number): Promise<Enrolled> {
  clock.moveTo(days);
  try {
    return await enroll(issuer, loginId);
  } finally {
    clock.moveTo(0);
  }
}

/** Installs an obtained certificate and its key into the user's store, as the app's install step does. */
export async function installInStore(home: string, issuer: TestIssuer, obtained: Enrolled): Promise<void> {
  const caCert = readCertificate(await readFile(issuer.caCertPath, 'utf8'));
  const loginId = obtained.certificate.subjectCommonName ?? '';
  const friendlyName = friendlyNameFor(loginId, obtained.certificate);
  const password = randomPkcs12Password();
  const pkcs12 = buildPkcs12({
    privateKey: obtained.keyPair.privateKey,
    certificate: obtained.certificate.der,
    chain: [caCert.der],
    friendlyName,
    password,
  });
  await new NssStore({ home }).install({ pkcs12, password, certificate: obtained.certificate, friendlyName });
}

/** Deletes the private key of the login ID's certificate from the store and leaves the certificate: a damaged store (Q21(3), Q22(3)). */
export async function deleteKeyByHand(home: string, loginId: string): Promise<void> {
  const db = `sql:${join(home, '.pki', 'nssdb')}`;
  const keys = parseCertutilKeys((await run('certutil', ['-K', '-d', db], { timeout: 15_000 })).stdout);
  const key = keys.find((k) => k.label.split(/\s+/).includes(loginId));
  if (!key) throw new Error(`no private key of ${loginId} in the store`);
  await run('certutil', ['-F', '-d', db, '-k', key.keyId], { timeout: 15_000 });
}

/** The store and what the PC remembers of its enrollments emptied: the next situation starts on a clean PC profile. */
export async function emptyProfile(home: string): Promise<void> {
  await rm(join(home, '.pki', 'nssdb'), { recursive: true, force: true });
  await rm(rememberedEnrollmentsPath(userEnv(home)), { force: true });
}

/** The master user (master01) registers a general user with the demo password. */
export async function masterAddsUser(issuer: TestIssuer, loginId: string): Promise<void> {
  const res = await httpsCall(issuer.estUrl, issuer.tlsCaPem, {
    method: 'POST',
    path: '/api/v1/users',
    body: JSON.stringify({ loginId, password: DEMO_PASSWORD }),
    contentType: 'application/json',
    auth: { loginId: 'master01', password: DEMO_PASSWORD },
  });
  if (res.status !== 201) throw new Error(`POST user ${loginId} → ${res.status}`);
}

/** The user obtains a certificate through the same core the window talks to (the wizard has its own journey). */
export async function enrolledThroughApp(s: AppSession, loginId: string): Promise<void> {
  // Some situations need two users on one PC: the second one confirmed, as the wizard asks (Q6).
  const res = await s.host.router.invoke('enrollment.start', {
    operation: 'enroll',
    loginId,
    password: DEMO_PASSWORD,
    allowSecondUser: true,
  });
  if (!res.ok) throw new Error(`enrollment of ${loginId} failed: ${JSON.stringify(res.error)}`);
}

/** The app opened again in the given language (as after choosing it in Settings), on the Status screen with its card shown. */
export async function statusIn(s: AppSession, language: ShotLanguage): Promise<void> {
  const set = await s.host.router.invoke('settings.set', { language });
  if (!set.ok) throw new Error(`settings.set failed: ${JSON.stringify(set.error)}`);
  await s.go('status');
  await s.page.reload();
  await s.byTestId('status-card').waitFor({ state: 'visible', timeout: 30_000 });
  await s.page.waitForFunction(
    (lang) => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang === lang,
    language,
  );
}

/** What a clerk reads on the Status card, as text. */
export interface StatusCardText {
  readonly situation: string | null;
  readonly headline: string;
  readonly badge: string;
  readonly explanation: string;
  /** null when the card shows no login ID row. */
  readonly loginId: string | null;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly daysLeft: string | null;
  readonly actor: string;
  /** The one primary button's label. */
  readonly primaryAction: string;
  /** Every other action button's label, in order. */
  readonly otherActions: readonly string[];
  /** The FAQ references linked from the card, in order. */
  readonly faq: readonly string[];
}

export async function readStatusCard(s: AppSession): Promise<StatusCardText> {
  const card = s.byTestId('status-card');
  const optional = async (id: string) => ((await s.byTestId(id).count()) > 0 ? ((await s.byTestId(id).textContent())?.trim() ?? '') : null);
  const text = async (id: string) => (await s.byTestId(id).textContent())?.trim() ?? '';
  return {
    situation: await card.getAttribute('data-situation'),
    headline: await text('status-headline'),
    badge: await text('status-badge'),
    explanation: await text('status-explanation'),
    loginId: await optional('status-login-id'),
    validFrom: await optional('status-valid-from'),
    validTo: await optional('status-valid-to'),
    daysLeft: await optional('status-days-left'),
    actor: await text('status-actor'),
    primaryAction: await text('status-primary-action'),
    otherActions: (await card.locator('[data-testid^="status-action-"], [data-testid="status-contact-copy"]').allTextContents()).map((t) =>
      t.trim(),
    ),
    faq: (await card.locator('[data-testid^="faq-link-"]').allTextContents()).map((t) => t.trim()),
  };
}

/** The date as the card writes it in the PC's time zone (Asia/Tokyo, as the test browser runs): `2026年12月4日` / `4 December 2026`. */
export function cardDate(iso: Date, language: ShotLanguage): string {
  return new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'long', timeZone: 'Asia/Tokyo' }).format(iso);
}

// The master user's console in the real renderer, over the real router, core, issuer and NSS
// stores (issue 11 item 1): the master on one PC, user02 on another (its own HOME, store and
// window) against the same issuer. Every new screen and state photographed in ja and en.
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readCertificate, readCrl } from '../../../electron/core/pki';
import { openAppWindow, type AppWindow } from '../../helpers/app-browser';
import { startAppHost, type AppHost } from '../../helpers/app-host';
import { DEMO_PASSWORD, LANGUAGES, startAppSession, type AppSession } from '../../helpers/app-session';
import { httpsCall, type TestIssuer } from '../../helpers/issuer';

// Two browsers, an issuer and several RSA keys on a shared 2-core machine: bounded, with room.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const NEW_PASSWORD = 'handed-over-2026';
const SECOND_PASSWORD = 'handed-over-again-2026';

async function revokedSerials(issuer: TestIssuer): Promise<Set<string>> {
  const res = await httpsCall(issuer.estUrl, issuer.tlsCaPem, { path: '/crl' });
  return (await readCrl(res.body, readCertificate(await readFile(issuer.caCertPath, 'utf8')))).revokedSerials;
}

/** Another PC of the same contract: user02's own HOME, store and window, on the same issuer. */
interface OtherPc {
  readonly host: AppHost;
  readonly win: AppWindow;
  go(screen: string): Promise<void>;
  stop(): Promise<void>;
}

async function otherPc(issuer: TestIssuer, language: 'ja' | 'en'): Promise<OtherPc> {
  const home = await mkdtemp(join(tmpdir(), 'cjs-app-home-user02-'));
  await mkdir(join(home, '.local', 'state'), { recursive: true });
  const host = startAppHost({ home, issuerUrl: issuer.estUrl, loginUrl: issuer.loginUrl, trustFile: issuer.tlsCaCertPath });
  await host.router.invoke('settings.set', { language });
  const win = await openAppWindow({ home, transport: host.transport });
  return {
    host,
    win,
    async go(screen) {
      await win.page.goto(`${win.url}#/${screen}`);
      await win.page.getByTestId(`screen-${screen}`).waitFor({ state: 'visible' });
    },
    async stop() {
      await win.close().catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
}

async function signIn(s: AppSession, loginId: string, password = DEMO_PASSWORD): Promise<void> {
  await s.byTestId('console-login-id').fill(loginId);
  await s.byTestId('console-password').fill(password);
  await s.byTestId('console-sign-in-submit').click();
}

async function setPasswords(s: AppSession, password: string): Promise<void> {
  await s.byTestId('console-new-password').fill(password);
  await s.byTestId('console-new-password-again').fill(password);
}

/** user02 obtains a certificate through the wizard on its own PC. */
async function enrolsThroughWizard(pc: OtherPc, password: string): Promise<void> {
  await pc.go('enroll');
  // The wizard keeps showing its last outcome (verified) for the life of the window: user02
  // opens the app anew, as after the master's call (a new run of the wizard from Status is issue 11 item 3).
  if ((await pc.win.page.getByTestId('enroll-verified').count()) > 0) {
    await pc.win.page.reload();
    await pc.win.page.getByTestId('enroll-form').waitFor();
  }
  await pc.win.page.getByTestId('enroll-login-id').fill('user02');
  await pc.win.page.getByTestId('enroll-password').fill(password);
  await pc.win.page.getByTestId('enroll-submit').click();
  await pc.win.page.getByTestId('enroll-verified').waitFor({ timeout: 90_000 });
  expect(await pc.win.page.getByTestId('enroll-verified-login-id').textContent()).toContain('user02');
}

async function situationOf(pc: OtherPc, kind: string): Promise<void> {
  await pc.go('status');
  // What user02 does on its own PC: "check again" (the master's change happened on another PC).
  await pc.win.page.getByTestId('status-refresh').click();
  await expect.poll(() => pc.win.page.getByTestId('status-card').getAttribute('data-situation'), { timeout: 15_000 }).toBe(kind);
}

const MASTER = { ja: /マスター/, en: /master/i } as const;

describe.each(LANGUAGES)('the master user console (%s)', (language) => {
  let s: AppSession;
  let pc: OtherPc | undefined;
  beforeEach(async () => {
    s = await startAppSession({ language, issuer: { policy: { throttleAfterFailures: 1000 } } });
  });
  afterEach(async () => {
    await pc?.stop();
    pc = undefined;
    await s?.stop();
  });

  it('refuses a general user; the master deletes user02 (revoked at once, its Status says so), then adds and re-registers it, and user02 enrols again', async () => {
    pc = await otherPc(s.issuer, language);
    const enrolled = await pc.host.router.invoke('enrollment.start', { operation: 'enroll', loginId: 'user02', password: DEMO_PASSWORD });
    if (!enrolled.ok) throw new Error(`user02 enrolment failed: ${JSON.stringify(enrolled.error)}`);
    const firstSerial = (enrolled.value as { certificate: { serialNumber: string } }).certificate.serialNumber;

    await s.go('console');
    await s.byTestId('console-sign-in').waitFor();
    expect(await s.byTestId('console-sign-in-memory').textContent()).toMatch(language === 'ja' ? /10分/ : /10 minutes/);
    await s.check('console-sign-in');

    // A general user: the issuer refuses (CJS-E-FORBIDDEN) and the screen says who can.
    await signIn(s, 'user01');
    await s.byTestId('console-forbidden').waitFor();
    expect(await s.byTestId('error-code').textContent()).toBe('CJS-E-FORBIDDEN');
    expect(await s.byTestId('console-forbidden').textContent()).toMatch(
      language === 'ja' ? /マスターユーザーに依頼/ : /Ask your master user/,
    );
    expect(await s.byTestId('console-password').inputValue()).toBe(''); // the password left the screen with the request
    await s.check('console-forbidden');

    await signIn(s, 'master01');
    await s.byTestId('console-users').waitFor();
    expect(await s.byTestId('console-seats').textContent()).toMatch(/3 \/ 11/);
    expect(await s.byTestId('console-state-user02').textContent()).toMatch(language === 'ja' ? /有効/ : /Active/);
    expect(await s.byTestId('console-state-user01').textContent()).toMatch(language === 'ja' ? /証明書なし/ : /No certificate/);
    expect(await s.byTestId('console-bank-only-master01').isVisible()).toBe(true);
    expect(await s.byTestId('console-delete-master01').count()).toBe(0);
    await s.check('console-list');

    // Delete: the dialog says the certificate is revoked at once (P9).
    await s.byTestId('console-delete-user02').click();
    await s.byTestId('console-dialog').waitFor();
    expect(await s.byTestId('console-dialog-consequence').textContent()).toContain(firstSerial);
    await s.check('console-delete');
    const clicked = Date.now();
    await s.byTestId('console-dialog-confirm').click();
    await expect.poll(async () => (await revokedSerials(s.issuer)).has(firstSerial), { timeout: 1_000, interval: 50 }).toBe(true);
    const inCrlMs = Date.now() - clicked;
    expect(inCrlMs).toBeLessThan(1_000);
    await s.byTestId('console-done').waitFor();
    expect(await s.byTestId('console-done').textContent()).toContain(firstSerial);
    expect(await s.byTestId('console-row-user02').count()).toBe(0);
    expect(await s.byTestId('console-seats').textContent()).toMatch(/2 \/ 11/);
    await s.check('console-deleted');

    // user02's PC: revoked, and the master must register the ID again.
    await situationOf(pc, 'revoked');
    expect(await pc.win.page.getByTestId('status-actor').textContent()).toMatch(MASTER[language]);

    // The master registers user02 again (add, with an initial password set twice) and is told what to hand over.
    await s.byTestId('console-add').click();
    await s.byTestId('console-new-login-id').fill('user02');
    await s.byTestId('console-new-password').fill(NEW_PASSWORD);
    await s.byTestId('console-new-password-again').fill('mistyped-password');
    await s.byTestId('console-dialog-confirm').click();
    await expect.poll(() => s.byTestId('console-dialog').textContent()).toMatch(language === 'ja' ? /一致しません/ : /differ/);
    await s.check('console-add');
    await setPasswords(s, NEW_PASSWORD);
    await s.byTestId('console-dialog-confirm').click();
    await s.byTestId('console-hand-over').waitFor();
    const handOver = await s.byTestId('console-hand-over').textContent();
    expect(handOver).toContain('user02');
    expect(handOver).not.toContain(NEW_PASSWORD);
    await s.check('console-added');

    // user02 enrols again through the wizard with the new initial password.
    await enrolsThroughWizard(pc, NEW_PASSWORD);
    await s.byTestId('console-refresh').click();
    await expect.poll(() => s.byTestId('console-row-user02').getAttribute('data-state')).toBe('active');

    // Re-register in one step (delete + add, P10): the certificate is revoked, user02 enrols again.
    const second = (await pc.host.router.invoke('situation.get', {})) as { ok: true; value: { certificate: { serialNumber: string } } };
    const secondSerial = second.value.certificate.serialNumber;
    await s.byTestId('console-reregister-user02').click();
    await s.byTestId('console-dialog').waitFor();
    await setPasswords(s, SECOND_PASSWORD);
    await s.check('console-reregister');
    await s.byTestId('console-dialog-confirm').click();
    await s.byTestId('console-hand-over').waitFor();
    expect(await s.byTestId('console-done').textContent()).toContain(secondSerial);
    expect(await s.byTestId('console-hand-over').getAttribute('data-kind')).toBe('reregister');
    expect(await s.byTestId('console-row-user02').getAttribute('data-state')).toBe('no-certificate');
    expect((await revokedSerials(s.issuer)).has(secondSerial)).toBe(true);
    await s.check('console-reregistered');
    // user02's Status moves on from "revoked" to "re-registered: obtain a new certificate".
    await situationOf(pc, 'reregistered');
    await enrolsThroughWizard(pc, SECOND_PASSWORD);

    // Nothing the master typed ever came back out of the core.
    const out = JSON.stringify(s.host.events);
    for (const secret of [DEMO_PASSWORD, NEW_PASSWORD, SECOND_PASSWORD]) expect(out).not.toContain(secret);
    expect(s.host.problems).toEqual([]);
  });

  it('unlocks a locked user, resets a password (which then enrols), and shows the bank-only refusal for the master itself', async () => {
    // user01 locked by five wrong passwords.
    for (let i = 0; i < 5; i += 1) {
      await httpsCall(s.issuer.estUrl, s.issuer.tlsCaPem, {
        path: '/api/v1/users',
        auth: { loginId: 'user01', password: 'wrong-password' },
      });
    }
    await s.go('console');
    await signIn(s, 'master01');
    await s.byTestId('console-users').waitFor();
    expect(await s.byTestId('console-row-user01').getAttribute('data-state')).toBe('locked');
    expect(await s.byTestId('console-locked-until-user01').isVisible()).toBe(true);
    await s.check('console-locked');

    await s.byTestId('console-unlock-user01').click();
    await s.byTestId('console-dialog').waitFor();
    await s.check('console-unlock');
    await s.byTestId('console-dialog-confirm').click();
    await s.byTestId('console-done').waitFor();
    expect(await s.byTestId('console-row-user01').getAttribute('data-state')).toBe('no-certificate');
    expect(await s.byTestId('console-locked-until-user01').count()).toBe(0);
    await s.check('console-unlocked');

    // Reset user01's password, then user01 enrols with it (on this PC, through the same core).
    await s.byTestId('console-reset-password-user01').click();
    await setPasswords(s, NEW_PASSWORD);
    await s.check('console-reset-password');
    await s.byTestId('console-dialog-confirm').click();
    await s.byTestId('console-hand-over').waitFor();
    expect(await s.byTestId('console-hand-over').getAttribute('data-kind')).toBe('reset-password');
    await s.check('console-password-reset');
    const old = await s.host.router.invoke('enrollment.start', { operation: 'enroll', loginId: 'user01', password: DEMO_PASSWORD });
    expect(old).toMatchObject({ ok: false, error: { code: 'CJS-E-AUTH' } });
    const enrolled = await s.host.router.invoke('enrollment.start', { operation: 'enroll', loginId: 'user01', password: NEW_PASSWORD });
    expect(enrolled).toMatchObject({ ok: true, value: { loginId: 'user01' } });

    // A link prepares the master's own password reset: the dialog says only the bank can, and
    // trying shows the issuer's refusal.
    await s.page.goto(`${s.win.url}#/console/reset-password/master01`);
    await s.byTestId('console-dialog').waitFor();
    expect(await s.byTestId('console-dialog-bank-only').isVisible()).toBe(true);
    await setPasswords(s, NEW_PASSWORD);
    await s.byTestId('console-dialog-confirm').click();
    await s.byTestId('error-panel').waitFor();
    expect(await s.byTestId('error-code').textContent()).toBe('CJS-E-BANK-ONLY');
    // The passwords typed left the screen with the request.
    expect(await s.byTestId('console-new-password').inputValue()).toBe('');
    expect(await s.byTestId('console-new-password-again').inputValue()).toBe('');
    await s.check('console-bank-only');
    await s.byTestId('console-dialog-cancel').click();

    // The core forgot the password behind the screen (10 idle minutes, or the window closed):
    // the next request is refused and the screen asks to sign in again.
    await s.host.router.invoke('console.signOut', {});
    await s.byTestId('console-refresh').click();
    await s.byTestId('console-expired').waitFor();
    expect(await s.byTestId('console-sign-in').isVisible()).toBe(true);
    await s.check('console-expired');

    // Signing out forgets the password: the next request needs a new sign-in.
    await signIn(s, 'master01');
    await s.byTestId('console-users').waitFor();
    await s.byTestId('console-sign-out').click();
    await s.byTestId('console-sign-in').waitFor();
    expect(await s.host.router.invoke('console.list', {})).toMatchObject({ ok: false, error: { code: 'CONSOLE-SIGNED-OUT' } });
    expect(JSON.stringify(s.host.events)).not.toContain(NEW_PASSWORD);
  });
});

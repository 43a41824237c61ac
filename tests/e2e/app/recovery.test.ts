// Guided recovery (issue 11, item 3) and one user per PC (item 4), as a user goes through them:
// each path names who acts and hands them the text to send — a general user's to the master
// user, a master user's to the bank with the certificate's serial — and the Status screen moves
// on by itself once the master user has re-registered the ID.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD, httpsCall } from '../../helpers/issuer';
import { LANGUAGES, startAppSession, type AppSession, JOURNEY_TIMEOUT_MS } from '../../helpers/app-session';

vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS, hookTimeout: JOURNEY_TIMEOUT_MS });

async function enrolled(s: AppSession, loginId = 'user01'): Promise<string> {
  const res = await s.host.router.invoke('enrollment.start', { operation: 'enroll', loginId, password: DEMO_PASSWORD });
  if (!res.ok) throw new Error(`enrollment failed: ${JSON.stringify(res.error)}`);
  return (res.value as { certificate: { serialNumber: string } }).certificate.serialNumber;
}

async function situationShown(s: AppSession, kind: string): Promise<void> {
  await expect.poll(() => s.byTestId('status-card').getAttribute('data-situation'), { timeout: 15_000 }).toBe(kind);
}

/** The window gets the focus back, as when the user switches to it from the mail to the master user. */
async function focusBack(s: AppSession): Promise<void> {
  await s.page.evaluate(() => (globalThis as unknown as EventTarget).dispatchEvent(new Event('focus')));
}

describe.each(LANGUAGES)('guided recovery (%s)', (language) => {
  let s: AppSession;
  afterEach(async () => {
    await s?.stop();
  });

  it('lost: the text for the master user, the bank request with the serial for a master user, and the console link', async () => {
    s = await startAppSession({ language });
    const serial = await enrolled(s);
    await s.deleteCertificateByHand('user01');
    await s.go('status');
    await situationShown(s, 'lost');
    const text = () => s.byTestId('status-contact-text').textContent();
    expect(await text()).toContain('user01');
    expect(await text()).not.toContain(serial);
    expect(await s.byTestId('status-contact-console').getAttribute('href')).toBe('#/console/reregister/user01');
    await s.check('recovery-lost');
    await s.byTestId('status-contact-role-master').click();
    await expect.poll(text).toContain(serial);
    expect(await text()).toMatch(language === 'ja' ? /マスターユーザー「user01」.*失効をお願いします/ : /master user "user01".*revoke/);
    // The master user's own step is the bank's: no console link for it.
    expect(await s.byTestId('status-contact-console').count()).toBe(0);
    await s.check('recovery-lost-master');
  });

  it('revoked → re-registered: Status moves on by itself (no reload), and the wizard completes the path', async () => {
    s = await startAppSession({ language });
    await enrolled(s);
    await s.go('status');
    await situationShown(s, 'valid');
    await s.masterDeletesUser('user01');
    await focusBack(s);
    await situationShown(s, 'revoked');
    expect(await s.byTestId('status-contact-text').textContent()).toContain('user01');
    await s.check('recovery-revoked');

    const add = await httpsCall(s.issuer.estUrl, s.issuer.tlsCaPem, {
      path: '/api/v1/users',
      body: JSON.stringify({ loginId: 'user01', password: 'initial-pass-01' }),
      contentType: 'application/json',
      auth: { loginId: 'master01', password: DEMO_PASSWORD },
    });
    expect(add.status).toBe(201);
    await focusBack(s);
    await situationShown(s, 'reregistered');
    expect(await s.byTestId('status-actor').textContent()).toMatch(language === 'ja' ? /ご本人/ : /you/i);
    expect(await s.byTestId('status-contact').count()).toBe(0);
    expect(await s.byTestId('status-valid-to').count()).toBe(0);
    await s.check('recovery-reregistered');

    await s.byTestId('status-primary-action').click();
    await s.byTestId('screen-enroll').waitFor();
    await expect.poll(() => s.byTestId('enroll-login-id').inputValue()).toBe('user01');
    await s.byTestId('enroll-password').fill('initial-pass-01');
    await s.byTestId('enroll-submit').click();
    await s.byTestId('enroll-go-status').waitFor({ timeout: 60_000 });
    await s.byTestId('enroll-go-status').click();
    await situationShown(s, 'valid');
  });

  it('moving to a new PC: the valid card explains P11 and hands over the request', async () => {
    s = await startAppSession({ language });
    const serial = await enrolled(s);
    await s.go('status');
    await situationShown(s, 'valid');
    await s.byTestId('status-moving').click();
    await s.byTestId('status-moving-guide').waitFor();
    expect(await s.byTestId('status-moving-contact-text').textContent()).toContain('user01');
    await s.check('recovery-moving', { fullPage: true });
    await s.byTestId('status-moving-contact-role-master').click();
    await expect.poll(() => s.byTestId('status-moving-contact-text').textContent()).toContain(serial);
  });

  it('locked after a wrong password: the wizard says so and gives the unlock request for the master user', async () => {
    s = await startAppSession({ language, issuer: { policy: { maxFailedLogins: 1 } } });
    await s.go('enroll');
    await s.byTestId('enroll-login-id').fill('user01');
    await s.byTestId('enroll-password').fill('wrong-password');
    await s.byTestId('enroll-submit').click();
    await s.byTestId('error-panel').waitFor({ timeout: 60_000 });
    await s.byTestId('enroll-retry').click();
    await s.byTestId('enroll-password').fill(DEMO_PASSWORD);
    await s.byTestId('enroll-submit').click();
    await expect.poll(() => s.byTestId('error-code').textContent(), { timeout: 60_000 }).toContain('CJS-E-LOCKED');
    const text = await s.byTestId('enroll-contact-text').textContent();
    expect(text).toContain('user01');
    expect(text).not.toContain(DEMO_PASSWORD);
    expect(await s.byTestId('enroll-contact-console').getAttribute('href')).toBe('#/console/unlock/user01');
    // Status knows nothing of the lock: no button sends the user there first.
    expect(await s.byTestId('enroll-go-status').count()).toBe(0);
    await s.check('recovery-locked', { fullPage: true });
  });
});

describe.each(LANGUAGES)('one user per PC (%s)', (language) => {
  let s: AppSession;
  afterEach(async () => {
    await s?.stop();
  });

  it('enrolling user02 beside user01: a warning about the browser picker and an explicit confirmation first', async () => {
    s = await startAppSession({ language });
    await enrolled(s, 'user01');
    await s.go('status');
    await situationShown(s, 'valid');
    await s.go('enroll');
    await s.byTestId('enroll-login-id').fill('user02');
    await s.byTestId('enroll-second-user').waitFor();
    expect(await s.byTestId('enroll-second-user').textContent()).toContain('user01');
    await s.byTestId('enroll-password').fill(DEMO_PASSWORD);
    await s.byTestId('enroll-submit').click();
    // Not confirmed: nothing sent, the form says what is missing.
    expect(s.calls('enrollment.start')).toBe(0);
    await expect
      .poll(() => s.byTestId('enroll-form').textContent())
      .toContain(language === 'ja' ? '確認のチェック' : 'Tick the confirmation');
    await s.check('enroll-second-user', { fullPage: true });
    await s.byTestId('enroll-second-user-confirm').click();
    await s.byTestId('enroll-password').fill(DEMO_PASSWORD);
    await s.byTestId('enroll-submit').click();
    await s.byTestId('enroll-go-status').waitFor({ timeout: 60_000 });
    expect(await s.certutilList()).toContain('user02');
  });

  it('the core refuses a second user without the confirmation, whatever the surface (ENROLL-SECOND-USER)', async () => {
    s = await startAppSession({ language });
    await enrolled(s, 'user01');
    const res = await s.host.router.invoke('enrollment.start', { operation: 'enroll', loginId: 'user02', password: DEMO_PASSWORD });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error.code).toBe('ENROLL-SECOND-USER');
    expect(await s.certutilList()).not.toContain('user02');
  });
});

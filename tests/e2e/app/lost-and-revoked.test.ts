// When the certificate is gone, the app must say why and who acts — never send the user round in
// circles (issue 7, "Why"): deleted by hand from the store while still active at the issuer
// (lost: the master must revoke it, Q11/Q22), or revoked because the master deleted the user ID.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD, LANGUAGES, startAppSession, type AppSession, JOURNEY_TIMEOUT_MS } from '../../helpers/app-session';

// A browser, an issuer and RSA keys on a shared 2-core machine: bounded, with room to spare.
vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS, hookTimeout: JOURNEY_TIMEOUT_MS });

/** user01 obtained through the same core the window talks to (the wizard has its own journey). */
async function enrolled(s: AppSession): Promise<void> {
  const res = await s.host.router.invoke('enrollment.start', { operation: 'enroll', loginId: 'user01', password: DEMO_PASSWORD });
  if (!res.ok) throw new Error(`enrollment failed: ${JSON.stringify(res.error)}`);
}

async function situationShown(s: AppSession, kind: string): Promise<void> {
  await s.go('status');
  await expect.poll(() => s.byTestId('status-card').getAttribute('data-situation'), { timeout: 15_000 }).toBe(kind);
}

describe.each(LANGUAGES)('a certificate gone from this PC (%s)', (language) => {
  let s: AppSession;
  beforeEach(async () => {
    s = await startAppSession({ language });
    await enrolled(s);
  });
  afterEach(async () => {
    await s?.stop();
  });

  it('deleted by hand: Status explains the lost certificate, that the master must act, and the wizard refuses with the same words', async () => {
    await s.deleteCertificateByHand('user01');
    await situationShown(s, 'lost');
    expect(await s.byTestId('status-login-id').textContent()).toContain('user01');
    const actor = await s.byTestId('status-actor').textContent();
    expect(actor).toMatch(language === 'ja' ? /マスター/ : /master/i);
    await s.check('status-lost');

    // Obtaining again is refused before anything is sent to the issuer, with the same actor.
    await s.go('enroll');
    await s.byTestId('enroll-login-id').fill('user01');
    await s.byTestId('enroll-password').fill(DEMO_PASSWORD);
    await s.byTestId('enroll-submit').click();
    await s.byTestId('error-panel').waitFor();
    expect(await s.byTestId('error-code').textContent()).toContain('ENROLL-LOST');
    expect(await s.byTestId('error-actor').textContent()).toMatch(language === 'ja' ? /マスター/ : /master/i);
    // Refused at the first step, and the way on is Status (the request to the master user), not a retry.
    expect(await s.byTestId('enroll-step-credentials').getAttribute('data-status')).toBe('failed');
    expect(await s.byTestId('enroll-go-status').isVisible()).toBe(true);
    await s.check('enroll-refused-lost');
  });

  it('user deleted by the master: Status shows it revoked, and that the master must register the ID again', async () => {
    await s.masterDeletesUser('user01');
    await situationShown(s, 'revoked');
    const actor = await s.byTestId('status-actor').textContent();
    expect(actor).toMatch(language === 'ja' ? /マスター/ : /master/i);
    // Revoked, it no longer logs in: no "365 days left" to suggest otherwise.
    expect(await s.byTestId('status-days-left').count()).toBe(0);
    await s.check('status-revoked');
    await s.go('certificates');
    const row = s.page.locator('[data-testid^="certificate-row-"]').first();
    await expect.poll(() => row.getAttribute('data-state')).toBe('revoked');
    expect(await row.locator('[data-testid^="certificate-expiry-"]').textContent()).not.toMatch(language === 'ja' ? /あと/ : /left/);
    await s.check('certificates-revoked');
  });
});

// What a user sees when it goes wrong: a wrong password and an issuer that is down each show
// their code, a plain explanation, who must act and the next step — never a blank window.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LANGUAGES, startAppSession, type AppSession, JOURNEY_TIMEOUT_MS } from '../../helpers/app-session';

// A browser, an issuer and RSA keys on a shared 2-core machine: bounded, with room to spare.
vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS, hookTimeout: JOURNEY_TIMEOUT_MS });

describe.each(LANGUAGES)('failures the user can act on (%s)', (language) => {
  let s: AppSession;
  beforeAll(async () => {
    s = await startAppSession({ language });
  });
  afterAll(async () => {
    await s?.stop();
  });

  async function submit(loginId: string, password: string): Promise<void> {
    await s.go('enroll');
    // After a failed attempt the wizard shows it with "try again" until the user asks for the form.
    await s.byTestId('enroll-form').or(s.byTestId('enroll-retry')).first().waitFor();
    if (await s.byTestId('enroll-retry').isVisible()) await s.byTestId('enroll-retry').click();
    await s.byTestId('enroll-form').waitFor();
    await s.byTestId('enroll-login-id').fill(loginId);
    await s.byTestId('enroll-password').fill(password);
    await s.byTestId('enroll-submit').click();
    await s.byTestId('error-panel').waitFor({ timeout: 30_000 });
  }

  it('a wrong password: CJS-E-AUTH, the user acts, the password field is empty for a second try', async () => {
    await submit('user01', 'not-the-password');
    expect(await s.byTestId('error-code').textContent()).toContain('CJS-E-AUTH');
    expect(await s.byTestId('error-actor').textContent()).toMatch(language === 'ja' ? /ご本人/ : /\byou\b/i);
    expect(await s.byTestId('error-explanation').textContent()).not.toBe('');
    expect(await s.page.content()).not.toContain('not-the-password');
    await s.check('enroll-error-auth');
    await s.byTestId('enroll-retry').click();
    expect(await s.byTestId('enroll-login-id').inputValue()).toBe('user01');
    expect(await s.byTestId('enroll-password').inputValue()).toBe('');
  });

  it('the issuer down: Status says it cannot be reached; enrolling shows ISSUE-REFUSED, the bank to contact', async () => {
    await s.issuer.stop();
    await s.go('status');
    await s.byTestId('status-refresh').click();
    await expect.poll(() => s.byTestId('status-issuer-unreachable').isVisible(), { timeout: 20_000 }).toBe(true);
    await s.check('status-issuer-down');

    await submit('user01', 'any-password');
    // Nothing accepts connections at the issuer's address: its service is down, which the bank mends.
    expect(await s.byTestId('error-code').textContent()).toMatch(/ISSUE-REFUSED/);
    expect(await s.byTestId('error-actor').textContent()).toMatch(language === 'ja' ? /労金/ : /Bank/);
    await s.check('enroll-error-issuer-down');
  });
});

// Renewal inside the window (P6), in the window: the issuer's test override makes 20-day
// certificates, inside the 30-day renewal window from the start. Status offers renewal as the one
// next step; the wizard opens on "renew" for that login ID, installs the new certificate and
// removes the old one.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD, LANGUAGES, startAppSession, type AppSession, JOURNEY_TIMEOUT_MS } from '../../helpers/app-session';

// A browser, an issuer and RSA keys on a shared 2-core machine: bounded, with room to spare.
vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS, hookTimeout: JOURNEY_TIMEOUT_MS });

interface Listed {
  certificates: { serialNumber: string; loginId: string | null }[];
}

async function serials(s: AppSession): Promise<string[]> {
  const res = await s.host.router.invoke('certificates.list', {});
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return (res.value as Listed).certificates.map((c) => c.serialNumber);
}

describe.each(LANGUAGES)('renewal inside the window (%s)', (language) => {
  let s: AppSession;
  let oldSerial: string;
  beforeAll(async () => {
    s = await startAppSession({ language, issuer: { policy: { validityDays: 20 } } });
    const res = await s.host.router.invoke('enrollment.start', { operation: 'enroll', loginId: 'user02', password: DEMO_PASSWORD });
    if (!res.ok) throw new Error(`enrollment failed: ${JSON.stringify(res.error)}`);
    [oldSerial] = (await serials(s)) as [string];
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('Status: inside the renewal window, renewing is the primary action', async () => {
    await s.go('status');
    await expect.poll(() => s.byTestId('status-card').getAttribute('data-situation')).toBe('renewal-window');
    const days = Number(await s.byTestId('status-days-left').getAttribute('data-days'));
    expect(days).toBeGreaterThanOrEqual(19);
    expect(days).toBeLessThanOrEqual(20);
    await s.check('status-renewal-window');
  });

  it('the primary action opens the wizard on renew for user02; the new certificate replaces the old one', async () => {
    // Automatic renewal is on (the default): renewing without the password comes first, the
    // password renewal beside it.
    await s.byTestId('status-action-renew').click();
    await s.byTestId('enroll-form').waitFor();
    expect(await s.byTestId('enroll-operation-renew').isChecked()).toBe(true);
    expect(await s.byTestId('enroll-login-id').inputValue()).toBe('user02');
    await s.check('renew-form');
    await s.byTestId('enroll-password').fill(DEMO_PASSWORD);
    await s.byTestId('enroll-submit').click();
    await s.byTestId('enroll-verified').waitFor({ timeout: 30_000 });
    await s.check('renew-verified');

    const now = await serials(s);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(oldSerial);
  });
});

// Renewal without the password (issue 10), as the clerk sees it: inside the renewal window with
// automatic renewal on (the default), Status offers "Renew now (no password)"; one click renews
// with the current certificate as the proof (the NSS store's key, used by tstclnt: the part only
// Electron's network stack would do in the app), the old certificate is gone from the store and
// revoked at the issuer, and the card shows the new expiry. Settings has the switch, saved.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readCertificate, readCrl } from '../../../electron/core/pki';
import { DEMO_PASSWORD, LANGUAGES, startAppSession, type AppSession, JOURNEY_TIMEOUT_MS } from '../../helpers/app-session';
import { httpsCall } from '../../helpers/issuer';

vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS, hookTimeout: JOURNEY_TIMEOUT_MS });

interface Listed {
  certificates: { serialNumber: string; loginId: string | null }[];
}

async function serials(s: AppSession): Promise<string[]> {
  const res = await s.host.router.invoke('certificates.list', {});
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return (res.value as Listed).certificates.map((c) => c.serialNumber);
}

async function revokedAtIssuer(s: AppSession): Promise<Set<string>> {
  const res = await httpsCall(s.issuer.estUrl, s.issuer.tlsCaPem, { path: '/crl' });
  return (await readCrl(res.body, readCertificate(await readFile(s.issuer.caCertPath, 'utf8')))).revokedSerials;
}

describe.each(LANGUAGES)('renewal without the password (%s)', (language) => {
  let s: AppSession;
  let oldSerial: string;
  beforeAll(async () => {
    // The first certificate is issued 350 days ago by the issuer's clock (16 days left: inside
    // the 30-day window); the renewal then happens today and lasts a full 366 days.
    let daysAgo = 350;
    const clock = { now: () => new Date(Date.now() - daysAgo * 86_400_000) };
    s = await startAppSession({ language, issuer: { clock } });
    const res = await s.host.router.invoke('enrollment.start', { operation: 'enroll', loginId: 'user02', password: DEMO_PASSWORD });
    if (!res.ok) throw new Error(`enrollment failed: ${JSON.stringify(res.error)}`);
    daysAgo = 0;
    [oldSerial] = (await serials(s)) as [string];
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('Status offers to renew now without a password; one click renews, the old certificate is removed and revoked', async () => {
    await s.go('status');
    await expect.poll(() => s.byTestId('status-card').getAttribute('data-situation')).toBe('renewal-window');
    // Renewing without the password is the first step; the password renewal stays beside it.
    await s.byTestId('auto-renew-start').waitFor();
    expect(await s.byTestId('status-action-renew').isVisible()).toBe(true);
    await s.check('status-auto-renew');

    const hold = s.holdAnswer('renewal.auto');
    await s.byTestId('auto-renew-start').click();
    await hold.reached;
    await s.byTestId('auto-renew-running').waitFor();
    // One renewal at a time: the password renewal waits while this one runs.
    expect(await s.byTestId('status-action-renew').isDisabled()).toBe(true);
    await s.check('status-auto-renew-running');
    hold.release();

    await s.byTestId('auto-renew-renewed').waitFor({ timeout: 60_000 });
    await expect.poll(() => s.byTestId('status-card').getAttribute('data-situation')).toBe('valid');
    await s.check('status-auto-renewed');
    const now = await serials(s);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(oldSerial);
    expect((await revokedAtIssuer(s)).has(oldSerial)).toBe(true);
    // No password was asked for: the wizard never opened.
    expect(s.calls('enrollment.start')).toBe(0);
  });

  it('Settings has the switch, on by default; switching it off is saved', async () => {
    await s.go('settings');
    const toggle = s.byTestId('settings-auto-renew');
    expect(await toggle.isChecked()).toBe(true);
    await s.check('settings-auto-renew');
    await toggle.click();
    await expect.poll(async () => (await s.host.router.invoke('settings.get', {})).ok && (await toggle.isChecked())).toBe(false);
    const settings = await s.host.router.invoke('settings.get', {});
    expect(settings.ok && (settings.value as { autoRenew: boolean }).autoRenew).toBe(false);
    await toggle.click();
    await expect.poll(() => toggle.isChecked()).toBe(true);
  });
});

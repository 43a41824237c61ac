// The self-diagnosis's fix button, end to end (issue 7, item 7: "a fix button that re-checks"). An
// interrupted renewal leaves two certificates of user02 in the store: the new one, and the old one
// the issuer revoked when it issued the new one (a renewal supersedes) but the app had not yet
// removed. The browser may offer the old one and the login fails (FAQ Q17). The duplicates check
// finds it, says why and who acts, and its fix removes what can never log in again; the re-check
// passes and the store really holds only the new certificate.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { screenshot, seriousA11yViolations, settled, type ShotLanguage } from '../../helpers/app-checks';
import { DEMO_PASSWORD, JOURNEY_TIMEOUT_MS, LANGUAGES, startAppSession, type AppSession } from '../../helpers/app-session';

// A browser, an issuer and RSA keys on a shared 2-core machine: bounded, with room to spare.
vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS, hookTimeout: JOURNEY_TIMEOUT_MS });

const run = promisify(execFile);
const LOGIN_ID = 'user02';

interface Listed {
  certificates: { serialNumber: string; state: string }[];
}

/** This system's certificates as the core lists them (serial and state, revocation from the CRL). */
async function listed(s: AppSession): Promise<Listed['certificates']> {
  const res = await s.host.router.invoke('certificates.list', {});
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return (res.value as Listed).certificates;
}

/** The nicknames of user02's certificates with a key, straight from the NSS database (`certutil -L`). */
async function nicknamesInStore(s: AppSession): Promise<string[]> {
  return (await s.certutilList())
    .split('\n')
    .filter((line) => line.includes(LOGIN_ID) && /u,u,u\s*$/.test(line))
    .map((line) => line.replace(/\s+u,u,u\s*$/, ''));
}

/**
 * The serial numbers of the certificates under one nickname, as certutil prints them. NSS gives a
 * certificate the nickname of one already stored for the same subject, so a renewed certificate
 * shares its predecessor's: the serial tells them apart.
 */
async function serialsInStore(s: AppSession, nickname: string): Promise<string[]> {
  const db = `sql:${join(s.home, '.pki', 'nssdb')}`;
  const { stdout } = await run('certutil', ['-L', '-d', db, '-n', nickname], { timeout: 15_000 });
  return [...stdout.matchAll(/Serial Number:\s*\n?\s*([0-9a-f:]+)/gi)].map((m) => m[1]!.replace(/:/g, '').toUpperCase());
}

/**
 * The old certificate and its key as a PKCS#12 file, taken from the store before the renewal, so
 * it can be put back afterwards: what the store holds when the renewal stopped between installing
 * the new certificate and removing the old one. The file's password is a throwaway in a file
 * (never on a command line); both live in the temporary HOME, which the session removes.
 */
async function keepOldCertificate(s: AppSession): Promise<() => Promise<void>> {
  const db = `sql:${join(s.home, '.pki', 'nssdb')}`;
  const p12 = join(s.home, 'before-renewal.p12');
  const passwordFile = join(s.home, 'before-renewal.pw');
  await writeFile(passwordFile, 'throwaway-p12-password\n', { mode: 0o600 });
  const [nickname] = await nicknamesInStore(s);
  await run('pk12util', ['-o', p12, '-n', nickname!, '-d', db, '-w', passwordFile], { timeout: 15_000 });
  return async () => {
    await run('pk12util', ['-i', p12, '-d', db, '-w', passwordFile], { timeout: 15_000 });
  };
}

/**
 * axe on the page as it is, then `<name>.<language>.png` with the duplicates check in the middle
 * of the window (the session's own check() names pictures after the language it started in).
 */
async function photographCheck(s: AppSession, name: string, language: ShotLanguage): Promise<void> {
  await s.page.evaluate(`document.querySelector('[data-testid="diagnosis-check-duplicates"]').scrollIntoView({ block: 'center' })`);
  await s.page.evaluate('document.fonts.ready.then(() => undefined)');
  await settled(s.page);
  expect.soft(await seriousA11yViolations(s.page), `axe on ${name} (${language})`).toEqual([]);
  await screenshot(s.page, name, language);
}

describe('the diagnosis fix button removes what an interrupted renewal left behind', () => {
  let s: AppSession;
  let oldSerial: string;
  let newSerial: string;
  let leaveOldCertificate: () => Promise<void>;
  beforeAll(async () => {
    // 20-day certificates are inside the 30-day renewal window from the start: renewable at once.
    s = await startAppSession({ language: 'ja', issuer: { policy: { validityDays: 20 } } });
    const enrolled = await s.host.router.invoke('enrollment.start', { operation: 'enroll', loginId: LOGIN_ID, password: DEMO_PASSWORD });
    if (!enrolled.ok) throw new Error(`enrollment failed: ${JSON.stringify(enrolled.error)}`);
    oldSerial = (await listed(s))[0]!.serialNumber;
    leaveOldCertificate = await keepOldCertificate(s);
    const renewed = await s.host.router.invoke('enrollment.start', { operation: 'renew', loginId: LOGIN_ID, password: DEMO_PASSWORD });
    if (!renewed.ok) throw new Error(`renewal failed: ${JSON.stringify(renewed.error)}`);
    newSerial = (renewed.value as { certificate: { serialNumber: string } }).certificate.serialNumber;
  });
  afterAll(async () => {
    await s?.stop();
  });

  describe.each(LANGUAGES)('%s', (language) => {
    beforeAll(async () => {
      await leaveOldCertificate();
      // As the interrupted renewal left it: both certificates, the old one revoked at the issuer.
      const states = Object.fromEntries((await listed(s)).map((c) => [c.serialNumber, c.state]));
      expect(states).toEqual({ [oldSerial]: 'revoked', [newSerial]: 'expiring' });
      const set = await s.host.router.invoke('settings.set', { language });
      if (!set.ok) throw new Error(`settings.set failed: ${JSON.stringify(set.error)}`);
      await s.win.open();
    });

    it('the self-diagnosis shows the problem, why, who acts, the FAQ entry and a fix', async () => {
      await s.go('diagnosis');
      await s.byTestId('diagnosis-run').click();
      await s.byTestId('diagnosis-summary').waitFor({ timeout: 60_000 });
      const check = s.byTestId('diagnosis-check-duplicates');
      expect(await check.getAttribute('data-status')).toBe('warn');
      // What was found and why it matters, in the user's language.
      const summary = await s.byTestId('diagnosis-summary-duplicates').textContent();
      expect(summary).toMatch(language === 'ja' ? /使えない電子証明書.*1 件残っています/ : /1 unusable certificate/);
      const advice = await s.byTestId('diagnosis-advice-duplicates').textContent();
      expect(advice).toMatch(language === 'ja' ? /無効な電子証明書/ : /invalid certificate/i);
      // The user acts (the fix is theirs to press), with the code to quote and Q17 one click away.
      const text = (await check.textContent()) ?? '';
      expect(text).toContain('CERT-STALE');
      expect(text).toMatch(language === 'ja' ? /対応する方: ご本人/ : /Who acts: You/);
      expect(await check.getByTestId('faq-link-Q17').getAttribute('href')).toBe('#/help/Q17');
      const fix = s.byTestId('diagnosis-fix-duplicates');
      expect(await fix.isEnabled()).toBe(true);
      await photographCheck(s, 'diagnosis-fix-before', language);
    });

    it('the fix removes the revoked certificate, the re-check passes, the other results follow, and the store holds only the new one', async () => {
      const runs = s.calls('diagnosis.run');
      const fixes = s.calls('diagnosis.fix');
      await s.byTestId('diagnosis-fix-duplicates').click();
      const check = s.byTestId('diagnosis-check-duplicates');
      await expect.poll(() => check.getAttribute('data-status'), { timeout: 30_000 }).toBe('pass');
      // Checked again by the fix itself (one call); then one quiet run brings the other results up to date.
      expect(s.calls('diagnosis.fix')).toBe(fixes + 1);
      await expect.poll(() => s.calls('diagnosis.run'), { timeout: 30_000 }).toBe(runs + 1);
      const present = s.byTestId('diagnosis-check-certificate-present');
      await expect
        .poll(() => present.textContent(), { timeout: 30_000 })
        .toMatch(language === 'ja' ? /電子証明書が 1 件あります/ : /1 certificate of this system/);
      expect(await s.byTestId('diagnosis-summary-duplicates').textContent()).toMatch(
        language === 'ja' ? /使用できる電子証明書は 1 件だけです/ : /Exactly one usable certificate/,
      );
      expect(await s.byTestId('diagnosis-fix-duplicates').count()).toBe(0);
      // Said where the button was, with the other results brought up to date; the focus stays here.
      await expect
        .poll(() => s.byTestId('diagnosis-fixed-duplicates').textContent(), { timeout: 30_000 })
        .toMatch(
          language === 'ja'
            ? /修正して再確認しました。ほかの項目も確認し直しました/
            : /Fixed and checked again\. The other checks were run again too/,
        );
      expect(await s.page.evaluate(`document.activeElement?.getAttribute('data-testid')`)).toBe('diagnosis-check-duplicates');
      expect(await s.page.locator('[data-testid="error-panel"]').count()).toBe(0);

      // The store itself: one certificate of user02 with its key, the new one.
      const nicknames = await nicknamesInStore(s);
      expect(nicknames).toHaveLength(1);
      expect(await serialsInStore(s, nicknames[0]!)).toEqual([newSerial]);
      expect((await listed(s)).map((c) => c.serialNumber)).toEqual([newSerial]);
      await photographCheck(s, 'diagnosis-fix-after', language);
    });
  });

  it('the page logged no error and the router refused nothing', () => {
    expect(s.win.pageErrors).toEqual([]);
    expect(s.host.problems).toEqual([]);
  });
});

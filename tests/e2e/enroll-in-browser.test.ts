// The whole promise, end to end: `cjs-cert` obtains a certificate from the running issuer and
// installs it in the user's NSS store, and Chromium — reading the same store — logs in with it.
// Then revocation and renewal, as a user lives them.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPemAll, readCertificate } from '../../electron/core/pki';
import { DEMO_PASSWORD, httpsCall, startTestIssuer, type TestIssuer } from '../helpers/issuer';
import { freshHome, runCliProcess } from '../helpers/cli-process';
import { launchBrowser, visitLogin } from '../helpers/chromium';

const run = promisify(execFile);

// Time budgets: generous for a loaded machine (one `enroll` took 10–25 s there: it checks the
// situation, then generates a key and asks the issuer), yet bounded, so a hang still fails. Each
// CLI process is killed after its own budget; a test's budget covers the processes it runs.
/** One `cjs-cert` process. */
const CLI_RUN_MS = 60_000;
/** A test (or set-up) that runs an enrollment and a status, or a status and a browser login. */
const TWO_STEPS_MS = 120_000;
/** The renewal test: status, renew, status and a browser login. */
const RENEWAL_MS = 180_000;

interface StatusJson {
  certificates: { loginId: string; state: string; serialNumber: string; notAfter: string; hasPrivateKey: boolean }[];
}

/** The user's NSS store as certutil shows it: nickname lines with their trust flags. */
async function certutilList(home: string): Promise<string> {
  return (await run('certutil', ['-L', '-d', `sql:${join(home, '.pki', 'nssdb')}`])).stdout;
}

/** What the OS would already trust: the root of the service's TLS certificate. */
async function trustServiceRoot(home: string, issuer: TestIssuer): Promise<void> {
  await run('certutil', [
    '-A',
    '-d',
    `sql:${join(home, '.pki', 'nssdb')}`,
    '-n',
    'CJS reference TLS root',
    '-t',
    'C,,',
    '-i',
    issuer.tlsCaCertPath,
  ]);
}

function cli(issuer: TestIssuer, home: string) {
  const base = ['--issuer', issuer.estUrl, '--trust', issuer.tlsCaCertPath];
  return {
    enroll: (loginId: string, op: 'enroll' | 'renew' = 'enroll') =>
      runCliProcess([op, ...base, '--login-id', loginId, '--password-stdin'], {
        home,
        stdin: `${DEMO_PASSWORD}\n`,
        timeoutMs: CLI_RUN_MS,
      }),
    status: async () => {
      const res = await runCliProcess(['status', '--json', ...base], { home, timeoutMs: CLI_RUN_MS });
      return { exitCode: res.exitCode, ...res.json<StatusJson>() };
    },
  };
}

describe('enroll with cjs-cert, log in with Chromium', () => {
  let issuer: TestIssuer;
  let home: string;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    home = await freshHome();
  });
  afterAll(async () => {
    await issuer?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('installs user01 into ~/.pki/nssdb with its key; status reports it with its expiry date', { timeout: TWO_STEPS_MS }, async () => {
    const res = await cli(issuer, home).enroll('user01');
    expect(res.stderr).toContain('鍵ペアの生成');
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stdout).toContain('電子証明書をインストールしました');
    expect(await certutilList(home)).toMatch(/ろうきん賃金控除 user01 \w+\s+u,u,u/);

    const status = await cli(issuer, home).status();
    expect(status.exitCode).toBe(0);
    expect(status.certificates).toHaveLength(1);
    expect(status.certificates[0]).toMatchObject({ loginId: 'user01', state: 'valid', hasPrivateKey: true });
    const days = (Date.parse(status.certificates[0]!.notAfter) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(366);
  });

  it('Chromium picks that certificate from the store and the login page shows user01', { timeout: TWO_STEPS_MS }, async () => {
    await trustServiceRoot(home, issuer);
    const browser = await launchBrowser({ home, loginOrigin: new URL(issuer.loginUrl).origin, subjectCommonName: 'user01' });
    try {
      const page = await visitLogin(browser, issuer.loginUrl);
      expect(page).toMatchObject({ status: 200, loginId: 'user01' });
      const status = await cli(issuer, home).status();
      expect(page.serial).toBe(status.certificates[0]!.serialNumber);
    } finally {
      await browser.close();
    }
  });

  it(
    'after the master deletes user01, status shows the certificate revoked and the login page refuses it',
    { timeout: TWO_STEPS_MS },
    async () => {
      const del = await httpsCall(issuer.estUrl, issuer.tlsCaPem, {
        method: 'DELETE',
        path: '/api/v1/users/user01',
        auth: { loginId: 'master01', password: DEMO_PASSWORD },
      });
      expect(del.status).toBe(204);

      const status = await cli(issuer, home).status();
      expect(status.certificates[0]).toMatchObject({ loginId: 'user01', state: 'revoked' });
      expect(status.exitCode).toBe(9);

      const browser = await launchBrowser({ home, loginOrigin: new URL(issuer.loginUrl).origin, subjectCommonName: 'user01' });
      try {
        expect(await visitLogin(browser, issuer.loginUrl)).toMatchObject({ status: 403, errorCode: 'CJS-E-CERT-REVOKED' });
      } finally {
        await browser.close();
      }
    },
  );
});

describe('renewal inside the window', () => {
  let issuer: TestIssuer;
  let home: string;
  beforeAll(async () => {
    // Test override: 20-day certificates are inside the 30-day renewal window from the start.
    issuer = await startTestIssuer({ policy: { validityDays: 20 } });
    home = await freshHome();
    const enrolled = await cli(issuer, home).enroll('user02');
    expect(enrolled.exitCode, enrolled.stderr).toBe(0);
    await trustServiceRoot(home, issuer);
  }, TWO_STEPS_MS);
  afterAll(async () => {
    await issuer?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('installs the new certificate, removes the old one, and the browser logs in with the new one', { timeout: RENEWAL_MS }, async () => {
    const before = await cli(issuer, home).status();
    expect(before.certificates).toMatchObject([{ loginId: 'user02', state: 'expiring' }]);
    const oldSerial = before.certificates[0]!.serialNumber;

    const res = await cli(issuer, home).enroll('user02', 'renew');
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stderr).toContain(oldSerial); // "removed an older certificate: serial …"

    const after = await cli(issuer, home).status();
    expect(after.certificates).toHaveLength(1);
    const newSerial = after.certificates[0]!.serialNumber;
    expect(newSerial).not.toBe(oldSerial);
    // NSS keeps one nickname per subject, so look at the certificates themselves, not the names.
    const listing = await certutilList(home);
    const nicknames = listing.split('\n').filter((l) => l.includes('user02'));
    expect(nicknames).toHaveLength(1);
    const nickname = nicknames[0]!.replace(/\s+u,u,u\s*$/, '');
    const pem = (await run('certutil', ['-L', '-d', `sql:${join(home, '.pki', 'nssdb')}`, '-n', nickname, '-a'])).stdout;
    const serials = fromPemAll(pem, 'CERTIFICATE').map((der) => readCertificate(der).serialNumber);
    expect(serials).toEqual([newSerial]);

    const browser = await launchBrowser({ home, loginOrigin: new URL(issuer.loginUrl).origin, subjectCommonName: 'user02' });
    try {
      expect(await visitLogin(browser, issuer.loginUrl)).toMatchObject({ status: 200, loginId: 'user02', serial: newSerial });
    } finally {
      await browser.close();
    }
  });
});

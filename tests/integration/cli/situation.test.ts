// The command line's advice follows the user's situation, not each command's own guess: the
// contradictions a new user met (issue 7, "Why") replayed against a real issuer, the real command
// and a real NSS store in a throw-away HOME. Each of these failed before the situation model.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshHome, runCliProcess, type CliRun } from '../../helpers/cli-process';
import { issuerCertificates, nssContents, nssDir } from '../../helpers/enrollment-state';
import { DEMO_PASSWORD, httpsCall, startTestIssuer, type TestIssuer } from '../../helpers/issuer';

const run = promisify(execFile);
const TIMEOUT_MS = 45_000;
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const master = { loginId: 'master01', password: DEMO_PASSWORD };
// Far from UTC, so a date printed in UTC (or as ISO) cannot pass for the local one.
const TZ = 'Pacific/Kiritimati';

function cli(issuer: TestIssuer, home: string, args: readonly string[], stdin?: string): Promise<CliRun> {
  return runCliProcess([...args, '--issuer', issuer.estUrl, '--trust', issuer.tlsCaCertPath], {
    home,
    timeoutMs: TIMEOUT_MS,
    env: { TZ },
    ...(stdin === undefined ? {} : { stdin }),
  });
}

function enroll(issuer: TestIssuer, home: string, loginId: string, extra: readonly string[] = []): Promise<CliRun> {
  return cli(issuer, home, ['enroll', '--key-type', 'ec', '--login-id', loginId, '--password-stdin', ...extra], `${DEMO_PASSWORD}\n`);
}

/** YYYY/MM/DD of an instant as a clerk's PC in TZ shows it. */
function localDate(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
  return parts.replaceAll('-', '/');
}

/** The next actions under the situation's heading, in order: `  → text`, each command on the line below. */
function actionLines(text: string): string[] {
  return text.split('\n').filter((l) => l.startsWith('  → ') || l.startsWith('      cjs-cert '));
}

describe('a valid certificate on this PC', { timeout: 120_000 }, () => {
  let issuer: TestIssuer;
  let home: string;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    home = await freshHome('cjs-situation-valid-');
    expect((await enroll(issuer, home, 'user01')).exitCode).toBe(0);
  }, 90_000);
  afterAll(async () => {
    await issuer?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('`enroll` again says there is nothing to do, with the local expiry date, exit 0 — not "ask the master"', async () => {
    const res = await enroll(issuer, home, 'user01');
    expect(res.exitCode, res.stderr).toBe(0);
    const [issued] = issuerCertificates(issuer.dataDir, 'user01');
    const status = (await cli(issuer, home, ['status', '--json'])).json<{ certificates: { notAfter: string; daysLeft: number }[] }>();
    const { notAfter, daysLeft } = status.certificates[0]!;
    expect(res.stdout).toBe(
      `user01 の電子証明書は有効です (${localDate(notAfter)} まで、あと ${daysLeft} 日)。取得し直す必要はありません。\n`,
    );
    expect(`${res.stdout}${res.stderr}`).not.toContain('マスターユーザー');
    expect(`${res.stdout}${res.stderr}`).not.toMatch(/\d{4}-\d\d-\d\dT/);
    // Nothing was asked of the issuer: still the one certificate.
    expect(issuerCertificates(issuer.dataDir, 'user01')).toEqual([issued]);
  });

  it('--json says so for scripts', async () => {
    const res = await enroll(issuer, home, 'user01', ['--json']);
    expect(res.exitCode).toBe(0);
    expect(res.json()).toMatchObject({ ok: true, operation: 'none', loginId: 'user01', situation: { kind: 'valid', actor: 'none' } });
  });
});

describe('inside the renewal window (20-day certificates)', { timeout: 120_000 }, () => {
  let issuer: TestIssuer;
  let home: string;
  let firstSerial: string;
  beforeAll(async () => {
    issuer = await startTestIssuer({ policy: { validityDays: 20 } });
    home = await freshHome('cjs-situation-window-');
    expect((await enroll(issuer, home, 'user01')).exitCode).toBe(0);
    firstSerial = (await (await nssContents(home)).serialsOf('user01'))[0]!;
  }, 90_000);
  afterAll(async () => {
    await issuer?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('`status` suggests `cjs-cert renew --login-id user01`, the login ID filled in', async () => {
    const res = await cli(issuer, home, ['status']);
    expect(res.exitCode).toBe(0);
    expect(actionLines(res.stdout)).toEqual(['  → 電子証明書を更新してください。', '      cjs-cert renew --login-id user01']);
    expect(res.stdout).toContain('更新期間中: user01 の電子証明書は');
  });

  it('`enroll` becomes a renewal and says so: a new certificate, the old one removed from the store', async () => {
    const res = await enroll(issuer, home, 'user01');
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stderr).toContain('user01 の電子証明書は更新期間中のため、新規取得ではなく更新を行います (FAQ Q8)。');
    expect(res.stderr).toContain('電子証明書を更新します: user01');
    const serials = await (await nssContents(home)).serialsOf('user01');
    expect(serials).toHaveLength(1);
    expect(serials[0]).not.toBe(firstSerial);
    expect(issuerCertificates(issuer.dataDir, 'user01').map((c) => c.serial)).toEqual([firstSerial, serials[0]]);
  });
});

describe('a certificate deleted by hand while the issuer still holds it (P8)', { timeout: 120_000 }, () => {
  let issuer: TestIssuer;
  let home: string;
  let serial: string;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    home = await freshHome('cjs-situation-lost-');
    expect((await enroll(issuer, home, 'user01')).exitCode).toBe(0);
    const nss = await nssContents(home);
    serial = (await nss.serialsOf('user01'))[0]!;
    // As a user would in the browser's certificate manager: certificate and key deleted.
    const nickname = nss.certificateLines.find((l) => l.includes('user01'))!.replace(/\s+[A-Za-z]*,[A-Za-z]*,[A-Za-z]*\s*$/, '');
    await run('certutil', ['-F', '-d', `sql:${nssDir(home)}`, '-n', nickname]);
    expect(await (await nssContents(home)).serialsOf('user01')).toEqual([]);
  }, 90_000);
  afterAll(async () => {
    await issuer?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('`status` explains the lost certificate and that the master user (the bank for a master) must act first — not "run enroll"', async () => {
    const res = await cli(issuer, home, ['status']);
    expect(res.exitCode).toBe(9);
    expect(res.stdout).toContain('電子証明書が失われています: user01 の電子証明書はこの PC で取得されましたが');
    expect(actionLines(res.stdout)).toEqual([
      '  → マスターユーザーに、ログイン ID の削除と再登録を依頼してください。マスターユーザーご本人の場合は、労金に電子証明書の失効を依頼してください。',
      '  → 失効の手続きが済んだら、電子証明書を再発行してください。',
      '      cjs-cert enroll --login-id user01',
    ]);
    // The first action names who acts (the master user; the bank for a master): said once.
    expect(res.stdout).not.toContain('対応する人');
  });

  it('`enroll` gives the same explanation instead of a bare CJS-E-ACTIVE-CERT, and asks nothing of the issuer', async () => {
    const res = await enroll(issuer, home, 'user01');
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('user01 の電子証明書はこの PC から失われていますが、発行元ではまだ有効なため');
    expect(actionLines(res.stderr)[0]).toBe(
      '  → マスターユーザーに、ログイン ID の削除と再登録を依頼してください。マスターユーザーご本人の場合は、労金に電子証明書の失効を依頼してください。',
    );
    expect(res.stderr).toContain('エラーコード: ENROLL-LOST');
    expect(res.stderr).not.toContain('CJS-E-ACTIVE-CERT');
    expect(issuerCertificates(issuer.dataDir, 'user01')).toEqual([{ serial, revoked: false }]);
  });

  it('once the master deleted and re-registered the ID (Q13), `enroll` obtains a new certificate', async () => {
    const auth = master;
    expect((await httpsCall(issuer.estUrl, issuer.tlsCaPem, { method: 'DELETE', path: '/api/v1/users/user01', auth })).status).toBe(204);
    const added = await httpsCall(issuer.estUrl, issuer.tlsCaPem, {
      path: '/api/v1/users',
      body: JSON.stringify({ loginId: 'user01', password: DEMO_PASSWORD }),
      contentType: 'application/json',
      auth,
    });
    expect(added.status, added.text()).toBe(201);
    const status = await cli(issuer, home, ['status', '--json']);
    expect(status.json<{ situation: { kind: string } }>().situation.kind).toBe('no-certificate');
    const res = await enroll(issuer, home, 'user01');
    expect(res.exitCode, res.stderr).toBe(0);
    expect(await (await nssContents(home)).serialsOf('user01')).toHaveLength(1);
  });
});

describe('errors in Japanese', { timeout: 120_000 }, () => {
  let issuer: TestIssuer;
  let home: string;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    home = await freshHome('cjs-situation-errors-');
  });
  afterAll(async () => {
    await issuer?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('a wrong password is the user’s to fix: no "quote it to the bank", no English line', async () => {
    const res = await cli(issuer, home, ['enroll', '--login-id', 'user01', '--password-stdin'], 'wrong-password\n');
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('エラーコード: CJS-E-AUTH\n');
    expect(res.stderr).toContain('対応する人: ご本人');
    expect(res.stderr).not.toContain('労金');
    const lines = res.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines.filter((l) => !JAPANESE.test(l))).toEqual([]);
  });
});

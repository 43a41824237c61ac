// Guided recovery and one user per PC in the command line (issue 11, items 3 and 4), against a
// real issuer, the real command and a real NSS store in a throw-away HOME: the requests to pass on
// (to the master user; for a master user, to the bank with the serial), the re-registered ID that
// makes the next step the user's, and a second login ID refused unless confirmed.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshHome, runCliProcess, type CliRun } from '../../helpers/cli-process';
import { nssContents } from '../../helpers/enrollment-state';
import { DEMO_PASSWORD, httpsCall, startTestIssuer, type TestIssuer } from '../../helpers/issuer';

const TIMEOUT_MS = 45_000;
const master = { loginId: 'master01', password: DEMO_PASSWORD };

function cli(issuer: TestIssuer, home: string, args: readonly string[], stdin?: string): Promise<CliRun> {
  return runCliProcess([...args, '--issuer', issuer.estUrl, '--trust', issuer.tlsCaCertPath], {
    home,
    timeoutMs: TIMEOUT_MS,
    ...(stdin === undefined ? {} : { stdin }),
  });
}

function enroll(issuer: TestIssuer, home: string, loginId: string, extra: readonly string[] = [], password = DEMO_PASSWORD) {
  return cli(issuer, home, ['enroll', '--key-type', 'ec', '--login-id', loginId, '--password-stdin', ...extra], `${password}\n`);
}

describe('one user per PC (Q6)', { timeout: 150_000 }, () => {
  let issuer: TestIssuer;
  let home: string;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    home = await freshHome('cjs-second-user-');
    expect((await enroll(issuer, home, 'user01')).exitCode).toBe(0);
  }, 90_000);
  afterAll(async () => {
    await issuer?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('enroll of user02 beside user01 is refused with exit 2, the browser picker explained and the option named; nothing sent', async () => {
    const res = await enroll(issuer, home, 'user02', ['--lang', 'en']);
    expect(res.exitCode, res.stderr).toBe(2);
    expect(res.stderr).toContain('another login ID (user01)');
    expect(res.stderr).toMatch(/browser asks which certificate/);
    expect(res.stderr).toContain('--allow-second-user');
    expect(res.stderr).toContain('ENROLL-SECOND-USER');
    expect((await nssContents(home)).certificateLines.join('\n')).not.toContain('user02');
  });

  it('in Japanese too, and as JSON for scripts', async () => {
    const ja = await enroll(issuer, home, 'user02');
    expect(ja.exitCode).toBe(2);
    expect(ja.stderr).toContain('別のログイン ID (user01)');
    expect(ja.stderr).toContain('--allow-second-user');
    const json = await enroll(issuer, home, 'user02', ['--json']);
    expect(json.exitCode).toBe(2);
    expect(json.json()).toMatchObject({
      ok: false,
      error: { code: 'ENROLL-SECOND-USER', params: { loginId: 'user02', others: 'user01' } },
    });
  });

  it('with --allow-second-user it is obtained', async () => {
    const res = await enroll(issuer, home, 'user02', ['--allow-second-user']);
    expect(res.exitCode, res.stderr).toBe(0);
    expect((await nssContents(home)).certificateLines.join('\n')).toContain('user02');
  });
});

describe('revoked, then re-registered by the master user', { timeout: 150_000 }, () => {
  let issuer: TestIssuer;
  let home: string;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    home = await freshHome('cjs-recovery-');
    expect((await enroll(issuer, home, 'user02')).exitCode).toBe(0);
  }, 90_000);
  afterAll(async () => {
    await issuer?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('valid: status says how moving to a new PC goes', async () => {
    const res = await cli(issuer, home, ['status', '--lang', 'en']);
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toContain('Moving to a new PC: the current certificate must be revoked first.');
  });

  it('revoked: the request for the master user, and for a master user the bank request with the serial', async () => {
    const serial = (await cli(issuer, home, ['status', '--json'])).json<{ certificates: { serialNumber: string }[] }>().certificates[0]!
      .serialNumber;
    const del = await httpsCall(issuer.estUrl, issuer.tlsCaPem, { method: 'DELETE', path: '/api/v1/users/user02', auth: master });
    expect(del.status).toBe(204);
    const res = await cli(issuer, home, ['status', '--lang', 'en']);
    expect(res.exitCode).toBe(9);
    const lines = res.stdout.split('\n');
    const toMaster = lines.indexOf('Request to the master user:');
    expect(toMaster).toBeGreaterThan(0);
    expect(lines[toMaster + 1]).toMatch(/^ {4}The certificate of login ID "user02" has been revoked/);
    expect(lines[toMaster + 1]).not.toContain(serial);
    expect(lines[toMaster + 2]).toBe('If you are the master user, request to the bank:');
    expect(lines[toMaster + 3]).toContain(serial);
  });

  it('re-registered: the next step is the user’s (obtain with the initial password), and enroll completes the path', async () => {
    const add = await httpsCall(issuer.estUrl, issuer.tlsCaPem, {
      path: '/api/v1/users',
      body: JSON.stringify({ loginId: 'user02', password: 'initial-pass-02' }),
      contentType: 'application/json',
      auth: master,
    });
    expect(add.status).toBe(201);
    const json = (await cli(issuer, home, ['status', '--json'])).json<{ situation: { kind: string; actor: string } }>();
    expect(json.situation).toMatchObject({ kind: 'reregistered', actor: 'user' });
    const ja = await cli(issuer, home, ['status']);
    expect(ja.stdout).toContain('再登録済み: マスターユーザーが user02 を再登録しました。');
    expect(ja.stdout).toContain('cjs-cert enroll --login-id user02');
    expect(ja.stdout).not.toContain('マスターユーザーへの依頼文');
    const again = await enroll(issuer, home, 'user02', [], 'initial-pass-02');
    expect(again.exitCode, again.stderr).toBe(0);
  });
});

describe('locked after a wrong password', { timeout: 120_000 }, () => {
  let issuer: TestIssuer;
  let home: string;
  beforeAll(async () => {
    issuer = await startTestIssuer({ policy: { maxFailedLogins: 1 } });
    home = await freshHome('cjs-locked-');
  }, 90_000);
  afterAll(async () => {
    await issuer?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('CJS-E-LOCKED: exit 3 and the unlock request for the master user (and the bank), without the password', async () => {
    expect((await enroll(issuer, home, 'user01', [], 'wrong-password')).exitCode).toBe(3);
    const res = await enroll(issuer, home, 'user01', ['--lang', 'en']);
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('CJS-E-LOCKED');
    expect(res.stderr).toContain('Request to the master user:');
    expect(res.stderr).toContain('Login ID "user01" is locked after repeated wrong passwords. Please unlock it');
    expect(res.stderr).toContain('Master user "user01" is locked');
    expect(res.stderr).not.toContain(DEMO_PASSWORD);
  });
});

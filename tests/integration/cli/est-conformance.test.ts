// `cjs-cert` against an EST server that is not the reference issuer (issue 10, item 4): one that
// logs users in with HTTP Digest only, one that refuses with a bare 401 and no problem+json, one
// without a CRL endpoint. A fake EST server on 127.0.0.1 over real HTTPS; the real command in a
// throw-away HOME with its own NSS store. What is observed: the exit status, what the user
// reads (Japanese, the default, and English), what the server received.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshHome, runCliProcess, type CliRun } from '../../helpers/cli-process';
import { DigestServer } from '../../helpers/digest-server';
import { startFakeEst, type FakeEst } from '../../helpers/fake-est';
import { makeCa } from '../../unit/pki/pki-fixtures';

const TIMEOUT_MS = 60_000;
const PASSWORD = 'pw-Digest-Secret-7e3';
const AUTH_JA = 'ログイン ID またはパスワードが正しくありません。';
const AUTH_EN = 'The login ID or password is wrong.';

let dir: string;
let fake: FakeEst;
const homes: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cjs-cli-est-conformance-'));
  const ca = await makeCa('Conformance CLI Test CA', 'ecdsa-p256');
  fake = await startFakeEst(dir, { cacerts: [ca.certificate], signer: ca });
}, TIMEOUT_MS);

afterAll(async () => {
  await fake?.close();
  for (const home of homes) await rm(home, { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  fake.authorizations.length = 0;
});

/** A PC of its own: a fresh HOME, NSS store and pin for each case. */
async function newPc(): Promise<(args: readonly string[], stdin?: string) => Promise<CliRun>> {
  const home = await freshHome('cjs-cli-conformance-');
  homes.push(home);
  return (args, stdin = '') =>
    runCliProcess([...args, '--issuer', fake.url, '--trust', fake.tlsCaPath], { home, stdin, timeoutMs: TIMEOUT_MS });
}

const enrollArgs = (...extra: string[]) => ['enroll', '--login-id', 'user01', '--password-stdin', '--key-type', 'ec', ...extra];

function digestOnly(algorithms: ('MD5' | 'SHA-256')[]): void {
  fake.behaviour = { login: { kind: 'digest', digest: new DigestServer({ realm: 'cjs', algorithms, users: { user01: PASSWORD } }) } };
}

function expectNoPassword(run: CliRun): void {
  expect(run.stdout + run.stderr).not.toContain(PASSWORD);
}

describe('a server that logs users in with Digest only', { timeout: 2 * TIMEOUT_MS }, () => {
  it.each([['MD5'], ['SHA-256']] as const)('%s: enroll answers the challenge and installs the certificate (exit 0)', async (algorithm) => {
    digestOnly([algorithm]);
    const cli = await newPc();
    const run = await cli(enrollArgs('--lang', 'en'), `${PASSWORD}\n`);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(fake.authorizations.map((a) => a.split(' ')[0])).toEqual(['Basic', 'Digest']);
    expect(fake.authorizations[1]).toContain(`algorithm=${algorithm}`);
    expectNoPassword(run);
    const status = await cli(['status', '--json']);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.json()).toMatchObject({ certificates: [{ loginId: 'user01', state: 'valid' }] });
  });

  it('a wrong password: exit 3 with the wrong-password message (ja, en), after one Digest answer', async () => {
    digestOnly(['SHA-256']);
    const cli = await newPc();
    const ja = await cli(enrollArgs(), 'wrong-password\n');
    expect(ja.exitCode, ja.stderr).toBe(3);
    expect(ja.stderr).toContain(AUTH_JA);
    expect(ja.stderr).toContain('CJS-E-AUTH');
    expect(fake.authorizations.map((a) => a.split(' ')[0])).toEqual(['Basic', 'Digest']);
    const en = await cli(enrollArgs('--lang', 'en'), 'wrong-password\n');
    expect(en.exitCode, en.stderr).toBe(3);
    expect(en.stderr).toContain(AUTH_EN);
  });

  it('a stale nonce: retried once with the new nonce, enrolled (exit 0)', async () => {
    const digest = new DigestServer({ realm: 'cjs', algorithms: ['SHA-256'], users: { user01: PASSWORD }, staleOnce: true });
    fake.behaviour = { login: { kind: 'digest', digest } };
    const run = await (await newPc())(enrollArgs(), `${PASSWORD}\n`);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(fake.authorizations.map((a) => a.split(' ')[0])).toEqual(['Basic', 'Digest', 'Digest']);
  });
});

describe('a 401 without problem+json', { timeout: 2 * TIMEOUT_MS }, () => {
  it.each([
    ['plain text, no challenge', { 'content-type': 'text/plain' }, 'Unauthorized'],
    ['empty, a Basic challenge', { 'www-authenticate': 'Basic realm="EST"' }, ''],
  ] as const)(
    '%s: an authentication failure, exit 3, "wrong login ID or password" (ja, en), not "unreachable"',
    async (_, headers, body) => {
      fake.behaviour = { login: { kind: 'refuse', status: 401, headers, body } };
      const cli = await newPc();
      const ja = await cli(enrollArgs(), `${PASSWORD}\n`);
      expect(ja.exitCode, ja.stderr).toBe(3);
      expect(ja.stderr).toContain(AUTH_JA);
      expect(ja.stderr).not.toContain('ISSUE-HTTP-STATUS');
      const en = await cli(enrollArgs('--lang', 'en'), `${PASSWORD}\n`);
      expect(en.exitCode, en.stderr).toBe(3);
      expect(en.stderr).toContain(AUTH_EN);
      const json = await cli(enrollArgs('--json'), `${PASSWORD}\n`);
      expect(json.json()).toMatchObject({ ok: false, error: { code: 'CJS-E-AUTH', actor: 'user', params: {} } });
      expectNoPassword(ja);
    },
  );
});

describe('a server whose /csrattrs asks for what the request cannot carry', { timeout: 2 * TIMEOUT_MS }, () => {
  it('RFC 7030’s example (a P-384 key, SHA-384): exit 3, ISSUE-CSR-ATTRS, and the password is never sent', async () => {
    fake.behaviour = { csrattrs: 'MEEGCSqGSIb3DQEJBzASBgcqhkjOPQIBMQcGBSuBBAAiMBYGCSqGSIb3DQEJDjEJBgcrBgEBAQEWBggqhkjOPQQDAw==' };
    const cli = await newPc();
    const run = await cli(enrollArgs(), `${PASSWORD}\n`);
    expect(run.exitCode, run.stderr).toBe(3);
    expect(run.stderr).toContain('このアプリでは作成できない種類の証明書要求');
    expect(run.stderr).toContain('ISSUE-CSR-ATTRS');
    expect(fake.authorizations).toEqual([]);
  });

  it('a P-256 key: an RSA request is refused with the advice --key-type ec, which then enrols', async () => {
    fake.behaviour = { csrattrs: 'MCEwFQYHKoZIzj0CATEKBggqhkjOPQMBBwYIKoZIzj0EAwI=' };
    const cli = await newPc();
    const rsa = await cli(['enroll', '--login-id', 'user01', '--password-stdin', '--key-type', 'rsa', '--lang', 'en'], `${PASSWORD}\n`);
    expect(rsa.exitCode, rsa.stderr).toBe(3);
    expect(rsa.stderr).toContain('--key-type ec');
    expect(fake.authorizations).toEqual([]);
    const ec = await cli(enrollArgs(), `${PASSWORD}\n`);
    expect(ec.exitCode, ec.stderr).toBe(0);
  });
});

describe('an issuer without a CRL endpoint (/crl answers 404)', { timeout: 2 * TIMEOUT_MS }, () => {
  it('enroll succeeds; status succeeds and says revocation was not checked because there is no CRL (ja, en, --json)', async () => {
    fake.behaviour = { crl: false };
    const cli = await newPc();
    const enrolled = await cli(enrollArgs(), `${PASSWORD}\n`);
    expect(enrolled.exitCode, enrolled.stderr).toBe(0);
    const ja = await cli(['status']);
    expect(ja.exitCode, ja.stderr).toBe(0);
    expect(ja.stdout).toContain('失効状況は確認していません: 発行元が失効リスト (CRL) を公開していません。');
    expect(ja.stdout).not.toContain('発行元に接続できません');
    const en = await cli(['status', '--lang', 'en']);
    expect(en.exitCode, en.stderr).toBe(0);
    expect(en.stdout).toContain('Revocation not checked: the issuer does not publish a revocation list (CRL).');
    const json = await cli(['status', '--json']);
    expect(json.json()).toMatchObject({ revocationChecked: false, revocationGap: 'no-crl', certificates: [{ state: 'valid' }] });
    const doctor = await cli(['doctor', '--only', 'revocation', '--json']);
    expect(doctor.exitCode, doctor.stderr).toBe(0);
    const report = doctor.json<{ checks: { id: string; status: string; summary: { key: string }; codes: string[] }[] }>();
    expect(report.checks.find((c) => c.id === 'revocation')).toMatchObject({
      status: 'warn',
      summary: { key: 'diagnostics:check.revocation.summary.notPublished' },
      codes: [],
    });
    const doctorEn = await cli(['doctor', '--only', 'revocation', '--lang', 'en']);
    expect(doctorEn.stdout).toContain('Not checked: the issuer does not publish a revocation list (CRL)');
  });
});

import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPair, readCertificate, toPem, type KeyPair, type SigningAuthority } from '../../../electron/core/pki';
import type { ContractView } from '../../../issuer/src/domain/api';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, runOperator } from '../../../issuer/src/operator/cli';
import { codeOf, csrFor, failLogins, makeAuthority, makeDataDir, openTestService, type TestService } from './issuer-fixture';

let authority: SigningAuthority;
let keyA: KeyPair;
let t: TestService;

beforeAll(async () => {
  [authority, keyA] = await Promise.all([makeAuthority(), generateKeyPair('ecdsa-p256')]);
});
beforeEach(async () => {
  t = await openTestService(authority);
  await writeFile(join(t.dataDir, 'ca.pem'), toPem('CERTIFICATE', authority.certificate.der));
  await writeFile(join(t.dataDir, 'ca-key.pem'), authority.privateKey.export({ type: 'pkcs8', format: 'pem' }));
});
afterEach(() => t.dispose());

async function operator(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return operatorWithStdin(undefined, ...args);
}

/** Runs a command with `stdin` as its standard input; records whether the command read it. */
let stdinRead = false;
async function operatorWithStdin(stdin: string | undefined, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  stdinRead = false;
  const readStdin =
    stdin === undefined
      ? undefined
      : () => {
          stdinRead = true;
          return Promise.resolve(stdin);
        };
  const code = await runOperator(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    ...(readStdin ? { readStdin } : {}),
    clock: t.clock,
  });
  return { code, stdout, stderr };
}

const PASSWORD = 'Tn8-unique-initial-master-password';
const ADD_ACME = ['add-contract', '--contract-id', 'acme', '--name', 'アクメ商事', '--master-login-id', 'acme.master', '--password-stdin'];

describe('operator CLI', () => {
  it('contracts: lists contracts, users and certificate states, as text or JSON', async () => {
    await t.service.enroll(await t.login('user01'), await csrFor(keyA, 'user01'));
    const text = await operator('--data', t.dataDir, 'contracts');
    expect(text.code).toBe(EXIT_OK);
    expect(text.stdout).toContain('demo  デモ株式会社');
    expect(text.stdout).toMatch(/user01\s+general\s+active\s+serial [0-9A-F]{32}/);

    const json = await operator('--data', t.dataDir, 'contracts', '--json');
    const contracts = JSON.parse(json.stdout) as ContractView[];
    expect(contracts[0]?.users.map((u) => [u.loginId, u.certificate?.state ?? 'none'])).toEqual([
      ['master01', 'none'],
      ['user01', 'active'],
      ['user02', 'none'],
    ]);
  });

  it("revoke: revokes a master user's certificate while the service has the database open (P10)", async () => {
    const master = await t.login('master01');
    const cert = readCertificate((await t.service.enroll(master, await csrFor(keyA, 'master01'))).certificate);
    const result = await operator('--data', t.dataDir, 'revoke', '--login-id', 'master01', '--reason', 'keyCompromise');
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toContain(cert.serialNumber);
    expect(t.service.certificateStatus(cert.serialNumber)).toMatchObject({ status: 'revoked', reason: 'keyCompromise' });
  });

  it('unlock: unlocks a locked login ID', async () => {
    expect((await failLogins(t, 'master01', 5)).codes.at(-1)).toBe('CJS-E-LOCKED');
    expect(await codeOf(t.login('master01'))).toBe('CJS-E-LOCKED');
    expect((await operator('--data', t.dataDir, 'unlock', '--login-id', 'master01')).code).toBe(EXIT_OK);
    // From another address at once (the failures' own address waits out its throttle first).
    expect((await t.login('master01', undefined, 'the-masters-pc')).loginId).toBe('master01');
  });

  it('add-contract: creates the contract and its master with the password from stdin (one trailing newline dropped)', async () => {
    const result = await operatorWithStdin(`${PASSWORD}\n`, '--data', t.dataDir, ...ADD_ACME, '--master-email', 'm@acme.example.jp');
    expect(result).toMatchObject({ code: EXIT_OK, stderr: '' });
    expect(result.stdout).toContain('Created contract acme (アクメ商事) with master user acme.master.');
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    expect(await t.service.authenticate('acme.master', PASSWORD)).toMatchObject({ contractId: 'acme', role: 'master' });

    const listing = await operator('--data', t.dataDir, 'contracts');
    expect(listing.stdout).toMatch(/acme {2}アクメ商事 {2}\(1 users\)\n {2}acme\.master\s+master\s+none/);
  });

  it('add-contract --json prints the new contract', async () => {
    const result = await operatorWithStdin(PASSWORD, '--data', t.dataDir, ...ADD_ACME, '--json');
    expect(result.code).toBe(EXIT_OK);
    expect(JSON.parse(result.stdout)).toMatchObject({ contractId: 'acme', users: [{ loginId: 'acme.master', role: 'master' }] });
  });

  it('add-contract: a taken login ID or contract ID exits 1 with the code', async () => {
    const taken = await operatorWithStdin(PASSWORD, '--data', t.dataDir, ...ADD_ACME.map((a) => (a === 'acme.master' ? 'user01' : a)));
    expect(taken.code).toBe(EXIT_FAILED);
    expect(taken.stderr).toContain('CJS-E-USER-EXISTS');
    const existing = await operatorWithStdin(PASSWORD, '--data', t.dataDir, ...ADD_ACME.map((a) => (a === 'acme' ? 'demo' : a)));
    expect(existing.code).toBe(EXIT_FAILED);
    expect(existing.stderr).toContain('the contract ID demo is already registered [CJS-E-BAD-REQUEST]');
  });

  it.each([
    ['', 'no password on standard input'],
    ['\n', 'no password on standard input'],
    ['first line\nsecond line\n', 'must be a single line'],
  ])('add-contract refuses stdin %j with exit status 2', async (stdin, message) => {
    const result = await operatorWithStdin(stdin, '--data', t.dataDir, ...ADD_ACME);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain(message);
    expect(t.service.listContracts()).toHaveLength(1);
  });

  it('add-contract refuses a short password from stdin with CJS-E-BAD-REQUEST, without echoing it', async () => {
    const result = await operatorWithStdin('short12', '--data', t.dataDir, ...ADD_ACME);
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.stderr).toContain('CJS-E-BAD-REQUEST');
    expect(result.stderr).not.toContain('short12');
  });

  it('add-contract without --password-stdin is a usage error, and stdin is not read', async () => {
    const result = await operatorWithStdin(PASSWORD, '--data', t.dataDir, ...ADD_ACME.filter((a) => a !== '--password-stdin'));
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain('--password-stdin is required');
    expect(stdinRead).toBe(false);
  });

  it('explains refusals with the code and exit status 1', async () => {
    const result = await operator('--data', t.dataDir, 'revoke', '--login-id', 'user02');
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.stderr).toContain('CJS-E-NO-CERT');
  });

  it.each([
    [['--data', 'x'], 'a command is required'],
    [['--data', 'x', 'frobnicate'], 'unknown command frobnicate'],
    [['contracts'], '--data DIR is required'],
    [['--data', 'x', 'revoke'], '--login-id ID is required'],
    [['--data', 'x', 'revoke', '--login-id', 'u', '--reason', 'superseded'], '--reason must be one of'],
    [['--data', 'x', 'contracts', '--bogus'], 'Unknown option'],
    [['--data', 'x', 'add-contract', '--name', 'N', '--master-login-id', 'm01', '--password-stdin'], '--contract-id ID is required'],
    [['--data', 'x', 'add-contract', '--contract-id', 'c', '--master-login-id', 'm01', '--password-stdin'], '--name NAME is required'],
    [['--data', 'x', 'add-contract', '--contract-id', 'c', '--name', 'N', '--password-stdin'], '--master-login-id LOGIN is required'],
    // There is no way to pass the password as an argument.
    [
      ['--data', 'x', 'add-contract', '--contract-id', 'c', '--name', 'N', '--master-login-id', 'm01', '--password', 'pw'],
      'Unknown option',
    ],
  ])('usage errors exit with 2: %j', async (args, message) => {
    const result = await operator(...args.map((a) => (a === 'x' ? t.dataDir : a)));
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage:');
  });

  it('does not create a database in a directory that has none', async () => {
    const empty = await makeDataDir();
    try {
      const result = await operator('--data', empty, 'contracts');
      expect(result.code).toBe(EXIT_FAILED);
      expect(result.stderr).toContain('no issuer database');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it("reset-password: the bank sets a master's password from stdin and lifts its lock; it is not on the command line", async () => {
    await failLogins(t, 'master01', 5);
    expect(await codeOf(t.login('master01'))).toBe('CJS-E-LOCKED');
    const usage = await operatorWithStdin('bank-chosen-password', '--data', t.dataDir, 'reset-password', '--login-id', 'master01');
    expect([usage.code, stdinRead]).toEqual([EXIT_USAGE, false]);
    const done = await operatorWithStdin(
      'bank-chosen-password\n',
      '--data',
      t.dataDir,
      'reset-password',
      '--login-id',
      'master01',
      '--password-stdin',
    );
    expect([done.code, done.stderr]).toEqual([EXIT_OK, '']);
    expect(done.stdout).toContain('master01');
    expect(done.stdout).not.toContain('bank-chosen-password');
    expect((await t.service.authenticate('master01', 'bank-chosen-password', 'master-pc')).role).toBe('master');
    const unknown = await operatorWithStdin(
      'bank-chosen-password',
      '--data',
      t.dataDir,
      'reset-password',
      '--login-id',
      'nobody1',
      '--password-stdin',
    );
    expect([unknown.code, unknown.stderr]).toEqual([EXIT_FAILED, expect.stringContaining('CJS-E-USER-NOT-FOUND')]);
  });
});

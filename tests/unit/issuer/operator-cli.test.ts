import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPair, readCertificate, toPem, type KeyPair, type SigningAuthority } from '../../../electron/core/pki';
import type { ContractView } from '../../../issuer/src/domain/api';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, runOperator } from '../../../issuer/src/operator/cli';
import { codeOf, csrFor, makeAuthority, makeDataDir, openTestService, type TestService } from './issuer-fixture';

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
  let stdout = '';
  let stderr = '';
  const code = await runOperator(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), clock: t.clock });
  return { code, stdout, stderr };
}

describe('operator CLI', () => {
  it('contracts: lists contracts, users and certificate states, as text or JSON', async () => {
    await t.service.enroll(await t.login('user01'), await csrFor(keyA, 'user01'));
    const text = await operator('--data', t.dataDir, 'contracts');
    expect(text.code).toBe(EXIT_OK);
    expect(text.stdout).toContain('demo  デモ株式会社');
    expect(text.stdout).toMatch(/user01\s+general\s+active\s+serial [0-9A-F]{32}/);

    const json = await operator('--data', t.dataDir, 'contracts', '--json');
    const contracts = JSON.parse(json.stdout) as ContractView[];
    expect(contracts[0]?.users.map((u) => [u.loginId, u.certificate?.state ?? 'none'])).toEqual([['master01', 'none'], ['user01', 'active'], ['user02', 'none']]);
  });

  it('revoke: revokes a master user\'s certificate while the service has the database open (P10)', async () => {
    const master = await t.login('master01');
    const cert = readCertificate((await t.service.enroll(master, await csrFor(keyA, 'master01'))).certificate);
    const result = await operator('--data', t.dataDir, 'revoke', '--login-id', 'master01', '--reason', 'keyCompromise');
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toContain(cert.serialNumber);
    expect(t.service.certificateStatus(cert.serialNumber)).toMatchObject({ status: 'revoked', reason: 'keyCompromise' });
  });

  it('unlock: unlocks a locked login ID', async () => {
    for (let i = 0; i < 5; i++) await codeOf(t.login('master01', `wrong-${i}`));
    expect(await codeOf(t.login('master01'))).toBe('CJS-E-LOCKED');
    expect((await operator('--data', t.dataDir, 'unlock', '--login-id', 'master01')).code).toBe(EXIT_OK);
    expect((await t.login('master01')).loginId).toBe('master01');
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
});

// The master's console use cases (contract-users.ts) over the real services of a PC
// (createServices: the same TLS trust, proxy and time budget as enrolment) against a real issuer.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addContractUser,
  deleteContractUser,
  listContractUsers,
  reregisterContractUser,
  resetContractUserPassword,
  unlockContractUser,
  type MasterCredentials,
} from '../../../electron/core/app/contract-users';
import { createServices, type AppServices } from '../../../electron/core/app/services';
import { EMBEDDED_DEFAULTS } from '../../../electron/core/config';
import { EnrollmentJournal } from '../../../electron/core/enrollment/journal';
import { freshHome } from '../../helpers/cli-process';
import { enroll } from '../../helpers/est-client';
import { DEMO_PASSWORD, httpsCall, startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { MemoryCredentialVault } from '../../helpers/memory-vault';

let issuer: TestIssuer;
let home: string;
let services: AppServices;
const master: MasterCredentials = { loginId: 'master01', password: DEMO_PASSWORD };

beforeAll(async () => {
  issuer = await startTestIssuer({ policy: { throttleAfterFailures: 100 } });
  home = await freshHome('cjs-contract-users-');
  const env = { HOME: home, XDG_STATE_HOME: join(home, '.local', 'state'), PATH: process.env.PATH };
  const journal = new EnrollmentJournal({ dir: join(home, 'journal'), vault: new MemoryCredentialVault() });
  services = await createServices({ ...EMBEDDED_DEFAULTS, issuerUrl: issuer.estUrl, trustFiles: [issuer.tlsCaCertPath] }, env, { journal });
});

afterAll(async () => {
  await issuer?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<{ code: string; actor: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { code: string; actor: string },
  );
  expect(error, 'should have been refused').toBeDefined();
  return error!;
}

describe('the master console use cases against a real issuer', () => {
  it("lists the demo contract: name, seats 3 / 11, each user's role and certificate state", async () => {
    const user01 = await enroll(issuer, 'user01');
    const contract = await listContractUsers(services, master);
    expect([contract.contractId, contract.seats]).toEqual(['demo', { used: 3, max: 11 }]);
    expect(contract.users.map((u) => [u.loginId, u.role, u.state])).toEqual([
      ['master01', 'master', 'no-certificate'],
      ['user01', 'general', 'active'],
      ['user02', 'general', 'no-certificate'],
    ]);
    expect(contract.users[1]).toMatchObject({
      serialNumber: user01.certificate.serialNumber,
      validUntil: user01.certificate.notAfter.toISOString(),
      lockedUntil: null,
    });
    expect(Date.parse(contract.users[1]!.lastIssuedAt!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a general user is refused (CJS-E-FORBIDDEN), a wrong password is CJS-E-AUTH, the master on itself CJS-E-BANK-ONLY', async () => {
    expect((await refusal(listContractUsers(services, { loginId: 'user01', password: DEMO_PASSWORD }))).code).toBe('CJS-E-FORBIDDEN');
    expect((await refusal(listContractUsers(services, { loginId: 'master01', password: 'not-the-password' }))).code).toBe('CJS-E-AUTH');
    const bankOnly = await refusal(deleteContractUser(services, master, 'master01'));
    expect([bankOnly.code, bankOnly.actor]).toEqual(['CJS-E-BANK-ONLY', 'bank']);
    expect((await refusal(reregisterContractUser(services, master, 'master01', 'new-password-1'))).code).toBe('CJS-E-BANK-ONLY');
    expect((await refusal(resetContractUserPassword(services, master, 'master01', 'new-password-1'))).code).toBe('CJS-E-BANK-ONLY');
  });

  it('adds a user and deletes it; a deletion names the certificate it revoked', async () => {
    const added = await addContractUser(services, master, { loginId: 'user03', password: 'initial-password-3' });
    expect(added).toMatchObject({ loginId: 'user03', role: 'general', state: 'no-certificate', serialNumber: null });
    const cert = await enroll(issuer, 'user03', { password: 'initial-password-3' });
    expect(await deleteContractUser(services, master, 'user03')).toEqual({ revokedSerial: cert.certificate.serialNumber });
    expect((await listContractUsers(services, master)).users.map((u) => u.loginId)).not.toContain('user03');
  });

  it('re-registers user01: its certificate revoked, the ID back without one, the seat count unchanged', async () => {
    const before = await listContractUsers(services, master);
    const serial = before.users.find((u) => u.loginId === 'user01')!.serialNumber;
    const result = await reregisterContractUser(services, master, 'user01', 'second-start-1');
    expect(result.revokedSerial).toBe(serial);
    expect(result.user).toMatchObject({ loginId: 'user01', state: 'no-certificate', serialNumber: null, lastIssuedAt: null });
    expect((await listContractUsers(services, master)).seats).toEqual(before.seats);
    await enroll(issuer, 'user01', { password: 'second-start-1' });
  });

  it("a locked user shows 'locked' until unlocked; a password reset lifts a lock too", async () => {
    const lock = async () => {
      for (let i = 0; i < 5; i++) {
        await httpsCall(issuer.estUrl, issuer.tlsCaPem, { path: '/api/v1/users', auth: { loginId: 'user02', password: `guess-${i}` } });
      }
    };
    await lock();
    const locked = (await listContractUsers(services, master)).users.find((u) => u.loginId === 'user02')!;
    expect(locked.state).toBe('locked');
    expect(Date.parse(locked.lockedUntil!)).toBeGreaterThan(Date.now());
    await unlockContractUser(services, master, 'user02');
    expect((await listContractUsers(services, master)).users.find((u) => u.loginId === 'user02')).toMatchObject({
      state: 'no-certificate',
      lockedUntil: null,
    });
    await lock();
    await resetContractUserPassword(services, master, 'user02', 'reset-password-2');
    expect((await listContractUsers(services, master)).users.find((u) => u.loginId === 'user02')!.state).toBe('no-certificate');
    await enroll(issuer, 'user02', { password: 'reset-password-2' });
  });
});

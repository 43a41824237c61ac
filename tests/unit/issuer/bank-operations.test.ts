import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPair, readCertificate, type KeyPair, type SigningAuthority } from '../../../electron/core/pki';
import { codeOf, csrFor, makeAuthority, openTestService, type TestService } from './issuer-fixture';

let authority: SigningAuthority;
let keyA: KeyPair;
let keyB: KeyPair;
let t: TestService;

beforeAll(async () => {
  [authority, keyA, keyB] = await Promise.all([makeAuthority(), generateKeyPair('ecdsa-p256'), generateKeyPair('ecdsa-p256')]);
});
beforeEach(async () => {
  t = await openTestService(authority);
});
afterEach(() => t.dispose());

describe('operator (bank) commands', () => {
  it('P10, P11: revokes a master user\'s certificate, after which the master enrolls a new one', async () => {
    const master = await t.login('master01');
    const first = await t.service.enroll(master, await csrFor(keyA, 'master01'));
    expect(await codeOf(t.service.enroll(master, await csrFor(keyB, 'master01')))).toBe('CJS-E-ACTIVE-CERT');

    const { serialNumber } = t.service.operatorRevoke('master01', 'cessationOfOperation');
    expect(serialNumber).toBe(readCertificate(first.certificate).serialNumber);
    expect(t.service.certificateStatus(serialNumber)).toMatchObject({ status: 'revoked', reason: 'cessationOfOperation' });

    const second = await t.service.enroll(master, await csrFor(keyB, 'master01'));
    expect(second.replayed).toBe(false);
  });

  it('a revoked certificate is not replayed: the same key gets a new certificate', async () => {
    const user = await t.login('user01');
    const first = await t.service.enroll(user, await csrFor(keyA, 'user01'));
    t.service.operatorRevoke('user01', 'unspecified');
    const second = await t.service.enroll(user, await csrFor(keyA, 'user01'));
    expect(second.replayed).toBe(false);
    expect(second.certificate.equals(first.certificate)).toBe(false);
  });

  it('refuses unknown users and users without a certificate', async () => {
    expect(await codeOf(() => t.service.operatorRevoke('nobody', 'unspecified'))).toBe('CJS-E-USER-NOT-FOUND');
    expect(await codeOf(() => t.service.operatorRevoke('user02', 'unspecified'))).toBe('CJS-E-NO-CERT');
    expect(await codeOf(() => t.service.operatorUnlock('nobody'))).toBe('CJS-E-USER-NOT-FOUND');
  });

  it('lists every contract with its users and certificate states', async () => {
    await t.service.enroll(await t.login('user02'), await csrFor(keyA, 'user02'));
    t.service.operatorRevoke('user02', 'keyCompromise');
    const [demo, ...rest] = t.service.listContracts();
    expect(rest).toEqual([]);
    expect(demo).toMatchObject({ contractId: 'demo', name: 'デモ株式会社' });
    expect(demo?.users.find((u) => u.loginId === 'user02')?.certificate).toMatchObject({ state: 'revoked', revokedAt: expect.any(String) as string });
  });
});

import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPair, readCertificate, type KeyPair, type SigningAuthority } from '../../../electron/core/pki';
import { openIssuerDatabase } from '../../../issuer/src/db/database';
import { ContractStore } from '../../../issuer/src/db/contract-store';
import { UserStore } from '../../../issuer/src/db/user-store';
import { hashPassword } from '../../../issuer/src/domain/passwords';
import { START, TEST_PASSWORD_COST, codeOf, csrFor, errorOf, makeAuthority, openTestService, type TestService } from './issuer-fixture';

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

const newUser = (loginId: string) => ({ loginId, password: 'initial-password', email: `${loginId}@example.jp` });

describe('master API', () => {
  it("lists the contract's users, master first, with their certificate state", async () => {
    await t.service.enroll(await t.login('user01'), await csrFor(keyA, 'user01'));
    const users = t.service.listUsers(await t.login('master01'));
    expect(users.map((u) => [u.loginId, u.role, u.email, u.certificate?.state ?? 'none'])).toEqual([
      ['master01', 'master', 'master01@example.jp', 'none'],
      ['user01', 'general', 'user01@example.jp', 'active'],
      ['user02', 'general', 'user02@example.jp', 'none'],
    ]);
  });

  it('is for the master user only (CJS-E-FORBIDDEN)', async () => {
    const general = await t.login('user01');
    expect(await codeOf(() => t.service.listUsers(general))).toBe('CJS-E-FORBIDDEN');
    expect(await codeOf(t.service.addUser(general, newUser('user03')))).toBe('CJS-E-FORBIDDEN');
    expect(await codeOf(() => t.service.deleteUser(general, 'user02'))).toBe('CJS-E-FORBIDDEN');
    expect(await codeOf(() => t.service.unlockUser(general, 'user02'))).toBe('CJS-E-FORBIDDEN');
  });

  it('adds a general user who can log in', async () => {
    const view = await t.service.addUser(await t.login('master01'), newUser('user03'));
    expect(view).toMatchObject({ loginId: 'user03', role: 'general', email: 'user03@example.jp', locked: false, certificate: null });
    expect((await t.service.authenticate('user03', 'initial-password')).contractId).toBe('demo');
  });

  it('validates the login ID and the password (CJS-E-BAD-REQUEST) and refuses duplicates (CJS-E-USER-EXISTS)', async () => {
    const master = await t.login('master01');
    expect(await codeOf(t.service.addUser(master, { loginId: 'a b', password: 'long-enough' }))).toBe('CJS-E-BAD-REQUEST');
    expect(await codeOf(t.service.addUser(master, { loginId: 'user03', password: 'short' }))).toBe('CJS-E-BAD-REQUEST');
    expect(await codeOf(t.service.addUser(master, newUser('user01')))).toBe('CJS-E-USER-EXISTS');
  });

  it('P2: 1 master + 10 general users; the 12th user is refused (CJS-E-USER-LIMIT, 409); deleted users do not count', async () => {
    const master = await t.login('master01');
    for (let i = 3; i <= 10; i++) await t.service.addUser(master, newUser(`user${String(i).padStart(2, '0')}`));
    expect(t.service.listUsers(master)).toHaveLength(11);
    const error = await errorOf(t.service.addUser(master, newUser('user11')));
    expect([error.code, error.status]).toEqual(['CJS-E-USER-LIMIT', 409]);

    t.service.deleteUser(master, 'user05');
    await t.service.addUser(master, newUser('user11'));
    expect(t.service.listUsers(master)).toHaveLength(11);
  });

  it('P9, P10: deleting a user revokes its certificate at once; the ID can be registered again and enroll anew', async () => {
    const master = await t.login('master01');
    const old = await t.service.enroll(await t.login('user01'), await csrFor(keyA, 'user01'));
    const oldSerial = readCertificate(old.certificate).serialNumber;

    t.service.deleteUser(master, 'user01');
    expect(t.service.certificateStatus(oldSerial)).toMatchObject({
      status: 'revoked',
      loginId: 'user01',
      reason: 'privilegeWithdrawn',
      reregistered: false,
    });
    expect(t.service.listUsers(master).map((u) => u.loginId)).not.toContain('user01');
    expect(await codeOf(t.login('user01'))).toBe('CJS-E-USER-DELETED');

    await t.service.addUser(master, { loginId: 'user01', password: 'new-password-1' });
    // The revoked certificate's user can tell the next step is theirs now (Status moves on).
    expect(t.service.certificateStatus(oldSerial)).toMatchObject({ status: 'revoked', reregistered: true });
    const again = await t.service.enroll(await t.service.authenticate('user01', 'new-password-1'), await csrFor(keyB, 'user01'));
    expect(again.replayed).toBe(false);
    expect(t.service.certificateStatus(readCertificate(again.certificate).serialNumber).status).toBe('good');
  });

  it('an enrollment that was authenticated before the deletion gets no certificate', async () => {
    const user = await t.login('user01');
    t.service.deleteUser(await t.login('master01'), 'user01');
    expect(await codeOf(t.service.enroll(user, await csrFor(keyA, 'user01')))).toBe('CJS-E-USER-DELETED');
  });

  it('P10: the master cannot delete, re-register or reset itself (CJS-E-BANK-ONLY, 403)', async () => {
    const master = await t.login('master01');
    const error = await errorOf(() => t.service.deleteUser(master, 'master01'));
    expect([error.code, error.status]).toEqual(['CJS-E-BANK-ONLY', 403]);
    expect(await codeOf(t.service.reregisterUser(master, 'master01', 'new-password-1'))).toBe('CJS-E-BANK-ONLY');
    expect(await codeOf(t.service.resetUserPassword(master, 'master01', 'new-password-1'))).toBe('CJS-E-BANK-ONLY');
    expect((await t.service.authenticate('master01', 'demo-password')).role).toBe('master');
  });

  it('lists the contract with its name and seats (P2), and each user’s last issuance and lock end', async () => {
    await t.service.enroll(await t.login('user01'), await csrFor(keyA, 'user01'));
    const contract = t.service.listContractUsers(await t.login('master01'));
    expect([contract.contractId, contract.seats]).toEqual(['demo', { used: 3, max: 11 }]);
    expect(contract.name).not.toBe('');
    const user01 = contract.users.find((u) => u.loginId === 'user01')!;
    expect(user01.lastIssuedAt).toBe(t.clock.now().toISOString());
    expect(contract.users.find((u) => u.loginId === 'user02')).toMatchObject({ lastIssuedAt: null, lockedUntil: null });
  });

  it('P10 in one step: re-registering revokes the certificate, keeps the seat, and the new password enrols', async () => {
    const master = await t.login('master01');
    const old = await t.service.enroll(await t.login('user01'), await csrFor(keyA, 'user01'));
    const oldSerial = readCertificate(old.certificate).serialNumber;
    const before = t.service.listContractUsers(master).seats;

    const { user, revokedSerial } = await t.service.reregisterUser(master, 'user01', 'new-password-1');
    expect([user.loginId, user.role, user.certificate, revokedSerial]).toEqual(['user01', 'general', null, oldSerial]);
    expect(t.service.certificateStatus(oldSerial)).toMatchObject({ status: 'revoked', reason: 'privilegeWithdrawn' });
    expect(t.service.listContractUsers(master).seats).toEqual(before);
    expect(await codeOf(t.service.authenticate('user01', 'demo-password'))).toBe('CJS-E-AUTH');
    const again = await t.service.enroll(await t.service.authenticate('user01', 'new-password-1'), await csrFor(keyB, 'user01'));
    expect(t.service.certificateStatus(readCertificate(again.certificate).serialNumber).status).toBe('good');
  });

  it('resetting a password sets the new one and lifts the lock; a short one is refused', async () => {
    const master = await t.login('master01');
    for (let i = 0; i < 5; i++) await codeOf(t.service.authenticate('user02', `wrong-${i}`, `pc-${i}`));
    expect(t.service.listUsers(master).find((u) => u.loginId === 'user02')?.locked).toBe(true);
    expect(await codeOf(t.service.resetUserPassword(master, 'user02', 'short'))).toBe('CJS-E-BAD-REQUEST');
    await t.service.resetUserPassword(master, 'user02', 'fresh-password-2');
    expect(t.service.listUsers(master).find((u) => u.loginId === 'user02')).toMatchObject({ locked: false, lockedUntil: null });
    expect((await t.service.authenticate('user02', 'fresh-password-2', 'user02-pc')).loginId).toBe('user02');
  });

  it('a user of another contract is "not found" to this master (CJS-E-USER-NOT-FOUND)', async () => {
    const db = openIssuerDatabase(t.dataDir);
    try {
      new ContractStore(db).insert({ contractId: 'other', name: '別会社', createdAt: START });
      new UserStore(db).insert({
        contractId: 'other',
        loginId: 'other01',
        role: 'general',
        email: null,
        passwordHash: await hashPassword('x-password', TEST_PASSWORD_COST),
        createdAt: START,
      });
    } finally {
      db.close();
    }
    const master = await t.login('master01');
    expect(await codeOf(() => t.service.deleteUser(master, 'other01'))).toBe('CJS-E-USER-NOT-FOUND');
    expect(await codeOf(() => t.service.unlockUser(master, 'other01'))).toBe('CJS-E-USER-NOT-FOUND');
    expect(await codeOf(() => t.service.deleteUser(master, 'nobody'))).toBe('CJS-E-USER-NOT-FOUND');
    expect(await codeOf(t.service.reregisterUser(master, 'other01', 'new-password-1'))).toBe('CJS-E-USER-NOT-FOUND');
    expect(await codeOf(t.service.resetUserPassword(master, 'other01', 'new-password-1'))).toBe('CJS-E-USER-NOT-FOUND');
  });
});

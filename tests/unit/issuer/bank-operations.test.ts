import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPair, readCertificate, type KeyPair, type SigningAuthority } from '../../../electron/core/pki';
import { codeOf, csrFor, errorOf, inspectDatabase, makeAuthority, openTestService, type TestService } from './issuer-fixture';

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
  it("P10, P11: revokes a master user's certificate, after which the master enrolls a new one", async () => {
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
    expect(demo?.users.find((u) => u.loginId === 'user02')?.certificate).toMatchObject({
      state: 'revoked',
      revokedAt: expect.any(String) as string,
    });
  });
});

describe('operatorAddContract: the bank onboards a member company', () => {
  const MASTER_PASSWORD = 'Vb4-unique-initial-master-password';
  const acme = {
    contractId: 'acme-01',
    name: 'アクメ商事株式会社',
    masterLoginId: 'acme.master',
    masterPassword: MASTER_PASSWORD,
    masterEmail: 'master@acme.example.jp',
  };

  it('creates the contract and its master, who logs in, enrolls and registers general users', async () => {
    const view = await t.service.operatorAddContract(acme);
    expect(view).toMatchObject({ contractId: 'acme-01', name: 'アクメ商事株式会社' });
    expect(view.users).toEqual([
      expect.objectContaining({
        loginId: 'acme.master',
        role: 'master',
        email: 'master@acme.example.jp',
        locked: false,
        certificate: null,
      }),
    ]);
    expect(t.service.listContracts().map((c) => c.contractId)).toEqual(['acme-01', 'demo']);

    const master = await t.service.authenticate('acme.master', MASTER_PASSWORD);
    expect(master).toMatchObject({ contractId: 'acme-01', role: 'master' });
    await t.service.enroll(master, await csrFor(keyA, 'acme.master'));
    await t.service.addUser(master, { loginId: 'acme.user01', password: 'another-password' });
    // The new contract is separate from the demo one: its master sees only its own users.
    expect(t.service.listUsers(master).map((u) => u.loginId)).toEqual(['acme.master', 'acme.user01']);
  });

  it('stores an scrypt hash, never the password, and audits contract.created by the operator', async () => {
    await t.service.operatorAddContract(acme);
    const { hash, audit } = inspectDatabase(t.dataDir, (db) => ({
      hash: db.prepare("SELECT password_hash AS h FROM users WHERE login_id = 'acme.master'").get() as { h: string },
      audit: db.prepare("SELECT actor, action, login_id, detail FROM audit_log WHERE action = 'contract.created'").all(),
    }));
    expect(hash.h).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(hash.h).not.toContain(MASTER_PASSWORD);
    expect(audit).toEqual([{ actor: 'operator', action: 'contract.created', login_id: 'acme.master', detail: 'contract=acme-01' }]);
    const everything = inspectDatabase(t.dataDir, (db) => JSON.stringify(db.prepare('SELECT * FROM audit_log').all()));
    expect(everything).not.toContain(MASTER_PASSWORD);
  });

  it('refuses a login ID that is taken, in any contract, with CJS-E-USER-EXISTS, and creates nothing', async () => {
    expect(await codeOf(t.service.operatorAddContract({ ...acme, masterLoginId: 'user01' }))).toBe('CJS-E-USER-EXISTS');
    await t.service.operatorAddContract(acme);
    expect(await codeOf(t.service.operatorAddContract({ ...acme, contractId: 'acme-02' }))).toBe('CJS-E-USER-EXISTS');
    expect(t.service.listContracts().map((c) => c.contractId)).toEqual(['acme-01', 'demo']);
  });

  it('refuses a contract ID that exists with CJS-E-BAD-REQUEST (409) naming the contract', async () => {
    const error = await errorOf(t.service.operatorAddContract({ ...acme, contractId: 'demo', masterLoginId: 'other.master' }));
    expect(error).toMatchObject({ code: 'CJS-E-BAD-REQUEST', status: 409, message: 'the contract ID demo is already registered' });
    expect(await codeOf(t.login('other.master'))).toBe('CJS-E-AUTH');
  });

  it('of two concurrent requests for the same contract ID, exactly one succeeds', async () => {
    const results = await Promise.allSettled([
      t.service.operatorAddContract({ ...acme, masterLoginId: 'first.master' }),
      t.service.operatorAddContract({ ...acme, masterLoginId: 'second.master' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(t.service.listContracts().find((c) => c.contractId === 'acme-01')?.users).toHaveLength(1);
  });

  it.each([
    ['a contract ID with a space', { contractId: 'acme 01' }],
    ['an empty contract ID', { contractId: '' }],
    ['a blank name', { name: '   ' }],
    ['a name with a line break', { name: 'Acme\nInjected line' }],
    ['a name over 200 characters', { name: 'x'.repeat(201) }],
    ['a login ID that cannot be a certificate subject', { masterLoginId: 'a,CN=admin' }],
    ['a password shorter than 8 characters', { masterPassword: 'short' }],
    ['an invalid e-mail address', { masterEmail: 'not an address' }],
  ])('refuses %s with CJS-E-BAD-REQUEST (400)', async (_, change) => {
    expect(await errorOf(t.service.operatorAddContract({ ...acme, ...change }))).toMatchObject({ code: 'CJS-E-BAD-REQUEST', status: 400 });
    expect(t.service.listContracts()).toHaveLength(1);
  });

  it('works on a database without the demo contract', async () => {
    const empty = await openTestService(authority, { seed: false });
    try {
      await empty.service.operatorAddContract(acme);
      expect(empty.service.listContracts().map((c) => c.contractId)).toEqual(['acme-01']);
      expect(await empty.service.seedDemoData()).toBe(false);
    } finally {
      await empty.dispose();
    }
  });
});

import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SigningAuthority } from '../../../electron/core/pki';
import { codeOf, errorOf, inspectDatabase, makeAuthority, openTestService, type TestService } from './issuer-fixture';

let authority: SigningAuthority;
let t: TestService;

beforeAll(async () => {
  authority = await makeAuthority();
});
beforeEach(async () => {
  t = await openTestService(authority, { policy: { maxFailedLogins: 3 } });
});
afterEach(() => t.dispose());

describe('authenticate', () => {
  it('returns the user for the right password', async () => {
    expect(await t.login('master01')).toMatchObject({ contractId: 'demo', loginId: 'master01', role: 'master' });
    expect(await t.login('user01')).toMatchObject({ loginId: 'user01', role: 'general' });
  });

  it('answers a wrong password and an unknown login ID alike: CJS-E-AUTH, 401', async () => {
    const wrong = await errorOf(t.login('user01', 'wrong-password'));
    const unknown = await errorOf(t.login('nobody', 'demo-password'));
    expect([wrong.code, wrong.status]).toEqual(['CJS-E-AUTH', 401]);
    expect([unknown.code, unknown.status, unknown.message]).toEqual([wrong.code, wrong.status, wrong.message]);
  });

  it('locks the ID after maxFailedLogins consecutive failures, and then refuses the right password too', async () => {
    expect(await codeOf(t.login('user01', 'bad-1'))).toBe('CJS-E-AUTH');
    expect(await codeOf(t.login('user01', 'bad-2'))).toBe('CJS-E-AUTH');
    const locking = await errorOf(t.login('user01', 'bad-3'));
    expect([locking.code, locking.status]).toEqual(['CJS-E-LOCKED', 403]);
    expect(await codeOf(t.login('user01'))).toBe('CJS-E-LOCKED');
    expect(t.service.listUsers(await t.login('master01')).find((u) => u.loginId === 'user01')?.locked).toBe(true);
  });

  it('a successful login resets the failure count', async () => {
    await codeOf(t.login('user01', 'bad-1'));
    await codeOf(t.login('user01', 'bad-2'));
    await t.login('user01');
    await codeOf(t.login('user01', 'bad-3'));
    await codeOf(t.login('user01', 'bad-4'));
    expect((await t.login('user01')).loginId).toBe('user01');
  });

  it('the master unlocks a general user', async () => {
    for (const pw of ['a', 'b', 'c']) await codeOf(t.login('user01', pw));
    t.service.unlockUser(await t.login('master01'), 'user01');
    expect((await t.login('user01')).loginId).toBe('user01');
  });

  it('the bank (operator) unlocks a master user', async () => {
    for (const pw of ['a', 'b', 'c']) await codeOf(t.login('master01', pw));
    expect(await codeOf(t.login('master01'))).toBe('CJS-E-LOCKED');
    t.service.operatorUnlock('master01');
    expect((await t.login('master01')).role).toBe('master');
  });

  it('names a deleted ID only to someone who knows its password', async () => {
    t.service.deleteUser(await t.login('master01'), 'user01');
    const deleted = await errorOf(t.login('user01'));
    expect([deleted.code, deleted.status]).toEqual(['CJS-E-USER-DELETED', 403]);
    expect(await codeOf(t.login('user01', 'wrong-password'))).toBe('CJS-E-AUTH');
  });

  it('audits failures without recording what an unknown "login ID" was', async () => {
    await codeOf(t.login('my-secret-password-typed-in-the-id-field', 'x'));
    const rows = inspectDatabase(t.dataDir, (db) =>
      db.prepare("SELECT actor, action, login_id FROM audit_log WHERE action = 'login.failed'").all(),
    );
    expect(rows).toEqual([{ actor: 'unknown', action: 'login.failed', login_id: null }]);
  });
});

import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SigningAuthority } from '../../../electron/core/pki';
import { codeOf, errorOf, failLogins, inspectDatabase, makeAuthority, openTestService, type TestService } from './issuer-fixture';

let authority: SigningAuthority;
let t: TestService;

beforeAll(async () => {
  authority = await makeAuthority();
});
// Three wrong passwords lock (the product's five, fewer to type); the throttle starts after three
// too, so the locking attempt is the last one heard without a wait.
beforeEach(async () => {
  t = await openTestService(authority, { policy: { maxFailedLogins: 3 } });
});
afterEach(() => t.dispose());

const lockedFlag = async (loginId: string) =>
  t.service.listUsers(await t.login('master01', undefined, 'master-pc')).find((u) => u.loginId === loginId)?.locked;

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
    // Retry-After: when the lock lifts itself (30 minutes by default).
    expect(locking.retryAfterSeconds).toBe(30 * 60);
    expect(locking.message).toContain('2026-04-01T00:30:00.000Z');
    expect(await codeOf(t.login('user01'))).toBe('CJS-E-LOCKED');
    expect(await lockedFlag('user01')).toBe(true);
  });

  it('a successful login resets the failure count', async () => {
    await codeOf(t.login('user01', 'bad-1'));
    await codeOf(t.login('user01', 'bad-2'));
    await t.login('user01');
    await codeOf(t.login('user01', 'bad-3'));
    await codeOf(t.login('user01', 'bad-4'));
    expect((await t.login('user01')).loginId).toBe('user01');
  });

  it('the master unlocks a general user before the lock lifts itself', async () => {
    await failLogins(t, 'user01', 3);
    t.service.unlockUser(await t.login('master01', undefined, 'master-pc'), 'user01');
    // The unlock lifts the lock, not the throttle of the address the failures came from: that
    // would let a stranger there lock the ID again at once. Its first wait is a second.
    expect(await codeOf(t.login('user01'))).toBe('CJS-E-THROTTLED');
    t.clock.advanceSeconds(1);
    expect((await t.login('user01')).loginId).toBe('user01');
  });

  it('the bank (operator) unlocks a master user before the lock lifts itself', async () => {
    await failLogins(t, 'master01', 3);
    expect(await codeOf(t.login('master01'))).toBe('CJS-E-LOCKED');
    t.service.operatorUnlock('master01');
    expect((await t.login('master01', undefined, 'master-pc')).role).toBe('master');
  });

  it('a lock lifts itself after lockMinutes, shown as lifted in the list and audited', async () => {
    await failLogins(t, 'user01', 3);
    t.clock.advanceSeconds(29 * 60);
    expect(await codeOf(t.login('user01'))).toBe('CJS-E-LOCKED');
    t.clock.advanceSeconds(60);
    expect(await lockedFlag('user01')).toBe(false);
    expect((await t.login('user01')).loginId).toBe('user01');
    const rows = inspectDatabase(t.dataDir, (db) =>
      db.prepare("SELECT actor, action, login_id, detail FROM audit_log WHERE action = 'user.unlocked'").all(),
    );
    expect(rows).toEqual([{ actor: 'system', action: 'user.unlocked', login_id: 'user01', detail: 'the lock expired' }]);
  });

  it('names a deleted ID only to someone who knows its password', async () => {
    t.service.deleteUser(await t.login('master01'), 'user01');
    const deleted = await errorOf(t.login('user01'));
    expect([deleted.code, deleted.status]).toEqual(['CJS-E-USER-DELETED', 403]);
    expect(await codeOf(t.login('user01', 'wrong-password'))).toBe('CJS-E-AUTH');
  });

  it('audits failures without recording what an unknown "login ID" was', async () => {
    await codeOf(t.login('my-secret-password-typed-in-the-id-field', 'x', '192.0.2.7'));
    const rows = inspectDatabase(t.dataDir, (db) =>
      db.prepare("SELECT actor, action, login_id, detail FROM audit_log WHERE action = 'login.failed'").all(),
    );
    expect(rows).toEqual([{ actor: 'unknown', action: 'login.failed', login_id: null, detail: 'from 192.0.2.7' }]);
  });
});

describe('throttling', () => {
  beforeEach(async () => {
    await t.dispose();
    t = await openTestService(authority, { policy: { maxFailedLogins: 5, throttleAfterFailures: 3, throttleMaxSeconds: 8 } });
  });

  it('after 3 failures from one address, that address waits 1, 2, 4… seconds (capped) for that login ID: 429, Retry-After', async () => {
    for (const pw of ['a', 'b', 'c']) expect(await codeOf(t.login('user01', pw, 'evil'))).toBe('CJS-E-AUTH');
    const throttled = await errorOf(t.login('user01', undefined, 'evil'));
    expect([throttled.code, throttled.status, throttled.retryAfterSeconds]).toEqual(['CJS-E-THROTTLED', 429, 1]);
    t.clock.advanceSeconds(1);
    expect(await codeOf(t.login('user01', 'd', 'evil'))).toBe('CJS-E-AUTH');
    expect((await errorOf(t.login('user01', undefined, 'evil'))).retryAfterSeconds).toBe(2);
    // Other addresses, and other IDs from this address, are not slowed down.
    expect((await t.login('user01', undefined, 'user-pc')).loginId).toBe('user01');
    expect((await t.login('user02', undefined, 'evil')).loginId).toBe('user02');
  });

  it('a throttled attempt is not heard: the right password is refused too, and nothing is counted', async () => {
    for (const pw of ['a', 'b', 'c']) await codeOf(t.login('user01', pw, 'pc'));
    const failedBefore = inspectDatabase(t.dataDir, (db) =>
      db.prepare("SELECT failed_logins AS n FROM users WHERE login_id = 'user01'").get(),
    );
    expect(await codeOf(t.login('user01', undefined, 'pc'))).toBe('CJS-E-THROTTLED');
    expect(await codeOf(t.login('user01', 'wrong', 'pc'))).toBe('CJS-E-THROTTLED');
    expect(inspectDatabase(t.dataDir, (db) => db.prepare("SELECT failed_logins AS n FROM users WHERE login_id = 'user01'").get())).toEqual(
      failedBefore,
    );
    t.clock.advanceSeconds(1);
    expect((await t.login('user01', undefined, 'pc')).loginId).toBe('user01');
  });

  it('the wait doubles up to throttleMaxSeconds and no further', async () => {
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      let error = await errorOf(t.login('nobody01', `w${i}`, 'evil'));
      while (error.code === 'CJS-E-THROTTLED') {
        waits.push(error.retryAfterSeconds!);
        t.clock.advanceSeconds(error.retryAfterSeconds!);
        error = await errorOf(t.login('nobody01', `w${i}`, 'evil'));
      }
      expect(error.code).toBe('CJS-E-AUTH');
    }
    expect(waits).toEqual([1, 2, 4, 8, 8, 8]);
  });

  it('an unknown login ID is throttled exactly like an existing one (nothing to learn from a 429)', async () => {
    const pattern = async (loginId: string, source: string) => {
      const codes: string[] = [];
      for (let i = 0; i < 5; i++) codes.push(await codeOf(t.login(loginId, `x${i}`, source)));
      return codes;
    };
    const existing = await pattern('user02', 'a');
    const unknown = await pattern('nosuch99', 'b');
    expect(existing).toEqual(['CJS-E-AUTH', 'CJS-E-AUTH', 'CJS-E-AUTH', 'CJS-E-THROTTLED', 'CJS-E-THROTTLED']);
    expect(unknown).toEqual(existing);
  });
});

describe('a stranger guessing a master’s password', () => {
  beforeEach(async () => {
    await t.dispose();
    // The production numbers.
    t = await openTestService(authority);
  });

  it('from one address locks the master at most once, for 30 minutes; then only slows himself down', async () => {
    // Hundreds of guesses over a day, each as soon as the throttle lets him.
    const first = await failLogins(t, 'master01', 5, '198.51.100.9');
    expect(first.codes).toEqual(['CJS-E-AUTH', 'CJS-E-AUTH', 'CJS-E-AUTH', 'CJS-E-AUTH', 'CJS-E-LOCKED']);
    expect(await codeOf(t.login('master01', undefined, 'master-pc'))).toBe('CJS-E-LOCKED');
    t.clock.advanceSeconds(30 * 60);
    const later = await failLogins(t, 'master01', 60, '198.51.100.9');
    expect(later.codes.filter((c) => c !== 'CJS-E-AUTH')).toEqual([]);
    // The real master, from the office, gets in: the stranger never locked the ID again.
    expect((await t.login('master01', undefined, 'master-pc')).role).toBe('master');
    expect(await lockedFlag('master01')).toBe(false);
  });

  it('the master behind the same address gets in once the lock has lifted and the wait is over', async () => {
    await failLogins(t, 'master01', 5, '203.0.113.5');
    t.clock.advanceSeconds(30 * 60);
    // Guesses answered CJS-E-LOCKED are not heard; these 20 are, each as soon as allowed.
    await failLogins(t, 'master01', 20, '203.0.113.5');
    // The stranger's address now waits the longest, 15 minutes, for every further guess: the
    // master sharing it (an office behind one NAT address) waits as long, and no longer.
    const wait = await errorOf(t.login('master01', undefined, '203.0.113.5'));
    expect([wait.code, wait.retryAfterSeconds]).toEqual(['CJS-E-THROTTLED', 15 * 60]);
    t.clock.advanceSeconds(wait.retryAfterSeconds!);
    expect((await t.login('master01', undefined, '203.0.113.5')).role).toBe('master');
  });
});

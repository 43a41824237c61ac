import { describe, expect, it } from 'vitest';
import { checkUserLimit, requireMaster, validateNewUser } from '../../../issuer/src/domain/user-policy';
import { codeOf } from './issuer-fixture';

describe('user policy', () => {
  it('accepts well-formed login IDs and passwords', () => {
    for (const loginId of ['abc', 'user01', 'A.b_c-9', 'x'.repeat(32)]) {
      expect(() => validateNewUser({ loginId, password: '12345678' })).not.toThrow();
    }
    expect(() => validateNewUser({ loginId: 'user03', password: '12345678', email: 'user03@example.jp' })).not.toThrow();
  });

  it.each(['ab', '-abc', '.abc', 'x'.repeat(33), 'user 01', 'ユーザー01', 'a"b"c', 'CN=x,O=y', ''])(
    'refuses login ID %j (CJS-E-BAD-REQUEST)',
    async (loginId) => {
      expect(await codeOf(() => validateNewUser({ loginId, password: '12345678' }))).toBe('CJS-E-BAD-REQUEST');
    },
  );

  it('refuses passwords shorter than 8 characters and malformed e-mail addresses', async () => {
    expect(await codeOf(() => validateNewUser({ loginId: 'user03', password: '1234567' }))).toBe('CJS-E-BAD-REQUEST');
    expect(await codeOf(() => validateNewUser({ loginId: 'user03', password: '12345678', email: 'not-an-address' }))).toBe(
      'CJS-E-BAD-REQUEST',
    );
  });

  it('P2: the limit counts general users only', async () => {
    expect(() => checkUserLimit(9, { maxGeneralUsers: 10 })).not.toThrow();
    expect(await codeOf(() => checkUserLimit(10, { maxGeneralUsers: 10 }))).toBe('CJS-E-USER-LIMIT');
  });

  it('the administration API is for the master user only', async () => {
    expect(() => requireMaster({ id: 1, contractId: 'c', loginId: 'm', role: 'master' })).not.toThrow();
    expect(await codeOf(() => requireMaster({ id: 2, contractId: 'c', loginId: 'u', role: 'general' }))).toBe('CJS-E-FORBIDDEN');
  });
});

import { describe, expect, it } from 'vitest';
import { hashPassword, PASSWORD_COST, verifyAgainstDummy, verifyPassword } from '../../../issuer/src/domain/passwords';
import { TEST_PASSWORD_COST } from './issuer-fixture';

describe('passwords', () => {
  it('stores a self-describing scrypt hash with the production cost (N=2^15, r=8, p=1) and no trace of the password', async () => {
    const stored = await hashPassword('correct horse');
    expect(PASSWORD_COST).toEqual({ N: 2 ** 15, r: 8, p: 1 });
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', stored)).toBe(true);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same', TEST_PASSWORD_COST), hashPassword('same', TEST_PASSWORD_COST)]);
    expect(a).not.toBe(b);
  });

  it('accepts the right password and refuses a wrong one, using the cost the hash records', async () => {
    const stored = await hashPassword('correct horse', TEST_PASSWORD_COST);
    expect(stored.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsf', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('treats NFC and NFD spellings of the same password alike', async () => {
    const stored = await hashPassword('パスワード\u30d1', TEST_PASSWORD_COST);
    expect(await verifyPassword('パスワード\u30cf\u309a', stored)).toBe(true);
  });

  it('for unknown IDs, runs a real scrypt and always fails', async () => {
    const started = performance.now();
    expect(await verifyAgainstDummy('anything')).toBe(false);
    // Not a speed assertion: only that real work happened. A 32 MiB scrypt cannot take under
    // 5 ms; skipping it would take microseconds.
    expect(performance.now() - started).toBeGreaterThan(5);
    expect(await verifyAgainstDummy('', TEST_PASSWORD_COST)).toBe(false);
  });

  it('rejects a stored value that is not a scrypt hash', async () => {
    await expect(verifyPassword('x', 'plain-text')).rejects.toThrow(/format/);
  });
});

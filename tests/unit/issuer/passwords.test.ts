import { describe, expect, it } from 'vitest';
import { hashPassword, PASSWORD_COST, verifyAgainstDummy, verifyPassword } from '../../../issuer/src/domain/passwords';

describe('passwords', () => {
  it('stores a self-describing scrypt hash with the production cost and a random salt', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse'), hashPassword('correct horse')]);
    expect(a).toMatch(new RegExp(`^scrypt\\$${PASSWORD_COST.N}\\$8\\$1\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+$`));
    expect(PASSWORD_COST.N).toBe(2 ** 15);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse');
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse');
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsf', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('verifies hashes made with another cost, as the format records it', async () => {
    const stored = await hashPassword('pw-12345', { N: 2 ** 10, r: 8, p: 1 });
    expect(stored.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('pw-12345', stored)).toBe(true);
  });

  it('treats NFC and NFD spellings of the same password alike', async () => {
    const stored = await hashPassword('パスワード\u30d1');
    expect(await verifyPassword('パスワード\u30cf\u309a', stored)).toBe(true);
  });

  it('runs a real scrypt for unknown IDs and always fails', async () => {
    const started = performance.now();
    expect(await verifyAgainstDummy('anything')).toBe(false);
    // Not a speed assertion: just that real work happened (a no-op would take microseconds).
    expect(performance.now() - started).toBeGreaterThan(5);
  });

  it('rejects a stored value that is not a scrypt hash', async () => {
    await expect(verifyPassword('x', 'plain-text')).rejects.toThrow(/format/);
  });
});

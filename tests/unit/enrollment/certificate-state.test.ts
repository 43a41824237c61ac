import { describe, expect, it } from 'vitest';
import { assessCertificate, isUsable } from '../../../electron/core/enrollment/certificate-state';

const DAY = 86_400_000;
const now = new Date('2026-11-25T09:00:00Z');
const cert = (notBeforeDays: number, notAfterDays: number, hasPrivateKey = true) => ({
  serialNumber: 'AB12',
  notBefore: new Date(now.getTime() + notBeforeDays * DAY),
  notAfter: new Date(now.getTime() + notAfterDays * DAY),
  hasPrivateKey,
});
const ctx = { now, renewalWindowDays: 30 };

describe('assessCertificate', () => {
  it('a fresh 366-day certificate is valid with 366 days left, renewal opening 30 days before expiry', () => {
    const a = assessCertificate(cert(0, 366), ctx);
    expect(a.state).toBe('valid');
    expect(a.daysLeft).toBe(366);
    expect(a.renewalOpensAt.toISOString()).toBe(new Date(now.getTime() + 336 * DAY).toISOString());
  });

  it.each([
    [31, 'valid'],
    [30, 'expiring'],
    [1, 'expiring'],
    [-1, 'expired'],
  ] as const)('%i days before expiry → %s', (daysLeft, state) => {
    expect(assessCertificate(cert(-300, daysLeft), ctx).state).toBe(state);
  });

  it('a certificate whose validity starts tomorrow is not yet valid (wrong PC clock, Q21)', () => {
    expect(assessCertificate(cert(1, 367), ctx).state).toBe('not-yet-valid');
  });

  it('a certificate without its private key cannot be used (Q21(3), Q22(3))', () => {
    const a = assessCertificate(cert(0, 366, false), ctx);
    expect(a.state).toBe('no-key');
    expect(isUsable(a.state)).toBe(false);
  });

  it('revocation outranks everything else', () => {
    expect(assessCertificate(cert(0, 366), { ...ctx, revokedSerials: new Set(['AB12']) }).state).toBe('revoked');
    expect(assessCertificate(cert(-400, -10), { ...ctx, revokedSerials: new Set(['AB12']) }).state).toBe('revoked');
  });

  it('only valid and expiring certificates can log in', () => {
    expect(['valid', 'expiring', 'expired', 'not-yet-valid', 'revoked', 'no-key'].filter((s) => isUsable(s as never))).toEqual([
      'valid',
      'expiring',
    ]);
  });
});

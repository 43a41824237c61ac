import { describe, expect, it } from 'vitest';
import type { CertificateRecord } from '../../../issuer/src/db/records';
import {
  certificateStateAt,
  checkKey,
  checkSubject,
  decideEnrollment,
  renewalOpensAt,
  validityPeriod,
} from '../../../issuer/src/domain/enrollment-policy';
import { DEFAULT_POLICY } from '../../../issuer/src/domain/api';
import { DAY_MS, START, codeOf, errorOf } from './issuer-fixture';

function cert(overrides: Partial<CertificateRecord> = {}): CertificateRecord {
  return {
    serialNumber: '01AB',
    userId: 1,
    spkiSha256: 'key-1',
    der: Buffer.alloc(0),
    notBefore: START,
    notAfter: new Date(START.getTime() + 366 * DAY_MS),
    issuedAt: START,
    revokedAt: null,
    revocationReason: null,
    supersededBy: null,
    ...overrides,
  };
}

const policy = { renewalWindowDays: 30 };
const at = (days: number) => new Date(START.getTime() + days * DAY_MS);

describe('checkKey', () => {
  it('accepts RSA 2048 to 8192 bits and EC P-256', () => {
    expect(() => checkKey({ type: 'rsa', bits: 2048 })).not.toThrow();
    expect(() => checkKey({ type: 'rsa', bits: 4096 })).not.toThrow();
    expect(() => checkKey({ type: 'rsa', bits: 8192 })).not.toThrow();
    expect(() => checkKey({ type: 'ec', curve: 'prime256v1' })).not.toThrow();
  });

  it.each([
    [{ type: 'rsa' as const, bits: 1024 }],
    [{ type: 'rsa' as const, bits: 2047 }],
    [{ type: 'rsa' as const, bits: 16384 }],
    [{ type: 'rsa' as const }],
    [{ type: 'ec' as const, curve: 'secp384r1' }],
    [{ type: 'ec' as const }],
    [{ type: 'other' as const }],
  ])('refuses %j with CJS-E-WEAK-KEY', async (key) => {
    expect(await codeOf(() => checkKey(key))).toBe('CJS-E-WEAK-KEY');
  });
});

describe('checkSubject', () => {
  it('accepts exactly CN=<login ID>', () => {
    expect(() => checkSubject({ commonNames: ['user01'], subject: 'CN=user01' }, 'user01')).not.toThrow();
  });

  it.each([
    ['another login ID', ['user02'], 'CN=user02'],
    ['a case variant', ['User01'], 'CN=User01'],
    ['an extra attribute', ['user01'], 'CN=user01, O=Evil'],
    ['two CNs', ['user01', 'user01'], 'CN=user01+CN=user01'],
    ['no CN', [], 'O=Evil'],
  ])('refuses %s with CJS-E-SUBJECT (403)', async (_label, commonNames, subject) => {
    const error = await errorOf(() => checkSubject({ commonNames, subject }, 'user01'));
    expect(error.code).toBe('CJS-E-SUBJECT');
    expect(error.status).toBe(403);
  });
});

describe('decideEnrollment', () => {
  it('issues a first certificate', () => {
    expect(decideEnrollment({ kind: 'enroll', current: undefined, requestSpkiSha256: 'key-1', now: START, policy })).toEqual({
      kind: 'issue',
      supersedes: undefined,
    });
  });

  it('replays the certificate of the same key, for enroll and for reenroll', () => {
    const current = cert();
    for (const kind of ['enroll', 'reenroll'] as const) {
      expect(decideEnrollment({ kind, current, requestSpkiSha256: 'key-1', now: at(10), policy })).toEqual({
        kind: 'replay',
        certificate: current,
      });
    }
  });

  it('refuses a second certificate for another key while one is valid (CJS-E-ACTIVE-CERT), even inside the renewal window', async () => {
    for (const day of [1, 340]) {
      const error = await errorOf(() =>
        decideEnrollment({ kind: 'enroll', current: cert(), requestSpkiSha256: 'key-2', now: at(day), policy }),
      );
      expect(error.code).toBe('CJS-E-ACTIVE-CERT');
      expect(error.status).toBe(409);
      expect(error.message).toMatch(/master user/);
      expect(error.message).toMatch(/bank/);
    }
  });

  it('issues again once the certificate has expired, superseding it, and never replays an expired one', () => {
    const current = cert();
    expect(decideEnrollment({ kind: 'enroll', current, requestSpkiSha256: 'key-2', now: at(367), policy })).toEqual({
      kind: 'issue',
      supersedes: current,
    });
    expect(decideEnrollment({ kind: 'enroll', current, requestSpkiSha256: 'key-1', now: at(367), policy })).toEqual({
      kind: 'issue',
      supersedes: current,
    });
  });

  it('refuses renewal without a certificate (CJS-E-NO-CERT)', async () => {
    expect(await codeOf(() => decideEnrollment({ kind: 'reenroll', current: undefined, requestSpkiSha256: 'k', now: START, policy }))).toBe(
      'CJS-E-NO-CERT',
    );
  });

  it('refuses renewal before the window and says when it opens (CJS-E-RENEW-WINDOW)', async () => {
    const current = cert();
    const error = await errorOf(() => decideEnrollment({ kind: 'reenroll', current, requestSpkiSha256: 'key-2', now: at(335), policy }));
    expect(error.code).toBe('CJS-E-RENEW-WINDOW');
    expect(error.message).toContain(renewalOpensAt(current.notAfter, 30).toISOString());
  });

  it('renews inside the window and after expiry', () => {
    const current = cert();
    for (const day of [336, 365.9, 400]) {
      expect(decideEnrollment({ kind: 'reenroll', current, requestSpkiSha256: 'key-2', now: at(day), policy })).toEqual({
        kind: 'issue',
        supersedes: current,
      });
    }
  });
});

describe('validity and state', () => {
  it('P4: 366 days from issuance, notBefore backdated', () => {
    const { notBefore, notAfter } = validityPeriod(START, DEFAULT_POLICY);
    expect(notAfter.getTime() - START.getTime()).toBe(366 * DAY_MS);
    expect(START.getTime() - notBefore.getTime()).toBe(300_000);
  });

  it('names the state the master sees', () => {
    expect(certificateStateAt(cert(), at(1), 30)).toBe('active');
    expect(certificateStateAt(cert(), at(336), 30)).toBe('renewable');
    expect(certificateStateAt(cert(), at(366), 30)).toBe('expired');
    expect(certificateStateAt(cert({ revokedAt: at(2), revocationReason: 'keyCompromise' }), at(3), 30)).toBe('revoked');
  });
});

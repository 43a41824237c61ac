import { describe, expect, it } from 'vitest';
import type { CertificateRecord } from '../../../issuer/src/db/records';
import {
  certificateStateAt,
  checkKey,
  checkSubject,
  decideEnrollment,
  isRetryOf,
  renewalOpensAt,
  RETRY_GRACE_MS,
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
    request: { csrSha256: 'csr-1', kind: 'enroll' },
    ...overrides,
  };
}

const policy = { renewalWindowDays: 30 };
/** A request: `key-1` is the key of cert(), `csr-1` the request cert() answered (an enroll). */
const req = (kind: 'enroll' | 'reenroll', spkiSha256: string, csrSha256 = `csr-of-${spkiSha256}`) => ({ kind, spkiSha256, csrSha256 });
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
    expect(decideEnrollment({ request: req('enroll', 'key-1'), current: undefined, now: START, policy })).toEqual({
      kind: 'issue',
      supersedes: undefined,
    });
  });

  it('simpleenroll: replays the certificate of the same key, whatever the request', () => {
    const current = cert();
    expect(decideEnrollment({ request: req('enroll', 'key-1'), current, now: at(10), policy })).toEqual({
      kind: 'replay',
      certificate: current,
    });
  });

  it('simplereenroll: replays the exact request the certificate answered while it is not renewable', () => {
    const current = cert({ request: { csrSha256: 'csr-r', kind: 'reenroll' } });
    for (const day of [0, 10, 335]) {
      expect(decideEnrollment({ request: req('reenroll', 'key-1', 'csr-r'), current, now: at(day), policy })).toEqual({
        kind: 'replay',
        certificate: current,
      });
    }
  });

  it('simplereenroll with the same key but another request: a renewal, refused before the window (RFC 7030 §4.2.2)', async () => {
    const current = cert({ request: { csrSha256: 'csr-r', kind: 'reenroll' } });
    const error = await errorOf(() => decideEnrollment({ request: req('reenroll', 'key-1', 'csr-other'), current, now: at(10), policy }));
    expect([error.code, error.status]).toEqual(['CJS-E-RENEW-WINDOW', 409]);
    expect(decideEnrollment({ request: req('reenroll', 'key-1', 'csr-other'), current, now: at(340), policy })).toEqual({
      kind: 'issue',
      supersedes: current,
    });
  });

  it('simplereenroll of the very CSR that enrolled the certificate: a renewal, not a retry (another operation)', () => {
    const current = cert();
    expect(decideEnrollment({ request: req('reenroll', 'key-1', 'csr-1'), current, now: at(340), policy })).toEqual({
      kind: 'issue',
      supersedes: current,
    });
  });

  it('refuses a second certificate for another key while one is valid (CJS-E-ACTIVE-CERT), even inside the renewal window', async () => {
    for (const day of [1, 340]) {
      const error = await errorOf(() => decideEnrollment({ request: req('enroll', 'key-2'), current: cert(), now: at(day), policy }));
      expect(error.code).toBe('CJS-E-ACTIVE-CERT');
      expect(error.status).toBe(409);
      expect(error.message).toMatch(/master user/);
      expect(error.message).toMatch(/bank/);
    }
  });

  it('issues again once the certificate has expired, superseding it, and never replays an expired one', () => {
    const current = cert();
    expect(decideEnrollment({ request: req('enroll', 'key-2'), current, now: at(367), policy })).toEqual({
      kind: 'issue',
      supersedes: current,
    });
    expect(decideEnrollment({ request: req('enroll', 'key-1'), current, now: at(367), policy })).toEqual({
      kind: 'issue',
      supersedes: current,
    });
  });

  it('refuses renewal without a certificate (CJS-E-NO-CERT)', async () => {
    expect(await codeOf(() => decideEnrollment({ request: req('reenroll', 'k'), current: undefined, now: START, policy }))).toBe(
      'CJS-E-NO-CERT',
    );
  });

  it('refuses renewal before the window and says when it opens (CJS-E-RENEW-WINDOW)', async () => {
    const current = cert();
    const error = await errorOf(() => decideEnrollment({ request: req('reenroll', 'key-2'), current, now: at(335), policy }));
    expect(error.code).toBe('CJS-E-RENEW-WINDOW');
    expect(error.message).toContain(renewalOpensAt(current.notAfter, 30).toISOString());
  });

  it('renews inside the window and after expiry', () => {
    const current = cert();
    for (const day of [336, 365.9, 400]) {
      expect(decideEnrollment({ request: req('reenroll', 'key-2'), current, now: at(day), policy })).toEqual({
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

describe('isRetryOf (a lost answer vs a same-key renewal)', () => {
  const renewed = cert({ request: { csrSha256: 'csr-r', kind: 'reenroll' } });
  const same = req('reenroll', 'key-1', 'csr-r');

  it('the same bytes to the same operation while the certificate is not yet renewable', () => {
    expect(isRetryOf(renewed, same, at(0), policy)).toBe(true);
    expect(isRetryOf(renewed, same, at(335.9), policy)).toBe(true);
    expect(isRetryOf(renewed, req('reenroll', 'key-1', 'csr-other'), at(1), policy)).toBe(false);
    expect(isRetryOf(renewed, req('enroll', 'key-1', 'csr-r'), at(1), policy)).toBe(false);
    expect(isRetryOf(renewed, req('reenroll', 'key-2', 'csr-r'), at(1), policy)).toBe(false);
  });

  it('inside the window only shortly after issuance: a deterministic CSR a year later is a renewal', () => {
    expect(isRetryOf(renewed, same, at(336), policy)).toBe(false);
    // Validity shorter than the window (tests, demos): renewable from the start.
    const short = cert({ notAfter: at(1), request: { csrSha256: 'csr-r', kind: 'reenroll' } });
    expect(isRetryOf(short, same, new Date(START.getTime() + RETRY_GRACE_MS - 1), policy)).toBe(true);
    expect(isRetryOf(short, same, new Date(START.getTime() + RETRY_GRACE_MS), policy)).toBe(false);
  });

  it('a certificate issued before requests were recorded answers any request for its key until its window opens', () => {
    const legacy = cert({ request: null });
    expect(isRetryOf(legacy, req('reenroll', 'key-1', 'anything'), at(10), policy)).toBe(true);
    expect(isRetryOf(legacy, req('reenroll', 'key-1', 'anything'), at(340), policy)).toBe(false);
  });
});

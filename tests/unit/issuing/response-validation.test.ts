// Each way an EST answer can be unusable gets its own code; certificates made with the PKI core.
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeCertsOnly, generateKeyPair, type CertificateInfo, type KeyPair } from '../../../electron/core/pki';
import { IssuingError, validateIssuedCertificate } from '../../../electron/core/issuing';
import { issueTo, makeCa, type TestCa } from '../pki/pki-fixtures';

const NOW = new Date('2025-06-01T00:00:00Z');
let ca: TestCa;
let key: KeyPair;
let good: CertificateInfo;

beforeAll(async () => {
  ca = await makeCa();
  key = await generateKeyPair();
  good = await issueTo(ca, key);
});

function check(certificatesDer: readonly Uint8Array[], overrides: { now?: Date; loginId?: string; expectedIssuer?: CertificateInfo } = {}) {
  return () =>
    validateIssuedCertificate({
      certificatesDer,
      expectedPublicKey: key.publicKey,
      expectedIssuer: overrides.expectedIssuer ?? ca.certificate,
      loginId: overrides.loginId ?? 'user01',
      now: overrides.now ?? NOW,
    });
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IssuingError);
    return (e as IssuingError).code;
  }
  throw new Error('expected a failure');
}

describe('validateIssuedCertificate', () => {
  it('returns the leaf, also when the answer carries the CA before it', () => {
    expect(check([good.der])().sha256).toBe(good.sha256);
    expect(check([ca.certificate.der, good.der])().sha256).toBe(good.sha256);
  });

  it('ISSUE-NO-CERTIFICATE for an empty answer', () => {
    expect(codeOf(check([]))).toBe('ISSUE-NO-CERTIFICATE');
  });

  it('ISSUE-BAD-RESPONSE for bytes that are not a certificate', () => {
    expect(codeOf(check([encodeCertsOnly([good.der]).subarray(0, 20)]))).toBe('ISSUE-BAD-RESPONSE');
  });

  it('ISSUE-WRONG-KEY for a certificate of another key', async () => {
    const other = await issueTo(ca, await generateKeyPair());
    expect(codeOf(check([other.der]))).toBe('ISSUE-WRONG-KEY');
  });

  it('ISSUE-WRONG-ISSUER for our key certified by another CA, even one with the same name', async () => {
    const sameName = await makeCa(ca.certificate.subjectCommonName);
    expect(codeOf(check([(await issueTo(sameName, key)).der]))).toBe('ISSUE-WRONG-ISSUER');
    const other = await makeCa('Some Other CA');
    expect(codeOf(check([(await issueTo(other, key)).der]))).toBe('ISSUE-WRONG-ISSUER');
  });

  it('ISSUE-NOT-CLIENT-AUTH for a server-auth certificate', async () => {
    const server = await issueTo(ca, key, { profile: { kind: 'tls-server', dnsNames: ['localhost'], ipAddresses: [] } });
    expect(codeOf(check([server.der]))).toBe('ISSUE-NOT-CLIENT-AUTH');
  });

  it('ISSUE-WRONG-SUBJECT for another login ID (case matters)', async () => {
    expect(codeOf(check([(await issueTo(ca, key, { commonName: 'user02' })).der]))).toBe('ISSUE-WRONG-SUBJECT');
    expect(codeOf(check([good.der], { loginId: 'USER01' }))).toBe('ISSUE-WRONG-SUBJECT');
  });

  it('ISSUE-NOT-VALID for expired and not-yet-valid, within 5 minutes of tolerance', async () => {
    expect(codeOf(check([good.der], { now: new Date('2026-04-02T00:00:00Z') }))).toBe('ISSUE-NOT-VALID');
    const fresh = await issueTo(ca, key, { notBefore: new Date(NOW.getTime() + 4 * 60_000), notAfter: new Date('2026-06-01T00:00:00Z') });
    expect(check([fresh.der])().sha256).toBe(fresh.sha256);
    const future = await issueTo(ca, key, { notBefore: new Date(NOW.getTime() + 10 * 60_000), notAfter: new Date('2026-06-01T00:00:00Z') });
    const e = (() => {
      try {
        check([future.der])();
      } catch (err) {
        return err as IssuingError;
      }
      return undefined;
    })();
    expect(e?.code).toBe('ISSUE-NOT-VALID');
    expect(e?.faq).toContain('Q9');
  });
});

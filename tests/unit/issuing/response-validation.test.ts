// Each way an EST answer can be unusable gets its own code; certificates made with the PKI core.
import { beforeAll, describe, expect, it } from 'vitest';
import { EKU_CLIENT_AUTH, encodeCertsOnly, generateKeyPair, type CertificateInfo, type KeyPair } from '../../../electron/core/pki';
import { IssuingError, validateIssuedCertificate } from '../../../electron/core/issuing';
import { shortFingerprint } from '../../../electron/core/issuing/response-validation';
import { forgeCertificate, KEY_USAGE } from '../../helpers/x509-forge';
import { issueTo, makeCa, NOT_AFTER, NOT_BEFORE, type TestCa } from '../pki/pki-fixtures';

const NOW = new Date('2025-06-01T00:00:00Z');
let ca: TestCa;
let key: KeyPair;
let good: CertificateInfo;

beforeAll(async () => {
  ca = await makeCa();
  key = await generateKeyPair();
  good = await issueTo(ca, key);
});

function check(
  certificatesDer: readonly Uint8Array[],
  overrides: { now?: Date; loginId?: string; expectedIssuers?: readonly CertificateInfo[] } = {},
) {
  return () =>
    validateIssuedCertificate({
      certificatesDer,
      expectedPublicKey: key.publicKey,
      expectedIssuers: overrides.expectedIssuers ?? [ca.certificate],
      loginId: overrides.loginId ?? 'user01',
      now: overrides.now ?? NOW,
    });
}

function errorOf(fn: () => unknown): IssuingError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IssuingError);
    return e as IssuingError;
  }
  throw new Error('expected a failure');
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

  it('tries every expected CA by signature: same-name CAs of a rollover, the one that signed anywhere in the list', async () => {
    const successor = await makeCa(ca.certificate.subjectCommonName);
    const leaf = await issueTo(successor, key);
    expect(check([leaf.der], { expectedIssuers: [ca.certificate, successor.certificate] })().sha256).toBe(leaf.sha256);
    expect(check([good.der], { expectedIssuers: [successor.certificate, ca.certificate] })().sha256).toBe(good.sha256);
  });

  it('a refusal names each expected CA once, told apart by fingerprint, not the same name twice', async () => {
    const successor = await makeCa(ca.certificate.subjectCommonName);
    const stranger = await makeCa(ca.certificate.subjectCommonName);
    const message = errorOf(
      check([(await issueTo(stranger, key)).der], { expectedIssuers: [ca.certificate, successor.certificate, ca.certificate] }),
    ).message;
    expect(message).toContain(shortFingerprint(ca.certificate.sha256));
    expect(message).toContain(shortFingerprint(successor.certificate.sha256));
    expect(message.split(shortFingerprint(ca.certificate.sha256))).toHaveLength(2);
    expect(message).not.toContain(shortFingerprint(stranger.certificate.sha256));
  });

  it.each([
    ['basicConstraints CA:TRUE', { ca: true, keyUsage: KEY_USAGE.digitalSignature }, 'CA:TRUE'],
    ['keyUsage keyCertSign', { ca: false, keyUsage: KEY_USAGE.digitalSignature | KEY_USAGE.keyCertSign }, 'keyCertSign'],
    ['keyUsage cRLSign', { ca: false, keyUsage: KEY_USAGE.digitalSignature | KEY_USAGE.cRLSign }, 'cRLSign'],
  ])('ISSUE-LEAF-IS-CA for our key, our name and clientAuth, but %s', async (_name, powers, named) => {
    const der = await forgeCertificate({
      subject: { cn: 'user01' },
      issuer: ca.certificate.der,
      publicKey: key.publicKey,
      signingKey: ca.privateKey,
      extendedKeyUsage: [EKU_CLIENT_AUTH],
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      ...powers,
    });
    const e = errorOf(check([der]));
    expect(e.code).toBe('ISSUE-LEAF-IS-CA');
    expect(e.message).toContain(named);
    expect(e.actor).toBe('bank');
  });

  it('a leaf without any keyUsage extension claims no CA power', async () => {
    const der = await forgeCertificate({
      subject: { cn: 'user01' },
      issuer: ca.certificate.der,
      publicKey: key.publicKey,
      signingKey: ca.privateKey,
      ca: false,
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
    });
    expect(check([der])().subjectCommonName).toBe('user01');
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

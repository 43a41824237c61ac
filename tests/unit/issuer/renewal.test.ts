import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPair, readCertificate, type KeyPair, type SigningAuthority } from '../../../electron/core/pki';
import { codeOf, csrFor, errorOf, inspectDatabase, makeAuthority, openTestService, type TestService } from './issuer-fixture';

let authority: SigningAuthority;
let keyA: KeyPair;
let keyB: KeyPair;
let keyC: KeyPair;
let t: TestService;

beforeAll(async () => {
  [authority, keyA, keyB, keyC] = await Promise.all([
    makeAuthority(),
    generateKeyPair('ecdsa-p256'),
    generateKeyPair('ecdsa-p256'),
    generateKeyPair('ecdsa-p256'),
  ]);
});
beforeEach(async () => {
  t = await openTestService(authority);
});
afterEach(() => t.dispose());

async function enrollUser01(key: KeyPair = keyA): Promise<string> {
  const result = await t.service.enroll(await t.login('user01'), await csrFor(key, 'user01'));
  return readCertificate(result.certificate).serialNumber;
}

describe('reenroll (P6)', () => {
  it('needs a certificate to renew (CJS-E-NO-CERT, 409)', async () => {
    const error = await errorOf(t.service.reenroll(await t.login('user01'), await csrFor(keyA, 'user01')));
    expect([error.code, error.status]).toEqual(['CJS-E-NO-CERT', 409]);
  });

  it('a revoked certificate cannot be renewed: the user enrolls anew instead', async () => {
    await enrollUser01();
    t.service.operatorRevoke('user01', 'keyCompromise');
    expect(await codeOf(t.service.reenroll(await t.login('user01'), await csrFor(keyB, 'user01')))).toBe('CJS-E-NO-CERT');
  });

  it('refuses before the window and gives the date it opens (CJS-E-RENEW-WINDOW, 409)', async () => {
    await enrollUser01();
    t.clock.advanceDays(335);
    const error = await errorOf(t.service.reenroll(await t.login('user01'), await csrFor(keyB, 'user01')));
    expect([error.code, error.status]).toEqual(['CJS-E-RENEW-WINDOW', 409]);
    // Issued 2026-04-01T00:00Z, expires 366 days later; the window opens 30 days before.
    expect(error.message).toContain('2027-03-03T00:00:00.000Z');
  });

  it('inside the window: issues a new certificate and supersedes the old one in the same step', async () => {
    const oldSerial = await enrollUser01();
    t.clock.advanceDays(340);
    const result = await t.service.reenroll(await t.login('user01'), await csrFor(keyB, 'user01'));
    const newSerial = readCertificate(result.certificate).serialNumber;
    expect(result.replayed).toBe(false);
    expect(t.service.certificateStatus(oldSerial)).toMatchObject({ status: 'revoked', reason: 'superseded' });
    expect(t.service.certificateStatus(newSerial)).toEqual({ status: 'good', loginId: 'user01' });
    const row = inspectDatabase(t.dataDir, (db) => db.prepare('SELECT superseded_by FROM certificates WHERE serial = ?').get(oldSerial));
    expect(row).toEqual({ superseded_by: newSerial });
  });

  it('replaying the renewal request returns the new certificate, not a window refusal', async () => {
    await enrollUser01();
    t.clock.advanceDays(340);
    const user = await t.login('user01');
    const csr = await csrFor(keyB, 'user01');
    const first = await t.service.reenroll(user, csr);
    const again = await t.service.reenroll(user, csr);
    expect(again.replayed).toBe(true);
    expect(again.certificate.equals(first.certificate)).toBe(true);
  });

  it('after expiry: renews too (P7), superseding the expired certificate', async () => {
    const oldSerial = await enrollUser01();
    t.clock.advanceDays(400);
    const result = await t.service.reenroll(await t.login('user01'), await csrFor(keyC, 'user01'));
    expect(result.replayed).toBe(false);
    expect(t.service.certificateStatus(oldSerial)).toMatchObject({ status: 'revoked', reason: 'superseded' });
  });

  it('audits the issuance and the revocation', async () => {
    const oldSerial = await enrollUser01();
    t.clock.advanceDays(340);
    await t.service.reenroll(await t.login('user01'), await csrFor(keyB, 'user01'));
    const actions = inspectDatabase(
      t.dataDir,
      (db) =>
        db.prepare('SELECT action, serial FROM audit_log WHERE serial IS NOT NULL ORDER BY id').all() as {
          action: string;
          serial: string;
        }[],
    );
    expect(actions.map((a) => a.action)).toEqual(['certificate.issued', 'certificate.revoked', 'certificate.issued']);
    expect(actions[1]?.serial).toBe(oldSerial);
  });
});

describe('reenroll authenticated by the certificate (RFC 7030 §3.3.2)', () => {
  async function enrolled(): Promise<Buffer> {
    return (await t.service.enroll(await t.login('user01'), await csrFor(keyA, 'user01'))).certificate;
  }

  it('names the user and the certificate; a password-free renewal supersedes it and records the serial', async () => {
    const der = await enrolled();
    const serial = readCertificate(der).serialNumber;
    t.clock.advanceDays(340);
    const user = t.service.authenticateByCertificate(der);
    expect(user).toMatchObject({ loginId: 'user01', role: 'general', viaCertificate: serial });
    const renewed = readCertificate((await t.service.reenroll(user, await csrFor(keyB, 'user01'))).certificate);
    expect(t.service.certificateStatus(serial)).toMatchObject({ status: 'revoked', reason: 'superseded' });
    const detail = inspectDatabase(
      t.dataDir,
      (db) =>
        db.prepare('SELECT detail FROM audit_log WHERE serial = ? AND action = ?').get(renewed.serialNumber, 'certificate.issued') as {
          detail: string;
        },
    );
    expect(detail.detail).toMatch(new RegExp(`^reenroll auth=certificate serial=${serial} `));
  });

  it('a certificate that expires between the handshake and the decision proves nothing: CJS-E-CERT-EXPIRED, not a P7 renewal', async () => {
    const der = await enrolled();
    t.clock.advanceDays(365.9);
    const user = t.service.authenticateByCertificate(der);
    t.clock.advanceDays(1);
    const error = await errorOf(t.service.reenroll(user, await csrFor(keyB, 'user01')));
    expect([error.code, error.status]).toEqual(['CJS-E-CERT-EXPIRED', 401]);
  });

  it('never stands in for the password of a first enrolment', async () => {
    const der = await enrolled();
    t.service.operatorRevoke('user01', 'unspecified');
    const user = { ...(await t.login('user01')), viaCertificate: readCertificate(der).serialNumber };
    expect(await codeOf(t.service.enroll(user, await csrFor(keyB, 'user01')))).toBe('CJS-E-AUTH');
  });

  it('a deleted login ID: its certificate proves nothing (CJS-E-CERT-REVOKED)', async () => {
    const der = await enrolled();
    t.service.deleteUser(await t.login('master01'), 'user01');
    expect(await codeOf(() => t.service.authenticateByCertificate(der))).toBe('CJS-E-CERT-REVOKED');
  });
});

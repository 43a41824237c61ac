import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  EKU_CLIENT_AUTH,
  generateKeyPair,
  isIssuedBy,
  readCertificate,
  type KeyPair,
  type SigningAuthority,
} from '../../../electron/core/pki';
import {
  DAY_MS,
  START,
  codeOf,
  csrFor,
  csrWithSubject,
  errorOf,
  inspectDatabase,
  makeAuthority,
  openTestService,
  p384Csr,
  weakRsaCsr,
  type TestService,
} from './issuer-fixture';

let authority: SigningAuthority;
let rsaKey: KeyPair;
let keyA: KeyPair;
let keyB: KeyPair;
let t: TestService;

beforeAll(async () => {
  [authority, rsaKey, keyA, keyB] = await Promise.all([
    makeAuthority(),
    generateKeyPair('rsa-2048'),
    generateKeyPair('ecdsa-p256'),
    generateKeyPair('ecdsa-p256'),
  ]);
});
beforeEach(async () => {
  t = await openTestService(authority);
});
afterEach(() => t.dispose());

const certificateCount = (dataDir: string) =>
  inspectDatabase(dataDir, (db) => (db.prepare('SELECT count(*) AS n FROM certificates').get() as { n: number }).n);

describe('enroll: the request', () => {
  it('refuses bytes that are not a PKCS#10 request (CJS-E-CSR, 400)', async () => {
    const error = await errorOf(t.service.enroll(await t.login('user01'), Buffer.from('not a csr')));
    expect([error.code, error.status]).toEqual(['CJS-E-CSR', 400]);
  });

  it('refuses a request whose signature does not verify (CJS-E-CSR-SIGNATURE)', async () => {
    const csr = await csrFor(rsaKey, 'user01');
    csr[csr.length - 1]! ^= 0x01;
    expect(await codeOf(t.service.enroll(await t.login('user01'), csr))).toBe('CJS-E-CSR-SIGNATURE');
  });

  it('refuses RSA-1024 and P-384 keys (CJS-E-WEAK-KEY)', async () => {
    const user = await t.login('user01');
    expect(await codeOf(t.service.enroll(user, await weakRsaCsr('user01')))).toBe('CJS-E-WEAK-KEY');
    expect(await codeOf(t.service.enroll(user, await p384Csr('user01')))).toBe('CJS-E-WEAK-KEY');
  });

  it('refuses a subject other than exactly CN=<login ID> (CJS-E-SUBJECT, 403)', async () => {
    const user = await t.login('user01');
    for (const subject of ['CN=user02', 'CN=user01, O=Evil Corp', 'CN=user01+CN=master01', 'O=user01']) {
      const error = await errorOf(t.service.enroll(user, await csrWithSubject(keyA, subject)));
      expect([subject, error.code, error.status]).toEqual([subject, 'CJS-E-SUBJECT', 403]);
    }
    expect(certificateCount(t.dataDir)).toBe(0);
  });
});

describe('enroll: issuance', () => {
  it('issues a TLS client certificate for CN=<login ID>, valid 366 days, backdated 5 minutes (P4)', async () => {
    const result = await t.service.enroll(await t.login('user01'), await csrFor(rsaKey, 'user01'));
    expect(result.replayed).toBe(false);
    const cert = readCertificate(result.certificate);
    expect(cert.subject).toBe('CN=user01');
    expect(cert.extendedKeyUsage).toEqual([EKU_CLIENT_AUTH]);
    expect(cert.isCa).toBe(false);
    expect(isIssuedBy(cert, authority.certificate)).toBe(true);
    expect(cert.serialNumber).toMatch(/^[0-9A-F]{32}$/);
    expect(cert.notBefore.getTime()).toBe(START.getTime() - 300_000);
    expect(cert.notAfter.getTime()).toBe(START.getTime() + 366 * DAY_MS);
    expect(t.service.certificateStatus(cert.serialNumber)).toEqual({ status: 'good', loginId: 'user01' });
  });

  it('accepts an EC P-256 key', async () => {
    const result = await t.service.enroll(await t.login('user02'), await csrFor(keyA, 'user02'));
    expect(readCertificate(result.certificate).publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('returns the same certificate when the same key asks again, storing nothing new', async () => {
    const user = await t.login('user01');
    const first = await t.service.enroll(user, await csrFor(keyA, 'user01'));
    t.clock.advanceDays(3);
    const again = await t.service.enroll(user, await csrFor(keyA, 'user01'));
    expect(again.replayed).toBe(true);
    expect(again.certificate.equals(first.certificate)).toBe(true);
    expect(certificateCount(t.dataDir)).toBe(1);
  });

  it('two concurrent identical requests yield one certificate', async () => {
    const user = await t.login('user01');
    const csr = await csrFor(keyA, 'user01');
    const [a, b] = await Promise.all([t.service.enroll(user, csr), t.service.enroll(user, csr)]);
    expect(a.certificate.equals(b.certificate)).toBe(true);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(certificateCount(t.dataDir)).toBe(1);
  });

  it('two concurrent requests with different keys: one certificate, one CJS-E-ACTIVE-CERT', async () => {
    const user = await t.login('user01');
    const results = await Promise.allSettled([
      t.service.enroll(user, await csrFor(keyA, 'user01')),
      t.service.enroll(user, await csrFor(keyB, 'user01')),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.reason).toMatchObject({ code: 'CJS-E-ACTIVE-CERT' });
    expect(certificateCount(t.dataDir)).toBe(1);
  });

  it('P2: refuses a second certificate for another key while one is valid (CJS-E-ACTIVE-CERT, 409)', async () => {
    const user = await t.login('user01');
    await t.service.enroll(user, await csrFor(keyA, 'user01'));
    const error = await errorOf(t.service.enroll(user, await csrFor(keyB, 'user01')));
    expect([error.code, error.status]).toEqual(['CJS-E-ACTIVE-CERT', 409]);
    expect(error.message).toMatch(/Q13/);
  });

  it('P7: after expiry, issues a new certificate with the login ID and password', async () => {
    const user = await t.login('user01');
    const old = readCertificate((await t.service.enroll(user, await csrFor(keyA, 'user01'))).certificate);
    t.clock.advanceDays(367);
    const renewed = await t.service.enroll(user, await csrFor(keyB, 'user01'));
    expect(renewed.replayed).toBe(false);
    expect(readCertificate(renewed.certificate).serialNumber).not.toBe(old.serialNumber);
  });

  it('audits every issuance', async () => {
    const result = await t.service.enroll(await t.login('user01'), await csrFor(keyA, 'user01'));
    const serial = readCertificate(result.certificate).serialNumber;
    const rows = inspectDatabase(t.dataDir, (db) =>
      db.prepare("SELECT actor, login_id, serial FROM audit_log WHERE action = 'certificate.issued'").all(),
    );
    expect(rows).toEqual([{ actor: 'user01', login_id: 'user01', serial }]);
  });
});

// The FAQ's policies (docs/product.md P2–P11), enforced by the running service over HTTPS.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsr, generateKeyPair, readCertificate, readCrl } from '../../../electron/core/pki';
import { DEMO_PASSWORD, httpsCall, startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { certificateOf, enroll, postCsr, type Enrolled } from '../../helpers/est-client';

const DAY = 86_400_000;
const master = { loginId: 'master01', password: DEMO_PASSWORD };

/** A clock the test moves forward, shared by the service and its login endpoint. */
function movableClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advanceDays: (days: number) => { offset += days * DAY; } };
}

async function revokedSerials(issuer: TestIssuer): Promise<Set<string>> {
  const res = await httpsCall(issuer.estUrl, issuer.tlsCaPem, { path: '/crl' });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pkix-crl');
  return (await readCrl(res.body, readCertificate(await readFile(issuer.caCertPath, 'utf8')))).revokedSerials;
}

async function login(issuer: TestIssuer, who: Pick<Enrolled, 'certPem' | 'keyPem'>) {
  return httpsCall(issuer.loginUrl, issuer.tlsCaPem, { path: '/', clientCert: who, accept: 'application/json' });
}

describe('one certificate per user; deletion revokes at once; re-registration (P2, P9, P10, P11)', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(async () => issuer?.stop());

  it('refuses a second certificate for another key while one is valid (CJS-E-ACTIVE-CERT)', async () => {
    await enroll(issuer, 'user01');
    const res = await postCsr(issuer, 'simpleenroll', await createCsr(await generateKeyPair('ecdsa-p256'), 'user01'), 'user01');
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CJS-E-ACTIVE-CERT' });
  });

  it("deleting a general user revokes its certificate in the CRL, the status API and the login endpoint at once", async () => {
    const enrolled = await enroll(issuer, 'user02');
    expect((await login(issuer, enrolled)).json()).toMatchObject({ loginId: 'user02' });

    const del = await httpsCall(issuer.estUrl, issuer.tlsCaPem, { method: 'DELETE', path: '/api/v1/users/user02', auth: master });
    expect(del.status).toBe(204);

    expect((await revokedSerials(issuer)).has(enrolled.certificate.serialNumber)).toBe(true);
    const status = await httpsCall(issuer.estUrl, issuer.tlsCaPem, { path: `/api/v1/certificates/${enrolled.certificate.serialNumber}/status` });
    expect(status.json()).toMatchObject({ status: 'revoked' });
    const refused = await login(issuer, enrolled);
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'CJS-E-CERT-REVOKED' });
  });

  it('a re-registered general user obtains a new certificate without the bank (P10, Q13)', async () => {
    const add = await httpsCall(issuer.estUrl, issuer.tlsCaPem, {
      path: '/api/v1/users',
      body: JSON.stringify({ loginId: 'user02', password: 'new-password-02' }),
      contentType: 'application/json',
      auth: master,
    });
    expect(add.status).toBe(201);
    const fresh = await enroll(issuer, 'user02', { password: 'new-password-02' });
    expect((await login(issuer, fresh)).json()).toMatchObject({ loginId: 'user02' });
  });

  it("the master's user list shows each user's certificate state", async () => {
    const res = await httpsCall(issuer.estUrl, issuer.tlsCaPem, { path: '/api/v1/users', auth: master });
    expect(res.status).toBe(200);
    const users = res.json<{ users: { loginId: string; role: string; certificate: { state: string } | null }[] }>().users;
    expect(users.find((u) => u.loginId === 'master01')).toMatchObject({ role: 'master' });
    expect(users.find((u) => u.loginId === 'user01')?.certificate?.state).toBe('active');
    expect(users.find((u) => u.loginId === 'user02')?.certificate?.state).toBe('active');
  });

  it("the master cannot delete itself: only the bank revokes a master's certificate (P10)", async () => {
    const mine = await enroll(issuer, 'master01');
    const res = await httpsCall(issuer.estUrl, issuer.tlsCaPem, { method: 'DELETE', path: '/api/v1/users/master01', auth: master });
    expect(res.status).toBe(403);
    expect(res.json()).toMatchObject({ code: 'CJS-E-FORBIDDEN' });
    expect((await login(issuer, mine)).status).toBe(200);

    // The bank's operator command revokes it; then the master can enrol on a new PC (P11).
    const { serialNumber } = issuer.service.operatorRevoke('master01', 'cessationOfOperation');
    expect(serialNumber).toBe(mine.certificate.serialNumber);
    expect((await login(issuer, mine)).json()).toMatchObject({ code: 'CJS-E-CERT-REVOKED' });
    const onNewPc = await enroll(issuer, 'master01');
    expect(onNewPc.certificate.serialNumber).not.toBe(mine.certificate.serialNumber);
  });
});

describe('renewal window and expiry (P4–P7)', () => {
  let issuer: TestIssuer;
  const clock = movableClock();
  beforeAll(async () => {
    issuer = await startTestIssuer({ clock });
  });
  afterAll(async () => issuer?.stop());

  it('renewal before the 30-day window is refused with the date it opens (CJS-E-RENEW-WINDOW)', async () => {
    await enroll(issuer, 'user01');
    const res = await postCsr(issuer, 'simplereenroll', await createCsr(await generateKeyPair(), 'user01'), 'user01');
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CJS-E-RENEW-WINDOW' });
  });

  it('renewal inside the window issues a new certificate and supersedes the old one', async () => {
    const old = await enroll(issuer, 'user02');
    clock.advanceDays(366 - 29);
    const csr = await createCsr(await generateKeyPair(), 'user02');
    const renewed = certificateOf(await postCsr(issuer, 'simplereenroll', csr, 'user02'));
    expect(renewed.serialNumber).not.toBe(old.certificate.serialNumber);
    expect(renewed.notAfter.getTime() - clock.now().getTime()).toBeGreaterThan(365.9 * DAY);
    expect((await revokedSerials(issuer)).has(old.certificate.serialNumber)).toBe(true);
    // A client that lost the answer retries the same request and gets the same certificate.
    const retried = certificateOf(await postCsr(issuer, 'simplereenroll', csr, 'user02'));
    expect(retried.serialNumber).toBe(renewed.serialNumber);
  });

  it('renewal without any certificate is refused (CJS-E-NO-CERT)', async () => {
    const res = await postCsr(issuer, 'simplereenroll', await createCsr(await generateKeyPair('ecdsa-p256'), 'master01'), 'master01');
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CJS-E-NO-CERT' });
  });

  it('an expired certificate cannot log in, and the user obtains a new one with login ID + password', async () => {
    const enrolled = await enroll(issuer, 'master01');
    expect((await login(issuer, enrolled)).status).toBe(200);
    clock.advanceDays(367);
    const refused = await login(issuer, enrolled);
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'CJS-E-CERT-EXPIRED' });
    const fresh = await enroll(issuer, 'master01');
    expect((await login(issuer, fresh)).json()).toMatchObject({ loginId: 'master01' });
  });
});

describe('expiry notices (P5)', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await startTestIssuer({ policy: { validityDays: 10 } });
  });
  afterAll(async () => issuer?.stop());

  it('records one notice per certificate expiring within 30 days, as an e-mail in the outbox', async () => {
    const enrolled = await enroll(issuer, 'user01');
    expect(issuer.service.recordExpiryNotices()).toBe(1);
    expect(issuer.service.recordExpiryNotices()).toBe(0);
    const outbox = join(issuer.dataDir, 'outbox');
    const files = (await readdir(outbox)).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const eml = await readFile(join(outbox, files[0]!), 'utf8');
    expect(eml).toMatch(/^To: .*user01/m);
    expect(eml).toContain(enrolled.certificate.serialNumber);
  });
});

// The FAQ's policies (docs/product.md P2–P11), enforced by the running service over HTTPS.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  certificateMatchesKey,
  createCsr,
  decodeBase64Strict,
  decodeCertsOnly,
  generateKeyPair,
  readCertificate,
  readCrl,
} from '../../../electron/core/pki';
import { DEMO_PASSWORD, httpsCall, startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { certificateOf, enroll, postCsr, type Enrolled } from '../../helpers/est-client';
import { SqliteDatabase } from '../../../issuer/src/db/sqlite';

const DAY = 86_400_000;
const master = { loginId: 'master01', password: DEMO_PASSWORD };

/** A clock the test moves forward, shared by the service and its login endpoint. */
function movableClock() {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advanceDays: (days: number) => {
      offset += days * DAY;
    },
  };
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

  let deletedSerial = '';
  it('deleting a general user revokes its certificate in the CRL, the status API and the login endpoint at once', async () => {
    const enrolled = await enroll(issuer, 'user02');
    expect((await login(issuer, enrolled)).json()).toMatchObject({ loginId: 'user02' });

    const del = await httpsCall(issuer.estUrl, issuer.tlsCaPem, { method: 'DELETE', path: '/api/v1/users/user02', auth: master });
    expect(del.status).toBe(204);

    expect((await revokedSerials(issuer)).has(enrolled.certificate.serialNumber)).toBe(true);
    const status = await httpsCall(issuer.estUrl, issuer.tlsCaPem, {
      path: `/api/v1/certificates/${enrolled.certificate.serialNumber}/status`,
    });
    expect(status.json()).toMatchObject({ status: 'revoked', reregistered: false });
    deletedSerial = enrolled.certificate.serialNumber;
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
    // The old certificate's look-up now says the ID was registered again: the user's turn (P10).
    const status = await httpsCall(issuer.estUrl, issuer.tlsCaPem, { path: `/api/v1/certificates/${deletedSerial}/status` });
    expect(status.json()).toMatchObject({ status: 'revoked', reregistered: true });
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
    expect(res.json()).toMatchObject({ code: 'CJS-E-BANK-ONLY' });
    expect((await login(issuer, mine)).status).toBe(200);

    // The bank's operator command revokes it; then the master can enrol on a new PC (P11).
    const { serialNumber } = issuer.service.operatorRevoke('master01', 'cessationOfOperation');
    expect(serialNumber).toBe(mine.certificate.serialNumber);
    expect((await login(issuer, mine)).json()).toMatchObject({ code: 'CJS-E-CERT-REVOKED' });
    const onNewPc = await enroll(issuer, 'master01');
    expect(onNewPc.certificate.serialNumber).not.toBe(mine.certificate.serialNumber);
  });
});

describe('the private key stays on the PC: the issuer never receives nor returns one (P3)', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(async () => issuer?.stop());

  it('the enrolment answer is a certs-only PKCS#7 holding one certificate, for the key the PC kept', async () => {
    const keyPair = await generateKeyPair();
    const res = await postCsr(issuer, 'simpleenroll', await createCsr(keyPair, 'user01'), 'user01');
    expect(res.status).toBe(200);
    // EST returns a server-generated key as multipart/mixed (RFC 7030 §4.4.2); this is not that.
    expect(res.headers['content-type']).toBe('application/pkcs7-mime; smime-type=certs-only');
    const pkcs7 = decodeBase64Strict(res.text());
    const certs = decodeCertsOnly(pkcs7).map((der) => readCertificate(der));
    expect(certs).toHaveLength(1);
    expect(certificateMatchesKey(certs[0]!, keyPair.privateKey)).toBe(true);

    // As openssl sees it: signed-data with no content bytes, no signer, no CRL; certificates only.
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = execFile('openssl', ['pkcs7', '-inform', 'DER', '-print', '-noout'], (err, out) => {
        if (err) reject(new Error(`openssl pkcs7 failed: ${err.message}`));
        else resolve(out);
      });
      child.stdin!.end(pkcs7);
    });
    expect(stdout).toContain('pkcs7-signedData');
    expect(stdout).toMatch(/d\.data: *(<ABSENT>)?\n/);
    expect(stdout).toMatch(/crl:\s*<ABSENT>/);
    expect(stdout).toMatch(/signer_info:\s*<EMPTY>/);
  });

  it('offers no server-side key generation (EST /serverkeygen)', async () => {
    const csr = await createCsr(await generateKeyPair('ecdsa-p256'), 'user02');
    const res = await httpsCall(issuer.estUrl, issuer.tlsCaPem, {
      path: '/.well-known/est/serverkeygen',
      body: csr.toString('base64'),
      contentType: 'application/pkcs10',
      auth: { loginId: 'user02', password: DEMO_PASSWORD },
    });
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ code: 'CJS-E-NOT-FOUND' });
  });

  it("keeps no key but its own: the data directory's only private keys are its CAs' and its TLS server's", async () => {
    await enroll(issuer, 'master01', { algorithm: 'ecdsa-p256' });
    const withKeys: string[] = [];
    for (const entry of await readdir(issuer.dataDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const bytes = await readFile(join(entry.parentPath, entry.name));
      if (bytes.includes('PRIVATE KEY')) withKeys.push(entry.name);
    }
    expect(withKeys.sort()).toEqual(['ca-key.pem', 'tls-ca-key.pem', 'tls-server-key.pem']);
  });
});

describe('a lost or deleted certificate is re-issued (P8, FAQ Q11, Q21, Q22)', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(async () => issuer?.stop());

  it('a general user whose certificate is gone from the PC gets a new one after the master deletes and re-registers the ID', async () => {
    const lost = await enroll(issuer, 'user01');
    // The PC was reinstalled: the old key is gone, so the user enrols with a new one...
    const keyPair = await generateKeyPair();
    const refused = await postCsr(issuer, 'simpleenroll', await createCsr(keyPair, 'user01'), 'user01');
    expect(refused.json()).toMatchObject({ code: 'CJS-E-ACTIVE-CERT' });
    // ...which is refused with the way out: ask the master user.
    expect(refused.json<{ detail: string }>().detail).toMatch(/master user/);

    expect((await httpsCall(issuer.estUrl, issuer.tlsCaPem, { method: 'DELETE', path: '/api/v1/users/user01', auth: master })).status).toBe(
      204,
    );
    const readd = await httpsCall(issuer.estUrl, issuer.tlsCaPem, {
      path: '/api/v1/users',
      body: JSON.stringify({ loginId: 'user01', password: 'reissue-password-01' }),
      contentType: 'application/json',
      auth: master,
    });
    expect(readd.status).toBe(201);

    const reissued = await enroll(issuer, 'user01', { keyPair, password: 'reissue-password-01' });
    expect(reissued.certificate.serialNumber).not.toBe(lost.certificate.serialNumber);
    expect((await login(issuer, reissued)).json()).toMatchObject({ loginId: 'user01' });
    // Should the lost copy turn up (a backup, the repaired PC), it no longer logs in.
    expect((await revokedSerials(issuer)).has(lost.certificate.serialNumber)).toBe(true);
    expect((await login(issuer, lost)).json()).toMatchObject({ code: 'CJS-E-CERT-REVOKED' });
  });

  it('a master whose certificate is gone gets a new one after the bank revokes the old (operator command)', async () => {
    const lost = await enroll(issuer, 'master01');
    const keyPair = await generateKeyPair('ecdsa-p256');
    expect((await postCsr(issuer, 'simpleenroll', await createCsr(keyPair, 'master01'), 'master01')).json()).toMatchObject({
      code: 'CJS-E-ACTIVE-CERT',
    });

    issuer.service.operatorRevoke('master01', 'keyCompromise');
    const reissued = await enroll(issuer, 'master01', { keyPair });
    expect((await login(issuer, reissued)).json()).toMatchObject({ loginId: 'master01' });
    expect((await login(issuer, lost)).json()).toMatchObject({ code: 'CJS-E-CERT-REVOKED' });
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

/** The notices the service has recorded, read from its database as the bank would. */
function recordedNotices(dataDir: string): { notices: string[]; audited: string[] } {
  const db = new SqliteDatabase(join(dataDir, 'issuer.db'), { readOnly: true });
  try {
    return {
      notices: db
        .prepare<[], { serial: string }>('SELECT serial FROM expiry_notices ORDER BY serial')
        .all()
        .map((r) => r.serial),
      audited: db
        .prepare<[], { serial: string }>("SELECT serial FROM audit_log WHERE action = 'expiry.notified' ORDER BY serial")
        .all()
        .map((r) => r.serial),
    };
  } finally {
    db.close();
  }
}

async function outboxFiles(dataDir: string): Promise<string[]> {
  return (await readdir(join(dataDir, 'outbox')).catch(() => [])).filter((f) => f.endsWith('.eml')).sort();
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Nobody calls recordExpiryNotices() here: the service's own job must write the notices.
describe('the expiry-notice job runs by itself (P5)', () => {
  const INTERVAL_MS = 100;
  let dataDir: string;
  let issuer: TestIssuer | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cjs-issuer-notices-'));
  });
  afterAll(async () => {
    await issuer?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('on its interval, writes exactly one notice per certificate expiring within the window', async () => {
    issuer = await startTestIssuer({ dataDir, policy: { validityDays: 10 }, expiryCheckIntervalMs: INTERVAL_MS });
    expect(await outboxFiles(dataDir)).toEqual([]);
    const serials = [
      (await enroll(issuer, 'user01')).certificate.serialNumber,
      (await enroll(issuer, 'user02')).certificate.serialNumber,
    ].sort();
    const expected = serials.map((s) => `expiry-${s}.eml`).sort();

    await waitFor(async () => (await outboxFiles(dataDir)).length >= 2, 'two notices in the outbox');
    const firstWritten = await Promise.all(expected.map(async (f) => (await stat(join(dataDir, 'outbox', f))).mtimeMs));

    // Many more runs of the job: still one notice per certificate, no file rewritten.
    await new Promise((r) => setTimeout(r, 10 * INTERVAL_MS));
    expect(await outboxFiles(dataDir)).toEqual(expected);
    expect(await Promise.all(expected.map(async (f) => (await stat(join(dataDir, 'outbox', f))).mtimeMs))).toEqual(firstWritten);
    expect(recordedNotices(dataDir)).toEqual({ notices: serials, audited: serials });
    await issuer.stop();
    issuer = undefined;
  });

  it('also runs at start, so a certificate due while the service was down is noticed without waiting an interval', async () => {
    // An hour-long interval: only the run at start can write this notice within the test.
    issuer = await startTestIssuer({ dataDir, policy: { validityDays: 10 }, expiryCheckIntervalMs: 3_600_000 });
    const master = await enroll(issuer, 'master01');
    expect(await outboxFiles(dataDir)).not.toContain(`expiry-${master.certificate.serialNumber}.eml`);
    await issuer.stop();

    issuer = await startTestIssuer({ dataDir, policy: { validityDays: 10 }, expiryCheckIntervalMs: 3_600_000 });
    expect(await outboxFiles(dataDir)).toContain(`expiry-${master.certificate.serialNumber}.eml`);
    expect(recordedNotices(dataDir).notices).toHaveLength(3);
  });
});

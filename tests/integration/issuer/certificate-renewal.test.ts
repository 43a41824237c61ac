// Issue 10, items 1 and 2: simplereenroll authenticated by the current certificate (RFC 7030
// §3.3.2) and same-key renewal vs an exact retry (§4.2.2), against the real service over HTTPS
// on 127.0.0.1, the client certificate presented in the TLS handshake and no password sent.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createCsr,
  createSelfSignedCa,
  generateKeyPair,
  issueCertificate,
  readCertificate,
  readCrl,
  spkiDer,
  toPem,
  type KeyPair,
} from '../../../electron/core/pki';
import { SqliteDatabase } from '../../../issuer/src/db/sqlite';
import { DEMO_PASSWORD, httpsCall, startTestIssuer, type HttpResult, type TestIssuer } from '../../helpers/issuer';
import { certificateOf, enroll, postCsr, type Enrolled } from '../../helpers/est-client';

const DAY = 86_400_000;

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

let issuer: TestIssuer | undefined;
let clock: ReturnType<typeof movableClock>;
afterEach(async () => {
  await issuer?.stop();
  issuer = undefined;
});

async function start(): Promise<TestIssuer> {
  clock = movableClock();
  issuer = await startTestIssuer({ clock });
  return issuer;
}

type ClientCert = Pick<Enrolled, 'certPem' | 'keyPem'>;

/** simplereenroll with a client certificate and no Authorization header (unless `auth` is given). */
function renewWithCertificate(
  running: TestIssuer,
  clientCert: ClientCert,
  csrDer: Buffer,
  auth?: { loginId: string; password: string },
): Promise<HttpResult> {
  return httpsCall(running.estUrl, running.tlsCaPem, {
    path: '/.well-known/est/simplereenroll',
    body: csrDer.toString('base64'),
    contentType: 'application/pkcs10',
    headers: { 'content-transfer-encoding': 'base64' },
    clientCert,
    ...(auth ? { auth } : {}),
  });
}

async function revokedSerials(running: TestIssuer): Promise<Set<string>> {
  const res = await httpsCall(running.estUrl, running.tlsCaPem, { path: '/crl' });
  return (await readCrl(res.body, readCertificate(await readFile(running.caCertPath, 'utf8')))).revokedSerials;
}

function loginWith(running: TestIssuer, clientCert: ClientCert): Promise<HttpResult> {
  return httpsCall(running.loginUrl, running.tlsCaPem, { path: '/', clientCert, accept: 'application/json' });
}

function issuanceAudit(running: TestIssuer, serial: string): string | undefined {
  const db = new SqliteDatabase(join(running.dataDir, 'issuer.db'), { readOnly: true });
  try {
    return db
      .prepare<[string], { detail: string }>("SELECT detail FROM audit_log WHERE action = 'certificate.issued' AND serial = ?")
      .get(serial)?.detail;
  } finally {
    db.close();
  }
}

function keyOf(certificate: { publicKey: Parameters<typeof spkiDer>[0] }): string {
  return spkiDer(certificate.publicKey).toString('hex');
}

function expectRefusal(res: HttpResult, status: number, code: string): void {
  expect(res.status, res.text()).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(res.json()).toMatchObject({ status, code });
  if (status === 401) expect(res.headers['www-authenticate']).toMatch(/^Basic realm="cjs-est"/);
}

describe('simplereenroll authenticated by the current certificate (RFC 7030 §3.3.2)', () => {
  it('inside the window, with no password: a new certificate, the old one superseded in the CRL, audited as by certificate', async () => {
    const running = await start();
    const old = await enroll(running, 'user01', { algorithm: 'ecdsa-p256' });
    clock.advanceDays(340);
    const newKey = await generateKeyPair('ecdsa-p256');
    const res = await renewWithCertificate(running, old, await createCsr(newKey, 'user01'));
    const renewed = certificateOf(res);
    expect(renewed.subject).toBe('CN=user01');
    expect(renewed.serialNumber).not.toBe(old.certificate.serialNumber);
    expect(renewed.notAfter.getTime() - clock.now().getTime()).toBeGreaterThan(365.9 * DAY);
    expect((await revokedSerials(running)).has(old.certificate.serialNumber)).toBe(true);
    expect(issuanceAudit(running, renewed.serialNumber)).toMatch(
      new RegExp(`^reenroll auth=certificate serial=${old.certificate.serialNumber} notAfter=`),
    );
    // The new certificate logs in; the old one no longer does.
    const fresh = {
      certPem: toPem('CERTIFICATE', renewed.der),
      keyPem: newKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    expect((await loginWith(running, fresh)).json()).toMatchObject({ loginId: 'user01', serialNumber: renewed.serialNumber });
    expect((await loginWith(running, old)).json()).toMatchObject({ code: 'CJS-E-CERT-REVOKED' });
  });

  it('outside the window: refused with CJS-E-RENEW-WINDOW (409) and the date it opens', async () => {
    const running = await start();
    const current = await enroll(running, 'user01');
    clock.advanceDays(300);
    const res = await renewWithCertificate(running, current, await createCsr(await generateKeyPair(), 'user01'));
    expectRefusal(res, 409, 'CJS-E-RENEW-WINDOW');
    expect(res.json<{ detail: string }>().detail).toContain('renewal opens on');
  });

  it('an expired certificate proves nothing: 401 CJS-E-CERT-EXPIRED with a challenge, and the password path still renews (P7)', async () => {
    const running = await start();
    const old = await enroll(running, 'user01');
    clock.advanceDays(367);
    const csr = await createCsr(await generateKeyPair(), 'user01');
    expectRefusal(await renewWithCertificate(running, old, csr), 401, 'CJS-E-CERT-EXPIRED');
    const renewed = certificateOf(await postCsr(running, 'simplereenroll', csr, 'user01'));
    expect(renewed.serialNumber).not.toBe(old.certificate.serialNumber);
    expect(issuanceAudit(running, renewed.serialNumber)).toMatch(/^reenroll auth=password /);
  });

  it('a revoked certificate proves nothing: 401 CJS-E-CERT-REVOKED, and the user enrols again with the password', async () => {
    const running = await start();
    const old = await enroll(running, 'user01');
    running.service.operatorRevoke('user01', 'keyCompromise');
    clock.advanceDays(340);
    const csr = await createCsr(await generateKeyPair(), 'user01');
    expectRefusal(await renewWithCertificate(running, old, csr), 401, 'CJS-E-CERT-REVOKED');
    expect(certificateOf(await postCsr(running, 'simpleenroll', csr, 'user01')).subject).toBe('CN=user01');
  });

  it('a certificate of another CA with the same names and serial is refused (401 CJS-E-UNKNOWN-CERT): checked by signature', async () => {
    const running = await start();
    const genuine = await enroll(running, 'user01');
    clock.advanceDays(340);
    const caKey = await generateKeyPair('ecdsa-p256');
    const caDer = await createSelfSignedCa({
      keyPair: caKey,
      commonName: 'CJS Reference Issuing CA',
      organization: 'Rokin CJS reference service',
      notBefore: new Date(Date.now() - DAY),
      notAfter: new Date(Date.now() + 1000 * DAY),
    });
    expect(readCertificate(caDer).subject).toBe(readCertificate(await readFile(running.caCertPath, 'utf8')).subject);
    const forged = await issueCertificate({
      authority: { certificate: readCertificate(caDer), privateKey: caKey.privateKey },
      publicKey: genuine.keyPair.publicKey,
      subjectCommonName: 'user01',
      serialNumber: genuine.certificate.serialNumber,
      notBefore: genuine.certificate.notBefore,
      notAfter: genuine.certificate.notAfter,
      profile: { kind: 'tls-client' },
    });
    const res = await renewWithCertificate(
      running,
      { certPem: toPem('CERTIFICATE', forged), keyPem: genuine.keyPem },
      await createCsr(await generateKeyPair(), 'user01'),
    );
    expectRefusal(res, 401, 'CJS-E-UNKNOWN-CERT');
    expect((await revokedSerials(running)).has(genuine.certificate.serialNumber)).toBe(false);
  });

  it("a CSR for another login ID than the certificate's is refused (403 CJS-E-SUBJECT), nothing issued", async () => {
    const running = await start();
    const user01 = await enroll(running, 'user01');
    const user02 = await enroll(running, 'user02');
    clock.advanceDays(340);
    expectRefusal(await renewWithCertificate(running, user01, await createCsr(await generateKeyPair(), 'user02')), 403, 'CJS-E-SUBJECT');
    const revoked = await revokedSerials(running);
    expect(revoked.has(user01.certificate.serialNumber) || revoked.has(user02.certificate.serialNumber)).toBe(false);
  });

  it('credentials win: with an Authorization header the certificate is ignored, a wrong password is a wrong password', async () => {
    const running = await start();
    const current = await enroll(running, 'user01');
    clock.advanceDays(340);
    const csr = await createCsr(await generateKeyPair(), 'user01');
    expectRefusal(
      await renewWithCertificate(running, current, csr, { loginId: 'user01', password: 'not-the-password' }),
      401,
      'CJS-E-AUTH',
    );
    const renewed = certificateOf(await renewWithCertificate(running, current, csr, { loginId: 'user01', password: DEMO_PASSWORD }));
    expect(issuanceAudit(running, renewed.serialNumber)).toMatch(/^reenroll auth=password /);
  });

  it('simpleenroll is never authenticated by a certificate (401 CJS-E-AUTH)', async () => {
    const running = await start();
    const current = await enroll(running, 'user01');
    running.service.operatorRevoke('user01', 'unspecified');
    const res = await httpsCall(running.estUrl, running.tlsCaPem, {
      path: '/.well-known/est/simpleenroll',
      body: (await createCsr(await generateKeyPair(), 'user01')).toString('base64'),
      contentType: 'application/pkcs10',
      clientCert: current,
    });
    expectRefusal(res, 401, 'CJS-E-AUTH');
  });
});

describe('same-key renewal and exact retry (RFC 7030 §4.2.2)', () => {
  async function enrolledInWindow(): Promise<{ running: TestIssuer; old: Enrolled }> {
    const running = await start();
    const old = await enroll(running, 'user01', { algorithm: 'ecdsa-p256' });
    clock.advanceDays(340);
    return { running, old };
  }

  it('the same key inside the window, by certificate: a new certificate for that key, the old one revoked', async () => {
    const { running, old } = await enrolledInWindow();
    // A new request for the same key (ECDSA: other bytes than the enrolment's CSR).
    const renewed = certificateOf(await renewWithCertificate(running, old, await createCsr(old.keyPair, 'user01')));
    expect(renewed.serialNumber).not.toBe(old.certificate.serialNumber);
    expect(keyOf(renewed)).toBe(keyOf(old.certificate));
    expect((await revokedSerials(running)).has(old.certificate.serialNumber)).toBe(true);
  });

  it('the same key inside the window, by password: a new certificate too (was: the old one replayed)', async () => {
    const { running, old } = await enrolledInWindow();
    const renewed = certificateOf(await postCsr(running, 'simplereenroll', await createCsr(old.keyPair, 'user01'), 'user01'));
    expect(renewed.serialNumber).not.toBe(old.certificate.serialNumber);
    expect(keyOf(renewed)).toBe(keyOf(old.certificate));
  });

  it('the same key outside the window: refused with CJS-E-RENEW-WINDOW (was: 200 with the old certificate)', async () => {
    const running = await start();
    const current = await enroll(running, 'user01', { algorithm: 'ecdsa-p256' });
    clock.advanceDays(100);
    const csr = await createCsr(current.keyPair, 'user01');
    expectRefusal(await renewWithCertificate(running, current, csr), 409, 'CJS-E-RENEW-WINDOW');
    expectRefusal(await postCsr(running, 'simplereenroll', csr, 'user01'), 409, 'CJS-E-RENEW-WINDOW');
  });

  it('an exact retry gets the same certificate: with the superseded certificate, the new one, or the password', async () => {
    const { running, old } = await enrolledInWindow();
    const newKey: KeyPair = await generateKeyPair('ecdsa-p256');
    const csr = await createCsr(newKey, 'user01');
    const renewed = certificateOf(await renewWithCertificate(running, old, csr));
    // The client lost the answer and sends the journaled CSR again, still holding the old
    // certificate: superseded, it may fetch this answer again, nothing else.
    const retried = certificateOf(await renewWithCertificate(running, old, csr));
    expect(retried.der.equals(renewed.der)).toBe(true);
    const fresh = {
      certPem: toPem('CERTIFICATE', renewed.der),
      keyPem: newKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    expect(certificateOf(await renewWithCertificate(running, fresh, csr)).serialNumber).toBe(renewed.serialNumber);
    expect(certificateOf(await postCsr(running, 'simplereenroll', csr, 'user01')).serialNumber).toBe(renewed.serialNumber);
    // A later renewal is answered on its own: the old certificate may not start one.
    expectRefusal(await renewWithCertificate(running, old, await createCsr(newKey, 'user01')), 401, 'CJS-E-CERT-REVOKED');
    expect((await revokedSerials(running)).has(renewed.serialNumber)).toBe(false);
  });
});

describe('on the wire', () => {
  /** One request on a raw TLS connection; the answer's bytes up to the end of its headers. */
  function rawHead(running: TestIssuer, head: string, clientCert?: ClientCert): Promise<string> {
    const url = new URL(running.estUrl);
    return new Promise((resolve, reject) => {
      const socket = connect({
        host: url.hostname,
        port: Number(url.port),
        ca: running.tlsCaPem,
        servername: 'localhost',
        ...(clientCert ? { cert: clientCert.certPem, key: clientCert.keyPem } : {}),
      });
      let received = '';
      const timer = setTimeout(() => socket.destroy(new Error(`no answer; got: ${received}`)), 10_000);
      socket.on('secureConnect', () => socket.write(head));
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        const end = received.indexOf('\r\n\r\n');
        if (end >= 0) {
          clearTimeout(timer);
          socket.destroy();
          resolve(received.slice(0, end));
        }
      });
      socket.on('error', (err: Error) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  it('without credentials or a usable certificate, a simplereenroll is refused before its body is sent', async () => {
    const running = await start();
    const current = await enroll(running, 'user01');
    clock.advanceDays(367);
    // A body of 10 000 bytes is announced and never sent: the answer comes anyway.
    const head =
      'POST /.well-known/est/simplereenroll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/pkcs10\r\nContent-Length: 10000\r\n\r\n';
    const none = await rawHead(running, head);
    expect(none).toMatch(/^HTTP\/1\.1 401 /);
    expect(none).toContain('\r\nConnection: close');
    const expired = await rawHead(running, head, current);
    expect(expired).toMatch(/^HTTP\/1\.1 401 /);
    expect(expired).toContain('\r\nConnection: close');
  });

  it('header names leave in canonical case on EST, API, CRL, refusals and the login page', async () => {
    const running = await start();
    const enrolled = await enroll(running, 'user01');
    const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n`;
    const basic = (password: string) => `Authorization: Basic ${Buffer.from(`master01:${password}`).toString('base64')}\r\n`;
    const heads = {
      cacerts: await rawHead(running, get('/.well-known/est/cacerts')),
      refused: await rawHead(running, get('/api/v1/users')),
      users: await rawHead(running, get('/api/v1/users', basic(DEMO_PASSWORD))),
      crl: await rawHead(running, get('/crl')),
    };
    // Wrong passwords until the throttle answers 429 with Retry-After.
    let throttled = '';
    for (let i = 0; i < 5 && !throttled.startsWith('HTTP/1.1 429'); i++)
      throttled = await rawHead(running, get('/api/v1/users', basic('wrong')));
    const loginUrl = new URL(running.loginUrl);
    const loginHead = await rawHead({ ...running, estUrl: `https://${loginUrl.host}` }, get('/', 'Accept: text/html\r\n'), enrolled);

    expect(heads.cacerts).toContain('\r\nContent-Type: application/pkcs7-mime; smime-type=certs-only\r\n');
    expect(heads.cacerts).toContain('\r\nContent-Transfer-Encoding: base64\r\n');
    expect(heads.cacerts).toContain('\r\nCache-Control: no-store\r\n');
    expect(heads.refused).toContain('\r\nWWW-Authenticate: Basic realm="cjs-est", charset="UTF-8"\r\n');
    expect(heads.users).toContain('\r\nContent-Type: application/json; charset=utf-8\r\n');
    expect(heads.crl).toContain('\r\nContent-Type: application/pkix-crl\r\n');
    expect(throttled).toMatch(/^HTTP\/1\.1 429 /);
    expect(throttled).toMatch(/\r\nRetry-After: \d+\r\n/);
    expect(loginHead).toContain('\r\nContent-Security-Policy: ');
    for (const head of [...Object.values(heads), throttled, loginHead]) {
      const names = head
        .split('\r\n')
        .slice(1)
        .map((line) => line.slice(0, line.indexOf(':')));
      expect(names.length).toBeGreaterThan(3);
      for (const name of names) expect(name).toMatch(/^(WWW|[A-Z][a-z0-9]*)(-[A-Z][a-z0-9]*)*$/);
    }
  });
});

// RFC 7030 over real HTTPS against a running reference issuing service.
import { connect } from 'node:tls';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCsr,
  decodeBase64Strict,
  decodeCertsOnly,
  EKU_CLIENT_AUTH,
  generateKeyPair,
  isIssuedBy,
  readCertificate,
} from '../../../electron/core/pki';
import { DEMO_PASSWORD, httpsCall, startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { certificateOf, enroll, patiently, postCsr } from '../../helpers/est-client';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await startTestIssuer();
});
afterAll(async () => {
  await issuer?.stop();
});

describe('EST /cacerts', () => {
  it('returns the issuing CA as base64 PKCS#7 certs-only', async () => {
    const res = await httpsCall(issuer.estUrl, issuer.tlsCaPem, { path: '/.well-known/est/cacerts' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/pkcs7-mime/);
    expect(res.headers['content-transfer-encoding']).toBe('base64');
    const certs = decodeCertsOnly(decodeBase64Strict(res.text())).map((der) => readCertificate(der));
    expect(certs).toHaveLength(1);
    expect(certs[0]!.subjectCommonName).toBe('CJS Reference Issuing CA');
    expect(certs[0]!.isCa).toBe(true);
  });
});

describe('EST /simpleenroll', () => {
  it('issues a 366-day client-auth certificate for the authenticated login ID', async () => {
    const before = Date.now();
    const res = await postCsr(issuer, 'simpleenroll', await createCsr(await generateKeyPair(), 'user01'), 'user01');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pkcs7-mime; smime-type=certs-only');
    expect(res.headers['content-transfer-encoding']).toBe('base64');
    expect(res.headers['cache-control']).toBe('no-store');
    const cert = certificateOf(res);
    expect(cert.subject).toBe('CN=user01');
    expect(cert.extendedKeyUsage).toEqual([EKU_CLIENT_AUTH]);
    expect(cert.isCa).toBe(false);
    expect(isIssuedBy(cert, readCertificate(await import('node:fs/promises').then((fs) => fs.readFile(issuer.caCertPath, 'utf8'))))).toBe(
      true,
    );
    const days = (cert.notAfter.getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(365.99);
    expect(days).toBeLessThan(366.01);
  });

  it('accepts ECDSA P-256 requests', async () => {
    const enrolled = await enroll(issuer, 'user02', { algorithm: 'ecdsa-p256' });
    expect(enrolled.certificate.publicKey.asymmetricKeyType).toBe('ec');
  });

  it('returns the same certificate when the same request is submitted again (idempotent retry)', async () => {
    const keyPair = await generateKeyPair();
    const csr = await createCsr(keyPair, 'master01');
    const first = certificateOf(await postCsr(issuer, 'simpleenroll', csr, 'master01'));
    const again = certificateOf(await postCsr(issuer, 'simpleenroll', csr, 'master01'));
    expect(again.serialNumber).toBe(first.serialNumber);
    expect(again.der.equals(first.der)).toBe(true);
  });

  it('asks for credentials with 401 and WWW-Authenticate when none are sent', async () => {
    const csr = await createCsr(await generateKeyPair('ecdsa-p256'), 'user01');
    const res = await httpsCall(issuer.estUrl, issuer.tlsCaPem, {
      path: '/.well-known/est/simpleenroll',
      body: csr.toString('base64'),
      contentType: 'application/pkcs10',
    });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'CJS-E-AUTH', status: 401 });
  });
});

describe('transport', () => {
  it('refuses TLS 1.1 (FAQ Q20: TLS 1.2 or later only)', async () => {
    const port = Number(new URL(issuer.estUrl).port);
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({
        host: '127.0.0.1',
        port,
        maxVersion: 'TLSv1.1',
        minVersion: 'TLSv1',
        ca: issuer.tlsCaPem,
        ciphers: 'DEFAULT@SECLEVEL=0',
      });
      socket.on('secureConnect', () => {
        resolve(`connected ${socket.getProtocol()}`);
        socket.destroy();
      });
      socket.on('error', (err: Error) => resolve(`refused: ${err.message}`));
    });
    expect(outcome).toMatch(/^refused/);
  });

  it('negotiates TLS 1.3 with a modern client', async () => {
    const port = Number(new URL(issuer.estUrl).port);
    const protocol = await new Promise<string | null>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, ca: issuer.tlsCaPem, servername: 'localhost' }, () => {
        resolve(socket.getProtocol());
        socket.destroy();
      });
      socket.on('error', reject);
    });
    expect(protocol).toBe('TLSv1.3');
  });

  it('never answers plain http (FAQ Q18(1))', async () => {
    const port = Number(new URL(issuer.estUrl).port);
    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/.well-known/est/cacerts', timeout: 5000 }, (res) => {
        resolve(`answered ${res.statusCode}`);
        res.resume();
      });
      req.on('error', (err) => resolve(`refused: ${err.message}`));
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.end();
    });
    expect(outcome).not.toMatch(/^answered 2/);
  });
});

describe('logs', () => {
  it('never contain a password or an Authorization header', async () => {
    await postCsr(issuer, 'simpleenroll', await createCsr(await generateKeyPair('ecdsa-p256'), 'user01'), 'user01', 'wrong-secret-pw');
    const log = issuer.logText();
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(DEMO_PASSWORD);
    expect(log).not.toContain('wrong-secret-pw');
    expect(log).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
    expect(log.toLowerCase()).not.toContain('authorization');
  });

  // Debug is where a request's details would show up first, so every path that carries a
  // secret runs at that level: enrolment, a password in a JSON body, failed logins to a lockout.
  it('at debug level, through enrolment, user creation and a lockout, contain no secret', async () => {
    const verbose = await startTestIssuer({ logLevel: 'debug' });
    try {
      const master = { loginId: 'master01', password: DEMO_PASSWORD };
      await enroll(verbose, 'user01');
      const created = await httpsCall(verbose.estUrl, verbose.tlsCaPem, {
        path: '/api/v1/users',
        body: JSON.stringify({ loginId: 'logger01', password: 'json-body-secret-77', email: 'logger01@example.jp' }),
        contentType: 'application/json',
        auth: master,
      });
      expect(created.status).toBe(201);
      const csr = await createCsr(await generateKeyPair('ecdsa-p256'), 'logger01');
      const wrong = [1, 2, 3, 4, 5].map((i) => `lockout-secret-${i}`);
      const answers = [];
      let waits = 0;
      // Throttled (429) from the fourth attempt on: each is sent again after its Retry-After.
      for (const password of wrong) {
        const heard = await patiently(() => postCsr(verbose, 'simpleenroll', csr, 'logger01', password));
        answers.push(heard.res.json<{ code: string }>().code);
        waits += heard.waits;
      }
      expect(answers).toEqual(['CJS-E-AUTH', 'CJS-E-AUTH', 'CJS-E-AUTH', 'CJS-E-AUTH', 'CJS-E-LOCKED']);
      expect(waits).toBe(2);
      expect((await postCsr(verbose, 'simpleenroll', csr, 'logger01', 'json-body-secret-77')).json()).toMatchObject({
        code: 'CJS-E-LOCKED',
      });

      const log = verbose.logText();
      // The level took effect and the requests were logged: otherwise this test proves nothing.
      expect(log).toContain('"level":20');
      expect(log).toContain('/api/v1/users');
      expect(log).toContain('/.well-known/est/simpleenroll');
      for (const secret of [DEMO_PASSWORD, 'json-body-secret-77', ...wrong]) {
        expect(log).not.toContain(secret);
        expect(log).not.toContain(Buffer.from(secret).toString('base64'));
      }
      for (const [loginId, password] of [
        ['master01', DEMO_PASSWORD],
        ['user01', DEMO_PASSWORD],
        ['logger01', 'json-body-secret-77'],
        ...wrong.map((w) => ['logger01', w]),
      ]) {
        expect(log).not.toContain(Buffer.from(`${loginId}:${password}`).toString('base64'));
      }
      expect(log).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
      expect(log.toLowerCase()).not.toContain('authorization');
      // Nor its own keys (CA, TLS), which the service reads at every start.
      expect(log).not.toContain('PRIVATE KEY');
    } finally {
      await verbose.stop();
    }
  });
});

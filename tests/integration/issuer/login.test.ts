// The client-certificate login endpoint: the stand-in for the payroll system's login page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSelfSignedCa, generateKeyPair, issueCertificate, readCertificate, toPem } from '../../../electron/core/pki';
import { httpsCall, startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { enroll, type Enrolled } from '../../helpers/est-client';

let issuer: TestIssuer;
let user01: Enrolled;
beforeAll(async () => {
  issuer = await startTestIssuer();
  user01 = await enroll(issuer, 'user01');
});
afterAll(async () => issuer?.stop());

describe('login endpoint', () => {
  it('answers with the login ID of a valid certificate (JSON)', async () => {
    const res = await httpsCall(issuer.loginUrl, issuer.tlsCaPem, { path: '/', clientCert: user01, accept: 'application/json' });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      loginId: 'user01',
      serialNumber: user01.certificate.serialNumber,
      notAfter: user01.certificate.notAfter.toISOString(),
    });
  });

  it('shows a Japanese page with the login ID to a browser', async () => {
    const res = await httpsCall(issuer.loginUrl, issuer.tlsCaPem, { path: '/', clientCert: user01, accept: 'text/html' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text()).toContain('<strong id="login-id">user01</strong>');
    expect(res.text()).toContain('ログインしました');
  });

  it('refuses a request without a client certificate (CJS-E-NO-CLIENT-CERT)', async () => {
    const res = await httpsCall(issuer.loginUrl, issuer.tlsCaPem, { path: '/', accept: 'application/json' });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ code: 'CJS-E-NO-CLIENT-CERT' });
  });

  it('refuses a certificate from another CA, even with the same subject (CJS-E-UNKNOWN-CERT)', async () => {
    const caKeys = await generateKeyPair();
    const caDer = await createSelfSignedCa({
      keyPair: caKeys,
      commonName: 'CJS Reference Issuing CA',
      organization: 'Impostor',
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
    });
    const leafKeys = await generateKeyPair();
    const leafDer = await issueCertificate({
      authority: { certificate: readCertificate(caDer), privateKey: caKeys.privateKey },
      publicKey: leafKeys.publicKey,
      subjectCommonName: 'user01',
      serialNumber: user01.certificate.serialNumber,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
      profile: { kind: 'tls-client' },
    });
    const res = await httpsCall(issuer.loginUrl, issuer.tlsCaPem, {
      path: '/',
      clientCert: {
        certPem: toPem('CERTIFICATE', leafDer),
        keyPem: leafKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
      accept: 'text/html',
    });
    expect(res.status).toBe(403);
    expect(res.text()).toContain('<code id="error-code">CJS-E-UNKNOWN-CERT</code>');
  });
});

// The EST client against a real reference issuing service and real local servers on loopback:
// TLS trust, error mapping, timeouts, an old-TLS server and an HTTP CONNECT proxy.
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createCsr,
  createSelfSignedCa,
  generateKeyPair,
  issueCertificate,
  randomSerialNumber,
  readCertificate,
  toPem,
} from '../../../electron/core/pki';
import { EstClient, environmentProxy, IssuingError, validateIssuedCertificate } from '../../../electron/core/issuing';
import { DEMO_PASSWORD, startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { LoopbackServers } from '../../helpers/loopback-servers';

let issuer: TestIssuer;
const servers = new LoopbackServers();

/** A throw-away CA and a server certificate for 127.0.0.1, for the stand-in servers below. */
async function serverIdentity(caName: string): Promise<{ caPem: string; certPem: string; keyPem: string }> {
  const caKeys = await generateKeyPair();
  const now = Date.now();
  const caDer = await createSelfSignedCa({
    keyPair: caKeys,
    commonName: caName,
    organization: 'Test',
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 86400_000),
  });
  const ca = { certificate: readCertificate(caDer), privateKey: caKeys.privateKey };
  const keys = await generateKeyPair();
  const der = await issueCertificate({
    authority: ca,
    publicKey: keys.publicKey,
    subjectCommonName: '127.0.0.1',
    serialNumber: randomSerialNumber(),
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 86400_000),
    profile: { kind: 'tls-server', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] },
  });
  return {
    caPem: toPem('CERTIFICATE', caDer),
    certPem: toPem('CERTIFICATE', der),
    keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

async function failure(promise: Promise<unknown>): Promise<IssuingError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(IssuingError);
  return e as IssuingError;
}

beforeAll(async () => {
  issuer = await startTestIssuer();
});
afterAll(async () => {
  await servers.closeAll();
  await issuer?.stop();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('EstClient against the reference issuing service', () => {
  it('gets the issuing CA, enrols user01 and the answer passes validation', async () => {
    const client = new EstClient({ baseUrl: issuer.estUrl, trust: { extraCaPem: [issuer.tlsCaPem] } });
    const [caDer, ...rest] = await client.getCaCerts();
    expect(rest).toHaveLength(0);
    const ca = readCertificate(caDer!);
    expect(ca.isCa).toBe(true);

    const keyPair = await generateKeyPair();
    const certs = await client.simpleEnroll(await createCsr(keyPair, 'user01'), { loginId: 'user01', password: DEMO_PASSWORD });
    const leaf = validateIssuedCertificate({
      certificatesDer: certs,
      expectedPublicKey: keyPair.publicKey,
      expectedIssuers: [ca],
      loginId: 'user01',
      now: new Date(),
    });
    expect(leaf.subject).toBe('CN=user01');
  });

  it('accepts the address with the EST path already in it', async () => {
    const client = new EstClient({ baseUrl: `${issuer.estUrl}/.well-known/est/`, trust: { extraCaPem: [issuer.tlsCaPem] } });
    expect(await client.getCaCerts()).toHaveLength(1);
  });

  it('maps a wrong password to the server code CJS-E-AUTH with status 401, without the password anywhere', async () => {
    const client = new EstClient({ baseUrl: issuer.estUrl, trust: { extraCaPem: [issuer.tlsCaPem] } });
    const secret = 'wrong-パスワード-123';
    const e = await failure(
      client.simpleEnroll(await createCsr(await generateKeyPair(), 'user02'), { loginId: 'user02', password: secret }),
    );
    expect(e.code).toBe('CJS-E-AUTH');
    expect(e.status).toBe(401);
    const everything = `${e.message} ${e.detail ?? ''} ${inspect(e, { depth: 10 })} ${JSON.stringify(e)}`;
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(Buffer.from(`user02:${secret}`, 'utf8').toString('base64'));
  });

  it('maps a renewal outside the window to CJS-E-RENEW-WINDOW', async () => {
    const client = new EstClient({ baseUrl: issuer.estUrl, trust: { extraCaPem: [issuer.tlsCaPem] } });
    const keyPair = await generateKeyPair();
    await client.simpleEnroll(await createCsr(keyPair, 'master01'), { loginId: 'master01', password: DEMO_PASSWORD });
    const e = await failure(
      client.simpleReenroll(await createCsr(await generateKeyPair(), 'master01'), { loginId: 'master01', password: DEMO_PASSWORD }),
    );
    expect(e.code).toBe('CJS-E-RENEW-WINDOW');
    expect(e.status).toBeGreaterThanOrEqual(400);
  });

  it('refuses the service without its trust file: ISSUE-TLS with the Node code and the presented issuer', async () => {
    const client = new EstClient({ baseUrl: issuer.estUrl });
    const e = await failure(client.getCaCerts());
    expect(e.code).toBe('ISSUE-TLS');
    expect(e.tls?.kind).toBe('certificate');
    expect([
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
    ]).toContain(e.tls?.tlsErrorCode);
    const tlsRoot = readCertificate(issuer.tlsCaPem);
    expect(e.tls?.peerIssuerCommonName).toBe(tlsRoot.subjectCommonName);
    expect(e.faq).toContain('Q24(4)');
  });
});

describe('EstClient transport failures', () => {
  it('names the interception root when a TLS-scanning stand-in answers', async () => {
    const scanner = await serverIdentity('Example HTTPS Scanning Root');
    const port = await servers.listen(createTlsServer({ cert: scanner.certPem, key: scanner.keyPem }, (s) => s.end()));
    const e = await failure(new EstClient({ baseUrl: `https://127.0.0.1:${port}` }).getCaCerts());
    expect(e.code).toBe('ISSUE-TLS');
    expect(e.tls?.peerIssuerCommonName).toBe('Example HTTPS Scanning Root');
    expect(e.tls?.peerSubjectCommonName).toBe('127.0.0.1');
  });

  it('maps a closed port to ISSUE-REFUSED with ECONNREFUSED', async () => {
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const e = await failure(new EstClient({ baseUrl: `https://127.0.0.1:${port}` }).getCaCerts());
    expect(e.code).toBe('ISSUE-REFUSED');
    expect(e.errno).toBe('ECONNREFUSED');
  });

  it('gives up on a server that accepts and never answers: ISSUE-TIMEOUT within the configured time', async () => {
    const port = await servers.listen(createNetServer(() => undefined));
    const started = Date.now();
    const e = await failure(new EstClient({ baseUrl: `https://127.0.0.1:${port}`, timeoutMs: 1000 }).getCaCerts());
    const elapsed = Date.now() - started;
    expect(e.code).toBe('ISSUE-TIMEOUT');
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(3000);
  });

  it('refuses a TLS 1.1-only server (ISSUE-TLS-HANDSHAKE, protocol) even when its certificate is trusted', async () => {
    const old = await serverIdentity('Old Server CA');
    const port = await servers.listen(
      createTlsServer(
        { cert: old.certPem, key: old.keyPem, maxVersion: 'TLSv1.1', minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' },
        (s) => s.end(),
      ),
    );
    const e = await failure(new EstClient({ baseUrl: `https://127.0.0.1:${port}`, trust: { extraCaPem: [old.caPem] } }).getCaCerts());
    expect(e.code).toBe('ISSUE-TLS-HANDSHAKE');
    expect(e.tls?.kind).toBe('protocol');
    expect(e.faq).toContain('Q20');
  });

  it('answers a non-EST 200 with ISSUE-BAD-RESPONSE and a redirect with ISSUE-HTTP-STATUS (not followed)', async () => {
    const id = await serverIdentity('Odd Server CA');
    const { createServer: createHttpsServer } = await import('node:https');
    const server = createHttpsServer({ cert: id.certPem, key: id.keyPem }, (req, res) => {
      if (req.url?.endsWith('/cacerts')) res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
      else res.writeHead(302, { location: 'http://127.0.0.1/elsewhere' }).end();
    });
    const port = await servers.listen(server);
    const client = new EstClient({ baseUrl: `https://127.0.0.1:${port}`, trust: { extraCaPem: [id.caPem] } });
    expect((await failure(client.getCaCerts())).code).toBe('ISSUE-BAD-RESPONSE');
    const redirect = await failure(client.simpleEnroll(Buffer.from('x'), { loginId: 'user01', password: 'p' }));
    expect(redirect.code).toBe('ISSUE-HTTP-STATUS');
    expect(redirect.status).toBe(302);
  });
});

describe('EstClient through an HTTP CONNECT proxy from HTTPS_PROXY', () => {
  it('tunnels through the proxy and still enrols, with the configured trust inside the tunnel', async () => {
    const proxy = await servers.startConnectProxy();
    vi.stubEnv('HTTPS_PROXY', proxy.url);
    vi.stubEnv('https_proxy', proxy.url);
    vi.stubEnv('NO_PROXY', '');
    vi.stubEnv('no_proxy', '');
    const client = new EstClient({ baseUrl: issuer.estUrl, trust: { extraCaPem: [issuer.tlsCaPem] }, proxy: environmentProxy });
    const keyPair = await generateKeyPair();
    const certs = await client.simpleEnroll(await createCsr(keyPair, 'user02'), { loginId: 'user02', password: DEMO_PASSWORD });
    expect(readCertificate(certs[0]!).subjectCommonName).toBe('user02');
    const estHost = new URL(issuer.estUrl).host;
    expect(proxy.connects).toContain(estHost);
  });

  it('keeps verifying and the TLS 1.2 minimum inside the tunnel', async () => {
    const proxy = await servers.startConnectProxy();
    vi.stubEnv('HTTPS_PROXY', proxy.url);
    vi.stubEnv('https_proxy', proxy.url);
    vi.stubEnv('NO_PROXY', '');
    vi.stubEnv('no_proxy', '');
    const untrusted = await failure(new EstClient({ baseUrl: issuer.estUrl, proxy: environmentProxy }).getCaCerts());
    expect(untrusted.code).toBe('ISSUE-TLS');
    const old = await serverIdentity('Old Server CA 2');
    const port = await servers.listen(
      createTlsServer(
        { cert: old.certPem, key: old.keyPem, maxVersion: 'TLSv1.1', minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' },
        (s) => s.end(),
      ),
    );
    const e = await failure(
      new EstClient({ baseUrl: `https://127.0.0.1:${port}`, trust: { extraCaPem: [old.caPem] }, proxy: environmentProxy }).getCaCerts(),
    );
    expect(e.code).toBe('ISSUE-TLS-HANDSHAKE');
    expect(proxy.connects).toEqual([new URL(issuer.estUrl).host, `127.0.0.1:${port}`]);
  });

  it('maps a proxy that refuses CONNECT to ISSUE-PROXY, without sending the credentials to it', async () => {
    const proxy = await servers.startConnectProxy({ refuse: 403 });
    vi.stubEnv('HTTPS_PROXY', proxy.url);
    vi.stubEnv('https_proxy', proxy.url);
    vi.stubEnv('NO_PROXY', '');
    vi.stubEnv('no_proxy', '');
    const client = new EstClient({ baseUrl: issuer.estUrl, trust: { extraCaPem: [issuer.tlsCaPem] }, proxy: environmentProxy });
    const e = await failure(
      client.simpleEnroll(await createCsr(await generateKeyPair(), 'user01'), { loginId: 'user01', password: DEMO_PASSWORD }),
    );
    expect(e.code).toBe('ISSUE-PROXY');
    expect(e.status).toBe(403);
  });

  it('goes direct when NO_PROXY names the host', async () => {
    const proxy = await servers.startConnectProxy();
    vi.stubEnv('HTTPS_PROXY', proxy.url);
    vi.stubEnv('https_proxy', proxy.url);
    vi.stubEnv('NO_PROXY', '127.0.0.1');
    vi.stubEnv('no_proxy', '127.0.0.1');
    const client = new EstClient({ baseUrl: issuer.estUrl, trust: { extraCaPem: [issuer.tlsCaPem] }, proxy: environmentProxy });
    expect(await client.getCaCerts()).toHaveLength(1);
    expect(proxy.connects).toEqual([]);
  });
});

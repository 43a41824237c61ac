// Renewal without the password in the app, over Chromium's network stack played by a small fake
// session: when the issuer asks for a client certificate, Chromium offers what the OS store holds
// and presents what the app chose. What matters: exactly the certificate being renewed is
// presented (never another one of the store); the server is trusted as Chromium trusts it, or by
// the configured private root; failures come back as the client's own codes.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  generateKeyPair,
  issueCertificate,
  randomSerialNumber,
  readCertificate,
  toPem,
  createSelfSignedCa,
} from '../../../electron/core/pki';
import { isCjsError } from '../../../electron/core/errors';
import type { CandidateCertificate } from '../../../electron/main/client-certificate';
import { createChromiumRenewal, type RenewalSession, type VerifyRequest } from '../../../electron/main/renewal-transport';
import { createLoopbackTlsIdentity, type LoopbackTlsIdentity } from '../../helpers/loopback-tls';

const URL_ = new URL('https://127.0.0.1:8443/.well-known/est/simplereenroll');
const HOUR = 3_600_000;

interface Offered extends CandidateCertificate {
  readonly thumbprint: string;
}

async function osCertificate(loginId: string): Promise<Offered> {
  const caKeys = await generateKeyPair('ecdsa-p256');
  const now = Date.now();
  const caDer = await createSelfSignedCa({
    keyPair: caKeys,
    commonName: 'CJS CA',
    organization: 'T',
    notBefore: new Date(now - HOUR),
    notAfter: new Date(now + 48 * HOUR),
  });
  const der = await issueCertificate({
    authority: { certificate: readCertificate(caDer), privateKey: caKeys.privateKey },
    publicKey: (await generateKeyPair('ecdsa-p256')).publicKey,
    subjectCommonName: loginId,
    serialNumber: randomSerialNumber(),
    notBefore: new Date(now - HOUR),
    notAfter: new Date(now + 24 * HOUR),
    profile: { kind: 'tls-client' },
  });
  const info = readCertificate(der);
  return {
    data: toPem('CERTIFICATE', der),
    subject: { commonName: loginId },
    issuer: { commonName: 'CJS CA' },
    validStart: info.notBefore.getTime() / 1000,
    validExpiry: info.notAfter.getTime() / 1000,
    thumbprint: info.thumbprintSha1,
  };
}

let current: Offered;
let renewedEarlier: Offered;
let otherUser: Offered;
let tls: LoopbackTlsIdentity;
let stranger: LoopbackTlsIdentity;

beforeAll(async () => {
  [current, renewedEarlier, otherUser, tls, stranger] = await Promise.all([
    osCertificate('user01'),
    osCertificate('user01'),
    osCertificate('user02'),
    createLoopbackTlsIdentity('Local Issuer TLS Root'),
    createLoopbackTlsIdentity('Stranger Root'),
  ]);
});

/** Chromium as a fake: asks for a certificate, verifies the server through the proc, then answers. */
function chromium(answer: () => Promise<Response>, serverChain: () => VerifyRequest) {
  const presented: (Offered | undefined)[] = [];
  const verdicts: number[] = [];
  const sent: RequestInit[] = [];
  let select: ReturnType<typeof createChromiumRenewal<Offered>>['selectClientCertificate'] = () => false;
  const session = (): RenewalSession => {
    let verify: Parameters<RenewalSession['setCertificateVerifyProc']>[0] = () => undefined;
    return {
      setCertificateVerifyProc: (proc) => (verify = proc),
      async fetch(url, init) {
        sent.push(init);
        verify(serverChain(), (v) => verdicts.push(v));
        if (verdicts.at(-1) !== 0) throw new TypeError('fetch failed', { cause: new Error('net::ERR_CERT_AUTHORITY_INVALID') });
        select({ preventDefault: () => undefined }, null, url, [otherUser, renewedEarlier, current], (c) => presented.push(c));
        return answer();
      },
    };
  };
  const renewal = createChromiumRenewal<Offered>({ kind: 'windows', newSession: session });
  select = renewal.selectClientCertificate;
  return { renewal, presented, verdicts, sent };
}

const request = (extraCaPem: readonly string[] = [tls.caPem]) => ({
  url: URL_,
  method: 'POST' as const,
  headers: { 'content-type': 'application/pkcs10' },
  body: Buffer.from('MIIB'),
  certificate: { store: 'windows' as const, handle: current.thumbprint, thumbprintSha1: current.thumbprint },
  timeoutMs: 5_000,
  trust: { extraCaPem },
});

const chainOf = (identity: LoopbackTlsIdentity, errorCode = -202): VerifyRequest => ({
  hostname: '127.0.0.1',
  certificate: { data: identity.tls.cert, issuerCert: { data: identity.caPem } },
  errorCode,
});

describe('renewal through Chromium', () => {
  it('presents exactly the certificate being renewed and returns the answer as it came', async () => {
    const answer = () => Promise.resolve(new Response('BASE64', { status: 200, headers: { 'Content-Type': 'application/pkcs7-mime' } }));
    const { renewal, presented, sent } = chromium(answer, () => chainOf(tls, 0));
    const res = await renewal.client.request(request());
    expect(presented).toEqual([current]);
    expect(res).toMatchObject({ status: 200, headers: { 'content-type': 'application/pkcs7-mime' } });
    expect(res.body.toString()).toBe('BASE64');
    expect(sent[0]).toMatchObject({ method: 'POST', credentials: 'include', redirect: 'error' });
  });

  it('trusts a private TLS root only through the configured extra roots, as the CLI does', async () => {
    const answer = () => Promise.resolve(new Response('', { status: 200 }));
    const configured = chromium(answer, () => chainOf(tls));
    await configured.renewal.client.request(request());
    expect(configured.verdicts).toEqual([0]);
    const strangerServer = chromium(answer, () => chainOf(stranger));
    const err: unknown = await strangerServer.renewal.client.request(request()).catch((e: unknown) => e);
    expect(strangerServer.verdicts).toEqual([-2]);
    expect(isCjsError(err) && err.code).toBe('ISSUE-TLS');
    expect(strangerServer.presented).toEqual([]);
  });

  it('a store without that certificate: the password is needed (RENEW-NEEDS-PASSWORD)', async () => {
    const { renewal } = chromium(
      () => Promise.reject(new TypeError('fetch failed', { cause: new Error('net::ERR_SSL_CLIENT_AUTH_CERT_NEEDED') })),
      () => chainOf(tls, 0),
    );
    const missing = { ...request(), certificate: { store: 'windows' as const, handle: 'X', thumbprintSha1: 'AB'.repeat(20) } };
    const err: unknown = await renewal.client.request(missing).catch((e: unknown) => e);
    expect(isCjsError(err) && err.code).toBe('RENEW-NEEDS-PASSWORD');
  });

  it("leaves other requests' certificate choice to the login probe", () => {
    const { renewal } = chromium(
      () => Promise.resolve(new Response('')),
      () => chainOf(tls, 0),
    );
    const handled = renewal.selectClientCertificate(
      { preventDefault: () => undefined },
      null,
      'cjs.example.jp:8444',
      [current],
      () => undefined,
    );
    expect(handled).toBe(false);
  });

  it('a refused connection is the service down (ISSUE-REFUSED); an http:// address is refused before anything is sent', async () => {
    const { renewal, sent } = chromium(
      () => Promise.reject(new TypeError('fetch failed', { cause: new Error('net::ERR_CONNECTION_REFUSED') })),
      () => chainOf(tls, 0),
    );
    const err: unknown = await renewal.client.request(request()).catch((e: unknown) => e);
    expect(isCjsError(err) && err.code).toBe('ISSUE-REFUSED');
    const plain = await renewal.client.request({ ...request(), url: new URL('http://127.0.0.1:8443/x') }).catch((e: unknown) => e);
    expect(isCjsError(plain)).toBe(true);
    expect(sent).toHaveLength(1);
  });
});

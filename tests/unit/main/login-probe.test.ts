// The app's login check over Chromium's network stack, with Chromium played by a small fake
// session: when the login page asks for a client certificate, Chromium offers what the OS store
// holds (`select-client-certificate`) and presents what the app chose. What a clerk relies on:
// the probe presents their own valid certificate — the one the diagnosis is about, else the
// newest — never another user's, says so when it has none, and its answer gives the check's
// verdict (judgeLogin, the same judge as the CLI's probes).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { judgeLogin } from '../../../electron/core/diagnostics/checks/client-cert-login';
import {
  createSelfSignedCa,
  generateKeyPair,
  issueCertificate,
  randomSerialNumber,
  readCertificate,
  toPem,
  type CertificateInfo,
} from '../../../electron/core/pki';
import type { StoredCertificate } from '../../../electron/core/stores/certificate-store';
import { chooseClientCertificate, thumbprintOf, type CandidateCertificate } from '../../../electron/main/client-certificate';
import { createChromiumLoginProbe, endpointOf, type ProbeSession } from '../../../electron/main/login-probe';

const DAY = 86_400_000;
const now = new Date('2026-12-04T00:00:00Z');
const LOGIN_URL = new URL('https://cjs.example.jp:8444/login');

interface OsCertificate extends CandidateCertificate {
  readonly info: CertificateInfo;
}

/** A certificate as Electron lists it from the OS store, and as the store backend reads it. */
async function osCertificate(ca: Authority, loginId: string, issuedDaysAgo: number, days = 366): Promise<OsCertificate> {
  const keys = await generateKeyPair('ecdsa-p256');
  const notBefore = new Date(now.getTime() - issuedDaysAgo * DAY);
  const der = await issueCertificate({
    authority: ca.authority,
    publicKey: keys.publicKey,
    subjectCommonName: loginId,
    serialNumber: randomSerialNumber(),
    notBefore,
    notAfter: new Date(notBefore.getTime() + days * DAY),
    profile: { kind: 'tls-client' },
  });
  const info = readCertificate(der);
  return {
    info,
    data: toPem('CERTIFICATE', der),
    subject: { commonName: loginId },
    issuer: { commonName: ca.name },
    validStart: info.notBefore.getTime() / 1000,
    validExpiry: info.notAfter.getTime() / 1000,
  };
}

interface Authority {
  readonly name: string;
  readonly authority: Parameters<typeof issueCertificate>[0]['authority'];
}

async function authority(name: string): Promise<Authority> {
  const keyPair = await generateKeyPair('ecdsa-p256');
  const der = await createSelfSignedCa({
    keyPair,
    commonName: name,
    organization: 'Test',
    notBefore: new Date(now.getTime() - 800 * DAY),
    notAfter: new Date(now.getTime() + 800 * DAY),
  });
  return { name, authority: { certificate: readCertificate(der), privateKey: keyPair.privateKey } };
}

function stored(cert: OsCertificate): StoredCertificate {
  const { info } = cert;
  return {
    store: 'windows',
    handle: info.thumbprintSha1,
    subject: info.subject,
    subjectCommonName: info.subjectCommonName,
    issuer: info.issuer,
    issuerCommonName: info.issuerCommonName,
    serialNumber: info.serialNumber,
    thumbprintSha1: info.thumbprintSha1,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    hasPrivateKey: true,
  };
}

let system: Authority;
let older: OsCertificate; // user01, issued 300 days ago, still valid
let newer: OsCertificate; // user01, renewed 10 days ago
let expired: OsCertificate; // user01, issued 400 days ago
let otherUser: OsCertificate; // user02 of the same system
let otherSystem: OsCertificate; // "user01" of another CA (another bank's system)

beforeAll(async () => {
  system = await authority('CJS Rokin Issuing CA');
  const foreign = await authority('Another Bank CA');
  [older, newer, expired, otherUser, otherSystem] = await Promise.all([
    osCertificate(system, 'user01', 300),
    osCertificate(system, 'user01', 10),
    osCertificate(system, 'user01', 400),
    osCertificate(system, 'user02', 5),
    osCertificate(foreign, 'user01', 1),
  ]);
});

const wantUser01 = () => ({ loginId: 'user01', issuerCommonName: system.name });

describe('chooseClientCertificate', () => {
  it('takes the certificate the diagnosis is about when the store offers it, even if it is not the newest', () => {
    const offered = [otherUser, newer, older, expired, otherSystem];
    expect(chooseClientCertificate(offered, { ...wantUser01(), thumbprintSha1: older.info.thumbprintSha1 }, now)).toBe(older);
  });

  it("else the newest valid certificate of the login ID from the system's CA", () => {
    expect(chooseClientCertificate([older, otherSystem, newer, expired, otherUser], wantUser01(), now)).toBe(newer);
    expect(chooseClientCertificate([expired, older], { ...wantUser01(), thumbprintSha1: expired.info.thumbprintSha1 }, now)).toBe(older);
  });

  it("never another user's certificate, nor a same-named one of another system, nor an expired one: then none", () => {
    expect(chooseClientCertificate([otherUser, otherSystem, expired], wantUser01(), now)).toBeUndefined();
    expect(chooseClientCertificate([otherUser], { loginId: 'user01' }, now)).toBeUndefined();
    expect(chooseClientCertificate([], wantUser01(), now)).toBeUndefined();
  });

  it('compares login IDs exactly (User01 is not user01)', () => {
    expect(chooseClientCertificate([newer], { loginId: 'User01' }, now)).toBeUndefined();
  });

  it("reads the certificate's thumbprint as Windows shows it", () => {
    expect(thumbprintOf(newer.data)).toBe(newer.info.thumbprintSha1);
    expect(thumbprintOf('not a certificate')).toBeUndefined();
  });
});

describe('endpointOf', () => {
  it("reads Electron's host:port and URLs alike, with the default port made explicit", () => {
    expect(endpointOf('cjs.example.jp:8444')).toBe('cjs.example.jp:8444');
    expect(endpointOf('https://cjs.example.jp:8444/login')).toBe('cjs.example.jp:8444');
    expect(endpointOf('https://WWW.CJS-ROKIN.JP/')).toBe('www.cjs-rokin.jp:443');
    expect(endpointOf('www.cjs-rokin.jp:443')).toBe('www.cjs-rokin.jp:443');
    expect(endpointOf('[::1]:8444')).toBe('[::1]:8444');
  });
});

/**
 * Chromium as far as the probe sees it: a fresh session per probe whose fetch asks the app (through
 * `select`) to choose among the OS store's certificates, then gets the login page's answer for
 * whatever was presented — the reference login endpoint's JSON for a certificate of this system.
 */
function fakeChromium(store: () => OsCertificate[], options: { serverTrust?: string; serverAsks?: boolean; silent?: boolean } = {}) {
  const sessions: ProbeSession[] = [];
  const presented: (OsCertificate | undefined)[] = [];
  const newSession = (): ProbeSession => {
    const session: ProbeSession = {
      async fetch(url, init) {
        // Chromium verifies the server before the TLS handshake asks for a client certificate.
        if (options.serverTrust && options.serverTrust !== 'net::OK') throw new Error(options.serverTrust);
        const chosen =
          options.serverAsks === false
            ? undefined
            : await new Promise<OsCertificate | undefined>((resolve) =>
                chromium.selectClientCertificate({ preventDefault: () => undefined }, null, endpointOf(url)!, store(), resolve),
              );
        presented.push(chosen);
        if (options.silent || init.signal?.aborted) return waitForAbort(init.signal!);
        if (!chosen) throw new Error('net::ERR_SSL_CLIENT_AUTH_CERT_NEEDED');
        const body = {
          loginId: chosen.subject.commonName,
          serialNumber: chosen.info.serialNumber,
          notAfter: chosen.info.notAfter.toISOString(),
        };
        return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
      },
    };
    sessions.push(session);
    return session;
  };
  const chromium = createChromiumLoginProbe<OsCertificate>({ newSession, now: () => now, timeoutMs: 300 });
  return { ...chromium, sessions, presented };
}

/** What Chromium's fetch does with a request nobody answers: waits until it is aborted. */
function waitForAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    const aborted = () => reject(new Error('net::ERR_ABORTED'));
    if (signal.aborted) aborted();
    else signal.addEventListener('abort', aborted);
  });
}

const request = (certificate: StoredCertificate, loginId?: string) => ({
  url: LOGIN_URL,
  certificate,
  loginId,
  signal: new AbortController().signal,
});

describe('the Chromium login probe', () => {
  it('presents the diagnosed certificate and the login page takes the clerk in: the check passes', async () => {
    const chromium = fakeChromium(() => [otherUser, older, newer]);
    const probe = await chromium.probe(request(stored(newer), 'user01'));
    expect(chromium.presented).toEqual([newer]);
    expect(probe).toMatchObject({
      kind: 'answer',
      tool: 'chromium',
      answer: { statusCode: 200 },
      notes: { clientCertRequested: true, clientCertsOffered: 3, clientCertChosen: true, chromiumServerTrust: 'trusted' },
    });
    const verdict = judgeLogin(probe, { loginId: 'user01', cert: stored(newer) }, LOGIN_URL.href);
    expect(verdict.status).toBe('pass');
  });

  it("with only another user's certificate in the store, presents nothing and says why: the check fails", async () => {
    const chromium = fakeChromium(() => [otherUser, otherSystem]);
    // The diagnosis found user02's certificate of this system; the clerk logs in as user01.
    const probe = await chromium.probe(request(stored(otherUser), 'user01'));
    expect(chromium.presented).toEqual([undefined]);
    expect(probe).toMatchObject({
      kind: 'no-answer',
      tlsError: 'CLIENT-CERT-NOT-OFFERED',
      notes: { clientCertRequested: true, clientCertsOffered: 2, clientCertChosen: false },
    });
    expect(JSON.stringify(probe)).not.toMatch(/user0[12]/);
    const verdict = judgeLogin(probe, { loginId: 'user01', cert: stored(otherUser) }, LOGIN_URL.href);
    expect(verdict.status).toBe('fail');
    expect(verdict.codes).toContain('CLIENT-CERT-NOT-OFFERED');
  });

  it('never presents the certificate to a server Chromium does not trust, and says why the login failed', async () => {
    const chromium = fakeChromium(() => [newer], { serverTrust: 'net::ERR_CERT_AUTHORITY_INVALID' });
    const probe = await chromium.probe(request(stored(newer)));
    expect(probe).toMatchObject({
      kind: 'no-answer',
      tlsError: 'ERR_CERT_AUTHORITY_INVALID',
      notes: { chromiumServerTrust: 'net::ERR_CERT_AUTHORITY_INVALID', clientCertRequested: false },
    });
    expect(chromium.presented).toEqual([]);
    const verdict = judgeLogin(probe, { loginId: 'user01', cert: stored(newer) }, LOGIN_URL.href);
    expect(verdict).toMatchObject({ status: 'fail', codes: ['LOGIN-HANDSHAKE-FAILED', 'ERR_CERT_AUTHORITY_INVALID'] });
  });

  it('a login page that never answers ends in a timeout, not a hang', async () => {
    const chromium = fakeChromium(() => [newer], { silent: true });
    expect(await chromium.probe(request(stored(newer)))).toMatchObject({ kind: 'no-answer', tlsError: 'TIMEOUT' });
  });

  it('stops when the diagnosis is cancelled', async () => {
    const chromium = fakeChromium(() => [newer], { silent: true });
    const cancel = new AbortController();
    const probing = chromium.probe({ ...request(stored(newer)), signal: cancel.signal });
    cancel.abort();
    expect(await probing).toMatchObject({ kind: 'no-answer', tlsError: 'ERR_ABORTED' });
  });

  it('uses a fresh session per probe (no certificate choice remembered from the previous one)', async () => {
    const chromium = fakeChromium(() => [newer]);
    await chromium.probe(request(stored(newer)));
    await chromium.probe(request(stored(newer)));
    expect(chromium.sessions).toHaveLength(2);
  });

  it('runs probes one after the other, each answered with its own choice', async () => {
    let store = [older];
    const chromium = fakeChromium(() => store);
    const first = chromium.probe(request(stored(older)));
    const second = chromium.probe(request(stored(otherUser), 'user02'));
    store = [older, otherUser];
    expect(await first).toMatchObject({ kind: 'answer' });
    expect(await second).toMatchObject({ kind: 'answer' });
    expect(chromium.presented).toEqual([older, otherUser]);
  });
});

describe('select-client-certificate outside a probe', () => {
  it('gives no certificate to a page, nor to a request for another server while a probe runs, and always decides itself', async () => {
    let fetching = false;
    const chromium = createChromiumLoginProbe<OsCertificate>({
      now: () => now,
      newSession: () => ({
        fetch: (_url, init) => ((fetching = true), waitForAbort(init.signal!)),
      }),
    });
    const cancel = new AbortController();
    const probing = chromium.probe({ ...request(stored(newer)), signal: cancel.signal });
    await vi.waitFor(() => expect(fetching).toBe(true));
    const decide = (webContents: unknown, url: string) => {
      const event = { preventDefault: vi.fn() };
      const callback = vi.fn();
      chromium.selectClientCertificate(event, webContents, url, [newer], callback);
      expect(event.preventDefault).toHaveBeenCalled();
      return callback.mock.calls[0];
    };
    expect(decide({ id: 1 }, 'cjs.example.jp:8444')).toEqual([]);
    expect(decide(null, 'evil.example:443')).toEqual([]);
    expect(decide(null, 'cjs.example.jp:8444')).toEqual([newer]);
    cancel.abort();
    await probing;
    expect(decide(null, 'cjs.example.jp:8444')).toEqual([]);
  });
});

afterAll(() => vi.restoreAllMocks());

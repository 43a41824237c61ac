// Issue 9, finding 2: every way the road to the issuer can fail, each against a real server on
// 127.0.0.1 that misbehaves that way (or a name that cannot resolve), classified from what
// really happened: its own code, FAQ entries, actor, the user's text in both languages and the
// CLI's exit status. A deadline is never an untrusted certificate: the client's own abort after
// the handshake used to be reported as "the server certificate is not trusted: ERR_CANCELED".
// Every client here has a short deadline; every server is closed by the test.
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import type { TFunction } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../../cli/errors';
import { EXIT } from '../../../cli/exit-codes';
import { createTranslator } from '../../../cli/i18n';
import { EstClient, IssuingError, type ProxyResolver } from '../../../electron/core/issuing';
import { LoopbackServers } from '../../helpers/loopback-servers';
import { createLoopbackTlsIdentity, type LoopbackTlsIdentity } from '../../helpers/loopback-tls';

const DEADLINE_MS = 1_000;
/** Generous: a loaded CI machine; what matters is that the run ends near its deadline, not at 30 s. */
const MARGIN_MS = 2_500;
const servers = new LoopbackServers();
const open = new Set<Socket>();
let identity: LoopbackTlsIdentity;
let ja: TFunction;
let en: TFunction;

beforeAll(async () => {
  identity = await createLoopbackTlsIdentity('CJS Transport Test Root');
  [ja, en] = await Promise.all([createTranslator('ja'), createTranslator('en')]);
});
afterAll(async () => {
  await servers.closeAll();
});

/** Keeps every accepted socket, so the test can see that the client closed it. */
function tracked<S extends NetServer>(server: S): S {
  server.on('connection', (s: Socket) => {
    open.add(s);
    s.on('close', () => open.delete(s));
  });
  return server;
}

async function urlOf(server: NetServer): Promise<string> {
  return `https://127.0.0.1:${await servers.listen(tracked(server))}`;
}

/** A port nobody listens on (free a moment ago). */
async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A TLS server with the trusted identity whose HTTP side is `answer`. */
function tlsServer(answer: (socket: TLSSocket) => void): NetServer {
  return createTlsServer(identity.tls, answer);
}

/** Writes `chunk` every 200 ms until the client goes away. */
function drip(socket: Socket, chunk: () => string): void {
  const timer = setInterval(() => socket.write(chunk()), 200);
  socket.on('close', () => clearInterval(timer));
  socket.on('error', () => clearInterval(timer));
}

interface Failure {
  readonly error: IssuingError;
  readonly elapsedMs: number;
}

async function cacertsFrom(baseUrl: string, options: { proxy?: string; trusted?: boolean } = {}): Promise<Failure> {
  const proxy: ProxyResolver | undefined = options.proxy ? () => Promise.resolve(options.proxy) : undefined;
  const client = new EstClient({
    baseUrl,
    timeoutMs: DEADLINE_MS,
    ...(options.trusted === false ? {} : { trust: { extraCaPem: [identity.caPem] } }),
    ...(proxy ? { proxy } : {}),
  });
  const started = Date.now();
  const error = await client.getCaCerts().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(IssuingError);
  return { error: error as IssuingError, elapsedMs: Date.now() - started };
}

/** What the user reads (ja, en) and the exit status, as `cjs-cert` describes the error. */
function described(error: IssuingError) {
  const inJapanese = describeError(error, ja);
  return { ja: inJapanese.message, en: describeError(error, en).message, exitCode: inJapanese.exitCode, actor: inJapanese.actor };
}

const UNTRUSTED = { en: /not trusted|HTTPS scanning|HTTPS inspection/i, ja: /信頼されていません|HTTPS 検査/ };

/** A failure that is not about the certificate must never read as one, in any language or log line. */
function expectNotCalledUntrusted(error: IssuingError): void {
  const text = described(error);
  expect(error.message).not.toMatch(UNTRUSTED.en);
  expect(text.en).not.toMatch(UNTRUSTED.en);
  expect(text.ja).not.toMatch(UNTRUSTED.ja);
  expect(error.tls?.kind).not.toBe('certificate');
}

describe('before any connection', () => {
  it('an unresolvable name (.invalid): ISSUE-DNS, the name to check, IT to ask', async () => {
    const { error } = await cacertsFrom('https://cjs-issuer.invalid');
    expect(error.code).toBe('ISSUE-DNS');
    // Without a DNS server at all the resolver says "try again" instead of "no such name".
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(error.errno);
    expect(error.faq).toEqual(['Q18(8)', 'Q24']);
    const text = described(error);
    expect(text).toMatchObject({ exitCode: EXIT.UNREACHABLE, actor: 'it' });
    expect(text.ja).toContain('名前');
    expect(text.en).toMatch(/name cannot be found/);
    expectNotCalledUntrusted(error);
  });

  it('a closed port: ISSUE-REFUSED (nothing listens: the service is down), the bank to ask', async () => {
    const { error } = await cacertsFrom(`https://127.0.0.1:${await closedPort()}`);
    expect(error.code).toBe('ISSUE-REFUSED');
    expect(error.errno).toBe('ECONNREFUSED');
    expect(error.faq).toEqual(['Q18', 'Q24']);
    const text = described(error);
    expect(text).toMatchObject({ exitCode: EXIT.UNREACHABLE, actor: 'bank' });
    expect(text.en).toMatch(/refused/);
    expect(text.ja).toContain('拒否');
    expectNotCalledUntrusted(error);
  });
});

describe('during the TLS handshake', () => {
  it('a certificate from an unknown root: ISSUE-TLS, kind certificate, the presented issuer named, HTTPS scanning advice', async () => {
    const { error } = await cacertsFrom(await urlOf(tlsServer((s) => s.end())), { trusted: false });
    expect(error.code).toBe('ISSUE-TLS');
    expect(error.tls).toMatchObject({ kind: 'certificate', peerIssuerCommonName: 'CJS Transport Test Root' });
    expect(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN']).toContain(error.tls?.tlsErrorCode);
    expect(error.faq).toEqual(['Q18(8)', 'Q24(4)']);
    const text = described(error);
    expect(text).toMatchObject({ exitCode: EXIT.UNREACHABLE, actor: 'it' });
    expect(text.en).toMatch(UNTRUSTED.en);
    expect(text.ja).toMatch(UNTRUSTED.ja);
  });

  it('a TLS 1.0-only server: ISSUE-TLS-HANDSHAKE, kind protocol, the TLS settings (Q20), not the certificate', async () => {
    const old = createTlsServer(
      { ...identity.tls, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' },
      (s: TLSSocket) => s.end(),
    );
    const { error } = await cacertsFrom(await urlOf(old));
    expect(error.code).toBe('ISSUE-TLS-HANDSHAKE');
    expect(error.tls?.kind).toBe('protocol');
    expect(error.faq).toEqual(['Q20', 'Q24(2)']);
    expect(described(error)).toMatchObject({ exitCode: EXIT.UNREACHABLE, actor: 'it' });
    expectNotCalledUntrusted(error);
  });

  it('a server that answers the hello with a fatal alert (handshake_failure): ISSUE-TLS-HANDSHAKE', async () => {
    // TLS record: alert (21), TLS 1.2, length 2, level fatal (2), handshake_failure (40).
    const alerting = createNetServer((s) => s.once('data', () => s.end(Buffer.from([21, 3, 3, 0, 2, 2, 40]))));
    const { error } = await cacertsFrom(await urlOf(alerting));
    expect(error.code).toBe('ISSUE-TLS-HANDSHAKE');
    expect(error.tls?.kind).toBe('protocol');
    expect(error.tls?.tlsErrorCode).toMatch(/ALERT_HANDSHAKE_FAILURE|EPROTO/);
    expectNotCalledUntrusted(error);
  });

  it('a listener that takes TCP and never starts TLS: ISSUE-TIMEOUT (before the handshake), within the deadline', async () => {
    const { error, elapsedMs } = await cacertsFrom(await urlOf(createNetServer((s) => s.resume())));
    expect(error.code).toBe('ISSUE-TIMEOUT');
    expect(error.message).toMatch(/before the TLS handshake completed/);
    expect(error.faq).toEqual(['Q18(8)', 'Q24']);
    expect(described(error)).toMatchObject({ exitCode: EXIT.UNREACHABLE, actor: 'it' });
    expect(elapsedMs).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(elapsedMs).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expectNotCalledUntrusted(error);
    await expect.poll(() => open.size, { timeout: 2_000 }).toBe(0);
  });
});

describe('after the handshake: the server accepted TLS and its answer does not come', () => {
  it.each([
    ['never answers', (s: TLSSocket) => void s.resume()],
    [
      'drips its headers (one every 200 ms, never ending them)',
      (s: TLSSocket) => {
        s.resume();
        s.write('HTTP/1.1 200 OK\r\n');
        let n = 0;
        drip(s, () => `x-drip-${(n += 1)}: .\r\n`);
      },
    ],
    [
      'sends an endless slow body',
      (s: TLSSocket) => {
        s.resume();
        s.write('HTTP/1.1 200 OK\r\ncontent-type: application/pkcs7-mime\r\ntransfer-encoding: chunked\r\n\r\n');
        drip(s, () => '4\r\nQUFB\r\n');
      },
    ],
  ])('a server that %s: ISSUE-NO-ANSWER, the bank to ask, never "not trusted"', async (_name, answer) => {
    const { error, elapsedMs } = await cacertsFrom(await urlOf(tlsServer(answer)));
    expect(error.code).toBe('ISSUE-NO-ANSWER');
    expect(error.message).toMatch(/after the TLS handshake/);
    expect(error.tls).toBeUndefined();
    expect(error.faq).toEqual(['Q18', 'Q24']);
    const text = described(error);
    expect(text).toMatchObject({ exitCode: EXIT.UNREACHABLE, actor: 'bank' });
    expect(text.en).toMatch(/did not answer/);
    expect(text.ja).toContain('応答');
    expect(elapsedMs).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expectNotCalledUntrusted(error);
    await expect.poll(() => open.size, { timeout: 2_000 }).toBe(0);
  });
});

describe('through an HTTP CONNECT proxy', () => {
  it('a proxy that refuses the tunnel (403): ISSUE-PROXY with the status', async () => {
    const proxy = await servers.startConnectProxy({ refuse: 403 });
    const { error } = await cacertsFrom(await urlOf(tlsServer((s) => s.end())), { proxy: proxy.url });
    expect(error).toMatchObject({ code: 'ISSUE-PROXY', status: 403 });
    expect(error.faq).toEqual(['Q18(8)', 'Q24']);
    expect(described(error)).toMatchObject({ exitCode: EXIT.UNREACHABLE, actor: 'it' });
    expect(proxy.connects).toHaveLength(1);
    expectNotCalledUntrusted(error);
  });

  it('a proxy that asks for authentication (407): ISSUE-PROXY-AUTH', async () => {
    const proxy = await servers.startConnectProxy({ refuse: 407 });
    const { error } = await cacertsFrom(await urlOf(tlsServer((s) => s.end())), { proxy: proxy.url });
    expect(error).toMatchObject({ code: 'ISSUE-PROXY-AUTH', status: 407 });
    expect(error.faq).toEqual(['Q18(8)']);
    const text = described(error);
    expect(text).toMatchObject({ exitCode: EXIT.UNREACHABLE, actor: 'it' });
    expect(text.en).toMatch(/authentication/);
    expect(text.ja).toContain('認証');
  });

  it('no proxy listening at the configured address: ISSUE-PROXY-UNREACHABLE, not the issuer', async () => {
    const { error } = await cacertsFrom('https://127.0.0.1:9', { proxy: `http://127.0.0.1:${await closedPort()}` });
    expect(error).toMatchObject({ code: 'ISSUE-PROXY-UNREACHABLE', errno: 'ECONNREFUSED' });
    expect(error.message).toMatch(/proxy http:\/\/127\.0\.0\.1:\d+/);
    expect(described(error)).toMatchObject({ exitCode: EXIT.UNREACHABLE, actor: 'it' });
    expectNotCalledUntrusted(error);
  });

  it('a proxy that never answers the CONNECT: ISSUE-PROXY-UNREACHABLE within the deadline, not a timeout of the issuer', async () => {
    const proxy = await servers.startConnectProxy({ silent: true });
    const { error, elapsedMs } = await cacertsFrom(await urlOf(tlsServer((s) => s.end())), { proxy: proxy.url });
    expect(error.code).toBe('ISSUE-PROXY-UNREACHABLE');
    expect(elapsedMs).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expectNotCalledUntrusted(error);
    // The deadline also ends the connection to the proxy, which no request owned yet.
    expect(proxy.connects).toHaveLength(1);
    await expect.poll(() => proxy.unanswered(), { timeout: 2_000 }).toBe(0);
  });

  it('through a working proxy, a TLS server that never answers is ISSUE-NO-ANSWER as without one', async () => {
    const proxy = await servers.startConnectProxy();
    const { error } = await cacertsFrom(await urlOf(tlsServer((s) => void s.resume())), { proxy: proxy.url });
    expect(error.code).toBe('ISSUE-NO-ANSWER');
    expect(error.message).toMatch(/via proxy/);
    expectNotCalledUntrusted(error);
  });
});

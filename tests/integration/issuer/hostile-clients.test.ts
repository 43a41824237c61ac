// Slow and silent clients against both listeners (issue 9, finding 1): connections that promise a
// body and never send it, headers that never end, nothing at all after the handshake, kept-alive
// connections left open, and one address opening more than its share. Each is closed by the
// service within its (short, for the test) deadline and logged with its address and reason,
// while real requests go on being served. Other client machines are other loopback addresses.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll } from '../../helpers/est-client';
import { basicAuth, DEMO_PASSWORD, httpsCall, startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { openSilentClient, requestHeadWithoutBody, unfinishedHeaders, type SilentClient } from '../../helpers/silent-clients';

const LIMITS = {
  headersTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
  keepAliveTimeoutMs: 500,
  // Shorter than the enrolment below may take on a loaded machine (20 password checks queue
  // before its own): the wait for the service's answer is not the client's idleness.
  idleTimeoutMs: 3_000,
  maxConnectionsPerClient: 24,
};
// Deadlines are checked every 250 ms; the rest is for a busy 2-core machine.
const MARGIN_MS = 2_000;
// Node keeps a kept-alive socket 1 s beyond the advertised keepAliveTimeout (keepAliveTimeoutBuffer).
const NODE_KEEP_ALIVE_BUFFER_MS = 1_000;
const SILENT = 20;
const STRANGER = '127.0.0.2';

interface LogLine {
  readonly msg: string;
  readonly listener?: string;
  readonly remote?: string;
  readonly reason?: string;
  readonly connections?: number;
}

const reaped = (issuer: TestIssuer, reason: string): LogLine[] =>
  issuer
    .logText()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine)
    .filter((l) => l.msg === 'connection closed by the service' && l.reason === reason);

/** Opens the clients and returns, for each, the milliseconds from its head being sent to its closing. */
async function lifetimes(clients: readonly SilentClient[]): Promise<number[]> {
  const sent = await Promise.all(clients.map((c) => c.opened.then(() => Date.now())));
  const closed = await Promise.all(clients.map((c) => c.closed));
  return closed.map((c, i) => c.at - sent[i]!);
}

describe('slow and silent clients', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await startTestIssuer({ connectionLimits: LIMITS });
  });
  afterAll(async () => {
    await issuer?.stop();
  });

  it(`closes ${SILENT} connections whose promised body never comes within the request timeout, while a real enrolment succeeds`, async () => {
    const head = requestHeadWithoutBody('/.well-known/est/simpleenroll', {
      contentType: 'application/pkcs10',
      auth: { loginId: 'user02', password: DEMO_PASSWORD },
    });
    const clients = Array.from({ length: SILENT }, () =>
      openSilentClient(issuer.estUrl, issuer.tlsCaPem, { localAddress: STRANGER, send: head }),
    );
    const lived = lifetimes(clients);
    await Promise.all(clients.map((c) => c.opened));
    // While all of them are held open: a real enrolment from another machine.
    const enrolled = await enroll(issuer, 'user01', { algorithm: 'ecdsa-p256' });
    expect(enrolled.certificate.subject).toBe('CN=user01');

    for (const ms of await lived) expect(ms).toBeLessThan(LIMITS.requestTimeoutMs + MARGIN_MS);
    for (const c of clients) expect((await c.closed).received).toMatch(/^HTTP\/1\.1 408 /);
    const lines = reaped(issuer, 'request body not received in time');
    expect(lines).toHaveLength(SILENT);
    expect(lines.every((l) => l.remote === STRANGER && l.listener === 'est')).toBe(true);
    // Never a header value: not the credentials the silent clients sent.
    expect(issuer.logText()).not.toContain(basicAuth('user02', DEMO_PASSWORD).slice('Basic '.length));
  });

  it.each([
    ['EST', 'est', (i: TestIssuer) => i.estUrl],
    ['login', 'login', (i: TestIssuer) => i.loginUrl],
  ])('%s: closes connections that send nothing, or headers that never end, within the headers timeout', async (_name, listener, url) => {
    const before = reaped(issuer, 'request headers not received in time').length;
    const clients = [
      ...Array.from({ length: 3 }, () => openSilentClient(url(issuer), issuer.tlsCaPem, { localAddress: '127.0.0.3' })),
      ...Array.from({ length: 3 }, () =>
        openSilentClient(url(issuer), issuer.tlsCaPem, { localAddress: '127.0.0.3', send: unfinishedHeaders('/') }),
      ),
    ];
    for (const ms of await lifetimes(clients)) expect(ms).toBeLessThan(LIMITS.headersTimeoutMs + MARGIN_MS);
    for (const c of clients) expect((await c.closed).received).toMatch(/^HTTP\/1\.1 408 /);
    const lines = reaped(issuer, 'request headers not received in time').slice(before);
    expect(lines.filter((l) => l.listener === listener && l.remote === '127.0.0.3')).toHaveLength(6);
  });

  it.each([
    ['simpleenroll', '/.well-known/est/simpleenroll', 'application/pkcs10', undefined],
    ['simplereenroll', '/.well-known/est/simplereenroll', 'application/pkcs10', undefined],
    ['the master API', '/api/v1/users', 'application/json', undefined],
    ['simpleenroll, wrong password', '/.well-known/est/simpleenroll', 'application/pkcs10', 'not-the-password'],
  ])('answers %s without valid credentials 401 before reading the body, and closes the connection', async (_name, path, type, pw) => {
    const head = requestHeadWithoutBody(path, {
      contentType: type,
      ...(pw ? { auth: { loginId: 'master01', password: pw } } : {}),
    });
    const client = openSilentClient(issuer.estUrl, issuer.tlsCaPem, { localAddress: '127.0.0.4', send: head });
    const [ms] = await lifetimes([client]);
    const { received } = await client.closed;
    expect(received).toMatch(/^HTTP\/1\.1 401 /);
    expect(received).toMatch(/\r\nconnection: close\r\n/i);
    expect(received).toContain('"code":"CJS-E-AUTH"');
    // Closed with the answer, not by the request deadline.
    expect(ms).toBeLessThan(LIMITS.requestTimeoutMs);
  });

  it.each([
    ['EST', (i: TestIssuer) => i.estUrl, '/healthz'],
    ['login', (i: TestIssuer) => i.loginUrl, '/'],
  ])('%s: closes a kept-alive connection after the keep-alive timeout', async (_name, url, path) => {
    const client = openSilentClient(url(issuer), issuer.tlsCaPem, {
      localAddress: '127.0.0.5',
      send: `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n`,
    });
    const [ms] = await lifetimes([client]);
    const { received } = await client.closed;
    expect(received).toMatch(/^HTTP\/1\.1 (200|401) /);
    expect(received).toMatch(/\r\nConnection: keep-alive\r\n/i);
    expect(ms).toBeLessThan(LIMITS.keepAliveTimeoutMs + NODE_KEEP_ALIVE_BUFFER_MS + MARGIN_MS);
  });
});

describe('connections per client address', () => {
  const BOUND = 5;
  let issuer: TestIssuer;
  beforeAll(async () => {
    // Long deadlines: whatever closes here is the bound's doing.
    issuer = await startTestIssuer({
      connectionLimits: { headersTimeoutMs: 30_000, requestTimeoutMs: 30_000, idleTimeoutMs: 30_000, maxConnectionsPerClient: BOUND },
    });
  });
  afterAll(async () => {
    await issuer?.stop();
  });

  const healthz = (url: string, localAddress: string) => httpsCall(url, issuer.tlsCaPem, { path: '/healthz', localAddress });

  it.each([
    ['EST', 'est', (i: TestIssuer) => i.estUrl],
    ['login', 'login', (i: TestIssuer) => i.loginUrl],
  ])(
    '%s: beyond the bound, connections are closed at once; a real request works, and works again from that address once they go',
    async (_name, listener, url) => {
      const address = listener === 'est' ? '127.0.0.6' : '127.0.0.7';
      const held = Array.from({ length: BOUND }, () => openSilentClient(url(issuer), issuer.tlsCaPem, { localAddress: address }));
      await Promise.all(held.map((c) => c.opened));
      const extra = Array.from({ length: 3 }, () => openSilentClient(url(issuer), issuer.tlsCaPem, { localAddress: address }));
      for (const c of extra) {
        await expect(c.opened).rejects.toThrow(/closed before the TLS handshake/);
        expect((await c.closed).received).toBe('');
      }
      expect(held.some((c) => c.isClosed())).toBe(false);

      // Another machine is served meanwhile; this one is not, while it holds its share.
      expect((await httpsCall(url(issuer), issuer.tlsCaPem, { path: '/healthz' })).status).toBeLessThan(500);
      await expect(healthz(url(issuer), address)).rejects.toThrow();
      const lines = issuer
        .logText()
        .split('\n')
        .filter((l) => l.includes('"reason":"too many connections from this address"') && l.includes(`"remote":"${address}"`));
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines[0]).toContain(`"listener":"${listener}"`);

      for (const c of held) c.socket.destroy();
      await Promise.all(held.map((c) => c.closed));
      // The service counts a connection gone when it sees it close: a moment after the client does.
      let status = 0;
      for (let attempt = 0; attempt < 20 && status === 0; attempt++) {
        status = await healthz(url(issuer), address).then(
          (res) => res.status,
          () => 0,
        );
        if (status === 0) await sleep(100);
      }
      expect(status).toBeGreaterThanOrEqual(200);
      expect(status).toBeLessThan(500);
    },
  );
});

describe('idle connections', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    // The idle deadline alone is short: what closes here is its doing.
    issuer = await startTestIssuer({
      connectionLimits: { headersTimeoutMs: 20_000, requestTimeoutMs: 20_000, idleTimeoutMs: 1_000 },
    });
  });
  afterAll(async () => {
    await issuer?.stop();
  });

  it.each([
    ['EST', 'est', (i: TestIssuer) => i.estUrl],
    ['login', 'login', (i: TestIssuer) => i.loginUrl],
  ])('%s: closes a connection on which nothing moves for the idle timeout', async (_name, listener, url) => {
    const client = openSilentClient(url(issuer), issuer.tlsCaPem, { localAddress: '127.0.0.8' });
    const [ms] = await lifetimes([client]);
    expect(ms).toBeLessThan(1_000 + MARGIN_MS);
    expect(reaped(issuer, 'idle before any request').filter((l) => l.listener === listener && l.remote === '127.0.0.8')).toHaveLength(1);
  });
});

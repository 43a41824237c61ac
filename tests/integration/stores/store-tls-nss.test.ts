// The real NSS backend: tstclnt with a key inside a throw-away NSS database, against HTTPS
// servers on 127.0.0.1 that request (not require) a client certificate, as the issuer does.
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildPkcs12,
  createCsr,
  createSelfSignedCa,
  encodeBase64Lines,
  generateKeyPair,
  issueCertificate,
  normaliseSerial,
  randomPkcs12Password,
  randomSerialNumber,
  readCertificate,
  toPem,
  type CertificateInfo,
  type SigningAuthority,
} from '../../../electron/core/pki';
import { literalName, x509 } from '../../../electron/core/pki/x509-provider';
import { runProcess, type ProcessRunner } from '../../../electron/core/platform/process-runner';
import type { StoredCertificate } from '../../../electron/core/stores/certificate-store';
import {
  createStoreTlsClient,
  StoreTlsError,
  type StoreTlsClient,
  type StoreTlsRequest,
} from '../../../electron/core/stores/client-certificate-transport';
import { NssStore } from '../../../electron/core/stores/nss-store';
import { IssuingError } from '../../../electron/core/issuing/errors';

const NICKNAME = 'Rokin 給与 証明書';
const HOUR = 3_600_000;
const RAM_DIR = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const ANSWER = `${encodeBase64Lines(Buffer.from('not really a PKCS#7, but bytes to get back exactly'))}`;
const PROBLEM = JSON.stringify({ type: 'urn:cjs:problem', title: 'Outside the renewal window', code: 'CJS-E-RENEW-WINDOW', status: 409 });

interface Seen {
  readonly serial: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

interface TlsIdentity {
  readonly cert: string;
  readonly key: string;
}

let home: string;
let staging: string;
let installed: StoredCertificate;
let trustedRootPem: string;
let trusted: TlsIdentity;
let otherHost: TlsIdentity;
let rogue: TlsIdentity;
let hostile: TlsIdentity;
let csr: Buffer;
const servers: (Server | TcpServer)[] = [];
const sockets = new Set<Socket>();
const seen: Seen[] = [];
let calls: { command: string; args: readonly string[] }[] = [];

const recording: ProcessRunner = (command, args, options) => {
  calls.push({ command, args });
  return runProcess(command, args, options);
};

async function authority(commonName: string): Promise<SigningAuthority & { readonly pem: string }> {
  const keyPair = await generateKeyPair('ecdsa-p256');
  const now = Date.now();
  const der = await createSelfSignedCa({
    keyPair,
    commonName,
    organization: 'Test',
    notBefore: new Date(now - HOUR),
    notAfter: new Date(now + 48 * HOUR),
  });
  return { certificate: readCertificate(der), privateKey: keyPair.privateKey, pem: toPem('CERTIFICATE', der) };
}

async function tlsIdentity(ca: SigningAuthority, dnsNames: string[], ipAddresses: string[]): Promise<TlsIdentity> {
  const keys = await generateKeyPair('ecdsa-p256');
  const der = await issueCertificate({
    authority: ca,
    publicKey: keys.publicKey,
    subjectCommonName: dnsNames[0] ?? ipAddresses[0] ?? 'server',
    serialNumber: randomSerialNumber(),
    notBefore: new Date(Date.now() - HOUR),
    notAfter: new Date(Date.now() + 24 * HOUR),
    profile: { kind: 'tls-server', dnsNames, ipAddresses },
  });
  return { cert: toPem('CERTIFICATE', der), key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** A self-signed server certificate whose CN and DNS name hold `inside`'s PEM between line breaks. */
async function hostileIdentity(inside: string): Promise<TlsIdentity> {
  const keys = await generateKeyPair('ecdsa-p256');
  const signer = await (
    await import('../../../electron/core/pki')
  ).toCryptoKeyPair({ algorithm: 'ecdsa-p256', privateKey: keys.privateKey });
  const text = `x\n${inside}y`;
  const name = literalName([['CN', text]]);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: name,
    issuer: name,
    notBefore: new Date(Date.now() - HOUR),
    notAfter: new Date(Date.now() + 24 * HOUR),
    publicKey: keys.publicKey.export({ type: 'spki', format: 'der' }),
    signingKey: signer.privateKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: text },
        { type: 'ip', value: '127.0.0.1' },
      ]),
    ],
  });
  return { cert: cert.toString('pem'), key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function listen<S extends Server | TcpServer>(server: S): Promise<{ server: S; url: (path: string) => URL }> {
  servers.push(server);
  server.on('connection', (socket: Socket) => sockets.add(socket));
  server.on('secureConnection', (socket: Socket) => sockets.add(socket));
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: (path) => new URL(`https://127.0.0.1:${port}${path}`) });
    });
  });
}

/** An EST-like server: records what it received, answers by path. Requests a client certificate, as the issuer does. */
function estServer(identity: TlsIdentity, extra: { minVersion?: 'TLSv1.2'; maxVersion?: 'TLSv1.2' | 'TLSv1.3' } = {}) {
  return listen(
    createServer({ ...identity, ...extra, requestCert: true, rejectUnauthorized: false }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        seen.push({
          serial: peer.serialNumber ? normaliseSerial(peer.serialNumber) : undefined,
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
        if (req.url === '/problem') {
          res.writeHead(409, { 'Content-Type': 'application/problem+json', 'Content-Length': Buffer.byteLength(PROBLEM) }).end(PROBLEM);
        } else if (req.url === '/chunked') {
          res.writeHead(200, { 'Content-Type': 'application/pkcs7-mime' });
          res.write(ANSWER.slice(0, 10));
          setTimeout(() => res.end(ANSWER.slice(10)), 20);
        } else {
          res
            .writeHead(200, {
              'Content-Type': 'application/pkcs7-mime; smime-type=certs-only',
              'Content-Transfer-Encoding': 'base64',
              'Content-Length': Buffer.byteLength(ANSWER),
            })
            .end(ANSWER);
        }
      });
    }),
  );
}

function client(): StoreTlsClient {
  return createStoreTlsClient(new NssStore({ home }), { runner: recording, stagingParentDir: staging });
}

function reenroll(url: URL, overrides: Partial<StoreTlsRequest> = {}): StoreTlsRequest {
  return {
    url,
    method: 'POST',
    headers: { 'Content-Type': 'application/pkcs10', 'Content-Transfer-Encoding': 'base64' },
    body: Buffer.from(encodeBase64Lines(csr)),
    certificate: installed,
    timeoutMs: 10_000,
    trust: { extraCaPem: [trustedRootPem] },
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('the request succeeded');
}

/** A file of this process's staging directory (platform/run-staging.ts, platform/secret-file.ts). */
function stagedFile(name: string): unknown {
  return expect.stringMatching(new RegExp(`^${staging}/cjs-cert-run-\\d+-\\d+/cjs-cert-\\w+/${name.replace('.', '\\.')}$`));
}

/** tstclnt processes still running on our database (the test's own, by its unique path). */
async function tstclntsOnOurDatabase(): Promise<number[]> {
  const pids: number[] = [];
  for (const pid of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(pid)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    if (cmdline.startsWith('tstclnt\0') && cmdline.includes(home)) pids.push(Number(pid));
  }
  return pids;
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'store-tls-home-'));
  staging = await mkdtemp(join(RAM_DIR, 'store-tls-staging-'));
  // The user's certificate and key, installed as the enrolment does (pk12util, non-exportable).
  const issuing = await authority('Rokin Test Issuing CA');
  const key = await generateKeyPair('rsa-2048');
  const certificate: CertificateInfo = readCertificate(
    await issueCertificate({
      authority: issuing,
      publicKey: key.publicKey,
      subjectCommonName: '山田 太郎',
      serialNumber: randomSerialNumber(),
      notBefore: new Date(Date.now() - HOUR),
      notAfter: new Date(Date.now() + 24 * HOUR),
      profile: { kind: 'tls-client' },
    }),
  );
  const password = randomPkcs12Password();
  const pkcs12 = buildPkcs12({
    privateKey: key.privateKey,
    certificate: certificate.der,
    chain: [issuing.certificate.der],
    friendlyName: NICKNAME,
    password,
  });
  installed = await new NssStore({ home, secretParentDir: staging }).install({ pkcs12, password, certificate, friendlyName: NICKNAME });
  csr = await createCsr(key, '山田 太郎');
  // The issuer's private TLS root, trusted through the configured extra CA; another root that is not.
  const tlsRoot = await authority('Store TLS Test Root');
  trustedRootPem = tlsRoot.pem;
  trusted = await tlsIdentity(tlsRoot, ['localhost'], ['127.0.0.1']);
  otherHost = await tlsIdentity(tlsRoot, ['issuer.example'], []);
  rogue = await tlsIdentity(await authority('Interception Root'), ['localhost'], ['127.0.0.1']);
  hostile = await hostileIdentity(trusted.cert);
}, 60_000);

afterEach(() => {
  // No request file (nor its directory) left behind, and no secret in any argument.
  expect(readdirSync(staging)).toEqual([]);
  expect(calls.flatMap((c) => c.args).some((a) => a.includes(ANSWER) || a.includes(encodeBase64Lines(csr).slice(0, 40)))).toBe(false);
  calls = [];
  seen.length = 0;
});

afterAll(async () => {
  // A server's close waits for its connections: those the silent servers hold are ended first.
  for (const socket of sockets) socket.destroy();
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          s.close(() => resolve());
          if ('closeAllConnections' in s) s.closeAllConnections();
        }),
    ),
  );
  await rm(home, { recursive: true, force: true });
  await rm(staging, { recursive: true, force: true });
});

describe('NSS store TLS client (real tstclnt)', () => {
  it('sends simplereenroll with the key in the database: the server sees our certificate and body, the answer comes back exactly', async () => {
    const { url } = await estServer(trusted);
    const response = await client().request(reenroll(url('/.well-known/est/simplereenroll')));

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      serial: installed.serialNumber,
      method: 'POST',
      url: '/.well-known/est/simplereenroll',
      body: encodeBase64Lines(csr),
    });
    expect(seen[0]?.headers).toMatchObject({
      'content-type': 'application/pkcs10',
      'content-transfer-encoding': 'base64',
      connection: 'close',
    });
    expect(seen[0]?.headers.authorization).toBeUndefined();
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'application/pkcs7-mime; smime-type=certs-only',
      'content-transfer-encoding': 'base64',
      'content-length': String(Buffer.byteLength(ANSWER)),
    });
    expect(response.body.toString()).toBe(ANSWER);
    // The exact command line (the request file is in the staging directory, gone by now).
    const tstclnt = calls.find((c) => c.command === 'tstclnt');
    expect(tstclnt?.args).toEqual([
      ...['-h', '127.0.0.1', '-p', url('/').port, '-d', `sql:${join(home, '.pki', 'nssdb')}`, '-n', NICKNAME],
      '-W',
      stagedFile('db.pw'),
      '-A',
      stagedFile('request.http'),
      ...['-V', 'tls1.2:', '-o', '-O', '-C', '-C', '-C', '-v', '-v'],
    ]);
  });

  it('returns a refusal as it came: status, problem+json type and body', async () => {
    const { url } = await estServer(trusted);
    const response = await client().request(reenroll(url('/problem')));
    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body.toString()).toBe(PROBLEM);
    expect(seen[0]?.serial).toBe(installed.serialNumber);
  });

  it('reads a chunked answer, over TLS 1.2 as well', async () => {
    for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
      const { url } = await estServer(trusted, { maxVersion });
      const response = await client().request(reenroll(url('/chunked')));
      expect(response.headers['transfer-encoding']).toBe('chunked');
      expect(response.body.toString()).toBe(ANSWER);
    }
  });

  it('believes nothing from a server whose certificate our trust does not verify: ISSUE-TLS, no body', async () => {
    const { url } = await estServer(rogue);
    const error = await failure(client().request(reenroll(url('/.well-known/est/simplereenroll'))));
    expect(error).toBeInstanceOf(IssuingError);
    expect(error).toMatchObject({ code: 'ISSUE-TLS', tls: { kind: 'certificate', peerIssuerCommonName: 'Interception Root' } });
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(ANSWER.slice(0, 20));
    // tstclnt's own -o let the exchange happen: only our check stands between it and the caller.
    expect(seen).toHaveLength(1);
  });

  it('refuses a trusted certificate for another host name', async () => {
    const { url } = await estServer(otherHost);
    const error = await failure(client().request(reenroll(url('/.well-known/est/simplereenroll'))));
    expect(error).toMatchObject({ code: 'ISSUE-TLS', tls: { tlsErrorCode: 'ERR_TLS_CERT_ALTNAME_INVALID' } });
  });

  it("refuses a server whose certificate's names hold the trusted certificate's PEM", async () => {
    const { url } = await estServer(hostile);
    const error = await failure(client().request(reenroll(url('/.well-known/est/simplereenroll'))));
    expect(error).toMatchObject({ code: 'ISSUE-TLS' });
  });

  it('gives up at the deadline and leaves no tstclnt behind: silent before and after the handshake', async () => {
    const tcp = await listen(createTcpServer(() => undefined));
    const tls = await listen(createTlsServer({ ...trusted, requestCert: true, rejectUnauthorized: false }, () => undefined));
    for (const [target, code] of [
      [tcp.url('/x'), 'ISSUE-TIMEOUT'],
      [tls.url('/x'), 'ISSUE-NO-ANSWER'],
    ] as const) {
      const started = Date.now();
      const error = await failure(client().request(reenroll(target, { timeoutMs: 1500 })));
      expect(error).toMatchObject({ code });
      expect(Date.now() - started).toBeLessThan(1500 + 3000);
      expect(await tstclntsOnOurDatabase()).toEqual([]);
    }
  });

  it('takes a whole answer from a server that keeps the connection open, but not half of one', async () => {
    const lingering = (answer: string) =>
      listen(
        createTlsServer({ ...trusted, requestCert: true, rejectUnauthorized: false }, (socket) => {
          socket.once('data', () => socket.write(answer)); // and never closes
        }),
      );
    const whole = await lingering(`HTTP/1.1 200 OK\r\nContent-Length: ${ANSWER.length}\r\n\r\n${ANSWER}`);
    const response = await client().request(reenroll(whole.url('/x'), { timeoutMs: 1500 }));
    expect(response.body.toString()).toBe(ANSWER);
    const half = await lingering(`HTTP/1.1 200 OK\r\nContent-Length: ${ANSWER.length + 10}\r\n\r\n${ANSWER}`);
    expect(await failure(client().request(reenroll(half.url('/x'), { timeoutMs: 1500 })))).toMatchObject({ code: 'ISSUE-NO-ANSWER' });
    expect(await tstclntsOnOurDatabase()).toEqual([]);
  });

  it('maps a closed port to ISSUE-REFUSED', async () => {
    const { server, url } = await listen(createTcpServer());
    const target = url('/x');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await failure(client().request(reenroll(target)))).toMatchObject({ code: 'ISSUE-REFUSED', errno: 'ECONNREFUSED' });
  });

  it('refuses to go on without our certificate: unknown nickname, or a server that refuses it', async () => {
    const { url } = await estServer(trusted);
    const unknown = await failure(client().request(reenroll(url('/x'), { certificate: { ...installed, handle: 'no such nickname' } })));
    expect(unknown).toBeInstanceOf(StoreTlsError);
    expect(unknown).toMatchObject({ code: 'RENEW-NEEDS-PASSWORD', reason: 'certificate-not-sent' });
    expect(seen).toHaveLength(1); // the server answered; that answer is not passed on
    // A server that only accepts certificates of another CA: TLS 1.2 refuses in the handshake,
    // TLS 1.3 after it, by closing the connection.
    for (const [maxVersion, code] of [
      ['TLSv1.2', 'ISSUE-TLS-HANDSHAKE'],
      ['TLSv1.3', 'ISSUE-UNREACHABLE'],
    ] as const) {
      const strict = await listen(
        createServer({ ...trusted, maxVersion, requestCert: true, rejectUnauthorized: true, ca: [trustedRootPem] }),
      );
      expect(await failure(client().request(reenroll(strict.url('/x'))))).toMatchObject({ code });
    }
  });
});

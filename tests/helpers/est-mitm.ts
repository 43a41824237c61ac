// An HTTPS man in the middle for fault tests: it presents a certificate from the issuer's own TLS
// root (so `cjs-cert --trust tls-ca.pem` accepts it, as a client would accept an interception
// product whose root is installed), sees every EST request in clear, forwards it to the real
// issuer, and can cut the connection before or after forwarding simpleenroll, or rewrite its
// answer. A plain TCP proxy could not tell simpleenroll from cacerts inside TLS.
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { generateKeyPair, issueCertificate, randomSerialNumber, readCertificate, toPem } from '../../electron/core/pki';

/** What happens to the next `simpleenroll` / `simplereenroll` request. */
export type EnrollAction =
  | { readonly kind: 'pass' }
  /** The connection is cut when the request arrives: the issuer never sees it. `before` runs first. */
  | { readonly kind: 'drop-request'; readonly before?: () => Promise<void> }
  /** Forwarded and answered by the issuer, then the connection is cut: the answer is lost. `after` runs first. */
  | { readonly kind: 'drop-answer'; readonly after?: () => Promise<void> }
  /** Forwarded; the issuer's body is replaced by what `rewrite` returns. */
  | { readonly kind: 'rewrite'; readonly rewrite: (body: Buffer) => Buffer | Promise<Buffer> };

export interface EstMitm {
  readonly url: string;
  readonly port: number;
  /** `METHOD /path -> outcome` for every request seen, in order. */
  readonly log: string[];
  /** Applies to every enroll request until changed. */
  setEnrollAction(action: EnrollAction): void;
  close(): Promise<void>;
}

export interface EstMitmOptions {
  /** The issuer's data directory: its TLS root signs the MITM's certificate. */
  readonly issuerDataDir: string;
  /** Base URL of the real issuer, e.g. https://127.0.0.1:PORT. */
  readonly upstream: string;
  readonly port?: number;
}

export async function startEstMitm(options: EstMitmOptions): Promise<EstMitm> {
  const tlsCaPem = await readFile(join(options.issuerDataDir, 'tls-ca.pem'), 'utf8');
  const tlsCaKeyPem = await readFile(join(options.issuerDataDir, 'tls-ca-key.pem'), 'utf8');
  const keyPair = await generateKeyPair('ecdsa-p256');
  const now = Date.now();
  const certDer = await issueCertificate({
    authority: { certificate: readCertificate(tlsCaPem), privateKey: createPrivateKey(tlsCaKeyPem) },
    publicKey: keyPair.publicKey,
    subjectCommonName: 'est-mitm.test',
    serialNumber: randomSerialNumber(),
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + 86_400_000),
    profile: { kind: 'tls-server', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] },
  });

  let action: EnrollAction = { kind: 'pass' };
  const log: string[] = [];
  const sockets = new Set<Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readAll(req);
    const line = `${req.method ?? '?'} ${req.url ?? '?'}`;
    const isEnroll = /\/simple(re)?enroll$/.test(req.url ?? '');
    const current = isEnroll ? action : ({ kind: 'pass' } as const);
    if (current.kind === 'drop-request') {
      log.push(`${line} -> dropped before forwarding`);
      await current.before?.();
      req.socket.destroy();
      return;
    }
    let answer: Forwarded;
    try {
      answer = await forward(options.upstream, tlsCaPem, req, body);
    } catch (err) {
      // The issuer is down: the client sees its connection cut, as with no server at all.
      log.push(`${line} -> upstream failed: ${(err as Error).message}`);
      req.socket.destroy();
      return;
    }
    if (current.kind === 'drop-answer') {
      log.push(`${line} -> ${answer.status} dropped`);
      await current.after?.();
      req.socket.destroy();
      return;
    }
    let out = answer.body;
    if (current.kind === 'rewrite' && answer.status === 200) out = await current.rewrite(answer.body);
    log.push(`${line} -> ${answer.status}${out === answer.body ? '' : ' rewritten'}`);
    res.writeHead(answer.status, { ...answer.headers, 'content-length': String(out.length), connection: 'close' });
    res.end(out);
  };

  const server: Server = createServer(
    { cert: toPem('CERTIFICATE', certDer), key: keyPair.privateKey.export({ type: 'pkcs8', format: 'pem' }) },
    (req, res) => {
      handle(req, res).catch((err: unknown) => {
        log.push(`${req.method ?? '?'} ${req.url ?? '?'} -> mitm error: ${(err as Error).message}`);
        req.socket.destroy();
      });
    },
  );
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    log,
    setEnrollAction: (next) => {
      action = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

interface Forwarded {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

function forward(upstream: string, trustPem: string, req: IncomingMessage, body: Buffer): Promise<Forwarded> {
  const url = new URL(req.url ?? '/', upstream);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)) headers[name] = value;
  }
  headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const out = request(url, { method: req.method ?? 'GET', headers, ca: trustPem, agent: false, timeout: 15_000 }, (res) => {
      readAll(res).then((data) => {
        const kept: Record<string, string> = {};
        for (const name of ['content-type', 'content-transfer-encoding', 'location']) {
          const value = res.headers[name];
          if (typeof value === 'string') kept[name] = value;
        }
        resolve({ status: res.statusCode ?? 0, headers: kept, body: data });
      }, reject);
    });
    out.on('timeout', () => out.destroy(new Error(`upstream timeout: ${url.href}`)));
    out.on('error', reject);
    out.end(body);
  });
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

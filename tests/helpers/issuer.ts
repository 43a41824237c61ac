// Starts a real reference issuing service (both HTTPS listeners, real SQLite, real CA) in a
// temporary data directory, on free loopback ports, and talks to it over real HTTPS.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startIssuer, type IssuerOptions, type RunningIssuer } from '../../issuer/src/service';

export interface TestIssuer extends RunningIssuer {
  readonly tlsCaPem: string;
  /** Everything the service logged, for asserting that no secret is ever written. */
  logText(): string;
  stop(): Promise<void>;
}

export async function startTestIssuer(options: Omit<IssuerOptions, 'dataDir'> & { dataDir?: string } = {}): Promise<TestIssuer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'cjs-issuer-')));
  const logStream = new PassThrough();
  const chunks: Buffer[] = [];
  logStream.on('data', (c: Buffer) => chunks.push(c));
  const issuer = await startIssuer({ port: 0, loginPort: 0, logLevel: 'info', logStream, ...options, dataDir });
  const tlsCaPem = await readFile(issuer.tlsCaCertPath, 'utf8');
  return {
    ...issuer,
    tlsCaPem,
    logText: () => Buffer.concat(chunks).toString('utf8'),
    async stop() {
      await issuer.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  text(): string;
  json<T = unknown>(): T;
}

export interface HttpsCall {
  readonly method?: string;
  readonly path: string;
  readonly body?: string | Buffer;
  readonly contentType?: string;
  readonly auth?: { readonly loginId: string; readonly password: string };
  readonly headers?: Record<string, string>;
  /** Client certificate for the login endpoint. */
  readonly clientCert?: { readonly certPem: string; readonly keyPem: string };
  readonly accept?: string;
  /** The loopback address to connect from (127.0.0.2 … stand for other client machines). */
  readonly localAddress?: string;
}

/** One HTTPS request that trusts only the service's TLS root, as the app will. */
export function httpsCall(baseUrl: string, trustPem: string, call: HttpsCall): Promise<HttpResult> {
  const url = new URL(call.path, baseUrl);
  const headers: Record<string, string> = { ...call.headers };
  if (call.contentType) headers['content-type'] = call.contentType;
  if (call.accept) headers.accept = call.accept;
  if (call.auth) headers.authorization = basicAuth(call.auth.loginId, call.auth.password);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: call.method ?? (call.body === undefined ? 'GET' : 'POST'),
        headers,
        ca: trustPem,
        ...(call.clientCert ? { cert: call.clientCert.certPem, key: call.clientCert.keyPem } : {}),
        ...(call.localAddress ? { localAddress: call.localAddress } : {}),
        // No connection reuse: each call is a fresh TLS handshake, as a restarted client makes.
        agent: false,
        timeout: 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text: () => body.toString('utf8'),
            json: <T>() => JSON.parse(body.toString('utf8')) as T,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url.href}`)));
    req.on('error', reject);
    if (call.body !== undefined) req.write(call.body);
    req.end();
  });
}

export function basicAuth(loginId: string, password: string): string {
  return `Basic ${Buffer.from(`${loginId}:${password}`, 'utf8').toString('base64')}`;
}

export const DEMO_PASSWORD = 'demo-password';

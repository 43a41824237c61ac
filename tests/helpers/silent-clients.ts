// Hostile clients for the issuer's connection limits: raw TLS connections that send the start of a
// request and then nothing, as a slow or malicious client does. Each records when the server
// closed it and what the server wrote before doing so; the caller decides what to send.
import { connect, type TLSSocket } from 'node:tls';
import { basicAuth } from './issuer';

export interface SilentClient {
  readonly socket: TLSSocket;
  /** Resolves once the TLS handshake is done and the request head is written; rejects if closed first. */
  readonly opened: Promise<void>;
  /** Resolves when the connection is closed (by either side), with what the server sent. */
  readonly closed: Promise<{ readonly at: number; readonly received: string }>;
  readonly isClosed: () => boolean;
}

export interface SilentClientOptions {
  /** The loopback address to connect from (127.0.0.2 … stand for distinct client machines). */
  readonly localAddress?: string;
  /** Written right after the handshake; nothing is written after it. Default: nothing at all. */
  readonly send?: string;
}

export function openSilentClient(baseUrl: string, trustPem: string, options: SilentClientOptions = {}): SilentClient {
  const url = new URL(baseUrl);
  const socket = connect({
    host: url.hostname,
    port: Number(url.port),
    servername: 'localhost',
    ca: trustPem,
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
  });
  const chunks: Buffer[] = [];
  let closed = false;
  socket.on('data', (c: Buffer) => chunks.push(c));
  // A reset or a refused handshake is one of the outcomes under test, not a test failure.
  socket.on('error', () => undefined);
  const closedPromise = new Promise<{ at: number; received: string }>((resolve) => {
    socket.once('close', () => {
      closed = true;
      resolve({ at: Date.now(), received: Buffer.concat(chunks).toString('utf8') });
    });
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', () => {
      if (options.send) socket.write(options.send);
      resolve();
    });
    void closedPromise.then(() => reject(new Error('closed before the TLS handshake completed')));
  });
  opened.catch(() => undefined);
  return { socket, opened, closed: closedPromise, isClosed: () => closed };
}

/** The head of a POST that promises a body of `contentLength` bytes, which never comes. */
export function requestHeadWithoutBody(
  path: string,
  options: { contentType: string; contentLength?: number; auth?: { loginId: string; password: string } },
): string {
  const lines = [
    `POST ${path} HTTP/1.1`,
    'Host: localhost',
    `Content-Type: ${options.contentType}`,
    `Content-Length: ${options.contentLength ?? 15_000}`,
    ...(options.auth ? [`Authorization: ${basicAuth(options.auth.loginId, options.auth.password)}`] : []),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Request headers that never end (no blank line): the classic slow-headers client. */
export function unfinishedHeaders(path: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: localhost\r\nX-Slow: `;
}

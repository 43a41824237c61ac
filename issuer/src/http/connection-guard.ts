// Enforces the connection limits on one HTTPS listener and logs every connection the service
// closes on a client: the address and the reason, never a header value or a byte of the request.
import { STATUS_CODES, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { PROBLEM_CODES, type ProblemCode } from '../../../electron/contract/problem-codes';
import { applyTimeouts, type ConnectionLimits } from './connection-limits';
import { PROBLEM_CONTENT_TYPE, problemBody } from './problem';

export type ReapReason =
  | 'too many connections from this address'
  | 'TLS handshake not finished in time'
  | 'request headers not received in time'
  | 'request body not received in time'
  | 'idle during a request'
  | 'idle before any request'
  | 'kept-alive connection idle'
  | 'malformed request'
  | 'TLS handshake failed';

export interface ReapNotice {
  readonly listener: string;
  readonly remote: string;
  readonly reason: ReapReason;
  /** How many connections this line stands for (refusals are logged in batches). */
  readonly connections: number;
}

export type ReapLog = (level: 'debug' | 'info' | 'warn', notice: ReapNotice) => void;

/** One line per address and reason at most this often; the rest are counted into the next line. */
const REFUSAL_LOG_WINDOW_MS = 10_000;
/** A client that does not read our last words does not keep the socket past this. */
const LAST_WORDS_MS = 1_000;

/** The request on a connection, when one is in progress, and how many were answered before it. */
interface Exchange {
  served: number;
  request: IncomingMessage | undefined;
  current: ServerResponse | undefined;
}

export class ConnectionGuard {
  private readonly open = new Map<string, number>();
  private readonly exchanges = new WeakMap<Duplex, Exchange>();
  private readonly refusals: BatchedNotices;

  constructor(
    private readonly listener: string,
    private readonly limits: ConnectionLimits,
    private readonly log: ReapLog,
  ) {
    this.refusals = new BatchedNotices(REFUSAL_LOG_WINDOW_MS, (remote, connections) =>
      this.log('warn', { listener, remote, reason: 'too many connections from this address', connections }),
    );
  }

  /** Sets the deadlines and starts counting, timing and logging the server's connections. */
  attach(server: HttpServer): void {
    applyTimeouts(server, this.limits);
    server.on('connection', this.onConnection);
    server.on('request', this.onRequest);
    server.on('timeout', this.onIdle);
    server.on('tlsClientError', this.onTlsError);
    server.on('close', () => this.refusals.close());
  }

  /** Counts TCP connections per address, before any TLS work is spent on them. */
  private readonly onConnection = (socket: Socket): void => {
    const remote = socket.remoteAddress;
    if (!remote) {
      socket.destroy();
      return;
    }
    const held = this.open.get(remote) ?? 0;
    if (held >= this.limits.maxConnectionsPerClient) {
      socket.destroy();
      this.refusals.add(remote);
      return;
    }
    this.open.set(remote, held + 1);
    socket.once('close', () => {
      const left = (this.open.get(remote) ?? 1) - 1;
      if (left > 0) this.open.set(remote, left);
      else this.open.delete(remote);
    });
  };

  private readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const exchange = this.exchangeOf(req.socket);
    exchange.request = req;
    exchange.current = res;
    res.once('close', () => {
      exchange.request = undefined;
      exchange.current = undefined;
      exchange.served += 1;
    });
  };

  /** Node's header and request deadlines arrive here as ERR_HTTP_REQUEST_TIMEOUT; so do parse errors. */
  readonly onClientError = (err: NodeJS.ErrnoException, socket: Duplex): void => {
    // The client went away by itself: nothing to answer, nothing worth a line.
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const exchange = this.exchanges.get(socket);
    const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    if (timedOut) {
      this.reaped('info', socket, exchange?.current ? 'request body not received in time' : 'request headers not received in time');
    } else {
      this.reaped('debug', socket, 'malformed request');
    }
    // Answer only when no answer has started on this connection (Node's own rule).
    if (socket.writable && !exchange?.current?.headersSent) {
      const [status, code, detail] = timedOut
        ? [408, PROBLEM_CODES.BAD_REQUEST, 'The request did not arrive in time.']
        : err.code === 'HPE_HEADER_OVERFLOW'
          ? [431, PROBLEM_CODES.TOO_LARGE, 'The request headers are too large.']
          : [400, PROBLEM_CODES.BAD_REQUEST, 'The request is malformed.'];
      socket.end(rawProblem(status, code, detail));
      setTimeout(() => socket.destroy(), LAST_WORDS_MS).unref();
    } else {
      socket.destroy();
    }
  };

  /** Node emits 'timeout' when no byte moved for idleTimeoutMs, or keepAliveTimeoutMs after an answer. */
  private readonly onIdle = (socket: Duplex): void => {
    const exchange = this.exchanges.get(socket);
    // The whole request is in and the answer not begun: the wait is the service's (password
    // checks queued under load), not the client's; the connection stays. Node arms the timer
    // again when the answer goes out.
    if (exchange?.request?.complete && exchange.current && !exchange.current.headersSent) return;
    if (exchange?.current) this.reaped('info', socket, 'idle during a request');
    else if (exchange && exchange.served > 0) this.reaped('debug', socket, 'kept-alive connection idle');
    else this.reaped('info', socket, 'idle before any request');
    socket.destroy();
  };

  private readonly onTlsError = (err: NodeJS.ErrnoException, socket: Duplex): void => {
    // Node closes the socket itself; the handshake timeout is the one worth a line at info.
    if (err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT') this.reaped('info', socket, 'TLS handshake not finished in time');
    else this.reaped('debug', socket, 'TLS handshake failed');
  };

  private reaped(level: 'debug' | 'info' | 'warn', socket: Duplex, reason: ReapReason): void {
    const remote = (socket as Partial<Socket>).remoteAddress ?? 'unknown';
    this.log(level, { listener: this.listener, remote, reason, connections: 1 });
  }

  private exchangeOf(socket: Duplex): Exchange {
    let exchange = this.exchanges.get(socket);
    if (!exchange) {
      exchange = { served: 0, request: undefined, current: undefined };
      this.exchanges.set(socket, exchange);
    }
    return exchange;
  }
}

/**
 * Logs the first refusal for an address at once and counts the others for one more line at the
 * end of the window, so a client reconnecting in a loop cannot flood the log.
 */
class BatchedNotices {
  private readonly pending = new Map<string, { count: number; timer: NodeJS.Timeout }>();

  constructor(
    private readonly windowMs: number,
    private readonly emit: (remote: string, count: number) => void,
  ) {}

  add(remote: string): void {
    const waiting = this.pending.get(remote);
    if (waiting) {
      waiting.count += 1;
      return;
    }
    this.emit(remote, 1);
    const entry = {
      count: 0,
      timer: setTimeout(() => {
        this.pending.delete(remote);
        if (entry.count > 0) this.emit(remote, entry.count);
      }, this.windowMs).unref(),
    };
    this.pending.set(remote, entry);
  }

  close(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}

function rawProblem(status: number, code: ProblemCode, detail: string): string {
  const body = JSON.stringify(problemBody(code, status, detail));
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

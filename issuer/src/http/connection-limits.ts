// How long a client may take, and how many connections one address may hold, on both HTTPS
// listeners. Node's HTTP server (and Fastify on top) waits for ever by default: a client that
// sends headers promising a body and then nothing held its connection for good, and a few hundred
// such clients used up the service's file descriptors (issue 9, finding 1).
import type { Server as HttpServer } from 'node:http';

export interface ConnectionLimits {
  /** The TLS handshake, and then the request headers, must each arrive within this. */
  readonly headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (time to answer not counted). */
  readonly requestTimeoutMs: number;
  /** An idle kept-alive connection is closed this long after its last answer. */
  readonly keepAliveTimeoutMs: number;
  /** A connection on which no byte moves either way for this long is closed. */
  readonly idleTimeoutMs: number;
  /** Open connections from one client address; more are closed at once. */
  readonly maxConnectionsPerClient: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  // Longer than any answer takes to compute (scrypt under load): no byte moves while it runs.
  idleTimeoutMs: 30_000,
  // An office behind one NAT address shares it; the client itself keeps one or two connections.
  maxConnectionsPerClient: 32,
};

/** Refuses limits that would switch a defence off or contradict each other, at start-up. */
export function checkConnectionLimits(limits: ConnectionLimits): void {
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value <= 0)
      throw new RangeError(`connection limit ${key} must be a positive whole number, got ${value}`);
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new RangeError('connection limit headersTimeoutMs must not exceed requestTimeoutMs');
  }
}

/**
 * The options Node takes only when the server is created: the TLS handshake timeout, and how often
 * the header and request deadlines are checked (Node's default, 30 s, would make a 1 s deadline
 * a 31 s one).
 */
export function serverCreationOptions(limits: ConnectionLimits) {
  const checkEveryMs = Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4)));
  return {
    handshakeTimeout: limits.headersTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: checkEveryMs,
  } as const;
}

/** Sets the deadlines Node reads from the server object (after Fastify has set its own: none). */
export function applyTimeouts(server: HttpServer, limits: ConnectionLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.setTimeout(limits.idleTimeoutMs);
}

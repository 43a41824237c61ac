import { Agent as HttpsAgent, type AgentOptions, type RequestOptions } from 'node:https';
import type { Agent as HttpAgent, ClientRequest } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { TLSSocket, type ConnectionOptions, type PeerCertificate, type DetailedPeerCertificate } from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { TlsFailureDetail } from './errors';

/** The TLS settings of every issuing connection, direct or tunnelled through a proxy. */
export interface IssuingTlsOptions {
  readonly ca: readonly string[];
}

/**
 * What one connection observed, for error mapping after axios has failed: how far the exchange
 * got decides what a failure was (issue 9, finding 2), so each stage is recorded as it happens.
 */
export interface ConnectionObservations {
  /** TCP reached the server (direct connections; through a proxy, see proxyConnectStatus). */
  connected?: boolean;
  /** The TLS handshake with the server completed and the server's certificate verified. */
  secured?: boolean;
  /** Bytes of the server's HTTP answer received after the handshake (0 when it said nothing). */
  answerBytes?: number;
  /** The certificate the server presented when our verification rejected it (leaf, with its chain). */
  rejectedPeer?: PeerSummary;
  /** Status of the proxy's answer to CONNECT (200 = tunnel open); undefined while it has not answered. */
  proxyConnectStatus?: number;
}

/** The same names as in the error, so the summary spreads into it unchanged. */
export type PeerSummary = Pick<TlsFailureDetail, 'peerSubjectCommonName' | 'peerIssuerCommonName' | 'peerRootCommonName' | 'peerSha256'>;

function tlsConnectionOptions(tls: IssuingTlsOptions): ConnectionOptions {
  return {
    ca: [...tls.ca],
    minVersion: 'TLSv1.2',
    // Stated, not defaulted: the server must always be verified (FAQ Q24(4): interception is a
    // cause to report, never something to work around).
    rejectUnauthorized: true,
  };
}

/**
 * Node verifies the chain inside the handshake and, on failure, calls `destroy(verifyError)`,
 * which frees the native handle before 'error' is emitted: by then getPeerCertificate() returns
 * nothing. Wrapping this one socket's destroy is the only moment the rejected certificate is
 * still readable, and its issuer is what names HTTPS-scanning software in the diagnosis.
 *
 * Only a destroy BY that verification counts. Every other destroy carries an error too (our own
 * deadline's abort, a reset), and after a completed handshake the peer's certificate is readable
 * then as well: taking such a destroy for a rejection reported a timeout as "the server
 * certificate is not trusted: ERR_CANCELED" (issue 9, finding 2).
 */
function observeConnection(socket: TLSSocket, into: ConnectionObservations): void {
  socket.once('connect', () => {
    into.connected = true;
  });
  socket.once('secureConnect', () => {
    into.secured = true;
    into.answerBytes = 0;
    // Attached after the handshake, long after the HTTP client attached its own reader: this one
    // only counts, it neither changes the flow nor sees anything the client does not.
    socket.on('data', (chunk: Buffer) => {
      into.answerBytes = (into.answerBytes ?? 0) + chunk.length;
    });
  });
  const destroy = socket.destroy.bind(socket);
  socket.destroy = (error?: Error): TLSSocket => {
    if (error && into.rejectedPeer === undefined && isVerificationFailure(socket, error)) {
      try {
        const peer = socket.getPeerCertificate(true);
        if (peer && Object.keys(peer).length > 0) into.rejectedPeer = summarise(peer);
      } catch {
        // The handle may already be gone (a reset mid-handshake): nothing to observe then.
      }
    }
    return destroy(error);
  };
}

/** Node sets authorizationError to the verification error's code just before destroying with it. */
function isVerificationFailure(socket: TLSSocket, error: Error): boolean {
  const reason = socket.authorizationError as unknown;
  if (socket.authorized || reason === null || reason === undefined) return false;
  const code = (error as { code?: unknown }).code;
  return reason === code || reason === error.message;
}

function summarise(peer: DetailedPeerCertificate): PeerSummary {
  let root: PeerCertificate = peer;
  const seen = new Set<string>();
  // issuerCertificate points at itself for a self-signed root.
  for (let next = peer.issuerCertificate; next && !seen.has(next.fingerprint256) && next !== root; next = next.issuerCertificate) {
    seen.add(next.fingerprint256);
    root = next;
  }
  return {
    ...cn('peerSubjectCommonName', peer.subject?.CN),
    ...cn('peerIssuerCommonName', peer.issuer?.CN),
    ...cn('peerRootCommonName', root.issuer?.CN),
    ...(peer.fingerprint256 ? { peerSha256: peer.fingerprint256.replaceAll(':', '') } : {}),
  };
}

function cn<K extends string>(key: K, value: string | string[] | undefined): Partial<Record<K, string>> {
  const text = Array.isArray(value) ? value[0] : value;
  return text ? ({ [key]: text } as Partial<Record<K, string>>) : {};
}

class ObservingHttpsAgent extends HttpsAgent {
  constructor(
    options: AgentOptions,
    private readonly observations: ConnectionObservations,
  ) {
    super(options);
  }

  override createConnection(options: RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const socket = super.createConnection(options, callback);
    if (socket instanceof TLSSocket) observeConnection(socket, this.observations);
    return socket;
  }
}

// Taken from the class itself: agent-base is https-proxy-agent's dependency, not ours.
type AgentConnectOpts = Parameters<HttpsProxyAgent<string>['connect']>[1];

class ObservingProxyAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: string,
    private readonly tlsOptions: ConnectionOptions,
    private readonly observations: ConnectionObservations,
    signal: AbortSignal | undefined,
  ) {
    // The request's deadline also ends the connection to the proxy: until the proxy answers
    // CONNECT, that socket belongs to no request, and aborting the request alone left it open
    // to a proxy that never answers (measured: still open a second after the abort).
    super(proxy, { ...tlsOptions, keepAlive: false, ...(signal ? { signal } : {}) });
    this.on('proxyConnect', (res: { statusCode: number }) => {
      this.observations.proxyConnectStatus = res.statusCode;
    });
  }

  override async connect(req: ClientRequest, opts: AgentConnectOpts): Promise<Socket> {
    // The TLS upgrade inside the tunnel is built from the *request's* options, which do not
    // carry the agent's own (measured: the configured root was missing there). Put the CA list,
    // minimum version and verification in explicitly, so a proxy never relaxes them.
    const socket = await super.connect(req, opts.secureEndpoint ? Object.assign({}, opts, this.tlsOptions) : opts);
    // The TLS handshake with the origin starts here and cannot finish synchronously.
    if (socket instanceof TLSSocket) observeConnection(socket, this.observations);
    return socket;
  }
}

/**
 * A fresh agent per request: no pooled socket outlives a call, and observations stay per call.
 * `signal` is the request's deadline.
 */
export function createIssuingAgent(
  tls: IssuingTlsOptions,
  proxy: string | undefined,
  observations: ConnectionObservations,
  signal?: AbortSignal,
): HttpAgent {
  const options = tlsConnectionOptions(tls);
  return proxy === undefined
    ? new ObservingHttpsAgent({ ...options, keepAlive: false }, observations)
    : new ObservingProxyAgent(proxy, options, observations, signal);
}

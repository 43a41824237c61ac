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

/** What one connection observed, for error mapping after axios has failed. */
export interface ConnectionObservations {
  /** The certificate the server presented when Node rejected it (leaf, with its chain). */
  rejectedPeer?: PeerSummary;
  /** Status of the proxy's answer to CONNECT (200 = tunnel open). */
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
 */
function observeRejectedPeer(socket: TLSSocket, into: ConnectionObservations): void {
  const destroy = socket.destroy.bind(socket);
  socket.destroy = (error?: Error): TLSSocket => {
    if (error && into.rejectedPeer === undefined) {
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
    if (socket instanceof TLSSocket) observeRejectedPeer(socket, this.observations);
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
  ) {
    super(proxy, { ...tlsOptions, keepAlive: false });
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
    if (socket instanceof TLSSocket) observeRejectedPeer(socket, this.observations);
    return socket;
  }
}

/** A fresh agent per request: no pooled socket outlives a call, and observations stay per call. */
export function createIssuingAgent(tls: IssuingTlsOptions, proxy: string | undefined, observations: ConnectionObservations): HttpAgent {
  const options = tlsConnectionOptions(tls);
  return proxy === undefined
    ? new ObservingHttpsAgent({ ...options, keepAlive: false }, observations)
    : new ObservingProxyAgent(proxy, options, observations);
}

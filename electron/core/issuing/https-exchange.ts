// One HTTPS request to the issuer and its answer, as axios over node:https carries it: the
// verified TLS connection (tls-agent.ts), direct or through a CONNECT proxy, bounded by the
// caller's deadline, every failure on the way mapped to its IssuingError (transport-errors.ts).
// What the request and the answer mean is est-answer.ts's; who is logging in, est-auth.ts's.
import axios from 'axios';
import { IssuingError } from './errors';
import type { EstAnswer } from './est-answer';
import { createIssuingAgent, type ConnectionObservations } from './tls-agent';
import { describeProxy, mapTransportError, MAX_RESPONSE_BYTES, plainCause, proxyRefusal } from './transport-errors';

export interface HttpsRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
}

/** How to reach the issuer, shared by the exchanges of one operation. */
export interface ExchangeRoute {
  /** PEM roots to verify the server with. */
  readonly ca: string[];
  /** The CONNECT proxy, or undefined for a direct connection. */
  readonly proxyUrl: string | undefined;
  /** The operation's deadline: aborts whatever exchange is under way. */
  readonly deadline: AbortSignal;
  readonly timeoutMs: number;
}

/** Sends `request` and returns the server's answer, whatever its status; transport failures reject. */
export async function httpsExchange(request: HttpsRequest, route: ExchangeRoute): Promise<EstAnswer> {
  const { url } = request;
  const { proxyUrl, deadline, timeoutMs } = route;
  const observations: ConnectionObservations = {};
  let agent;
  try {
    agent = createIssuingAgent({ ca: route.ca }, proxyUrl, observations, deadline);
  } catch (cause) {
    throw new IssuingError('ISSUE-PROXY', 'the proxy address cannot be used', {
      detail: describeProxy(proxyUrl),
      cause: plainCause(cause),
    });
  }
  try {
    const res = await axios.request<ArrayBuffer>({
      method: request.method,
      url: url.href,
      headers: { ...request.headers },
      ...(request.body !== undefined ? { data: request.body } : {}),
      httpsAgent: agent,
      // axios would otherwise apply HTTP(S)_PROXY itself, by sending the request in clear to
      // the proxy; proxies are ours to choose and always go through a CONNECT tunnel.
      proxy: false,
      maxRedirects: 0,
      maxContentLength: MAX_RESPONSE_BYTES,
      maxBodyLength: MAX_RESPONSE_BYTES,
      responseType: 'arraybuffer',
      timeout: timeoutMs,
      signal: deadline,
      // Every status is decided by the caller, with the body in hand.
      validateStatus: () => true,
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
    });
    // A refused CONNECT comes back as the proxy's own answer (https-proxy-agent replays it).
    if (observations.proxyConnectStatus !== undefined && observations.proxyConnectStatus !== 200) {
      throw proxyRefusal(url, observations.proxyConnectStatus, proxyUrl);
    }
    return { status: res.status, headers: headerTexts(res.headers), body: Buffer.from(res.data) };
  } catch (e) {
    if (e instanceof IssuingError) throw e;
    throw mapTransportError(e, { url, seen: observations, deadlineHit: deadline.aborted, timeoutMs, proxyUrl });
  } finally {
    agent.destroy();
  }
}

/**
 * Runs `operation` under one deadline of `timeoutMs`: our own over the whole exchange (axios'
 * `timeout` is a socket idle timer and bounds neither a server that trickles bytes, nor the
 * CONNECT step of a proxy), shared by every request of a login (Basic, then Digest).
 */
export async function withDeadline<T>(timeoutMs: number, operation: (deadline: AbortSignal) => Promise<T>): Promise<T> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    return await operation(deadline.signal);
  } finally {
    clearTimeout(timer);
  }
}

/** Lower-case names, one string each (axios keeps Node's joined values). */
function headerTexts(headers: unknown): Record<string, string | undefined> {
  const plain = headers && typeof headers === 'object' && 'toJSON' in headers ? (headers as { toJSON(): unknown }).toJSON() : headers;
  const texts: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries((plain ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') texts[name.toLowerCase()] = value;
    else if (Array.isArray(value)) texts[name.toLowerCase()] = value.filter((v) => typeof v === 'string').join(', ');
  }
  return texts;
}

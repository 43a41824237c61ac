// FAQ Q18(8), Q24: "this page cannot be displayed" and issuance failures often come from the
// network: a name that does not resolve, a firewall, a proxy that refuses. For each endpoint
// this check resolves the name, opens a TCP connection (directly, or through the proxy the
// client would use, with CONNECT), and says which stage failed. Nothing is sent to the server.
import type { NextAction } from '../../../contract/actions';
import { defineCheck, type Evidence } from '../check';
import { checkMessages, type MessageSpec } from '../messages';
import {
  attemptTimeout,
  closeQuietly,
  endpointPass,
  forEachEndpoint,
  hostPort,
  NetStageError,
  openConnection,
  proxyRouteFor,
  routeEvidence,
  type Endpoint,
  type EndpointFinding,
  type ProxyRoute,
  CONNECT_TIMEOUT_MS,
} from './net-support';

const m = checkMessages('network');
/** The PC's network, DNS, firewall or proxy: the user's IT (FAQ Q18(8), Q24). */
const ASK_IT: NextAction = { kind: 'contact', actor: 'it', reason: 'network' };
/** The server itself answered "no": nothing on this PC or its network can change that. */
const SERVICE_DOWN: NextAction = { kind: 'contact', actor: 'bank', reason: 'service-down' };

export const networkCheck = defineCheck({
  id: 'network',
  group: 'network',
  faq: ['Q18(8)', 'Q24'],
  platforms: 'all',
  dependsOn: ['https-address'],
  run(context, signal) {
    const timeoutMs = attemptTimeout(context, CONNECT_TIMEOUT_MS);
    return forEachEndpoint(context, async (endpoint) => {
      let proxy: ProxyRoute | undefined;
      try {
        proxy = await proxyRouteFor(context, endpoint);
      } catch (err) {
        return explainFailure(endpoint, undefined, err);
      }
      try {
        const connection = await openConnection(endpoint, proxy, { timeoutMs, signal, trustedCaPem: context.trustedCaPem });
        closeQuietly(connection.socket);
        const evidence: Record<string, Evidence> = {
          ...routeEvidence(endpoint, proxy),
          addresses: proxy ? [] : [...connection.addresses],
          resolvedBy: proxy ? 'proxy' : endpoint.ipLiteral ? 'ip-literal' : 'dns',
          connectedAddress: connection.remoteAddress ?? null,
          connectMs: Math.round(connection.connectMs),
          stage: 'connected',
        };
        const target = hostPort(endpoint);
        return {
          endpoint,
          status: 'pass',
          summary: proxy
            ? endpointPass('network', 'connectedViaProxy', endpoint.role, { target, proxy: proxy.display, source: proxy.source })
            : endpointPass('network', 'connectedDirect', endpoint.role, { target, address: connection.remoteAddress ?? endpoint.host }),
          evidence,
        };
      } catch (err) {
        return explainFailure(endpoint, proxy, err);
      }
    });
  },
});

function explainFailure(endpoint: Endpoint, proxy: ProxyRoute | undefined, err: unknown): EndpointFinding {
  const e =
    err instanceof NetStageError ? err : new NetStageError('connect', err instanceof Error ? err.message : String(err), { cause: err });
  const target = hostPort(endpoint);
  const evidence: Record<string, Evidence> = {
    ...routeEvidence(endpoint, proxy),
    addresses: [...e.addresses],
    stage: e.stage,
    errno: e.errno ?? null,
    ...(e.status !== undefined ? { proxyStatus: e.status } : {}),
    error: e.message,
  };
  const fail = (summary: MessageSpec, advice: MessageSpec, code: string, action: NextAction = ASK_IT): EndpointFinding => ({
    endpoint,
    status: 'fail',
    summary,
    evidence,
    advice,
    codes: [code],
    actions: [action],
  });
  const host = endpoint.host;
  const errno = e.errno ?? e.message;
  const proxyParams = { proxy: proxy?.display ?? '', source: proxy?.source ?? 'configured', target };
  switch (e.stage) {
    case 'dns':
      if (e.errno === 'ENOTFOUND') return fail(m.summary('notFound', { host }), m.advice('notFound', { host }), 'ISSUE-DNS');
      return fail(m.summary('dnsFailed', { host, errno: e.errno ?? '-' }), m.advice('dnsFailed'), 'ISSUE-DNS');
    case 'connect':
      // A refusal comes from the server's host: the way there works, the service is not listening.
      if (e.errno === 'ECONNREFUSED') return fail(m.summary('refused', { target }), m.advice('refused'), 'ISSUE-REFUSED', SERVICE_DOWN);
      if (e.errno === 'ETIMEDOUT') return fail(m.summary('timedOut', { target }), m.advice('timedOut'), 'ISSUE-TIMEOUT');
      return fail(m.summary('connectFailed', { target, errno }), m.advice('connectFailed'), 'ISSUE-UNREACHABLE');
    case 'proxy-config':
      return fail(m.summary('proxyConfig'), m.advice('proxyConfig'), 'ISSUE-PROXY');
    case 'proxy-dns':
    case 'proxy-connect':
      return fail(
        m.summary('proxyUnreachable', { ...proxyParams, errno }),
        m.advice('proxyUnreachable', proxyParams),
        'ISSUE-PROXY-UNREACHABLE',
      );
    case 'proxy-refused': {
      const status = e.status ?? 0;
      // 502/503/504: the proxy tried and could not reach the server; 403/407: it will not let us.
      const upstream = status === 502 || status === 503 || status === 504;
      const summary = upstream
        ? m.summary('proxyUpstream', { ...proxyParams, status })
        : m.summary('proxyRefused', { ...proxyParams, status: status || e.errno || '-' });
      // The same codes as the issuing client's (transport-errors.ts): no status means no answer to CONNECT.
      const code = status === 407 ? 'ISSUE-PROXY-AUTH' : status === 0 ? 'ISSUE-PROXY-UNREACHABLE' : 'ISSUE-PROXY';
      return fail(summary, status === 407 ? m.advice('proxyAuth') : m.advice('proxyRefused', proxyParams), code);
    }
    case 'tls':
    case 'aborted':
      return fail(m.summary('interrupted', { target }), m.advice('interrupted'), 'ISSUE-TIMEOUT', { kind: 'diagnose' });
  }
}

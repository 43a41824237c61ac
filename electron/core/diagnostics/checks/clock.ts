// FAQ Q9, Q21: a PC clock that is off makes valid certificates look expired or not yet valid
// (and the issuer's renewal window look closed). This check compares the HTTP `Date` of the
// issuing service with this PC's clock. Only the issuing service is asked: one trustworthy server
// time is enough, and it is the one whose answers (certificates, renewal windows) the user needs.
// The request is a HEAD over a verified TLS connection (trusted CAs, host name, TLS 1.2+), through
// the same proxy as everything else; it carries no credentials and no cookies.
import { request } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { defineCheck, type CheckContext, type CheckResult, type Evidence } from '../check';
import { checkMessages } from '../messages';
import {
  attemptTimeout,
  closeQuietly,
  endpointsOf,
  hostPort,
  noEndpointResult,
  probeTls,
  proxyRouteFor,
  routeEvidence,
  type Endpoint,
  type ProxyRoute,
  ANSWER_TIMEOUT_MS,
} from './net-support';

const m = checkMessages('clock');

/** `Date` has one-second resolution and a small network delay: two minutes is comfortably exact. */
export const CLOCK_PASS_SECONDS = 120;
/** Beyond five minutes certificate validity and Kerberos-style checks start to fail. */
export const CLOCK_WARN_SECONDS = 300;

export const clockCheck = defineCheck({
  id: 'clock',
  group: 'network',
  faq: ['Q9', 'Q21'],
  platforms: 'all',
  dependsOn: ['server-certificate'],
  async run(context, signal) {
    const issuing = endpointsOf(context.settings).find((e) => e.role === 'issuing');
    if (!issuing) return noEndpointResult();
    const proxy = await proxyRouteFor(context, issuing).catch(() => undefined);
    const evidence = { endpoint: 'issuing', ...routeEvidence(issuing, proxy) };
    let serverDateHeader: string | undefined;
    let local: Date;
    try {
      ({ serverDateHeader, local } = await fetchDate(context, issuing, proxy, signal));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return {
        status: 'fail',
        summary: m.summary('noAnswer', { target: hostPort(issuing) }),
        evidence: { ...evidence, error: message },
        advice: m.advice('noAnswer'),
        codes: ['ISSUE-UNREACHABLE'],
        actions: [{ kind: 'diagnose' }],
      };
    }
    const server = serverDateHeader === undefined ? Number.NaN : Date.parse(serverDateHeader);
    if (Number.isNaN(server)) {
      // Not the user's problem and nothing they can do: reported, not counted as a failure.
      return {
        status: 'not-applicable',
        summary: m.summary('noDate'),
        evidence: { ...evidence, serverDate: serverDateHeader ?? null, localDate: local.toISOString() },
      };
    }
    return judge(server, local, evidence);
  },
});

/** The server's Date header and this PC's time when the answer arrived. */
async function fetchDate(
  context: CheckContext,
  endpoint: Endpoint,
  proxy: ProxyRoute | undefined,
  signal: AbortSignal,
): Promise<{ serverDateHeader: string | undefined; local: Date }> {
  const probe = await probeTls(context, endpoint, proxy, signal, { verify: true, minVersion: 'TLSv1.2' });
  if ('error' in probe) throw probe.error;
  const { socket } = probe;
  try {
    return await headOver(socket, endpoint, attemptTimeout(context, ANSWER_TIMEOUT_MS), signal, context.now);
  } finally {
    closeQuietly(socket);
  }
}

function headOver(
  socket: TLSSocket,
  endpoint: Endpoint,
  timeoutMs: number,
  signal: AbortSignal,
  now: () => Date,
): Promise<{ serverDateHeader: string | undefined; local: Date }> {
  return new Promise((resolve, reject) => {
    // HTTP over the TLS socket already verified above (proxy tunnels included), hence node:http.
    const req = request({
      method: 'HEAD',
      host: endpoint.host,
      port: endpoint.port,
      path: `${endpoint.url.pathname}`,
      headers: { host: endpoint.url.host, 'user-agent': 'cjs-cert-doctor', connection: 'close' },
      // No agent: with `agent: false` Node would open its own plain connection and ignore this.
      createConnection: () => socket,
    });
    const onAbort = (): void => {
      req.destroy(new Error('the check was cancelled'));
    };
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('response', (res) => {
      const local = now();
      done();
      const header = res.headers.date;
      res.resume();
      req.destroy();
      resolve({ serverDateHeader: header, local });
    });
    req.on('error', (err) => {
      done();
      reject(err);
    });
    req.end();
  });
}

function judge(server: number, local: Date, evidence: Readonly<Record<string, Evidence>>): CheckResult {
  // Positive: this PC's clock is ahead of the server's.
  const offsetSeconds = Math.round((local.getTime() - server) / 1000);
  const abs = Math.abs(offsetSeconds);
  const facts = { ...evidence, offsetSeconds, serverDate: new Date(server).toISOString(), localDate: local.toISOString() };
  const amount = { hours: Math.floor(abs / 3600), minutes: Math.floor((abs % 3600) / 60), seconds: abs % 60 };
  // The amount is nested by its own key: "3 時間 0 分", "4 min 10 s".
  const unit = amount.hours > 0 ? 'hours' : amount.minutes > 0 ? 'minutes' : 'seconds';
  const params = { ...amount, unit };
  if (abs <= CLOCK_PASS_SECONDS) return { status: 'pass', summary: m.summary('accurate', params), evidence: facts };
  const drift = m.summary(offsetSeconds >= 0 ? 'ahead' : 'behind', params);
  const result = { summary: drift, evidence: facts, advice: m.advice('skew'), codes: ['DIAG-CLOCK-SKEW'] };
  // The user corrects the clock; on a company PC set by the domain, IT does.
  const actions = [{ kind: 'contact', actor: 'it', reason: 'clock' }] as const;
  return { status: abs <= CLOCK_WARN_SECONDS ? 'warn' : 'fail', ...result, actions: [...actions] };
}

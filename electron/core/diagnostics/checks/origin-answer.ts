// Does the server at an origin answer at all? Asked once per diagnosis run and origin, and shared
// by every check that needs that origin (the shared "issuer reachability" verdict). A server that
// accepts the connection and then says nothing (FAQ Q24: "このページは表示できません") would
// otherwise be waited out by each of them in turn — the CRL, the clock's Date, the 12 s login
// probe — and reported as several failures with several pieces of advice. With the verdict, the
// one check that owns the cause reports it (see causeCheckOf), and the others say they were
// skipped because of it, at once.
//
// The probe is the request the clock check has always made: a verified TLS connection (TLS 1.2+,
// trusted CAs, host name) through the client's own proxy, then `HEAD <path>` with no credentials
// and no cookies. Any reaction counts as an answer — an HTTP status, a TLS alert after the
// handshake, the server closing (a login page that demands a client certificate does that) —
// only silence does not. Each stage has the network checks' budgets (net-support.ts): connect
// 3 s, TLS answer 5 s, HTTP answer 5 s; the probe ignores the asking check's signal (the checks
// come and go, the verdict is shared) and ends by itself within their sum.
import { request } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { NextAction } from '../../../contract/actions';
import type { CheckContext, CheckResult, Evidence } from '../check';
import { common } from '../messages';
import {
  attemptTimeout,
  closeQuietly,
  endpointsOf,
  errnoOf,
  hostPort,
  NetStageError,
  probeTls,
  proxyRouteFor,
  routeEvidence,
  type Endpoint,
  type EndpointRole,
  type ProxyRoute,
  ANSWER_TIMEOUT_MS,
} from './net-support';

interface AnswerBase {
  readonly role: EndpointRole;
  /** `host:port`, as the user sees it in the other network checks. */
  readonly target: string;
  /** How the origin was reached (address, proxy and its source), for evidence. */
  readonly route: Readonly<Record<string, Evidence>>;
  readonly viaProxy: boolean;
}

/** What the server at one origin did when asked. */
export type OriginAnswer =
  /** It reacted: an HTTP status (with its Date), or it closed / sent a TLS alert instead (`status` null). */
  | (AnswerBase & {
      readonly kind: 'answered';
      readonly status: number | null;
      readonly closedWith: string | null;
      readonly serverDate: string | undefined;
      /** This PC's time when the answer arrived (context.now), for the clock. */
      readonly answeredAt: Date;
      readonly answerMs: number;
    })
  /** It accepted the connection and said nothing within `waitedMs`: no TLS answer, or no HTTP answer after TLS. */
  | (AnswerBase & { readonly kind: 'silent'; readonly stage: 'tls' | 'http'; readonly waitedMs: number })
  /** Not reached: DNS, TCP (refused, dropped), or the proxy. The network check explains which. */
  | (AnswerBase & { readonly kind: 'unreachable'; readonly stage: string; readonly errno: string | null })
  /** The TLS layer refused (certificate not trusted, protocol): tls-handshake or server-certificate explains it. */
  | (AnswerBase & { readonly kind: 'tls-refused'; readonly errno: string });

export type NoAnswer = Extract<OriginAnswer, { kind: 'silent' | 'unreachable' }>;

/** Whether nothing came back from the origin at all (the checks that need it cannot work). */
export function isNoAnswer(answer: OriginAnswer | undefined): answer is NoAnswer {
  return answer?.kind === 'silent' || answer?.kind === 'unreachable';
}

/** The check that reports this cause to the user; the others refer to it. */
export function causeCheckOf(answer: NoAnswer): string {
  if (answer.kind === 'unreachable') return 'network';
  return answer.stage === 'tls' ? 'tls-handshake' : 'server-response';
}

// The verdicts of one run, keyed by the run's SharedFacts (a new run starts clean), then by origin.
const verdictsOfRun = new WeakMap<object, Map<string, Promise<OriginAnswer>>>();

const originKey = (endpoint: Pick<Endpoint, 'host' | 'port'>): string => `${endpoint.host.toLowerCase()}:${endpoint.port}`;

/**
 * The verdicts of every configured https:// origin (issuing service, login page), started together
 * on the first call of the run: whichever check asks first, the other origin's answer is on its
 * way too by the time its own checks need it.
 */
function verdicts(context: CheckContext): Map<string, Promise<OriginAnswer>> {
  let run = verdictsOfRun.get(context.shared);
  if (!run) {
    run = new Map();
    verdictsOfRun.set(context.shared, run);
    for (const endpoint of endpointsOf(context.settings)) run.set(originKey(endpoint), askOrigin(context, endpoint));
  }
  return run;
}

/** Starts the run's probes now (no wait): for checks that will need a verdict only if something else fails. */
export function startOriginProbes(context: CheckContext): void {
  verdicts(context);
}

/**
 * What the origin of the issuing service or of the login page did (the same verdict when both are
 * on one origin), waiting at most until `signal` (the asking check's) aborts. Undefined when the
 * configured address is not https:// (https-address reports that) or the check was cancelled first.
 */
export async function originAnswer(context: CheckContext, role: EndpointRole, signal: AbortSignal): Promise<OriginAnswer | undefined> {
  const address = role === 'issuing' ? context.settings.issuerUrl : context.settings.loginUrl;
  const parsed = endpointsOf({ issuerUrl: address, loginUrl: address })[0];
  if (!parsed) return undefined;
  const endpoint: Endpoint = { ...parsed, role };
  const run = verdicts(context);
  const key = originKey(endpoint);
  if (!run.has(key)) run.set(key, askOrigin(context, endpoint));
  const answer = await untilAborted(run.get(key)!, signal);
  // Named after the role asked about: one origin can be both the issuing service and the login page.
  return answer && { ...answer, role };
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
}

/** One probe of one origin; never rejects. */
async function askOrigin(context: CheckContext, endpoint: Endpoint): Promise<OriginAnswer> {
  let proxy: ProxyRoute | undefined;
  try {
    proxy = await proxyRouteFor(context, endpoint);
  } catch (err) {
    const base = { role: endpoint.role, target: hostPort(endpoint), route: routeEvidence(endpoint, undefined), viaProxy: false };
    return { ...base, kind: 'unreachable', stage: 'proxy-config', errno: errnoOf(err) ?? null };
  }
  const base: AnswerBase = { role: endpoint.role, target: hostPort(endpoint), route: routeEvidence(endpoint, proxy), viaProxy: !!proxy };
  // Never cancelled from outside: bounded by its own per-stage budgets.
  const signal = new AbortController().signal;
  const probe = await probeTls(context, endpoint, proxy, signal, { verify: true, minVersion: 'TLSv1.2' }).catch((error: unknown) => ({
    error,
    stage: 'connect' as const,
    handshakeMs: 0,
  }));
  if ('error' in probe) {
    const errno = errnoOf(probe.error) ?? 'UNKNOWN';
    if (probe.stage === 'connect') {
      const stage = probe.error instanceof NetStageError ? probe.error.stage : 'connect';
      return { ...base, kind: 'unreachable', stage, errno };
    }
    if (errno === 'ETIMEDOUT') return { ...base, kind: 'silent', stage: 'tls', waitedMs: attemptTimeout(context, ANSWER_TIMEOUT_MS) };
    return { ...base, kind: 'tls-refused', errno };
  }
  const waitMs = attemptTimeout(context, ANSWER_TIMEOUT_MS);
  const started = performance.now();
  try {
    const head = await headOver(probe.socket, endpoint, waitMs, context.now);
    return { ...base, kind: 'answered', ...head, closedWith: null, answerMs: performance.now() - started };
  } catch (err) {
    if (err instanceof NoHttpAnswer) return { ...base, kind: 'silent', stage: 'http', waitedMs: waitMs };
    const answerMs = performance.now() - started;
    const closedWith = errnoOf(err) ?? (err instanceof Error ? err.message : String(err));
    return { ...base, kind: 'answered', status: null, closedWith, serverDate: undefined, answeredAt: context.now(), answerMs };
  } finally {
    closeQuietly(probe.socket);
  }
}

class NoHttpAnswer extends Error {}

/** HEAD over the verified TLS socket: the status and Date, or NoHttpAnswer after `timeoutMs` of silence. */
function headOver(
  socket: TLSSocket,
  endpoint: Endpoint,
  timeoutMs: number,
  now: () => Date,
): Promise<{ status: number; serverDate: string | undefined; answeredAt: Date }> {
  return new Promise((resolve, reject) => {
    // HTTP over the TLS socket already verified (proxy tunnels included), hence node:http.
    const req = request({
      method: 'HEAD',
      host: endpoint.host,
      port: endpoint.port,
      path: endpoint.url.pathname,
      headers: { host: endpoint.url.host, 'user-agent': 'cjs-cert-doctor', connection: 'close' },
      // No agent: with `agent: false` Node would open its own plain connection and ignore this.
      createConnection: () => socket,
    });
    const timer = setTimeout(() => req.destroy(new NoHttpAnswer(`no HTTP answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('response', (res) => {
      const answeredAt = now();
      clearTimeout(timer);
      res.resume();
      req.destroy();
      resolve({ status: res.statusCode ?? 0, serverDate: res.headers.date, answeredAt });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end();
  });
}

/**
 * Who acts when a server accepts the connection and stays silent: the bank runs the server; a
 * proxy in between is IT's. The FAQ entry is the symptom the user sees in the browser.
 */
export function silentServerActions(viaProxy: boolean): NextAction[] {
  return [
    { kind: 'contact', actor: 'bank', reason: 'service-silent' },
    ...(viaProxy ? [{ kind: 'contact', actor: 'it', reason: 'proxy' } as const] : []),
    { kind: 'faq', faq: 'Q24' },
  ];
}

/**
 * The result of a check that needs the origin and did not ask it: "skipped because the issuing
 * service did not answer", naming the check that reports the cause. No advice of its own: the
 * cause's check has it, once.
 */
export function skippedForNoAnswer(answer: NoAnswer): CheckResult {
  const cause = causeCheckOf(answer);
  return {
    status: 'not-applicable',
    summary: common(answer.kind === 'silent' ? 'skippedNoAnswer' : 'skippedUnreachable', {
      endpoint: answer.role,
      target: answer.target,
      cause,
    }),
    evidence: {
      skippedBecause: cause,
      origin: answer.target,
      originAnswer: answer.kind === 'silent' ? `silent-${answer.stage}` : `unreachable-${answer.stage}`,
      ...(answer.kind === 'silent' ? { waitedMs: answer.waitedMs } : { errno: answer.errno }),
    },
  };
}

// FAQ Q9, Q21: a PC clock that is off makes valid certificates look expired or not yet valid
// (and the issuer's renewal window look closed). This check compares the HTTP `Date` of the
// issuing service with this PC's clock. Only the issuing service is asked: one trustworthy server
// time is enough, and it is the one whose answers (certificates, renewal windows) the user needs.
// The request is a HEAD over a verified TLS connection (trusted CAs, host name, TLS 1.2+), through
// the same proxy as everything else; it carries no credentials and no cookies.
import { request } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { defineCheck, text, type CheckContext, type CheckResult, type EvidenceValue, type LocalizedText } from '../check';
import {
  attemptTimeout,
  closeQuietly,
  endpointsOf,
  handshake,
  hostPort,
  noEndpointResult,
  openConnection,
  proxyRouteFor,
  routeEvidence,
  type Endpoint,
  type ProxyRoute,
  CONNECT_TIMEOUT_MS,
  ANSWER_TIMEOUT_MS,
} from './net-support';

/** `Date` has one-second resolution and a small network delay: two minutes is comfortably exact. */
export const CLOCK_PASS_SECONDS = 120;
/** Beyond five minutes certificate validity and Kerberos-style checks start to fail. */
export const CLOCK_WARN_SECONDS = 300;

export const clockCheck = defineCheck({
  id: 'clock',
  title: text('PC の時計', "PC's clock"),
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
        summary: text(
          `${hostPort(issuing)} からサーバーの時刻を取得できませんでした`,
          `Could not get the server time from ${hostPort(issuing)}`,
        ),
        evidence: { ...evidence, error: message },
        advice: text(
          'もう一度診断を実行してください。続く場合はネットワークの確認結果をご覧ください。',
          'Run the diagnosis again; if it persists, see the network results.',
        ),
        codes: ['ISSUE-UNREACHABLE'],
      };
    }
    const server = serverDateHeader === undefined ? Number.NaN : Date.parse(serverDateHeader);
    if (Number.isNaN(server)) {
      // Not the user's problem and nothing they can do: reported, not counted as a failure.
      return {
        status: 'not-applicable',
        summary: text(
          'サーバーが時刻 (Date ヘッダー) を返さないため確認できません',
          'The server did not send its time (Date header); not checked',
        ),
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
  const connection = await openConnection(endpoint, proxy, {
    timeoutMs: attemptTimeout(context, CONNECT_TIMEOUT_MS),
    signal,
    trustedCaPem: context.trustedCaPem,
  });
  const socket = await handshake(connection, endpoint, {
    timeoutMs: attemptTimeout(context, ANSWER_TIMEOUT_MS),
    signal,
    trustedCaPem: context.trustedCaPem,
    ca: context.trustedCaPem,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
  });
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

function judge(server: number, local: Date, evidence: Readonly<Record<string, EvidenceValue>>): CheckResult {
  // Positive: this PC's clock is ahead of the server's.
  const offsetSeconds = Math.round((local.getTime() - server) / 1000);
  const abs = Math.abs(offsetSeconds);
  const facts = { ...evidence, offsetSeconds, serverDate: new Date(server).toISOString(), localDate: local.toISOString() };
  const amount = duration(abs);
  const direction = offsetSeconds >= 0 ? text('進んでいます', 'ahead of') : text('遅れています', 'behind');
  const drift = text(
    `PC の時計がサーバーより ${amount.ja} ${direction.ja}`,
    `This PC's clock is ${amount.en} ${direction.en} the server's`,
  );
  if (abs <= CLOCK_PASS_SECONDS) {
    return {
      status: 'pass',
      summary: text(`PC の時計は正確です (差 ${amount.ja})`, `This PC's clock is accurate (off by ${amount.en})`),
      evidence: facts,
    };
  }
  const advice = text(
    'Windows の「設定」→「時刻と言語」→「日付と時刻」で「時刻を自動的に設定する」をオンにし、「今すぐ同期」を押してください。時計がずれていると、有効な電子証明書が期限切れ、またはまだ有効でないと判断されます (FAQ Q9, Q21)。',
    'In Windows Settings > Time & language > Date & time, turn on "Set time automatically" and press "Sync now". A wrong clock makes valid certificates look expired or not yet valid (FAQ Q9, Q21).',
  );
  if (abs <= CLOCK_WARN_SECONDS) {
    return { status: 'warn', summary: drift, evidence: facts, advice, codes: ['DIAG-CLOCK-SKEW'] };
  }
  return { status: 'fail', summary: drift, evidence: facts, advice, codes: ['DIAG-CLOCK-SKEW'] };
}

function duration(seconds: number): LocalizedText {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return text(`${h} 時間 ${m} 分`, `${h} h ${m} min`);
  if (m > 0) return text(`${m} 分 ${s} 秒`, `${m} min ${s} s`);
  return text(`${s} 秒`, `${s} s`);
}

// FAQ Q9, Q21: a PC clock that is off makes valid certificates look expired or not yet valid
// (and the issuer's renewal window look closed). This check compares the HTTP `Date` of the
// issuing service with this PC's clock. Only the issuing service is asked: one trustworthy server
// time is enough, and it is the one whose answers (certificates, renewal windows) the user needs.
// The answer is the run's shared one (origin-answer.ts): a HEAD over a verified TLS connection
// (trusted CAs, host name, TLS 1.2+), through the same proxy as everything else, with no
// credentials and no cookies. A server that does not answer is server-response's finding: here
// the check says it was skipped because of it, without waiting again.
import { defineCheck, type CheckResult, type Evidence } from '../check';
import { checkMessages } from '../messages';
import { hostPort, noEndpointResult, endpointsOf, CONNECT_TIMEOUT_MS, ANSWER_TIMEOUT_MS } from './net-support';
import { isNoAnswer, originAnswer, skippedForNoAnswer } from './origin-answer';

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
  // Waits for the shared answer at most as long as its probe can take (connect, TLS, HTTP).
  timeoutMs: CONNECT_TIMEOUT_MS + 2 * ANSWER_TIMEOUT_MS + 2_000,
  async run(context, signal) {
    const issuing = endpointsOf(context.settings).find((e) => e.role === 'issuing');
    if (!issuing) return noEndpointResult();
    const answer = await originAnswer(context, 'issuing', signal);
    if (!answer) throw new Error('the check was cancelled');
    if (isNoAnswer(answer)) return skippedForNoAnswer(answer);
    const evidence = { endpoint: 'issuing', ...answer.route };
    if (answer.kind === 'tls-refused') {
      // Only without server-certificate in the run (it depends on it): that check explains why.
      return {
        status: 'fail',
        summary: m.summary('noAnswer', { target: hostPort(issuing) }),
        evidence: { ...evidence, error: answer.errno },
        advice: m.advice('noAnswer'),
        codes: ['ISSUE-TLS'],
        actions: [{ kind: 'diagnose' }],
      };
    }
    const server = answer.serverDate === undefined ? Number.NaN : Date.parse(answer.serverDate);
    if (Number.isNaN(server)) {
      // Not the user's problem and nothing they can do: reported, not counted as a failure.
      return {
        status: 'not-applicable',
        summary: m.summary('noDate'),
        evidence: { ...evidence, serverDate: answer.serverDate ?? null, localDate: answer.answeredAt.toISOString() },
      };
    }
    return judge(server, answer.answeredAt, evidence);
  },
});

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

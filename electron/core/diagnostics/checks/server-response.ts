// FAQ Q24: "このページは表示できません" although the address, the connection, TLS and
// the server certificate are all fine: the server (or a proxy or security device in between)
// accepts the connection and never answers. For each endpoint this check reports the run's shared
// verdict (origin-answer.ts): whether an HTTP request over the verified connection got any
// answer. It is the one place a silent server is explained; the checks that need the server
// (clock, revocation, the login) say they were skipped because of it.
import type { NextAction } from '../../../contract/actions';
import { defineCheck, type CheckContext } from '../check';
import { checkMessages, message } from '../messages';
import { endpointPass, forEachEndpoint, CONNECT_TIMEOUT_MS, ANSWER_TIMEOUT_MS, type Endpoint, type EndpointFinding } from './net-support';
import { originAnswer, silentServerActions } from './origin-answer';

const m = checkMessages('server-response');

export const serverResponseCheck = defineCheck({
  id: 'server-response',
  group: 'network',
  faq: ['Q24'],
  platforms: 'all',
  dependsOn: ['server-certificate'],
  // The shared probe's stages one after the other (connect, TLS, HTTP), and room to report.
  timeoutMs: CONNECT_TIMEOUT_MS + 2 * ANSWER_TIMEOUT_MS + 2_000,
  run(context, signal) {
    return forEachEndpoint(context, (endpoint) => judge(context, endpoint, signal));
  },
});

async function judge(context: CheckContext, endpoint: Endpoint, signal: AbortSignal): Promise<EndpointFinding> {
  const answer = await originAnswer(context, endpoint.role, signal);
  if (!answer) throw new Error('the check was cancelled');
  const evidence = { ...answer.route, answer: answer.kind };
  switch (answer.kind) {
    case 'answered':
      return {
        endpoint,
        status: 'pass',
        summary: endpointPass('server-response', 'answered', endpoint.role, { target: answer.target, ms: Math.round(answer.answerMs) }),
        evidence: { ...evidence, httpStatus: answer.status, closedWith: answer.closedWith, answerMs: Math.round(answer.answerMs) },
      };
    case 'silent': {
      const seconds = Math.round(answer.waitedMs / 1000);
      // Silent at TLS is tls-handshake's finding; here only when that check was not part of the run.
      const summary =
        answer.stage === 'http'
          ? m.summary('silent', { target: answer.target, seconds })
          : message('check.tls-handshake.summary.silent', { target: answer.target, seconds });
      return {
        endpoint,
        status: 'fail',
        summary,
        evidence: { ...evidence, stage: answer.stage, waitedMs: answer.waitedMs },
        advice: m.advice('silent'),
        // As the issuing client says it: silent after TLS is the service's, before it the way there.
        codes: [answer.stage === 'http' ? 'ISSUE-NO-ANSWER' : 'ISSUE-TIMEOUT'],
        actions: silentServerActions(answer.viaProxy),
      };
    }
    case 'unreachable':
    case 'tls-refused': {
      // Reported with its cause by network, tls-handshake or server-certificate, on which this check depends.
      const code = answer.errno ?? answer.kind;
      const diagnose: NextAction = { kind: 'diagnose' };
      return {
        endpoint,
        status: 'fail',
        summary: m.summary('notConnected', { target: answer.target, code }),
        evidence: { ...evidence, errno: code },
        advice: m.advice('notConnected'),
        codes: [answer.kind === 'unreachable' ? 'ISSUE-UNREACHABLE' : 'ISSUE-TLS'],
        actions: [diagnose],
      };
    }
  }
}

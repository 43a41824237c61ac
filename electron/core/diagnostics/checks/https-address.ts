// FAQ Q18(1), Q19(2): a certificate can neither be issued nor used over http://. Both configured
// addresses (issuing service and login page) must be https://; this check needs no network, and
// every other network check depends on it.
import type { NextAction } from '../../../contract/actions';
import { defineCheck, type Evidence } from '../check';
import { checkMessages } from '../messages';
import { combineFindings, configuredAddresses, displayUrl, endpointPass, type EndpointFinding, type EndpointRole } from './net-support';

/** Long enough to recognise a mistyped address, short enough for a report line. */
const MAX_SHOWN_CHARS = 200;
const m = checkMessages('https-address');
/** The addresses come with the build or from IT's configuration (CJS_CONFIG), not from the user. */
const ASK_IT: NextAction = { kind: 'contact', actor: 'it', reason: 'address' };

export const httpsAddressCheck = defineCheck({
  id: 'https-address',
  group: 'network',
  faq: ['Q18(1)', 'Q19(2)'],
  platforms: 'all',
  run(context) {
    const findings = configuredAddresses(context.settings).map(({ role, raw }) => examine(role, raw));
    return Promise.resolve(combineFindings(findings));
  },
});

function examine(role: EndpointRole, raw: string): EndpointFinding {
  const endpoint = { role };
  const fail = (
    summary: ReturnType<typeof m.summary>,
    advice: ReturnType<typeof m.advice>,
    evidence: Record<string, Evidence>,
    code: string,
  ): EndpointFinding => ({ endpoint, status: 'fail', summary, evidence, advice, codes: [code], actions: [ASK_IT] });
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    const shown = raw.length > MAX_SHOWN_CHARS ? `${raw.slice(0, MAX_SHOWN_CHARS)}…` : raw;
    return fail(m.summary('unparsable', { shown }), m.advice('unparsable', { role }), { configured: shown, scheme: null }, 'ISSUE-BAD-URL');
  }
  const evidence: Record<string, Evidence> = { url: displayUrl(url), scheme: url.protocol.replace(/:$/, '') };
  if (url.username !== '' || url.password !== '') {
    // A password in an address ends up in logs and reports: refused, and never shown.
    return fail(m.summary('credentials'), m.advice('credentials', { role }), { ...evidence, hasCredentials: true }, 'ISSUE-BAD-URL');
  }
  if (url.protocol === 'http:') {
    const https = new URL(displayUrl(url));
    https.protocol = 'https:';
    return fail(m.summary('http', { url: displayUrl(url) }), m.advice('http', { role, https: https.href }), evidence, 'ISSUE-HTTP-URL');
  }
  if (url.protocol !== 'https:' || url.hostname === '') {
    return fail(m.summary('notHttps', { url: displayUrl(url) }), m.advice('notHttps', { role }), evidence, 'ISSUE-BAD-URL');
  }
  return { endpoint, status: 'pass', summary: endpointPass('https-address', 'ok', role, { host: url.host }), evidence };
}

// FAQ Q18(1), Q19(2): a certificate can neither be issued nor used over http://. Both configured
// addresses (issuing service and login page) must be https://; this check needs no network, and
// every other network check depends on it.
import { defineCheck, text, type EvidenceValue } from '../check';
import { configuredAddresses, displayUrl, ROLE_LABEL, combineFindings, type EndpointFinding, type EndpointRole } from './net-support';

/** Long enough to recognise a mistyped address, short enough for a report line. */
const MAX_SHOWN_CHARS = 200;

export const httpsAddressCheck = defineCheck({
  id: 'https-address',
  title: text('https アドレス', 'https address'),
  faq: ['Q18(1)', 'Q19(2)'],
  platforms: 'all',
  run(context) {
    const findings = configuredAddresses(context.settings).map(({ role, raw }) => examine(role, raw));
    return Promise.resolve(combineFindings(findings));
  },
});

function examine(role: EndpointRole, raw: string): EndpointFinding {
  const endpoint = { role };
  const label = ROLE_LABEL[role];
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    const shown = raw.length > MAX_SHOWN_CHARS ? `${raw.slice(0, MAX_SHOWN_CHARS)}…` : raw;
    return {
      endpoint,
      status: 'fail',
      summary: text(`アドレスを解釈できません: "${shown}"`, `The address cannot be parsed: "${shown}"`),
      evidence: { configured: shown, scheme: null },
      advice: text(
        `${label.ja}のアドレスを「https://」で始まる正しい形 (例: https://www.cjs-rokin.jp/) に直してください。`,
        `Correct the ${label.en} address to a full address starting with "https://" (e.g. https://www.cjs-rokin.jp/).`,
      ),
      codes: ['ISSUE-BAD-URL'],
    };
  }
  const evidence: Record<string, EvidenceValue> = { url: displayUrl(url), scheme: url.protocol.replace(/:$/, '') };
  if (url.username !== '' || url.password !== '') {
    // A password in an address ends up in logs and reports: refused, and never shown.
    return {
      endpoint,
      status: 'fail',
      summary: text('アドレスにユーザー名やパスワードが含まれています', 'The address contains a user name or password'),
      evidence: { ...evidence, hasCredentials: true },
      advice: text(
        `${label.ja}のアドレスから「ユーザー名:パスワード@」の部分を削除してください。ログイン ID とパスワードはアドレスに書きません。`,
        `Remove the "user:password@" part from the ${label.en} address; login IDs and passwords never go into an address.`,
      ),
      codes: ['ISSUE-BAD-URL'],
    };
  }
  if (url.protocol === 'http:') {
    const https = new URL(evidence.url as string);
    https.protocol = 'https:';
    return {
      endpoint,
      status: 'fail',
      summary: text(`アドレスが「http://」になっています: ${displayUrl(url)}`, `The address starts with "http://": ${displayUrl(url)}`),
      evidence,
      advice: text(
        `http:// では電子証明書の発行も利用もできません。${label.ja}のアドレスを「https://」で始まるもの (例: ${https.href}) に変更してください。`,
        `Certificates can be neither issued nor used over http://. Change the ${label.en} address to one starting with "https://" (e.g. ${https.href}).`,
      ),
      codes: ['ISSUE-HTTP-URL'],
    };
  }
  if (url.protocol !== 'https:' || url.hostname === '') {
    return {
      endpoint,
      status: 'fail',
      summary: text(`https:// のアドレスではありません: ${displayUrl(url)}`, `Not an https:// address: ${displayUrl(url)}`),
      evidence,
      advice: text(
        `${label.ja}のアドレスを「https://」で始まる正しい形に直してください。`,
        `Correct the ${label.en} address to one starting with "https://".`,
      ),
      codes: ['ISSUE-BAD-URL'],
    };
  }
  return { endpoint, status: 'pass', summary: text(`https:// です (${url.host})`, `https:// (${url.host})`), evidence };
}

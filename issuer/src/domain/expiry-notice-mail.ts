// The P5 expiry notice as an RFC 5322 message (.eml): Japanese text, UTF-8, 7-bit safe on the
// wire (RFC 2047 encoded-words in the header, base64 body), CRLF line ends.
import { DAY_MS } from './enrollment-policy';

export interface ExpiryNotice {
  readonly to: string;
  readonly loginId: string;
  readonly serialNumber: string;
  readonly notAfter: Date;
  readonly renewalWindowDays: number;
  readonly now: Date;
}

const FROM = 'CJS Reference Issuer <no-reply@cjs-issuer.invalid>';
const CRLF = '\r\n';

export function composeExpiryNotice(notice: ExpiryNotice): string {
  const expiry = japaneseDateTime(notice.notAfter);
  const daysLeft = Math.max(0, Math.ceil((notice.notAfter.getTime() - notice.now.getTime()) / DAY_MS));
  const subject = `【ろうきん】電子証明書の有効期限が近づいています（${japaneseDate(notice.notAfter)}まで）`;
  const body = [
    `${notice.loginId} 様`,
    '',
    'ろうきん賃金控除事務支援システムでご利用の電子証明書の有効期限が近づいています。',
    '',
    `  ログインID: ${notice.loginId}`,
    `  シリアル番号: ${notice.serialNumber}`,
    `  有効期限: ${expiry}（日本時間、残り${daysLeft}日）`,
    '',
    `有効期限の${notice.renewalWindowDays}日前から有効期限までの間に、証明書アシスタントの「更新」で新しい証明書を取得してください。`,
    '有効期限を過ぎた証明書ではログインできません。その場合は、ログインIDとパスワードで新しい証明書を取得してください。',
    '',
    '※このメールは送信専用です。ご返信いただいてもお答えできません。',
    '',
  ].join(CRLF);

  const header = [
    `From: ${FROM}`,
    `To: ${notice.to}`,
    `Subject: ${encodeHeaderText(subject)}`,
    `Date: ${rfc5322Date(notice.now)}`,
    // Stable per certificate: a rewritten notice is recognisably the same message.
    `Message-ID: <expiry-${notice.serialNumber}@cjs-issuer.invalid>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
  ].join(CRLF);
  return `${header}${CRLF}${CRLF}${base64Lines(Buffer.from(body, 'utf8'))}`;
}

// 36 bytes make 48 base64 characters, a 60-character word: even after "Subject: " the line
// stays within the 78 characters RFC 5322 recommends.
const WORD_BYTES = 36;

/**
 * RFC 2047 B encoded-words, folded. Each word stays within 75 characters and is cut between
 * characters, never inside a UTF-8 sequence, as the RFC requires.
 */
export function encodeHeaderText(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).map((line) => line + CRLF).join('');
}

/** `Tue, 01 Jul 2025 00:00:00 +0000`: RFC 5322 section 3.3 with a numeric zone. */
function rfc5322Date(d: Date): string {
  return d.toUTCString().replace(/GMT$/, '+0000');
}

function japaneseDate(d: Date): string {
  return new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long' }).format(d);
}

function japaneseDateTime(d: Date): string {
  return new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long', timeStyle: 'short' }).format(d);
}

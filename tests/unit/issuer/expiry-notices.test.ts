import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPair, readCertificate, type KeyPair, type SigningAuthority } from '../../../electron/core/pki';
import { composeExpiryNotice, encodeHeaderText } from '../../../issuer/src/domain/expiry-notice-mail';
import { START, csrFor, inspectDatabase, makeAuthority, openTestService, type TestService } from './issuer-fixture';

let authority: SigningAuthority;
let keyA: KeyPair;
let keyB: KeyPair;
let t: TestService;

beforeAll(async () => {
  [authority, keyA, keyB] = await Promise.all([makeAuthority(), generateKeyPair('ecdsa-p256'), generateKeyPair('ecdsa-p256')]);
});
afterEach(() => t.dispose());

/** Header fields (RFC 2047 words decoded) and the decoded body of an .eml text. */
function readMail(eml: string): { headers: Record<string, string>; body: string } {
  const [head = '', encodedBody = ''] = eml.split('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const field of head.split(/\r\n(?![ \t])/)) {
    const [name = '', ...rest] = field.split(':');
    headers[name] = rest
      .join(':')
      .trim()
      .replace(/\r\n[ \t]/g, ' ')
      .replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/g, (_m, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
  }
  return { headers, body: Buffer.from(encodedBody, 'base64').toString('utf8') };
}

describe('recordExpiryNotices (P5)', () => {
  beforeEach(async () => {
    // 10-day certificates are inside the 30-day notice window from the moment they are issued.
    t = await openTestService(authority, { policy: { validityDays: 10 } });
  });

  it('writes one Japanese .eml and one row per expiring certificate, once', async () => {
    const result = await t.service.enroll(await t.login('user01'), await csrFor(keyA, 'user01'));
    const serial = readCertificate(result.certificate).serialNumber;

    expect(t.service.recordExpiryNotices()).toBe(1);
    expect(t.service.recordExpiryNotices()).toBe(0);
    t.clock.advanceDays(1);
    expect(t.service.recordExpiryNotices()).toBe(0);

    const outbox = join(t.dataDir, 'outbox');
    expect(await readdir(outbox)).toEqual([`expiry-${serial}.eml`]);
    const eml = await readFile(join(outbox, `expiry-${serial}.eml`), 'utf8');
    expect(eml).toMatch(/^[\x20-\x7e\r\n]*$/);
    expect(eml.split('\r\n').every((line) => line.length <= 78)).toBe(true);

    const { headers, body } = readMail(eml);
    expect(headers.To).toBe('user01@example.jp');
    expect(headers['Content-Type']).toBe('text/plain; charset=UTF-8');
    expect(headers.Subject).toContain('電子証明書の有効期限が近づいています');
    expect(headers.Subject).toContain('2026年4月11日');
    expect(body).toContain('user01 様');
    expect(body).toContain(serial);
    expect(body).toContain('30日前から');

    const rows = inspectDatabase(t.dataDir, (db) => db.prepare('SELECT serial, recipient, notified_at FROM expiry_notices').all());
    expect(rows).toEqual([{ serial, recipient: 'user01@example.jp', notified_at: START.toISOString() }]);
  });

  it('a renewed certificate gets its own notice; revoked and expired ones get none', async () => {
    await t.service.enroll(await t.login('user01'), await csrFor(keyA, 'user01'));
    await t.service.enroll(await t.login('user02'), await csrFor(keyB, 'user02'));
    t.service.operatorRevoke('user02', 'unspecified');
    expect(t.service.recordExpiryNotices()).toBe(1);

    t.clock.advanceDays(5);
    await t.service.reenroll(await t.login('user01'), await csrFor(keyB, 'user01'));
    expect(t.service.recordExpiryNotices()).toBe(1);

    t.clock.advanceDays(30);
    expect(t.service.recordExpiryNotices()).toBe(0);
  });
});

describe('outside the window', () => {
  it('a fresh 366-day certificate is not notified until 30 days before expiry', async () => {
    t = await openTestService(authority);
    await t.service.enroll(await t.login('user01'), await csrFor(keyA, 'user01'));
    expect(t.service.recordExpiryNotices()).toBe(0);
    t.clock.advanceDays(335);
    expect(t.service.recordExpiryNotices()).toBe(0);
    t.clock.advanceDays(2);
    expect(t.service.recordExpiryNotices()).toBe(1);
  });
});

describe('the message', () => {
  it('encodes a long Japanese subject as RFC 2047 words of at most 75 characters, cut between characters', () => {
    const text = '【ろうきん】電子証明書の有効期限が近づいています（2027年4月2日まで）';
    const encoded = encodeHeaderText(text);
    const words = encoded.split('\r\n ');
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) {
      expect(word.length).toBeLessThanOrEqual(75);
      expect(Buffer.from(word.slice(10, -2), 'base64').toString('utf8')).not.toContain('\ufffd');
    }
    expect(words.map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8')).join('')).toBe(text);
  });

  it('dates the message with an RFC 5322 date and gives the expiry in Japan time', () => {
    const eml = composeExpiryNotice({
      to: 'a@example.jp',
      loginId: 'a01',
      serialNumber: 'AB',
      notAfter: new Date('2026-04-30T15:30:00Z'),
      renewalWindowDays: 30,
      now: START,
    });
    const { headers, body } = readMail(eml);
    expect(headers.Date).toBe('Wed, 01 Apr 2026 00:00:00 +0000');
    expect(body).toContain('2026年5月1日 0:30');
    expect(body).toContain('残り30日');
  });
});

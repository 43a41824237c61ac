// What the EST client decides before any network traffic: the address and the credentials.
import { describe, expect, it } from 'vitest';
import { EstClient, IssuingError } from '../../../electron/core/issuing';

function refusal(fn: () => unknown): IssuingError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IssuingError);
    return e as IssuingError;
  }
  throw new Error('expected a refusal');
}

describe('EstClient construction', () => {
  it('refuses http:// with ISSUE-HTTP-URL and the FAQ reference Q18(1)', () => {
    const e = refusal(() => new EstClient({ baseUrl: 'http://www.cjs-rokin.jp' }));
    expect(e.code).toBe('ISSUE-HTTP-URL');
    expect(e.faq).toContain('Q18(1)');
  });

  it('refuses every other non-https scheme the same way', () => {
    for (const baseUrl of ['HTTP://127.0.0.1:8443', 'ftp://example.jp', 'file:///etc/passwd']) {
      expect(refusal(() => new EstClient({ baseUrl })).code).toBe('ISSUE-HTTP-URL');
    }
  });

  it('refuses unparsable addresses and addresses with a password, without echoing them', () => {
    expect(refusal(() => new EstClient({ baseUrl: 'www.cjs-rokin.jp' })).code).toBe('ISSUE-BAD-URL');
    const e = refusal(() => new EstClient({ baseUrl: 'https://user01:s3cret@example.jp' }));
    expect(e.code).toBe('ISSUE-BAD-URL');
    expect(e.message).not.toContain('s3cret');
  });

  it('normalises the EST base, with or without /.well-known/est', () => {
    expect(new EstClient({ baseUrl: 'https://est.example.jp' }).estBaseUrl).toBe('https://est.example.jp/.well-known/est/');
    expect(new EstClient({ baseUrl: 'https://est.example.jp/ca/.well-known/est' }).estBaseUrl).toBe(
      'https://est.example.jp/ca/.well-known/est/',
    );
    expect(new EstClient({ baseUrl: 'https://est.example.jp/ca/' }).estBaseUrl).toBe('https://est.example.jp/ca/.well-known/est/');
  });
});

describe('EstClient credentials', () => {
  it('refuses a login ID with ":" or control characters before connecting, never echoing the password', async () => {
    // Port 9 on loopback: nothing is contacted, the refusal comes first.
    const client = new EstClient({ baseUrl: 'https://127.0.0.1:9', timeoutMs: 500 });
    for (const credentials of [
      { loginId: 'user:01', password: 'pw-secret' },
      { loginId: 'user01', password: 'pw\nsecret' },
      { loginId: '', password: 'pw-secret' },
    ]) {
      const e = await client.simpleEnroll(Buffer.from([0x30, 0x00]), credentials).then(
        () => undefined,
        (err: unknown) => err as IssuingError,
      );
      expect(e?.code).toBe('ISSUE-BAD-CREDENTIALS');
      expect(e?.message).not.toContain('secret');
    }
  });
});

// HTTP Digest, the client's answer (RFC 7616) and the WWW-Authenticate parsing it starts from:
// the RFCs' own worked examples, the choice among several challenges, and what is refused.
import { describe, expect, it } from 'vitest';
import { parseChallenges } from '../../../electron/core/issuing/auth-challenge';
import { digestAuthorization, digestChallengeOf, strongestDigest } from '../../../electron/core/issuing/digest-auth';

/** RFC 7616 §3.9.1's challenge, with the algorithm of the test. */
const rfc7616 = (algorithm: string) =>
  `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, ` +
  `nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`;
const MUFASA = { username: 'Mufasa', password: 'Circle of Life' };
const GET_INDEX = { method: 'GET', uri: '/dir/index.html' };
const RFC7616_CNONCE = { cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ', nc: 1 };

function fields(authorization: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of authorization.matchAll(/([\w*-]+)=(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) out[m[1]!] = m[2] ?? m[3]!;
  return out;
}

function answer(field: string, credentials = MUFASA, request: { method: string; uri: string; body?: string } = GET_INDEX) {
  const challenge = strongestDigest(parseChallenges(field));
  if (!challenge) throw new Error('no supported challenge');
  return digestAuthorization(challenge, request, credentials, RFC7616_CNONCE);
}

describe('the Digest answer (RFC 7616 §3.4)', () => {
  it('matches RFC 7616 §3.9.1 for MD5 and SHA-256', () => {
    const md5 = fields(answer(rfc7616('MD5')));
    expect(md5.response).toBe('8ca523f5e9506fed4657c9700eebdbec');
    const sha256 = answer(rfc7616('SHA-256'));
    expect(sha256.startsWith('Digest ')).toBe(true);
    expect(fields(sha256)).toMatchObject({
      username: 'Mufasa',
      realm: 'http-auth@example.org',
      uri: '/dir/index.html',
      algorithm: 'SHA-256',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      nc: '00000001',
      cnonce: RFC7616_CNONCE.cnonce,
      qop: 'auth',
      response: '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
      opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
    });
  });

  it('matches RFC 2617 §3.5 (MD5, no algorithm named, the realm with an @)', () => {
    const field =
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';
    const challenge = strongestDigest(parseChallenges(field))!;
    const result = digestAuthorization(
      challenge,
      GET_INDEX,
      { username: 'Mufasa', password: 'Circle Of Life' },
      { cnonce: '0a4f113b', nc: 1 },
    );
    expect(fields(result)).toMatchObject({ response: '6629fae49393a05397450978507c4ef1', algorithm: 'MD5' });
  });

  it('takes the strongest of several challenges, whatever their order, and answers -sess and userhash', () => {
    const offered = `Digest realm="r", qop="auth", algorithm=MD5, nonce="n1", ${rfc7616('SHA-256-sess')}, Basic realm="b"`;
    const challenge = strongestDigest(parseChallenges(offered))!;
    expect(challenge).toMatchObject({ algorithm: 'SHA-256', session: true, realm: 'http-auth@example.org' });
    expect(fields(digestAuthorization(challenge, GET_INDEX, MUFASA)).algorithm).toBe('SHA-256-sess');
    const hashed = fields(answer(`${rfc7616('SHA-256')}, userhash=true`));
    // H(username ":" realm), RFC 7616 §3.4.4; the name itself is not sent.
    expect(hashed.username).toMatch(/^[0-9a-f]{64}$/);
    expect(hashed.userhash).toBe('true');
  });

  it('answers qop=auth-int over the body only when it is the only qop offered', () => {
    const intOnly = fields(answer(rfc7616('SHA-256').replace('"auth, auth-int"', '"auth-int"'), MUFASA, { ...GET_INDEX, body: 'x' }));
    expect(intOnly.qop).toBe('auth-int');
    expect(fields(answer(rfc7616('SHA-256'))).qop).toBe('auth');
  });

  it('never puts the password in the answer, and a fresh client nonce in each', () => {
    const challenge = strongestDigest(parseChallenges(rfc7616('MD5')))!;
    const credentials = { username: 'user01', password: 'pw-Secret-1234' };
    const one = digestAuthorization(challenge, GET_INDEX, credentials);
    const two = digestAuthorization(challenge, GET_INDEX, credentials);
    for (const text of [one, two]) expect(text).not.toContain('pw-Secret-1234');
    expect(fields(one).cnonce).not.toBe(fields(two).cnonce);
  });

  it('escapes quotes in the login ID and sends a non-ASCII one in the RFC 8187 form', () => {
    expect(answer(rfc7616('MD5'), { username: 'a"b\\c', password: 'p' })).toContain('username="a\\"b\\\\c"');
    expect(answer(rfc7616('MD5'), { username: 'ユーザ', password: 'p' })).toContain("username*=UTF-8''%E3%83%A6%E3%83%BC%E3%82%B6");
  });

  it('does not answer what it cannot: no qop (RFC 2069), an unknown algorithm, no nonce, another scheme', () => {
    for (const field of [
      'Digest realm="r", nonce="n"',
      'Digest realm="r", nonce="n", qop="auth", algorithm=SHA-1',
      'Digest realm="r", qop="auth"',
      'Negotiate',
      'Basic realm="r"',
    ]) {
      expect(parseChallenges(field).map(digestChallengeOf), field).toEqual([undefined]);
    }
  });

  it('reads stale=true in any case', () => {
    expect(strongestDigest(parseChallenges(`${rfc7616('MD5')}, stale=TRUE`))?.stale).toBe(true);
    expect(strongestDigest(parseChallenges(rfc7616('MD5')))?.stale).toBe(false);
  });
});

describe('WWW-Authenticate parsing (RFC 9110 §11.6.1)', () => {
  it('splits one field into its challenges: a name followed by "=" is a parameter, any other starts a challenge', () => {
    const parsed = parseChallenges('Basic realm="a, b", Digest realm="x", nonce=abc, qop="auth", Negotiate YIIB+/9==, NTLM');
    expect(parsed.map((c) => c.scheme)).toEqual(['basic', 'digest', 'negotiate', 'ntlm']);
    expect(parsed[0]!.params.get('realm')).toBe('a, b');
    expect(Object.fromEntries(parsed[1]!.params)).toEqual({ realm: 'x', nonce: 'abc', qop: 'auth' });
    expect(parsed[2]!.token68).toBe('YIIB+/9==');
  });

  it('undoes quoted-pairs, tolerates spaces around "=" and empty list members, keeps the first of a repeated name', () => {
    const [c] = parseChallenges(' , DIGEST  Realm = "a\\"b" ,, realm="second", nonce="n"');
    expect(c!.scheme).toBe('digest');
    expect(c!.params.get('realm')).toBe('a"b');
    expect(c!.params.get('nonce')).toBe('n');
  });

  it('stops at a malformed part, keeping the challenges before it', () => {
    expect(parseChallenges('Basic realm="a", Digest realm="never closed').map((c) => c.scheme)).toEqual(['basic']);
    expect(parseChallenges('')).toEqual([]);
    expect(parseChallenges(undefined)).toEqual([]);
  });
});

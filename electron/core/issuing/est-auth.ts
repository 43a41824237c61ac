// Login to an EST server with the login ID and password (RFC 7030 §3.2.3: Basic and Digest).
//
// Basic goes first, without waiting for a challenge: the reference issuer takes it, and the
// password travels only inside a TLS connection whose server certificate was verified (and whose
// CA is pinned), which is what §3.2.3 requires of Basic. A server that wants Digest answers that
// attempt with a 401 and a Digest challenge; it is answered once, and once more only when the
// server says the nonce was stale (the password was right). Nothing falls back: after a Digest
// answer the 401 stands, and a server that offered only Digest is never sent Basic again. A 401
// that offers Digest in a form this client cannot answer, and no Basic, is ISSUE-AUTH-SCHEME
// (the password may well be right); any other 401 is the caller's to map (a wrong password).
import { parseChallenges, type AuthChallenge } from './auth-challenge';
import { digestAuthorization, strongestDigest, type DigestRequest } from './digest-auth';
import { IssuingError } from './errors';
import type { EstAnswer } from './est-answer';

export interface EstCredentials {
  readonly loginId: string;
  readonly password: string;
}

/** One HTTP exchange of the same request, with this Authorization value. */
export type AuthorizedSend = (authorization: string) => Promise<EstAnswer>;

/** The answer to the request, sent with Basic and then, if the server challenges so, with Digest. */
export async function sendWithLogin(send: AuthorizedSend, request: DigestRequest, credentials: EstCredentials): Promise<EstAnswer> {
  const first = await send(basicAuthorization(credentials));
  if (first.status !== 401) return first;
  const offered = challengesOf(first);
  const digest = strongestDigest(offered);
  if (!digest) {
    if (offered.length > 0 && !offered.some((c) => c.scheme === 'basic')) throw unsupported(offered);
    return first;
  }
  const login = { username: credentials.loginId, password: credentials.password };
  const answer = await send(digestAuthorization(digest, request, login));
  if (answer.status !== 401) return answer;
  const renewed = strongestDigest(challengesOf(answer));
  // RFC 7616 §3.3: stale means the nonce expired while the digest was right; retry without asking the user.
  return renewed?.stale ? send(digestAuthorization(renewed, request, login)) : answer;
}

/** RFC 7617 with UTF-8: the login ID may not contain ':'; neither part may hold control characters. */
export function basicAuthorization({ loginId, password }: EstCredentials): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  const control = /[\u0000-\u001f\u007f]/;
  if (loginId === '' || loginId.includes(':') || control.test(loginId) || control.test(password)) {
    throw new IssuingError(
      'ISSUE-BAD-CREDENTIALS',
      'the login ID or password contains characters that cannot be sent (":" in the ID, or control characters)',
    );
  }
  return `Basic ${Buffer.from(`${loginId}:${password}`, 'utf8').toString('base64')}`;
}

function challengesOf(answer: EstAnswer): AuthChallenge[] {
  return parseChallenges(answer.headers['www-authenticate']);
}

function unsupported(offered: readonly AuthChallenge[]): IssuingError {
  const described = offered
    .slice(0, 5)
    .map((c) =>
      c.scheme === 'digest' ? `digest (algorithm ${c.params.get('algorithm') ?? 'MD5'}, qop ${c.params.get('qop') ?? 'none'})` : c.scheme,
    )
    .map((text) => text.slice(0, 100));
  return new IssuingError(
    'ISSUE-AUTH-SCHEME',
    `the issuing service asks for a login method this client does not support: ${described.join('; ')}`,
    {
      status: 401,
    },
  );
}

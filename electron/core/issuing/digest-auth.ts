// HTTP Digest authentication, the client's side (RFC 7616), which RFC 7030 §3.2.3 asks EST
// clients to support beside Basic: from a server's Digest challenge and the login ID and
// password, the Authorization value that proves the password without sending it. Supported:
// MD5, SHA-256 and SHA-512-256, each also as -sess; qop auth (auth-int when it is the only one
// offered: the body is at hand); userhash; opaque echoed. A challenge without qop (RFC 2069's
// compatibility form, without a client nonce) is not answered: RFC 7616 requires qop.
// The result holds only hashes of the password; neither it nor any error here holds the password.
import { createHash, randomBytes } from 'node:crypto';
import type { AuthChallenge } from './auth-challenge';

/** RFC 7616 §6.1 names, strongest first: the order in which offered challenges are preferred. */
const ALGORITHMS = ['SHA-512-256', 'SHA-256', 'MD5'] as const;
type BaseAlgorithm = (typeof ALGORITHMS)[number];
const NODE_HASH: Readonly<Record<BaseAlgorithm, string>> = { 'SHA-512-256': 'sha512-256', 'SHA-256': 'sha256', MD5: 'md5' };

export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque: string | undefined;
  readonly algorithm: BaseAlgorithm;
  /** The -sess variant: A1 mixes in the nonces (RFC 7616 §3.4.2). */
  readonly session: boolean;
  readonly qop: 'auth' | 'auth-int';
  /** The previous answer's nonce had expired, the password was right (RFC 7616 §3.3). */
  readonly stale: boolean;
  /** The server wants the login ID hashed (RFC 7616 §3.4.4). */
  readonly userhash: boolean;
}

export interface DigestRequest {
  readonly method: string;
  /** The request-target as sent: path and query. */
  readonly uri: string;
  /** The body, for qop=auth-int. */
  readonly body?: string | Buffer | undefined;
}

export interface DigestCredentials {
  readonly username: string;
  readonly password: string;
}

/** The challenge as this client can answer it; undefined when it is not Digest or asks for what is not supported. */
export function digestChallengeOf(challenge: AuthChallenge): DigestChallenge | undefined {
  if (challenge.scheme !== 'digest') return undefined;
  const { params } = challenge;
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  const algorithm = parseAlgorithm(params.get('algorithm') ?? 'MD5');
  const qop = chooseQop(params.get('qop'));
  if (realm === undefined || !nonce || !algorithm || !qop) return undefined;
  return {
    realm,
    nonce,
    opaque: params.get('opaque'),
    ...algorithm,
    qop,
    stale: params.get('stale')?.toLowerCase() === 'true',
    userhash: params.get('userhash')?.toLowerCase() === 'true',
  };
}

/** Of the server's challenges, the Digest one with the strongest algorithm this client supports. */
export function strongestDigest(challenges: readonly AuthChallenge[]): DigestChallenge | undefined {
  const digests = challenges.map(digestChallengeOf).filter((c) => c !== undefined);
  return digests.sort((a, b) => ALGORITHMS.indexOf(a.algorithm) - ALGORITHMS.indexOf(b.algorithm))[0];
}

/**
 * The `Authorization` value answering `challenge` (RFC 7616 §3.4). `fixed` replaces the random
 * client nonce and the count, for the RFC's worked examples; a real request leaves it out.
 */
export function digestAuthorization(
  challenge: DigestChallenge,
  request: DigestRequest,
  credentials: DigestCredentials,
  fixed?: { readonly cnonce: string; readonly nc: number },
): string {
  const h = (data: string | Buffer): string => createHash(NODE_HASH[challenge.algorithm]).update(data).digest('hex');
  const cnonce = fixed?.cnonce ?? randomBytes(18).toString('base64url');
  // Each challenge is answered once (a new nonce comes with every 401), so the count is 1.
  const nc = (fixed?.nc ?? 1).toString(16).padStart(8, '0');
  const { realm, nonce, qop } = challenge;
  const secret = h(`${credentials.username}:${realm}:${credentials.password}`);
  const ha1 = challenge.session ? h(`${secret}:${nonce}:${cnonce}`) : secret;
  const a2 = qop === 'auth-int' ? `${request.method}:${request.uri}:${h(request.body ?? '')}` : `${request.method}:${request.uri}`;
  const response = h(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${h(a2)}`);
  const fields = [
    userField(challenge, credentials.username, h),
    `realm=${quoted(realm)}`,
    `uri=${quoted(request.uri)}`,
    `algorithm=${challenge.algorithm}${challenge.session ? '-sess' : ''}`,
    `nonce=${quoted(nonce)}`,
    `nc=${nc}`,
    `cnonce=${quoted(cnonce)}`,
    `qop=${qop}`,
    `response=${quoted(response)}`,
    ...(challenge.opaque !== undefined ? [`opaque=${quoted(challenge.opaque)}`] : []),
    ...(challenge.userhash ? ['userhash=true'] : []),
  ];
  return `Digest ${fields.join(', ')}`;
}

function parseAlgorithm(name: string): { algorithm: BaseAlgorithm; session: boolean } | undefined {
  const upper = name.toUpperCase();
  const session = upper.endsWith('-SESS');
  const base = session ? upper.slice(0, -'-SESS'.length) : upper;
  const algorithm = ALGORITHMS.find((a) => a === base);
  return algorithm ? { algorithm, session } : undefined;
}

/** `auth` where offered (TLS already protects the body), `auth-int` where it is all there is. */
function chooseQop(offered: string | undefined): 'auth' | 'auth-int' | undefined {
  const options = (offered ?? '').split(',').map((q) => q.trim().toLowerCase());
  if (options.includes('auth')) return 'auth';
  return options.includes('auth-int') ? 'auth-int' : undefined;
}

/**
 * The login ID as RFC 7616 §3.4 wants it: hashed with the realm when the server asks
 * (userhash), a quoted string when it is ASCII, else the RFC 8187 extended form.
 */
function userField(challenge: DigestChallenge, username: string, h: (data: string) => string): string {
  if (challenge.userhash) return `username=${quoted(h(`${username}:${challenge.realm}`))}`;
  // Printable ASCII only (control characters were refused before anything was sent).
  if (/^[\x20-\x7e]*$/.test(username)) return `username=${quoted(username)}`;
  // RFC 8187 attr-char leaves fewer characters bare than encodeURIComponent does.
  const encoded = encodeURIComponent(username).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `username*=UTF-8''${encoded}`;
}

/** A quoted-string (RFC 9110 §5.6.4): quotes and backslashes escaped. */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

// The server's side of HTTP Digest (RFC 7616), for test servers that log users in as a standard
// EST server may: challenges for the algorithms the test chooses, nonces it issues and expires,
// and the check of a client's Authorization. Written from the RFC apart from the client's
// digest-auth.ts (its own parsing and hashing), so the two are not the same mistake twice;
// cross-checked once against curl --digest (MD5 and SHA-256).
import { createHash, randomBytes } from 'node:crypto';

export type ServerDigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess' | 'SHA-512-256';

export interface DigestServerOptions {
  readonly realm: string;
  /** One challenge per algorithm, in this order (RFC 7616 §3.7: the preferred first). */
  readonly algorithms: readonly ServerDigestAlgorithm[];
  readonly qop?: string;
  readonly users: Readonly<Record<string, string>>;
  /** The first correct answer is told its nonce went stale: the client must retry once with a new one. */
  readonly staleOnce?: boolean;
}

export type DigestVerdict = 'ok' | 'stale' | 'wrong' | 'not-digest';

const NODE_HASH: Readonly<Record<string, string>> = { MD5: 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };

export class DigestServer {
  private readonly live = new Set<string>();
  private staled = false;

  constructor(private readonly options: DigestServerOptions) {}

  /** The WWW-Authenticate values of a 401: one per algorithm, with a new nonce. */
  challenges(stale = false): string[] {
    const nonce = randomBytes(24).toString('base64');
    this.live.add(nonce);
    const qop = this.options.qop ?? 'auth';
    return this.options.algorithms.map(
      (algorithm) =>
        `Digest realm="${this.options.realm}", qop="${qop}", algorithm=${algorithm}, nonce="${nonce}", opaque="opaque-${nonce.slice(0, 8)}"${stale ? ', stale=true' : ''}`,
    );
  }

  verify(method: string, authorization: string | undefined, body: Buffer): DigestVerdict {
    if (!authorization?.startsWith('Digest ')) return 'not-digest';
    const p = authParams(authorization.slice('Digest '.length));
    const password = this.options.users[p.username ?? ''];
    const algorithm = p.algorithm ?? 'MD5';
    const base = algorithm.replace(/-sess$/, '');
    const hashName = NODE_HASH[base];
    if (password === undefined || !hashName || !this.options.algorithms.includes(algorithm as ServerDigestAlgorithm)) return 'wrong';
    if (p.realm !== this.options.realm || !p.nonce || !this.live.has(p.nonce) || !p.cnonce || !p.nc || !p.qop) return 'wrong';
    if (p.opaque !== `opaque-${p.nonce.slice(0, 8)}`) return 'wrong';
    const H = (s: string | Buffer) => createHash(hashName).update(s).digest('hex');
    let ha1 = H([p.username, this.options.realm, password].join(':'));
    if (algorithm.endsWith('-sess')) ha1 = H([ha1, p.nonce, p.cnonce].join(':'));
    const ha2 = p.qop === 'auth-int' ? H([method, p.uri, H(body)].join(':')) : H([method, p.uri].join(':'));
    const expected = H([ha1, p.nonce, p.nc, p.cnonce, p.qop, ha2].join(':'));
    if (p.response !== expected) return 'wrong';
    if (this.options.staleOnce && !this.staled) {
      this.staled = true;
      this.live.delete(p.nonce);
      return 'stale';
    }
    return 'ok';
  }
}

/** name=value and name="value" pairs of a credentials field (no token68). */
function authParams(text: string): Record<string, string | undefined> {
  const params: Record<string, string> = {};
  for (const m of text.matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  }
  return params;
}

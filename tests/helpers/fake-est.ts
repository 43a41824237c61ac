// A fake EST issuer on 127.0.0.1 over real HTTPS, for what the real one never answers: a CA list
// of the test's choosing (a rollover, a stranger's CA, two CAs of one name) and certificates
// signed by whichever CA the test says; and the ways of other, standard EST servers (`behaviour`):
// a Digest login, a bare 401, no CRL endpoint, base64 laid out otherwise, a /csrattrs list.
// /cacerts, /csrattrs, /simpleenroll, /simplereenroll and /crl only.
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import {
  createCrl,
  decodeBase64Strict,
  encodeBase64Lines,
  encodeCertsOnly,
  issueCertificate,
  parseCsr,
  randomSerialNumber,
  type CertificateInfo,
  type SigningAuthority,
} from '../../electron/core/pki';
import type { DigestServer } from './digest-server';
import { createLoopbackTlsIdentity } from './loopback-tls';
import { LoopbackServers } from './loopback-servers';

const HOUR = 3_600_000;

/** How the enrolment endpoints let users in; by default anyone. */
export type FakeLogin =
  /** RFC 7616 challenges; `alsoBasic` offers (and accepts) Basic beside them. */
  | { readonly kind: 'digest'; readonly digest: DigestServer; readonly alsoBasic?: { readonly loginId: string; readonly password: string } }
  /** Every login refused with this answer, as a server without problem+json refuses. */
  | { readonly kind: 'refuse'; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: string };

export interface FakeEstBehaviour {
  readonly login?: FakeLogin;
  /** false: /crl answers 404, as an issuer without a CRL endpoint does. */
  readonly crl?: boolean;
  /** What /csrattrs answers (base64 of a CsrAttrs DER, RFC 7030 §4.5.2); by default 404, as the reference issuer. */
  readonly csrattrs?: string;
  /** How the base64 of /cacerts and the enrolment answers is laid out (default: 64-character lines, LF). */
  readonly base64?: 'lf' | 'crlf' | 'none' | 'trailing-space';
}

export interface FakeEst {
  readonly url: string;
  /** The TLS root of the fake, as a trust file (`--trust`, settings.trustFiles). */
  readonly tlsCaPath: string;
  /** `METHOD path` of every request, in order. */
  readonly requests: string[];
  /** The Authorization field of every enrolment request, in order ('' when absent). */
  readonly authorizations: string[];
  behaviour: FakeEstBehaviour;
  /** What /cacerts answers (in this order). */
  cacerts: readonly CertificateInfo[];
  /** Who signs the issued certificates and the CRL. */
  signer: SigningAuthority;
  close(): Promise<void>;
}

export async function startFakeEst(
  dir: string,
  initial: { cacerts: readonly CertificateInfo[]; signer: SigningAuthority },
): Promise<FakeEst> {
  const identity = await createLoopbackTlsIdentity('Fake EST TLS root');
  const tlsCaPath = join(dir, 'fake-est-tls-ca.pem');
  await writeFile(tlsCaPath, identity.caPem);
  const servers = new LoopbackServers();
  const requests: string[] = [];
  const authorizations: string[] = [];
  const state = { cacerts: initial.cacerts, signer: initial.signer, behaviour: {} as FakeEstBehaviour };
  const certsOnly = (ders: readonly Uint8Array[]): Buffer => laidOut(encodeCertsOnly(ders), state.behaviour.base64);

  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'https://127.0.0.1').pathname;
    requests.push(`${req.method ?? '?'} ${path}`);
    const body = await readAll(req);
    if (req.method === 'GET' && path.endsWith('/cacerts')) {
      return send(res, 'application/pkcs7-mime; smime-type=certs-only', certsOnly(state.cacerts.map((ca) => ca.der)));
    }
    if (req.method === 'POST' && /\/simple(re)?enroll$/.test(path)) {
      authorizations.push(req.headers.authorization ?? '');
      if (!loggedIn(state.behaviour.login, req, body, res)) return;
      const csr = await parseCsr(decodeBase64Strict(body.toString('latin1')));
      const der = await issueCertificate({
        authority: state.signer,
        publicKey: csr.publicKey,
        subjectCommonName: csr.commonNames[0] ?? '',
        serialNumber: randomSerialNumber(),
        notBefore: new Date(Date.now() - HOUR),
        notAfter: new Date(Date.now() + 300 * 24 * HOUR),
        profile: { kind: 'tls-client' },
      });
      return send(res, 'application/pkcs7-mime; smime-type=certs-only', certsOnly([der]));
    }
    if (req.method === 'GET' && path.endsWith('/csrattrs') && state.behaviour.csrattrs !== undefined) {
      return send(res, 'application/csrattrs', Buffer.from(state.behaviour.csrattrs, 'latin1'));
    }
    if (req.method === 'GET' && path === '/crl' && state.behaviour.crl !== false) {
      const crl = await createCrl({
        authority: state.signer,
        crlNumber: 1,
        thisUpdate: new Date(Date.now() - HOUR),
        nextUpdate: new Date(Date.now() + 24 * HOUR),
        revoked: [],
      });
      return send(res, 'application/pkix-crl', crl);
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
  };

  const server: Server = createServer(identity.tls, (req, res) => {
    answer(req, res).catch((err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err)));
  });
  const port = await servers.listen(server);
  return {
    url: `https://127.0.0.1:${port}`,
    tlsCaPath,
    requests,
    authorizations,
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(value) {
      state.behaviour = value;
    },
    get cacerts() {
      return state.cacerts;
    },
    set cacerts(value) {
      state.cacerts = value;
    },
    get signer() {
      return state.signer;
    },
    set signer(value) {
      state.signer = value;
    },
    close: () => servers.closeAll(),
  };
}

/** True when the request may go on; otherwise the refusal or challenge has been sent. */
function loggedIn(login: FakeLogin | undefined, req: IncomingMessage, body: Buffer, res: ServerResponse): boolean {
  if (login === undefined) return true;
  if (login.kind === 'refuse') {
    res.writeHead(login.status, login.headers).end(login.body);
    return false;
  }
  const authorization = req.headers.authorization;
  const basic = login.alsoBasic;
  if (basic && authorization === `Basic ${Buffer.from(`${basic.loginId}:${basic.password}`).toString('base64')}`) return true;
  const verdict = login.digest.verify(req.method ?? '', authorization, body);
  if (verdict === 'ok') return true;
  // Node sends one field per array member: several challenges, as RFC 7616 §3.7 has them.
  const challenges = [...(basic ? ['Basic realm="fake est"'] : []), ...login.digest.challenges(verdict === 'stale')];
  res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': challenges }).end('Unauthorized');
  return false;
}

function laidOut(der: Uint8Array, style: FakeEstBehaviour['base64']): Buffer {
  const lines = encodeBase64Lines(der);
  const text =
    style === 'crlf'
      ? lines.replace(/\n/g, '\r\n')
      : style === 'none'
        ? lines.replace(/\n/g, '')
        : style === 'trailing-space'
          ? `${lines.replace(/\n/g, ' \t\n')}  \r\n\n`
          : lines;
  return Buffer.from(text, 'latin1');
}

function send(res: ServerResponse, contentType: string, body: Buffer): void {
  res.writeHead(200, { 'content-type': contentType, 'content-length': String(body.length), connection: 'close' }).end(body);
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

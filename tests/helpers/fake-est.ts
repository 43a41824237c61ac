// A fake EST issuer on 127.0.0.1 over real HTTPS, for what the real one never answers: a CA list
// of the test's choosing (a rollover, a stranger's CA, two CAs of one name) and certificates
// signed by whichever CA the test says. /cacerts, /simpleenroll, /simplereenroll and /crl only.
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
import { createLoopbackTlsIdentity } from './loopback-tls';
import { LoopbackServers } from './loopback-servers';

const HOUR = 3_600_000;

export interface FakeEst {
  readonly url: string;
  /** The TLS root of the fake, as a trust file (`--trust`, settings.trustFiles). */
  readonly tlsCaPath: string;
  /** `METHOD path` of every request, in order. */
  readonly requests: string[];
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
  const state = { cacerts: initial.cacerts, signer: initial.signer };

  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'https://127.0.0.1').pathname;
    requests.push(`${req.method ?? '?'} ${path}`);
    const body = await readAll(req);
    if (req.method === 'GET' && path.endsWith('/cacerts')) {
      return send(res, 'application/pkcs7-mime; smime-type=certs-only', certsOnly(state.cacerts.map((ca) => ca.der)));
    }
    if (req.method === 'POST' && /\/simple(re)?enroll$/.test(path)) {
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
    if (req.method === 'GET' && path === '/crl') {
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

function certsOnly(ders: readonly Uint8Array[]): Buffer {
  return Buffer.from(encodeBase64Lines(encodeCertsOnly(ders)), 'latin1');
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

// The EST client against servers that are not the reference issuer but follow RFC 7030 all the
// same (issue 10, item 4): a Digest login (RFC 7616; §3.2.3 asks clients for both Basic and
// Digest), a stale nonce, refusals without problem+json, base64 laid out in other ways, no CRL
// endpoint. A fake EST server on 127.0.0.1 over real HTTPS, with a Digest implementation of its
// own (tests/helpers/digest-server.ts); what is observed is what the server received and what
// the client returns or throws.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EstClient, IssuingError, type EstCredentials } from '../../../electron/core/issuing';
import { createCsr, generateKeyPair, readCertificate } from '../../../electron/core/pki';
import { DigestServer, type DigestServerOptions } from '../../helpers/digest-server';
import { startFakeEst, type FakeEst, type FakeEstBehaviour } from '../../helpers/fake-est';
import { makeCa, type TestCa } from '../../unit/pki/pki-fixtures';

const PASSWORD = 'pw-Digest-Secret-7e3';
const RIGHT: EstCredentials = { loginId: 'user01', password: PASSWORD };
const WRONG: EstCredentials = { loginId: 'user01', password: 'not-the-password' };

let dir: string;
let ca: TestCa;
let fake: FakeEst;
let client: EstClient;
let csr: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cjs-est-conformance-'));
  ca = await makeCa('Conformance Test CA', 'ecdsa-p256');
  fake = await startFakeEst(dir, { cacerts: [ca.certificate], signer: ca });
  client = new EstClient({ baseUrl: fake.url, trust: { extraCaPem: [await readFile(fake.tlsCaPath, 'utf8')] }, timeoutMs: 10_000 });
  csr = await createCsr(await generateKeyPair('ecdsa-p256'), 'user01');
}, 30_000);

afterAll(async () => {
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  fake.requests.length = 0;
  fake.authorizations.length = 0;
});

function digestOnly(options: Partial<DigestServerOptions> = {}): FakeEstBehaviour {
  return {
    login: { kind: 'digest', digest: new DigestServer({ realm: 'est', algorithms: ['MD5'], users: { user01: PASSWORD }, ...options }) },
  };
}

async function enrolled(credentials: EstCredentials = RIGHT): Promise<string> {
  const [der] = await client.simpleEnroll(csr, credentials);
  const certificate = readCertificate(der!);
  expect(certificate.issuer).toBe(ca.certificate.subject);
  return certificate.subjectCommonName ?? '';
}

async function refusal(promise: Promise<unknown>): Promise<IssuingError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(IssuingError);
  const err = e as IssuingError;
  // Wherever an error may be printed or logged, the password is not.
  expect(`${err.message} ${err.detail ?? ''} ${inspect(err, { depth: 5 })} ${JSON.stringify(err)}`).not.toContain(PASSWORD);
  return err;
}

const schemes = () => fake.authorizations.map((a) => a.split(' ')[0]);
const algorithmOf = (authorization: string | undefined) => /algorithm=([\w-]+)/.exec(authorization ?? '')?.[1];

describe('a server that logs users in with Digest only (RFC 7616)', { timeout: 30_000 }, () => {
  it('MD5: the Basic attempt is challenged, the challenge answered once, the certificate issued', async () => {
    fake.behaviour = digestOnly();
    expect(await enrolled()).toBe('user01');
    expect(schemes()).toEqual(['Basic', 'Digest']);
    expect(algorithmOf(fake.authorizations[1])).toBe('MD5');
    expect(fake.authorizations[1]).not.toContain(PASSWORD);
  });

  it('SHA-256, offered after MD5: the stronger is chosen', async () => {
    fake.behaviour = digestOnly({ algorithms: ['MD5', 'SHA-256'] });
    expect(await enrolled()).toBe('user01');
    expect(algorithmOf(fake.authorizations[1])).toBe('SHA-256');
  });

  it('SHA-256-sess, and SHA-512-256 with qop=auth-int only', async () => {
    fake.behaviour = digestOnly({ algorithms: ['SHA-256-sess'] });
    expect(await enrolled()).toBe('user01');
    expect(algorithmOf(fake.authorizations[1])).toBe('SHA-256-sess');
    fake.behaviour = digestOnly({ algorithms: ['SHA-512-256'], qop: 'auth-int' });
    expect(await enrolled()).toBe('user01');
    expect(fake.authorizations.at(-1)).toContain('qop=auth-int');
  });

  it('a stale nonce: answered once more with the new nonce, without asking anyone', async () => {
    fake.behaviour = digestOnly({ algorithms: ['SHA-256'], staleOnce: true });
    expect(await enrolled()).toBe('user01');
    expect(schemes()).toEqual(['Basic', 'Digest', 'Digest']);
    const nonce = (a: string | undefined) => /nonce="([^"]+)"/.exec(a ?? '')?.[1];
    expect(nonce(fake.authorizations[1])).not.toBe(nonce(fake.authorizations[2]));
  });

  it('a wrong password: CJS-E-AUTH after one Digest answer; Basic is not tried again', async () => {
    fake.behaviour = digestOnly({ algorithms: ['SHA-256'] });
    const err = await refusal(client.simpleEnroll(csr, WRONG));
    expect(err.code).toBe('CJS-E-AUTH');
    expect(err.status).toBe(401);
    expect(schemes()).toEqual(['Basic', 'Digest']);
  });

  it('Basic and Digest both offered, wrong password: the second 401 is the answer (CJS-E-AUTH), no third try', async () => {
    const digest = new DigestServer({ realm: 'est', algorithms: ['MD5'], users: { user01: PASSWORD } });
    fake.behaviour = { login: { kind: 'digest', digest, alsoBasic: { loginId: 'user01', password: PASSWORD } } };
    expect((await refusal(client.simpleReenroll(csr, WRONG))).code).toBe('CJS-E-AUTH');
    expect(schemes()).toEqual(['Basic', 'Digest']);
    // The right password goes through with the first, Basic, attempt.
    expect(await enrolled()).toBe('user01');
    expect(schemes().slice(2)).toEqual(['Basic']);
  });

  it('a Digest challenge it cannot answer (no qop, RFC 2069) and no Basic: ISSUE-AUTH-SCHEME, nothing more sent', async () => {
    fake.behaviour = {
      login: { kind: 'refuse', status: 401, headers: { 'www-authenticate': 'Digest realm="est", nonce="abc"' }, body: '' },
    };
    const err = await refusal(client.simpleEnroll(csr, RIGHT));
    expect(err.code).toBe('ISSUE-AUTH-SCHEME');
    expect(err.actor).toBe('bank');
    expect(err.message).toContain('qop none');
    expect(schemes()).toEqual(['Basic']);
  });
});

describe('refusals without problem+json, as any standard EST server sends them', { timeout: 30_000 }, () => {
  const refuse = (status: number, headers: Record<string, string>, body: string): FakeEstBehaviour => ({
    login: { kind: 'refuse', status, headers, body },
  });

  it('401 in plain text, in an empty body, with or without a Basic challenge: CJS-E-AUTH (a wrong login ID or password)', async () => {
    for (const behaviour of [
      refuse(401, { 'content-type': 'text/plain' }, 'Unauthorized'),
      refuse(401, { 'www-authenticate': 'Basic realm="estrealm"' }, ''),
      refuse(401, { 'content-type': 'text/html', 'www-authenticate': 'Basic realm="x", Bearer' }, '<h1>401</h1>'),
    ]) {
      fake.behaviour = behaviour;
      const err = await refusal(client.simpleEnroll(csr, RIGHT));
      expect(err.code, JSON.stringify(behaviour)).toBe('CJS-E-AUTH');
      expect(err.actor).toBe('user');
      expect(err.status).toBe(401);
    }
    expect(schemes()).toEqual(['Basic', 'Basic', 'Basic']);
  });

  it('403: CJS-E-FORBIDDEN (the login is known and not allowed this); 500: ISSUE-HTTP-STATUS, the bank’s', async () => {
    fake.behaviour = refuse(403, { 'content-type': 'text/plain' }, 'Forbidden');
    const forbidden = await refusal(client.simpleEnroll(csr, RIGHT));
    expect(forbidden.code).toBe('CJS-E-FORBIDDEN');
    expect(forbidden.actor).toBe('master');
    fake.behaviour = refuse(500, {}, '');
    const broken = await refusal(client.simpleEnroll(csr, RIGHT));
    expect(broken).toMatchObject({ code: 'ISSUE-HTTP-STATUS', status: 500, actor: 'bank' });
  });
});

describe('the base64 of the answers, laid out as servers do', { timeout: 30_000 }, () => {
  it.each(['lf', 'crlf', 'none', 'trailing-space'] as const)('%s: the CA list and the issued certificate are read', async (style) => {
    fake.behaviour = { base64: style };
    expect((await client.getCaCerts()).map((der) => readCertificate(der).sha256)).toEqual([ca.certificate.sha256]);
    expect(await enrolled()).toBe('user01');
  });
});

describe('/csrattrs (RFC 7030 §4.5)', { timeout: 30_000 }, () => {
  it('reads a server’s list (application/csrattrs, base64) and an absent one (404) as none', async () => {
    fake.behaviour = { csrattrs: 'MCEwFQYHKoZIzj0CATEKBggqhkjOPQMBBwYIKoZIzj0EAwI=\r\n' };
    expect(await client.getCsrAttributes()).toEqual([
      { oid: '1.2.840.10045.2.1', valueOids: ['1.2.840.10045.3.1.7'] },
      { oid: '1.2.840.10045.4.3.2', valueOids: [] },
    ]);
    fake.behaviour = {};
    expect(await client.getCsrAttributes()).toEqual([]);
  });
});

describe('an issuer without a CRL endpoint', { timeout: 30_000 }, () => {
  it('answers the CRL request with ISSUE-HTTP-STATUS 404, which the callers report as "revocation not checked"', async () => {
    fake.behaviour = { crl: false };
    expect(await refusal(client.getCrl())).toMatchObject({ code: 'ISSUE-HTTP-STATUS', status: 404 });
  });
});

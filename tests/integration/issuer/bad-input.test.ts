// Every malformed or unauthorised request gets a clear problem+json answer with a stable code,
// and leaves the service's data exactly as it was.
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsr, generateKeyPair, type KeyPair } from '../../../electron/core/pki';
import { DEMO_PASSWORD, httpsCall, type HttpResult, startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { enroll, patiently, postCsr } from '../../helpers/est-client';
import { SqliteDatabase } from '../../../issuer/src/db/sqlite';

let issuer: TestIssuer;
let goodCsr: Buffer;
const master = { loginId: 'master01', password: DEMO_PASSWORD };

beforeAll(async () => {
  issuer = await startTestIssuer();
  goodCsr = await createCsr(await generateKeyPair('ecdsa-p256'), 'user01');
});
afterAll(async () => {
  await issuer?.stop();
});

function query<T>(sql: string, ...params: string[]): T[] {
  const db = new SqliteDatabase(join(issuer.dataDir, 'issuer.db'), { readOnly: true });
  try {
    return db.prepare<string[], T>(sql).all(...params);
  } finally {
    db.close();
  }
}

/**
 * What a refused request must leave alone, read from the service's database: contracts, users
 * (deleted ones too), every certificate row with its revocation, expiry notices, the CRL number
 * and revocation counter, and the audit trail. Only the login bookkeeping is left out: a wrong
 * password is meant to count towards the lockout and a right one to reset the count (the
 * authentication tests check those), and each is audited as login.*.
 */
const snapshot = () => ({
  contracts: query('SELECT * FROM contracts ORDER BY contract_id'),
  users: query('SELECT id, contract_id, login_id, role, email, password_hash, locked_at, created_at, deleted_at FROM users ORDER BY id'),
  certificates: query('SELECT * FROM certificates ORDER BY serial'),
  expiryNotices: query('SELECT * FROM expiry_notices ORDER BY serial'),
  crlState: query('SELECT * FROM crl_state'),
  audit: query("SELECT * FROM audit_log WHERE action NOT LIKE 'login.%' ORDER BY id"),
});

const failedLogins = (loginId: string) =>
  query<{ failed_logins: number }>('SELECT failed_logins FROM users WHERE login_id = ? AND deleted_at IS NULL', loginId)[0]?.failed_logins;

/** Sends the request and asserts the refusal and that nothing changed. */
async function expectRefused(send: () => Promise<HttpResult>, status: number, code: string): Promise<HttpResult> {
  const before = snapshot();
  const res = await send();
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = res.json<Record<string, unknown>>();
  expect(problem).toMatchObject({ code, status });
  expect(typeof problem.title).toBe('string');
  expect(String(problem.detail).length).toBeGreaterThan(10);
  expect(snapshot()).toEqual(before);
  return res;
}

const est =
  (body: string | Buffer, contentType: string | undefined, auth = { loginId: 'user01', password: DEMO_PASSWORD }) =>
  () =>
    httpsCall(issuer.estUrl, issuer.tlsCaPem, {
      path: '/.well-known/est/simpleenroll',
      body,
      ...(contentType ? { contentType } : {}),
      auth,
    });

describe('malformed EST bodies', () => {
  it('bad base64 → CJS-E-BAD-BASE64', async () => {
    await expectRefused(est('MIIB%%%not-base64***', 'application/pkcs10'), 400, 'CJS-E-BAD-BASE64');
  });

  it('valid base64 that is not a PKCS#10 request → CJS-E-CSR', async () => {
    await expectRefused(est(Buffer.from('hello, this is not DER at all').toString('base64'), 'application/pkcs10'), 400, 'CJS-E-CSR');
  });

  it('an empty body → CJS-E-BAD-BASE64', async () => {
    await expectRefused(est('', 'application/pkcs10'), 400, 'CJS-E-BAD-BASE64');
  });

  it('an oversized body → CJS-E-TOO-LARGE', async () => {
    await expectRefused(est('A'.repeat(64 * 1024), 'application/pkcs10'), 413, 'CJS-E-TOO-LARGE');
  });

  it.each([
    ['application/json', JSON.stringify({ csr: 'x' })],
    ['text/plain', 'MIIB'],
    ['application/octet-stream', 'MIIB'],
    ['application/x-www-form-urlencoded', 'csr=MIIB'],
  ])('Content-Type %s → CJS-E-CONTENT-TYPE', async (type, body) => {
    await expectRefused(est(body, type), 415, 'CJS-E-CONTENT-TYPE');
  });

  it('a request whose signature does not verify → CJS-E-CSR-SIGNATURE', async () => {
    const tampered = Buffer.from(goodCsr);
    tampered[tampered.length - 3]! ^= 0x5a; // inside the signature BIT STRING
    await expectRefused(est(tampered.toString('base64'), 'application/pkcs10'), 400, 'CJS-E-CSR-SIGNATURE');
  });

  it('an RSA-1024 key → CJS-E-WEAK-KEY', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const weak: KeyPair = { algorithm: 'rsa-2048', privateKey, publicKey };
    await expectRefused(est((await createCsr(weak, 'user01')).toString('base64'), 'application/pkcs10'), 400, 'CJS-E-WEAK-KEY');
  });

  it('a subject that is not the authenticated login ID → CJS-E-SUBJECT', async () => {
    const other = await createCsr(await generateKeyPair('ecdsa-p256'), 'user02');
    await expectRefused(est(other.toString('base64'), 'application/pkcs10'), 403, 'CJS-E-SUBJECT');
  });
});

describe('authentication', () => {
  it('a wrong password → CJS-E-AUTH; the only trace is one more failed login towards the lockout', async () => {
    const failed = failedLogins('user01')!;
    await expectRefused(() => postCsr(issuer, 'simpleenroll', goodCsr, 'user01', 'not-the-password'), 401, 'CJS-E-AUTH');
    expect(failedLogins('user01')).toBe(failed + 1);
  });

  it('an unknown user → CJS-E-AUTH, the same answer as a wrong password', async () => {
    const csr = await createCsr(await generateKeyPair('ecdsa-p256'), 'nobody99');
    const res = await expectRefused(() => postCsr(issuer, 'simpleenroll', csr, 'nobody99'), 401, 'CJS-E-AUTH');
    expect(res.json<{ detail: string }>().detail).not.toContain('nobody99');
  });

  it('a malformed Authorization header → CJS-E-AUTH', async () => {
    await expectRefused(
      () =>
        httpsCall(issuer.estUrl, issuer.tlsCaPem, {
          path: '/.well-known/est/simpleenroll',
          body: goodCsr.toString('base64'),
          contentType: 'application/pkcs10',
          headers: { authorization: 'Basic !!!' },
        }),
      401,
      'CJS-E-AUTH',
    );
  });

  it('a locked user → CJS-E-LOCKED even with the right password', async () => {
    const added = await httpsCall(issuer.estUrl, issuer.tlsCaPem, {
      path: '/api/v1/users',
      body: JSON.stringify({ loginId: 'locky01', password: 'locky-password' }),
      contentType: 'application/json',
      auth: master,
    });
    expect(added.status).toBe(201);
    const csr = await createCsr(await generateKeyPair('ecdsa-p256'), 'locky01');
    // From the third failure on, each next attempt waits (429, Retry-After: 1 s, then 2 s) to be heard.
    const answers = [];
    let waits = 0;
    for (let i = 1; i <= 5; i++) {
      const heard = await patiently(() => postCsr(issuer, 'simpleenroll', csr, 'locky01', `wrong-${i}`));
      answers.push(heard.res.json<{ code: string }>().code);
      waits += heard.waits;
    }
    // The fifth failure locks the ID and says so at once.
    expect(answers).toEqual(['CJS-E-AUTH', 'CJS-E-AUTH', 'CJS-E-AUTH', 'CJS-E-AUTH', 'CJS-E-LOCKED']);
    expect(waits).toBe(2);
    const locked = await expectRefused(() => postCsr(issuer, 'simpleenroll', csr, 'locky01', 'locky-password'), 403, 'CJS-E-LOCKED');
    // The lock lifts itself after 30 minutes; Retry-After says when.
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(29 * 60);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(30 * 60);
  });

  it('repeated wrong passwords from one address → 429 CJS-E-THROTTLED with Retry-After, the password not even checked', async () => {
    const csr = await createCsr(await generateKeyPair('ecdsa-p256'), 'nobody42');
    for (let i = 1; i <= 3; i++) await postCsr(issuer, 'simpleenroll', csr, 'nobody42', `guess-${i}`);
    const res = await expectRefused(() => postCsr(issuer, 'simpleenroll', csr, 'nobody42', 'guess-4'), 429, 'CJS-E-THROTTLED');
    expect(res.headers['retry-after']).toBe('1');
  });

  it('a deleted user → CJS-E-USER-DELETED, its revoked certificate untouched', async () => {
    await enroll(issuer, 'user02', { algorithm: 'ecdsa-p256' });
    const beforeDeletion = snapshot();
    const deleted = await httpsCall(issuer.estUrl, issuer.tlsCaPem, { method: 'DELETE', path: '/api/v1/users/user02', auth: master });
    expect(deleted.status).toBe(204);
    // The snapshot sees what the master's user list no longer shows: the deleted user's certificate row.
    const afterDeletion = snapshot();
    expect(afterDeletion.certificates).not.toEqual(beforeDeletion.certificates);
    expect(afterDeletion.crlState).not.toEqual(beforeDeletion.crlState);
    const csr = await createCsr(await generateKeyPair('ecdsa-p256'), 'user02');
    await expectRefused(() => postCsr(issuer, 'simpleenroll', csr, 'user02'), 403, 'CJS-E-USER-DELETED');
  });
});

describe("the master's user API", () => {
  const addUser =
    (body: unknown, auth = master) =>
    () =>
      httpsCall(issuer.estUrl, issuer.tlsCaPem, {
        path: '/api/v1/users',
        body: typeof body === 'string' ? body : JSON.stringify(body),
        contentType: 'application/json',
        auth,
      });

  it('the 12th user → CJS-E-USER-LIMIT (1 master + 10 general users)', async () => {
    const users = issuer.service.listContracts().find((c) => c.contractId === 'demo')!.users;
    // The demo contract has master01 and user01 (user02 and the locked test user count too if not deleted).
    for (let i = users.length; i < 11; i++) {
      const res = await addUser({ loginId: `staff${String(i).padStart(2, '0')}`, password: 'staff-password' })();
      expect(res.status).toBe(201);
    }
    expect(issuer.service.listContracts().find((c) => c.contractId === 'demo')!.users).toHaveLength(11);
    await expectRefused(addUser({ loginId: 'staff99', password: 'staff-password' }), 409, 'CJS-E-USER-LIMIT');
  });

  it('malformed JSON → CJS-E-BAD-REQUEST', async () => {
    await expectRefused(addUser('{"loginId": '), 400, 'CJS-E-BAD-REQUEST');
  });

  it('a JSON body over the 4 KiB limit → CJS-E-TOO-LARGE', async () => {
    const body = JSON.stringify({ loginId: 'big01', password: 'p'.repeat(5 * 1024) });
    await expectRefused(addUser(body), 413, 'CJS-E-TOO-LARGE');
  });

  it.each([
    ['text/plain', JSON.stringify({ loginId: 'typed01', password: 'typed-password' })],
    ['application/x-www-form-urlencoded', 'loginId=typed01&password=typed-password'],
    // The EST parser accepts this type; the JSON API must still refuse it.
    ['application/pkcs10', JSON.stringify({ loginId: 'typed01', password: 'typed-password' })],
    ['(none)', JSON.stringify({ loginId: 'typed01', password: 'typed-password' })],
  ])('POST /api/v1/users with Content-Type %s → CJS-E-CONTENT-TYPE', async (contentType, body) => {
    await expectRefused(
      () =>
        httpsCall(issuer.estUrl, issuer.tlsCaPem, {
          path: '/api/v1/users',
          body,
          ...(contentType === '(none)' ? {} : { contentType }),
          auth: master,
        }),
      415,
      'CJS-E-CONTENT-TYPE',
    );
  });

  it('unexpected fields → CJS-E-BAD-REQUEST', async () => {
    await expectRefused(addUser({ loginId: 'x12345', password: 'long-enough', role: 'master' }), 400, 'CJS-E-BAD-REQUEST');
  });

  it('a general user calling the master API → CJS-E-FORBIDDEN', async () => {
    await expectRefused(
      () => httpsCall(issuer.estUrl, issuer.tlsCaPem, { path: '/api/v1/users', auth: { loginId: 'user01', password: DEMO_PASSWORD } }),
      403,
      'CJS-E-FORBIDDEN',
    );
  });

  it('an unknown path → CJS-E-NOT-FOUND', async () => {
    await expectRefused(() => httpsCall(issuer.estUrl, issuer.tlsCaPem, { path: '/.well-known/est/serverkeygen' }), 404, 'CJS-E-NOT-FOUND');
  });
});

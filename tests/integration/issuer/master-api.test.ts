// The master API's authorization matrix over real HTTPS (issue 11, item 5): who may list, add,
// delete, re-register, unlock and reset a password — a general user, the master of this contract,
// the master of another contract, a deleted user, a locked user, a caller without credentials and
// the bank's operator (its CLI, beside the running service) — and what each change leaves behind:
// the CRL, a new enrolment, a lifted lock, the audit rows.
import { readFile } from 'node:fs/promises';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCertificate, readCrl } from '../../../electron/core/pki';
import { databasePath } from '../../../issuer/src/db/database';
import { EXIT_OK, EXIT_USAGE, runOperator } from '../../../issuer/src/operator/cli';
import { enroll, patiently } from '../../helpers/est-client';
import { DEMO_PASSWORD, httpsCall, startTestIssuer, type HttpResult, type TestIssuer } from '../../helpers/issuer';

type Auth = { readonly loginId: string; readonly password: string } | undefined;
type Operation = 'list' | 'add' | 'delete' | 'reregister' | 'unlock' | 'password';
const OPERATIONS: readonly Operation[] = ['list', 'add', 'delete', 'reregister', 'unlock', 'password'];

const STRANGER = '127.0.0.2';
const master = { loginId: 'master01', password: DEMO_PASSWORD };
const otherMaster = { loginId: 'other.master', password: 'other-master-password' };
const lockedMaster = { loginId: 'locked.master', password: 'locked-master-password' };
const gone = { loginId: 'gone01', password: 'gone-password-1' };

let issuer: TestIssuer;

beforeAll(async () => {
  // No throttle: the matrix sends many wrong logins on purpose; the lock after five stays.
  issuer = await startTestIssuer({ policy: { throttleAfterFailures: 1000 } });
  await issuer.service.operatorAddContract({
    contractId: 'other',
    name: 'Other Co.',
    masterLoginId: otherMaster.loginId,
    masterPassword: otherMaster.password,
  });
  await issuer.service.operatorAddContract({
    contractId: 'locked',
    name: 'Locked Co.',
    masterLoginId: lockedMaster.loginId,
    masterPassword: lockedMaster.password,
  });
  await lock(lockedMaster.loginId);
  expect((await call('add', master, gone.loginId, gone.password)).status).toBe(201);
  expect((await call('delete', master, gone.loginId)).status).toBe(204);
  expect((await call('add', master, 'lockedgen1', 'locked-general-1')).status).toBe(201);
  await lock('lockedgen1');
});

afterAll(async () => {
  await issuer?.stop();
});

/** One request of the master API, as a client sends it. */
function call(
  operation: Operation,
  auth: Auth,
  target = 'user02',
  password = 'new-password-9',
  localAddress?: string,
): Promise<HttpResult> {
  const json = (body: object) => ({ body: JSON.stringify(body), contentType: 'application/json' });
  const base = { ...(auth ? { auth } : {}), ...(localAddress ? { localAddress } : {}) };
  const at = `/api/v1/users/${target}`;
  switch (operation) {
    case 'list':
      return httpsCall(issuer.estUrl, issuer.tlsCaPem, { ...base, path: '/api/v1/users' });
    case 'add':
      return httpsCall(issuer.estUrl, issuer.tlsCaPem, { ...base, path: '/api/v1/users', ...json({ loginId: target, password }) });
    case 'delete':
      return httpsCall(issuer.estUrl, issuer.tlsCaPem, { ...base, method: 'DELETE', path: at });
    case 'reregister':
      return httpsCall(issuer.estUrl, issuer.tlsCaPem, { ...base, path: `${at}/reregister`, ...json({ password }) });
    case 'unlock':
      return httpsCall(issuer.estUrl, issuer.tlsCaPem, { ...base, method: 'POST', path: `${at}/unlock` });
    case 'password':
      return httpsCall(issuer.estUrl, issuer.tlsCaPem, { ...base, path: `${at}/password`, ...json({ password }) });
  }
}

const codeOf = (res: HttpResult): string | undefined =>
  res.headers['content-type']?.includes('problem+json') ? res.json<{ code: string }>().code : undefined;

/** Five wrong passwords from a stranger's machine lock the login ID. */
async function lock(loginId: string): Promise<void> {
  for (let i = 0; i < 5; i++) await patiently(() => call('list', { loginId, password: `guess-${i}` }, undefined, undefined, STRANGER));
}

async function revokedSerials(): Promise<Set<string>> {
  const res = await httpsCall(issuer.estUrl, issuer.tlsCaPem, { path: '/crl' });
  return (await readCrl(res.body, readCertificate(await readFile(issuer.caCertPath, 'utf8')))).revokedSerials;
}

function auditRows(action: string): { actor: string; login_id: string | null; serial: string | null }[] {
  const db = new DatabaseSync(databasePath(issuer.dataDir), { readOnly: true });
  try {
    return db.prepare('SELECT actor, login_id, serial FROM audit_log WHERE action = ? ORDER BY id').all(action) as {
      actor: string;
      login_id: string | null;
      serial: string | null;
    }[];
  } finally {
    db.close();
  }
}

async function operator(stdin: string | undefined, ...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runOperator(['--data', issuer.dataDir, ...args], {
    stdout: (s) => (out += s),
    stderr: (s) => (out += s),
    ...(stdin !== undefined ? { readStdin: () => Promise.resolve(stdin) } : {}),
  });
  return { code, out };
}

describe('who may use the master API (every operation, real HTTPS)', () => {
  const refusedEverywhere: [string, Auth, number, string][] = [
    ['a general user', { loginId: 'user01', password: DEMO_PASSWORD }, 403, 'CJS-E-FORBIDDEN'],
    ['a deleted user, with its last password', gone, 403, 'CJS-E-USER-DELETED'],
    ['a locked master, with the right password', lockedMaster, 403, 'CJS-E-LOCKED'],
    ['a locked general user, with the right password', { loginId: 'lockedgen1', password: 'locked-general-1' }, 403, 'CJS-E-LOCKED'],
    // An unknown ID: the same answer as a wrong password, and no ID of the test gets locked by it.
    ['an unknown login ID', { loginId: 'nobody01', password: 'not-the-password' }, 401, 'CJS-E-AUTH'],
    ['no credentials at all (the bank has none here: its tool is the operator CLI)', undefined, 401, 'CJS-E-AUTH'],
  ];

  const demoUsers = async () => (await call('list', master)).json<{ users: { loginId: string }[] }>().users;

  it.each(refusedEverywhere)('%s: every operation refused, nothing changed', async (_who, auth, status, code) => {
    const before = await demoUsers();
    for (const operation of OPERATIONS) {
      const res = await call(operation, auth, operation === 'add' ? 'intruder1' : 'user02');
      expect([operation, res.status, codeOf(res)]).toEqual([operation, status, code]);
    }
    expect(await demoUsers()).toEqual(before);
  });

  it('the master of another contract: its own list; this contract’s users are "not found"', async () => {
    const list = (await call('list', otherMaster)).json<{ contractId: string; users: { loginId: string }[] }>();
    expect([list.contractId, list.users.map((u) => u.loginId)]).toEqual(['other', ['other.master']]);
    for (const operation of ['delete', 'reregister', 'unlock', 'password'] as const) {
      const res = await call(operation, otherMaster, 'user01');
      expect([operation, res.status, codeOf(res)]).toEqual([operation, 404, 'CJS-E-USER-NOT-FOUND']);
    }
    // What it adds lands in its own contract, never in this one.
    expect((await call('add', otherMaster, 'other01')).status).toBe(201);
    const demo = (await call('list', master)).json<{ users: { loginId: string }[] }>().users.map((u) => u.loginId);
    expect(demo).not.toContain('other01');
  });

  it('the master of this contract: every operation on a general user succeeds', async () => {
    for (const id of ['mx-del1', 'mx-rereg1', 'mx-unlock1', 'mx-pw1'])
      expect((await call('add', master, id, 'initial-password-1')).status).toBe(201);
    const list = await call('list', master);
    expect(list.status).toBe(200);
    expect(list.json()).toMatchObject({ contractId: 'demo', seats: { max: 11 } });
    expect((await call('delete', master, 'mx-del1')).status).toBe(204);
    expect((await call('reregister', master, 'mx-rereg1')).status).toBe(200);
    expect((await call('unlock', master, 'mx-unlock1')).status).toBe(204);
    expect((await call('password', master, 'mx-pw1')).status).toBe(204);
  });

  it('the master on itself: delete, re-register and password are the bank’s (CJS-E-BANK-ONLY)', async () => {
    for (const operation of ['delete', 'reregister', 'password'] as const) {
      const res = await call(operation, master, 'master01');
      expect([operation, res.status, codeOf(res)]).toEqual([operation, 403, 'CJS-E-BANK-ONLY']);
    }
    expect((await call('list', master)).status).toBe(200);
  });

  it('the operator: lists every contract, unlocks and resets a master’s password; it has no delete or re-register of its own', async () => {
    const contracts = await operator(undefined, 'contracts', '--json');
    expect(contracts.code).toBe(EXIT_OK);
    expect((JSON.parse(contracts.out) as { contractId: string }[]).map((c) => c.contractId)).toEqual(['demo', 'locked', 'other']);
    expect((await operator('bank-new-password-1\n', 'reset-password', '--login-id', lockedMaster.loginId, '--password-stdin')).code).toBe(
      EXIT_OK,
    );
    expect((await call('list', { ...lockedMaster, password: 'bank-new-password-1' })).status).toBe(200);
    for (const command of ['delete', 'reregister'])
      expect((await operator(undefined, command, '--login-id', 'user01')).code).toBe(EXIT_USAGE);
    expect(auditRows('user.password-reset')).toContainEqual({ actor: 'operator', login_id: lockedMaster.loginId, serial: null });
  });
});

describe('what the changes leave behind', () => {
  it('re-registration: the old certificate is in the CRL at once, the new password enrols, the old one no longer works', async () => {
    expect((await call('add', master, 'rereg01', 'first-password-1')).status).toBe(201);
    const old = await enroll(issuer, 'rereg01', { password: 'first-password-1' });
    const seats = (await call('list', master)).json<{ seats: unknown }>().seats;

    const res = await call('reregister', master, 'rereg01', 'second-password-2');
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      user: { loginId: 'rereg01', role: 'general', certificate: null },
      revokedSerial: old.certificate.serialNumber,
    });
    expect((await revokedSerials()).has(old.certificate.serialNumber)).toBe(true);
    expect((await call('list', master)).json<{ seats: unknown }>().seats).toEqual(seats);

    const again = await enroll(issuer, 'rereg01', { password: 'second-password-2' });
    expect(again.certificate.serialNumber).not.toBe(old.certificate.serialNumber);
    expect(codeOf(await call('list', { loginId: 'rereg01', password: 'first-password-1' }))).toBe('CJS-E-AUTH');
    expect(auditRows('user.reregistered')).toContainEqual({ actor: 'master01', login_id: 'rereg01', serial: old.certificate.serialNumber });
    expect(auditRows('certificate.revoked')).toContainEqual({
      actor: 'master01',
      login_id: 'rereg01',
      serial: old.certificate.serialNumber,
    });
  });

  it('a deletion asked with Prefer: return=representation names the certificate it revoked', async () => {
    expect((await call('add', master, 'del01', 'first-password-1')).status).toBe(201);
    const cert = await enroll(issuer, 'del01', { password: 'first-password-1' });
    const res = await httpsCall(issuer.estUrl, issuer.tlsCaPem, {
      method: 'DELETE',
      path: '/api/v1/users/del01',
      auth: master,
      headers: { prefer: 'return=representation' },
    });
    expect([res.status, res.json()]).toEqual([200, { revokedSerial: cert.certificate.serialNumber }]);
    expect((await revokedSerials()).has(cert.certificate.serialNumber)).toBe(true);
    expect(auditRows('user.deleted')).toContainEqual({ actor: 'master01', login_id: 'del01', serial: null });
  });

  it('a password reset lifts the lock: the user enrols with the new password at once', async () => {
    expect((await call('add', master, 'locked01', 'first-password-1')).status).toBe(201);
    await lock('locked01');
    const users = (await call('list', master)).json<{ users: { loginId: string; locked: boolean; lockedUntil: string | null }[] }>().users;
    const locked = users.find((u) => u.loginId === 'locked01')!;
    expect(locked.locked).toBe(true);
    expect(Date.parse(locked.lockedUntil!)).toBeGreaterThan(Date.now());
    expect(codeOf(await call('list', { loginId: 'locked01', password: 'first-password-1' }))).toBe('CJS-E-LOCKED');

    expect((await call('password', master, 'locked01', 'reset-password-3')).status).toBe(204);
    await enroll(issuer, 'locked01', { password: 'reset-password-3' });
    expect(auditRows('user.password-reset')).toContainEqual({ actor: 'master01', login_id: 'locked01', serial: null });
  });

  it('bodies are checked as for a new user: JSON only, a password of 8+ characters, nothing else', async () => {
    const send = (body: string, contentType = 'application/json') =>
      httpsCall(issuer.estUrl, issuer.tlsCaPem, { path: '/api/v1/users/user02/password', auth: master, body, contentType });
    expect(codeOf(await send('{"password":"x"}'))).toBe('CJS-E-BAD-REQUEST');
    expect(codeOf(await send('{"password":"long-enough-1","extra":1}'))).toBe('CJS-E-BAD-REQUEST');
    expect(codeOf(await send('{"password":'))).toBe('CJS-E-BAD-REQUEST');
    expect(codeOf(await send('password=long-enough-1', 'application/x-www-form-urlencoded'))).toBe('CJS-E-CONTENT-TYPE');
    expect(codeOf(await send(JSON.stringify({ password: 'x'.repeat(5000) })))).toBe('CJS-E-TOO-LARGE');
  });

  it('re-registration cannot add a seat: a full contract stays full', async () => {
    const list = () => call('list', master).then((r) => r.json<{ seats: { used: number; max: number } }>().seats);
    for (let i = 1; (await list()).used < 11; i++)
      expect((await call('add', master, `fill${String(i).padStart(2, '0')}`, 'fill-password-1')).status).toBe(201);
    expect((await call('reregister', master, 'fill01', 'fill-password-2')).status).toBe(200);
    expect(await list()).toEqual({ used: 11, max: 11 });
    expect(codeOf(await call('add', master, 'onemore1', 'fill-password-1'))).toBe('CJS-E-USER-LIMIT');
  });
});

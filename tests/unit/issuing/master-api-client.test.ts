// What the master API client makes of answers the real issuer never gives: anything that is not
// the JSON asked for is ISSUE-BAD-RESPONSE, a problem+json refusal keeps the issuer's code, and a
// login ID travels escaped in the path. Over real HTTPS on loopback, with the client's own TLS plumbing.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IssuingError, MasterApiClient } from '../../../electron/core/issuing';
import { toContractUser } from '../../../electron/core/app/contract-users';
import { createLoopbackTlsIdentity } from '../../helpers/loopback-tls';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

let server: Server;
let client: MasterApiClient;
let answer: { status: number; type?: string; body: string } = { status: 200, body: '' };
const seen: Seen[] = [];
const master = { loginId: 'master01', password: 'pw-secret-1' };

beforeAll(async () => {
  const identity = await createLoopbackTlsIdentity('master api test root');
  server = createServer(identity.tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {});
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  client = new MasterApiClient({ baseUrl: `https://127.0.0.1:${port}`, trust: { extraCaPem: [identity.caPem] }, timeoutMs: 5000 });
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

async function refusal(promise: Promise<unknown>): Promise<IssuingError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IssuingError);
  return error as IssuingError;
}

const user = {
  loginId: 'user01',
  role: 'general',
  email: null,
  locked: false,
  lockedUntil: null,
  createdAt: '2026-04-01T00:00:00.000Z',
  lastIssuedAt: '2026-04-02T00:00:00.000Z',
  certificate: {
    serialNumber: '0A1B',
    state: 'active',
    notBefore: '2026-04-02T00:00:00.000Z',
    notAfter: '2027-04-03T00:00:00.000Z',
    revokedAt: null,
  },
};

describe('MasterApiClient', () => {
  it('lists with Basic credentials at /api/v1/users and checks the answer', async () => {
    answer = {
      status: 200,
      type: 'application/json',
      body: JSON.stringify({ contractId: 'demo', name: 'デモ\u001b[31m', seats: { used: 1, max: 11 }, users: [user] }),
    };
    const contract = await client.listUsers(master);
    expect(contract.name).not.toContain('\u001b');
    expect(contract.users[0]).toMatchObject({ loginId: 'user01', lastIssuedAt: '2026-04-02T00:00:00.000Z' });
    const request = seen.at(-1)!;
    expect([request.method, request.url]).toEqual(['GET', '/api/v1/users']);
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('master01:pw-secret-1').toString('base64')}`);
  });

  it('asks a deletion for its revoked serial (Prefer), and takes a bare 204 as "none said"', async () => {
    answer = { status: 200, type: 'application/json', body: JSON.stringify({ revokedSerial: '0A1B' }) };
    expect(await client.deleteUser(master, 'user01')).toEqual({ revokedSerial: '0A1B' });
    expect([seen.at(-1)!.method, seen.at(-1)!.url, seen.at(-1)!.headers.prefer]).toEqual([
      'DELETE',
      '/api/v1/users/user01',
      'return=representation',
    ]);
    answer = { status: 204, body: '' };
    expect(await client.deleteUser(master, 'user01')).toEqual({ revokedSerial: null });
  });

  it('sends a new password in the JSON body only, and escapes the login ID in the path', async () => {
    answer = { status: 204, body: '' };
    await client.resetPassword(master, 'a/b?c', 'new-secret-2');
    expect(seen.at(-1)!.url).toBe('/api/v1/users/a%2Fb%3Fc/password');
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ password: 'new-secret-2' });
    expect(seen.at(-1)!.headers['content-type']).toBe('application/json');
  });

  it('keeps the issuer’s problem code (CJS-E-BANK-ONLY, its actor the bank)', async () => {
    answer = {
      status: 403,
      type: 'application/problem+json',
      body: JSON.stringify({
        type: 'about:blank',
        title: 'Only the bank',
        status: 403,
        detail: 'contact the bank',
        code: 'CJS-E-BANK-ONLY',
      }),
    };
    const error = await refusal(client.reregisterUser(master, 'master01', 'new-secret-2'));
    expect([error.code, error.actor, error.status]).toEqual(['CJS-E-BANK-ONLY', 'bank', 403]);
    expect(error.message).not.toContain('new-secret-2');
  });

  it('refuses what is not the JSON asked for: another type, broken JSON, a wrong shape, an unexpected status', async () => {
    for (const bad of [
      { status: 200, type: 'text/html', body: '<html>' },
      { status: 200, type: 'application/json', body: '{"contractId":' },
      {
        status: 200,
        type: 'application/json',
        body: JSON.stringify({ contractId: 'demo', name: 'x', seats: { used: 1, max: 11 }, users: [{ ...user, loginId: 'bad\u001bid' }] }),
      },
      { status: 202, type: 'application/json', body: '{}' },
    ]) {
      answer = bad;
      expect((await refusal(client.listUsers(master))).code, bad.body).toBe('ISSUE-BAD-RESPONSE');
    }
    answer = { status: 302, body: '' };
    expect((await refusal(client.listUsers(master))).code).toBe('ISSUE-HTTP-STATUS');
  });

  it("maps a user: locked wins over the certificate's state; no certificate is 'no-certificate'", () => {
    const parsed = { ...user, role: 'general' as const, certificate: { ...user.certificate, state: 'active' as const } };
    expect(toContractUser({ ...parsed, locked: true, lockedUntil: '2026-04-02T00:30:00.000Z' })).toMatchObject({
      state: 'locked',
      lockedUntil: '2026-04-02T00:30:00.000Z',
      serialNumber: '0A1B',
    });
    expect(toContractUser({ ...parsed, certificate: null })).toMatchObject({
      state: 'no-certificate',
      validUntil: null,
      serialNumber: null,
    });
    expect(toContractUser({ ...parsed, lockedUntil: '2026-04-02T00:30:00.000Z' }).lockedUntil).toBeNull();
  });
});

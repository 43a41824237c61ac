// The bank's operator CLI, as a separate process on the data directory of a running service:
// its revocation reaches the service's login check and CRL at once (P10).
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCsr,
  decodeBase64Strict,
  decodeCertsOnly,
  generateKeyPair,
  readCertificate,
  readCrl,
  toPem,
} from '../../../electron/core/pki';
import { DEMO_PASSWORD, httpsCall } from '../../helpers/issuer';
import { spawnIssuer, type IssuerProcess } from '../../helpers/issuer-process';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const operator = (dataDir: string, ...args: string[]) =>
  promisify(execFile)('npm', ['run', '--silent', 'operator', '--', '--data', dataDir, ...args], { cwd: ROOT });

/** The operator CLI with `stdin` piped in, as `printf %s "$PW" | npm run operator -- ...` would. */
function operatorWithStdin(
  dataDir: string,
  stdin: string,
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'operator', '--', '--data', dataDir, ...args], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

let dataDir: string;
let service: IssuerProcess;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cjs-operator-'));
  service = await spawnIssuer(dataDir);
});
afterAll(async () => {
  await service?.stop('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run operator', () => {
  it("revokes a master's certificate while the service runs; login and CRL reflect it at once", async () => {
    const keyPair = await generateKeyPair();
    const res = await httpsCall(service.estUrl, service.tlsCaPem, {
      path: '/.well-known/est/simpleenroll',
      body: (await createCsr(keyPair, 'master01')).toString('base64'),
      contentType: 'application/pkcs10',
      auth: { loginId: 'master01', password: DEMO_PASSWORD },
    });
    const cert = readCertificate(decodeCertsOnly(decodeBase64Strict(res.text()))[0]!);
    const clientCert = {
      certPem: toPem('CERTIFICATE', cert.der),
      keyPem: keyPair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    const login = () => httpsCall(service.loginUrl, service.tlsCaPem, { path: '/', clientCert, accept: 'application/json' });
    expect((await login()).json()).toMatchObject({ loginId: 'master01' });

    const { stdout } = await operator(dataDir, 'revoke', '--login-id', 'master01', '--reason', 'keyCompromise');
    expect(stdout).toContain(cert.serialNumber);

    expect((await login()).json()).toMatchObject({ code: 'CJS-E-CERT-REVOKED' });
    const crl = await httpsCall(service.estUrl, service.tlsCaPem, { path: '/crl' });
    const ca = readCertificate(await readFile(join(dataDir, 'ca.pem'), 'utf8'));
    expect((await readCrl(crl.body, ca)).revokedSerials.has(cert.serialNumber)).toBe(true);

    const contracts = JSON.parse((await operator(dataDir, 'contracts', '--json')).stdout) as {
      users: { loginId: string; certificate: { state: string } | null }[];
    }[];
    const master = contracts.flatMap((c) => c.users).find((u) => u.loginId === 'master01');
    expect(master?.certificate?.state).toBe('revoked');
  });

  it('add-contract: onboards a company while the service runs; its master enrolls and registers a user at once', async () => {
    const password = 'Hq3-unique-operator-process-password';
    const created = await operatorWithStdin(
      dataDir,
      `${password}\n`,
      'add-contract',
      '--contract-id',
      'acme',
      '--name',
      'アクメ商事',
      '--master-login-id',
      'acme.master',
      '--master-email',
      'm@acme.example.jp',
      '--password-stdin',
    );
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toContain('Created contract acme');
    expect(created.stdout).not.toContain(password);

    const auth = { loginId: 'acme.master', password };
    const res = await httpsCall(service.estUrl, service.tlsCaPem, {
      path: '/.well-known/est/simpleenroll',
      body: (await createCsr(await generateKeyPair('ecdsa-p256'), 'acme.master')).toString('base64'),
      contentType: 'application/pkcs10',
      auth,
    });
    expect(res.status).toBe(200);
    const added = await httpsCall(service.estUrl, service.tlsCaPem, {
      path: '/api/v1/users',
      body: JSON.stringify({ loginId: 'acme.user01', password: 'acme-user-password' }),
      contentType: 'application/json',
      auth,
    });
    expect(added.status).toBe(201);
    expect(service.output()).not.toContain(password);

    const again = await operatorWithStdin(
      dataDir,
      password,
      'add-contract',
      '--contract-id',
      'acme2',
      '--name',
      'X',
      '--master-login-id',
      'acme.master',
      '--password-stdin',
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('CJS-E-USER-EXISTS');
  });

  it('explains a missing --login-id with the usage and exit code 2', async () => {
    await expect(operator(dataDir, 'revoke')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--login-id ID is required') as unknown,
    });
  });
});

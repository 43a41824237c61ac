// The bank's operator CLI, as a separate process on the data directory of a running service:
// its revocation reaches the service's login check and CRL at once (P10).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsr, decodeBase64Strict, decodeCertsOnly, generateKeyPair, readCertificate, readCrl, toPem } from '../../../electron/core/pki';
import { DEMO_PASSWORD, httpsCall } from '../../helpers/issuer';
import { spawnIssuer, type IssuerProcess } from '../../helpers/issuer-process';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const operator = (dataDir: string, ...args: string[]) =>
  promisify(execFile)('npm', ['run', '--silent', 'operator', '--', '--data', dataDir, ...args], { cwd: ROOT });

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
    const clientCert = { certPem: toPem('CERTIFICATE', cert.der), keyPem: keyPair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    const login = () => httpsCall(service.loginUrl, service.tlsCaPem, { path: '/', clientCert, accept: 'application/json' });
    expect((await login()).json()).toMatchObject({ loginId: 'master01' });

    const { stdout } = await operator(dataDir, 'revoke', '--login-id', 'master01', '--reason', 'keyCompromise');
    expect(stdout).toContain(cert.serialNumber);

    expect((await login()).json()).toMatchObject({ code: 'CJS-E-CERT-REVOKED' });
    const crl = await httpsCall(service.estUrl, service.tlsCaPem, { path: '/crl' });
    const ca = readCertificate(await readFile(join(dataDir, 'ca.pem'), 'utf8'));
    expect((await readCrl(crl.body, ca)).revokedSerials.has(cert.serialNumber)).toBe(true);

    const contracts = JSON.parse((await operator(dataDir, 'contracts', '--json')).stdout) as { users: { loginId: string; certificate: { state: string } | null }[] }[];
    const master = contracts.flatMap((c) => c.users).find((u) => u.loginId === 'master01');
    expect(master?.certificate?.state).toBe('revoked');
  });

  it('explains a missing --login-id with the usage and exit code 2', async () => {
    await expect(operator(dataDir, 'revoke')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--login-id ID is required') as unknown });
  });
});

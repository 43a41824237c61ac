// `npm run issuer` as a separate program: what it prints, and what survives a restart or a crash.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsr, decodeBase64Strict, decodeCertsOnly, generateKeyPair, readCertificate } from '../../../electron/core/pki';
import { DEMO_PASSWORD, httpsCall } from '../../helpers/issuer';
import { spawnIssuer, type IssuerProcess } from '../../helpers/issuer-process';

let dataDir: string;
let running: IssuerProcess | undefined;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cjs-issuer-proc-'));
});
afterAll(async () => {
  await running?.stop('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

const enrollVia = (proc: IssuerProcess, csr: Buffer) =>
  httpsCall(proc.estUrl, proc.tlsCaPem, { path: '/.well-known/est/simpleenroll', body: csr.toString('base64'), contentType: 'application/pkcs10', auth: { loginId: 'user01', password: DEMO_PASSWORD } });

describe('npm run issuer', () => {
  it('is wired as an npm script that explains its options', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'issuer', '--', '--help'], { cwd: join(import.meta.dirname, '..', '..', '..') });
    expect(stdout).toContain('Usage: npm run issuer');
    expect(stdout).toContain('--login-port');
  });

  it('starts on loopback, prints its URLs, the trust files and the demo credentials', async () => {
    running = await spawnIssuer(dataDir);
    expect(running.estUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(running.loginUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const out = running.output();
    expect(out).toContain(join(dataDir, 'ca.pem'));
    expect(out).toContain(join(dataDir, 'tls-ca.pem'));
    expect(out).toContain('master01');
    expect(out).toContain('demo-password');
    // Private keys are readable by the owner only.
    expect((await stat(join(dataDir, 'ca-key.pem'))).mode & 0o077).toBe(0);
    expect((await stat(join(dataDir, 'tls-server-key.pem'))).mode & 0o077).toBe(0);
  });

  it('keeps its CA and every issued certificate across a crash (SIGKILL) and restart', async () => {
    const csr = await createCsr(await generateKeyPair(), 'user01');
    const issuedRes = await enrollVia(running!, csr);
    expect(issuedRes.status).toBe(200);
    const issued = readCertificate(decodeCertsOnly(decodeBase64Strict(issuedRes.text()))[0]!);
    const caBefore = await readFile(join(dataDir, 'ca.pem'), 'utf8');

    // Killed right after answering: the issuance was acknowledged, so it must be durable.
    await running!.stop('SIGKILL');
    running = await spawnIssuer(dataDir);
    expect(running.output()).not.toContain('Demo contract created');
    expect(await readFile(join(dataDir, 'ca.pem'), 'utf8')).toBe(caBefore);

    const replay = await enrollVia(running, csr);
    expect(replay.status).toBe(200);
    expect(readCertificate(decodeCertsOnly(decodeBase64Strict(replay.text()))[0]!).serialNumber).toBe(issued.serialNumber);
    const other = await enrollVia(running, await createCsr(await generateKeyPair('ecdsa-p256'), 'user01'));
    expect(other.json()).toMatchObject({ code: 'CJS-E-ACTIVE-CERT' });
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await running!.stop('SIGTERM')).toBe(0);
    running = undefined;
  });

  it('refuses a bad port with a usage message and exit code 2', async () => {
    await expect(spawnIssuer(dataDir, ['--port', 'eighty'])).rejects.toThrow(/exited with 2[\s\S]*--port must be a port number/);
  });
});

// `npm run issuer` as a separate program: what it prints, and what survives a restart or a crash.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsr, decodeBase64Strict, decodeCertsOnly, generateKeyPair, readCertificate } from '../../../electron/core/pki';
import { certificateOf } from '../../helpers/est-client';
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
  httpsCall(proc.estUrl, proc.tlsCaPem, {
    path: '/.well-known/est/simpleenroll',
    body: csr.toString('base64'),
    contentType: 'application/pkcs10',
    auth: { loginId: 'user01', password: DEMO_PASSWORD },
  });

describe('npm run issuer', () => {
  it('is wired as an npm script that explains its options', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'issuer', '--', '--help'], {
      cwd: join(import.meta.dirname, '..', '..', '..'),
    });
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
    expect(out).not.toContain('TEST OVERRIDE');
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

// The overrides exist so that renewal and expiry can be tested without waiting a year; each must
// reach the running program and be announced, so nobody mistakes such a service for a real one.
describe('npm run issuer with the test-only overrides', () => {
  const DAY = 86_400_000;
  let dir: string;
  let proc: IssuerProcess | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cjs-issuer-override-'));
  });
  afterAll(async () => {
    await proc?.stop('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('--validity-days 0.5 --renewal-days 0.25: announced, and the issued certificate lives half a day', async () => {
    proc = await spawnIssuer(join(dir, 'short'), ['--validity-days', '0.5', '--renewal-days', '0.25']);
    expect(proc.output()).toContain('TEST OVERRIDE: validity 0.5 days');
    expect(proc.output()).toContain('TEST OVERRIDE: renewal window 0.25 days');

    const before = Date.now();
    const cert = certificateOf(await enrollVia(proc, await createCsr(await generateKeyPair('ecdsa-p256'), 'user01')));
    expect((cert.notAfter.getTime() - before) / DAY).toBeCloseTo(0.5, 3);

    // With the default 30-day window a half-day certificate would be renewable at once.
    const renew = await httpsCall(proc.estUrl, proc.tlsCaPem, {
      path: '/.well-known/est/simplereenroll',
      body: (await createCsr(await generateKeyPair('ecdsa-p256'), 'user01')).toString('base64'),
      contentType: 'application/pkcs10',
      auth: { loginId: 'user01', password: DEMO_PASSWORD },
    });
    expect(renew.status).toBe(409);
    expect(renew.json()).toMatchObject({ code: 'CJS-E-RENEW-WINDOW' });
    expect(renew.json<{ detail: string }>().detail).toContain('0.25 days before');
    expect(await proc.stop()).toBe(0);
    proc = undefined;
  });

  it('CJS_ISSUER_CLOCK_OFFSET_DAYS=-3: announced, and certificates are dated by the moved clock', async () => {
    proc = await spawnIssuer(join(dir, 'clock'), [], { CJS_ISSUER_CLOCK_OFFSET_DAYS: '-3' });
    expect(proc.output()).toContain('TEST OVERRIDE: clock moved -3 days');
    expect(proc.output()).not.toContain('TEST OVERRIDE: validity');

    const now = Date.now();
    const cert = certificateOf(await enrollVia(proc, await createCsr(await generateKeyPair('ecdsa-p256'), 'user01')));
    expect((now - cert.notBefore.getTime()) / DAY).toBeCloseTo(3, 1);
    expect((cert.notAfter.getTime() - now) / DAY).toBeCloseTo(366 - 3, 1);
    expect(await proc.stop()).toBe(0);
    proc = undefined;
  });
});

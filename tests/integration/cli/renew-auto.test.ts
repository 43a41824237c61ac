// `cjs-cert renew --auto` as the daily task runs it, against the real issuer and a real NSS store:
// no password anywhere (stdin is empty). Inside the window the certificate renews itself (a new
// serial in the store, the old one revoked at the issuer); outside it nothing happens; an expired
// or revoked certificate is reported with who acts and exit 10; a run killed after the issuer
// answered is finished by the next one with the same certificate.
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCertificate, readCrl } from '../../../electron/core/pki';
import { freshHome, runCliProcess, type CliRun } from '../../helpers/cli-process';
import { issuerCertificates, journalFiles, nssContents } from '../../helpers/enrollment-state';
import { DEMO_PASSWORD, httpsCall, startTestIssuer, type TestIssuer } from '../../helpers/issuer';

const RUN_TIMEOUT_MS = 60_000;

interface AutoJson {
  ok: boolean;
  exitCode: number;
  items: {
    kind: string;
    loginId: string;
    previousSerial?: string;
    serialNumber?: string;
    reason?: string;
    actor?: string;
    certificate?: { serialNumber: string };
  }[];
}

const homes: string[] = [];
afterAll(async () => {
  for (const home of homes) await rm(home, { recursive: true, force: true });
});

async function newHome(): Promise<string> {
  const home = await freshHome('cjs-auto-home-');
  homes.push(home);
  return home;
}

const target = (issuer: TestIssuer) => ['--issuer', issuer.estUrl, '--trust', issuer.tlsCaCertPath];

async function enroll(issuer: TestIssuer, home: string, loginId: string): Promise<void> {
  const res = await runCliProcess(['enroll', ...target(issuer), '--login-id', loginId, '--password-stdin'], {
    home,
    stdin: `${DEMO_PASSWORD}\n`,
    timeoutMs: RUN_TIMEOUT_MS,
  });
  expect(res.exitCode, res.stderr).toBe(0);
}

function renewAuto(issuer: TestIssuer, home: string, extra: string[] = [], env?: NodeJS.ProcessEnv): Promise<CliRun> {
  return runCliProcess(['renew', '--auto', ...target(issuer), ...extra], { home, timeoutMs: RUN_TIMEOUT_MS, ...(env ? { env } : {}) });
}

async function revokedAtIssuer(issuer: TestIssuer): Promise<Set<string>> {
  const res = await httpsCall(issuer.estUrl, issuer.tlsCaPem, { path: '/crl' });
  return (await readCrl(res.body, readCertificate(await readFile(issuer.caCertPath, 'utf8')))).revokedSerials;
}

describe('renew --auto inside the renewal window', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    // 20-day certificates: inside the 30-day renewal window from the start.
    issuer = await startTestIssuer({ policy: { validityDays: 20 } });
  });
  afterAll(async () => {
    await issuer?.stop();
  });

  it('renews user01 with no password: a new serial in the NSS store, the old one revoked in the CRL', { timeout: 120_000 }, async () => {
    const home = await newHome();
    await enroll(issuer, home, 'user01');
    const [before] = await (await nssContents(home)).serialsOf('user01');

    const res = await renewAuto(issuer, home);
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stdout).toContain('user01: パスワードなしで更新しました');
    const after = await (await nssContents(home)).serialsOf('user01');
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);
    expect((await revokedAtIssuer(issuer)).has(before!)).toBe(true);
    expect(issuerCertificates(issuer.dataDir, 'user01')).toEqual([
      { serial: before, revoked: true },
      { serial: after[0], revoked: false },
    ]);
    expect(await journalFiles(home)).toEqual([]);
  });

  it(
    'a revoked certificate (the master deleted the ID) is not renewed: exit 10, the master acts, nothing requested',
    { timeout: 120_000 },
    async () => {
      const home = await newHome();
      await enroll(issuer, home, 'user02');
      const res = await httpsCall(issuer.estUrl, issuer.tlsCaPem, {
        method: 'DELETE',
        path: '/api/v1/users/user02',
        auth: { loginId: 'master01', password: DEMO_PASSWORD },
      });
      expect(res.status).toBe(204);

      const auto = await renewAuto(issuer, home, ['--json', '--lang', 'en']);
      expect(auto.exitCode, auto.stderr).toBe(10);
      const report = auto.json<AutoJson>();
      expect(report.items).toMatchObject([{ kind: 'needs-user', loginId: 'user02', reason: 'revoked', actor: 'master' }]);
      const text = await renewAuto(issuer, home);
      expect(text.stdout).toContain('マスターユーザーにログイン ID の再登録を依頼して');
    },
  );

  it(
    'killed after the issuer answered: the next run installs that same certificate and removes the old one',
    { timeout: 150_000 },
    async () => {
      const home = await newHome();
      await enroll(issuer, home, 'master01');
      const [old] = await (await nssContents(home)).serialsOf('master01');
      // A pk12util that SIGKILLs the cjs-cert process asking it to import (the run dies with the
      // new certificate issued and journaled); every other use passes through.
      const real = execFileSync('sh', ['-c', 'command -v pk12util'], { encoding: 'utf8' }).trim();
      const bin = await mkdtemp(join(tmpdir(), 'cjs-auto-bin-'));
      homes.push(bin);
      await writeFile(
        join(bin, 'pk12util'),
        `#!/bin/sh\nif [ "$1" = "-i" ]; then kill -KILL "$PPID"; sleep 10; exit 1; fi\nexec '${real}' "$@"\n`,
      );
      await chmod(join(bin, 'pk12util'), 0o755);

      const killed = await renewAuto(issuer, home, [], { PATH: `${bin}:${process.env.PATH ?? ''}` });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      const issued = issuerCertificates(issuer.dataDir, 'master01');
      expect(issued).toHaveLength(2);
      expect(await journalFiles(home)).toHaveLength(1);

      const resumed = await renewAuto(issuer, home, ['--json']);
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      expect(resumed.json<AutoJson>().items).toMatchObject([
        { kind: 'renewed', loginId: 'master01', certificate: { serialNumber: issued[1]!.serial } },
      ]);
      expect(await (await nssContents(home)).serialsOf('master01')).toEqual([issued[1]!.serial]);
      expect(issuerCertificates(issuer.dataDir, 'master01')).toHaveLength(2);
      expect((await revokedAtIssuer(issuer)).has(old!)).toBe(true);
      expect(await journalFiles(home)).toEqual([]);
    },
  );
});

describe('renew --auto outside the window, and after expiry', () => {
  it('outside the window: nothing happens, exit 0, the store unchanged', { timeout: 120_000 }, async () => {
    const issuer = await startTestIssuer();
    try {
      const home = await newHome();
      await enroll(issuer, home, 'user01');
      const before = await (await nssContents(home)).serialsOf('user01');
      const res = await renewAuto(issuer, home, ['--json']);
      expect(res.exitCode, res.stderr).toBe(0);
      expect(res.json<AutoJson>().items).toMatchObject([{ kind: 'not-due', loginId: 'user01' }]);
      expect(await (await nssContents(home)).serialsOf('user01')).toEqual(before);
      expect(issuerCertificates(issuer.dataDir, 'user01')).toHaveLength(1);
    } finally {
      await issuer.stop();
    }
  });

  it(
    'expired: a certificate proves nothing any more; exit 10 and the command to obtain it with the password',
    { timeout: 120_000 },
    async () => {
      // Certificates of about 9 seconds.
      const issuer = await startTestIssuer({ policy: { validityDays: 0.0001 } });
      try {
        const home = await newHome();
        await enroll(issuer, home, 'user01');
        await new Promise((resolve) => setTimeout(resolve, 10_000));
        const res = await renewAuto(issuer, home);
        expect(res.exitCode, res.stderr).toBe(10);
        expect(res.stdout).toContain('有効期限');
        expect(res.stdout).toContain('cjs-cert enroll --login-id user01');
        expect(issuerCertificates(issuer.dataDir, 'user01')).toHaveLength(1);
      } finally {
        await issuer.stop();
      }
    },
  );
});

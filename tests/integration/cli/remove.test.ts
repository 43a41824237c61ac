// `cjs-cert remove` as a user runs it: the real command against a real issuer, on a real NSS
// database in a throw-away HOME, checked with NSS's own certutil. Removing never revokes; it
// takes the certificate and its private key out of this PC's store, and only with --yes.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshHome, runCliProcess, type CliRun } from '../../helpers/cli-process';
import { issuerCertificates, nssContents } from '../../helpers/enrollment-state';
import { DEMO_PASSWORD, startTestIssuer, type TestIssuer } from '../../helpers/issuer';

const TIMEOUT_MS = 45_000;

interface ErrorJson {
  ok: false;
  error: { code: string; message: string };
}

let issuer: TestIssuer;
let home: string;
const serials: Record<string, string> = {};

function cli(args: readonly string[]): Promise<CliRun> {
  return runCliProcess([...args, '--issuer', issuer.estUrl, '--trust', issuer.tlsCaCertPath], { home, timeoutMs: TIMEOUT_MS });
}

async function enroll(loginId: string): Promise<string> {
  const res = await runCliProcess(
    [
      'enroll',
      '--json',
      '--key-type',
      'ec',
      '--issuer',
      issuer.estUrl,
      '--trust',
      issuer.tlsCaCertPath,
      '--login-id',
      loginId,
      '--password-stdin',
      // Two users on one PC on purpose (Q6): the second one confirmed.
      '--allow-second-user',
    ],
    { home, stdin: `${DEMO_PASSWORD}\n`, timeoutMs: TIMEOUT_MS },
  );
  expect(res.exitCode, res.stderr).toBe(0);
  return res.json<{ certificate: { serialNumber: string } }>().certificate.serialNumber;
}

/** What certutil shows of the two users: their serials and the number of private keys. */
async function installed(): Promise<{ user01: string[]; user02: string[]; keys: string[] }> {
  const nss = await nssContents(home);
  return { user01: await nss.serialsOf('user01'), user02: await nss.serialsOf('user02'), keys: nss.keyLines };
}

beforeAll(async () => {
  issuer = await startTestIssuer();
  home = await freshHome('cjs-remove-home-');
  // Two users on one PC (a clerk who also holds the master ID): removal must pick the right one.
  serials.user01 = await enroll('user01');
  serials.user02 = await enroll('user02');
  const before = await installed();
  expect(before).toMatchObject({ user01: [serials.user01], user02: [serials.user02] });
  expect(before.keys).toHaveLength(2);
}, 120_000);

afterAll(async () => {
  await issuer?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('cjs-cert remove', () => {
  it('without --yes: refused like a usage error that says to add --yes; the certificate and its key stay', async () => {
    const res = await cli(['remove', '--serial', serials.user01!]);
    expect(res.exitCode).toBe(2);
    expect(res.stderr).toContain('削除には --yes を付けてください');
    expect(res.stderr).toContain('使い方: cjs-cert');
    const after = await installed();
    expect(after).toMatchObject({ user01: [serials.user01], user02: [serials.user02] });
    expect(after.keys).toHaveLength(2);
  });

  it('an unknown serial: CLI-NOT-FOUND with exit 2, in JSON for scripts; nothing removed', async () => {
    const res = await cli(['remove', '--serial', '0BADC0FFEE', '--yes', '--json']);
    expect(res.exitCode).toBe(2);
    expect(res.json<ErrorJson>()).toMatchObject({
      ok: false,
      error: { code: 'CLI-NOT-FOUND', message: '指定された電子証明書が見つかりません。' },
    });
    expect((await installed()).keys).toHaveLength(2);
  });

  it('neither --serial nor --login-id: a usage error, nothing removed', async () => {
    const res = await cli(['remove', '--yes']);
    expect(res.exitCode).toBe(2);
    expect(res.stderr).toContain('remove には --serial S または --login-id ID の指定が必要です。');
    expect((await installed()).keys).toHaveLength(2);
  });

  it('--login-id user02 --yes removes user02 (certificate and key) and leaves user01 as it was', async () => {
    const res = await cli(['remove', '--login-id', 'user02', '--yes']);
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stdout).toBe(`電子証明書を削除しました: user02 シリアル ${serials.user02}\n`);
    const after = await installed();
    expect(after).toMatchObject({ user01: [serials.user01], user02: [] });
    expect(after.keys).toHaveLength(1);
    expect(after.keys[0]).toContain('user01');
  });

  it("--serial as certutil prints it (lower case, colons) --yes --json: removed with its key; status then finds none (exit 9); the issuer's record is untouched", async () => {
    const spelled = serials.user01!.toLowerCase().match(/../g)!.join(':');
    const res = await cli(['remove', '--serial', spelled, '--yes', '--json']);
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.json()).toEqual({ ok: true, removedSerials: [serials.user01] });
    expect(await installed()).toEqual({ user01: [], user02: [], keys: [] });

    const status = await cli(['status', '--json']);
    expect(status.exitCode).toBe(9);
    expect(status.json<{ certificates: unknown[] }>().certificates).toEqual([]);
    // Removing is not revoking (that is the master user's or the bank's act).
    expect(issuerCertificates(issuer.dataDir, 'user01')).toEqual([{ serial: serials.user01, revoked: false }]);
  });
});

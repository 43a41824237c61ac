// `cjs-cert status` and `enroll` as a user reads them: English with --lang en, the failed step
// named in a log, and later runs finding the issuer of the last enrollment by themselves —
// against a real issuer on a non-default port, with the real command and NSS store.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshHome, runCliProcess, type CliRun } from '../../helpers/cli-process';
import { nssContents } from '../../helpers/enrollment-state';
import { DEMO_PASSWORD, startTestIssuer, type TestIssuer } from '../../helpers/issuer';

const TIMEOUT_MS = 45_000;
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

interface StatusJson {
  issuer: string;
  revocationChecked: boolean;
  certificates: { loginId: string; state: string; serialNumber: string; hasPrivateKey: boolean }[];
}

let issuer: TestIssuer;
let home: string;
// Ours, so that stopping the issuer keeps its trust file for the offline test.
let dataDir: string;

function cli(args: readonly string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return runCliProcess(args, { home, timeoutMs: TIMEOUT_MS, ...options });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cjs-status-issuer-'));
  issuer = await startTestIssuer({ dataDir });
  expect(new URL(issuer.estUrl).port).not.toBe('8443');
  home = await freshHome('cjs-status-home-');
});

afterAll(async () => {
  await issuer?.stop();
  if (home) await rm(home, { recursive: true, force: true });
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('a run that fails', () => {
  it('names the failed step in a non-terminal log, with the reason in English (--lang en)', async () => {
    const res = await cli(
      [
        'enroll',
        '--lang',
        'en',
        '--key-type',
        'ec',
        '--issuer',
        issuer.estUrl,
        '--trust',
        issuer.tlsCaCertPath,
        '--login-id',
        'user01',
        '--password-stdin',
      ],
      {
        stdin: 'wrong-password\n',
      },
    );
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toMatch(/ {2}✓ Create the certificate request \(CSR\) {2}\d+\.\d s\n {2}✗ Issue the certificate {2}\d+\.\d s\n/);
    expect(res.stderr).toContain('Error: The login ID or password is wrong.');
    expect(res.stderr).toContain('Error code: CJS-E-AUTH');
    expect(res.stderr).not.toMatch(JAPANESE);
    expect((await nssContents(home)).keyLines).toEqual([]);
  });
});

describe('--lang en, and the issuer remembered from the last enrollment', () => {
  let serial: string;

  it('enroll --lang en shows every step and the result in English', async () => {
    const res = await cli(
      [
        'enroll',
        '--lang',
        'en',
        '--key-type',
        'ec',
        '--issuer',
        issuer.estUrl,
        '--trust',
        issuer.tlsCaCertPath,
        '--login-id',
        'user01',
        '--password-stdin',
      ],
      {
        stdin: `${DEMO_PASSWORD}\n`,
      },
    );
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stderr).toContain(`Obtaining a certificate: user01 → ${issuer.estUrl}`);
    for (const step of [
      'Prepare (certificate store and issuer)',
      'Generate the key pair (ECDSA P-256)',
      'Issue the certificate',
      'Check the issued certificate',
      'Install into the certificate store and verify',
    ]) {
      expect(res.stderr).toContain(`✓ ${step}`);
    }
    expect(res.stdout).toContain(`Certificate installed (${join(home, '.pki', 'nssdb')}). Expires: `);
    expect(res.stdout).toMatch(/Expires: \d{4}\/\d\d\/\d\d \(36[56] days left\)\n/);
    expect(res.stdout).toContain('Close every browser window');
    expect(`${res.stdout}${res.stderr}`).not.toMatch(JAPANESE);
    const installed = await (await nssContents(home)).serialsOf('user01');
    expect(installed).toHaveLength(1);
    serial = installed[0]!;
  });

  it('remembers only the issuer address and the trust file (absolute), readable by this user alone', async () => {
    const path = join(home, '.local', 'state', 'cjs-cert', 'last-issuer.json');
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ issuerUrl: issuer.estUrl, trustFiles: [issuer.tlsCaCertPath] });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('status --json without --issuer or --trust reports the certificate from that issuer, revocation checked', async () => {
    const res = await cli(['status', '--json']);
    expect(res.exitCode, res.stderr).toBe(0);
    const status = res.json<StatusJson>();
    expect(status).toMatchObject({ issuer: issuer.estUrl, revocationChecked: true });
    expect(status.certificates).toEqual([
      expect.objectContaining({ loginId: 'user01', state: 'valid', serialNumber: serial, hasPrivateKey: true }),
    ]);
  });

  it('status --lang en prints the certificate’s facts, then the situation, in English', async () => {
    const res = await cli(['status', '--lang', 'en']);
    expect(res.exitCode, res.stderr).toBe(0);
    const date = String.raw`\d{4}/\d\d/\d\d`;
    expect(res.stdout).toMatch(
      new RegExp(
        [
          `^Certificate store: ${join(home, '.pki', 'nssdb')}`,
          '  user01  valid',
          `    Validity  ${date} – ${date} \\(36[56] days left\\)`,
          `    Renewal   from ${date}`,
          `    Serial    ${serial}`,
          '',
          'Valid: The certificate of user01 can be used to log in.',
          '  → There is nothing to do.',
          'FAQ: Q7, Q15',
          '',
          // P11: how moving to a new PC goes, beside a certificate that works.
          'Moving to a new PC: the current certificate must be revoked first\\. .*\n$',
        ].join('\n'),
      ),
    );
    expect(res.stdout).not.toMatch(JAPANESE);
  });

  it('CJS_ISSUER_URL still wins over the remembered issuer', async () => {
    const res = await cli(['status', '--json'], { env: { CJS_ISSUER_URL: 'https://127.0.0.1:1' } });
    expect(res.exitCode).toBe(4);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'ISSUE-REFUSED' } });
  });

  it('with the issuer down, its CA remembered under any spelling of its address (trailing slash) still identifies the certificate', async () => {
    await issuer.stop();
    const res = await cli(['status', '--json', '--issuer', `${issuer.estUrl}/`, '--trust', issuer.tlsCaCertPath]);
    expect(res.exitCode, res.stdout + res.stderr).toBe(0);
    const status = res.json<StatusJson>();
    expect(status.revocationChecked).toBe(false);
    expect(status.certificates).toEqual([expect.objectContaining({ loginId: 'user01', serialNumber: serial })]);
  });
});

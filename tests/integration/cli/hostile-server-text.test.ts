// Issue 9, finding 4: server text must not drive the terminal. A fake issuing service on
// 127.0.0.1 (real HTTPS, a trusted certificate) refuses with a problem+json whose title and
// detail carry a window-title escape, a clear-screen, a carriage return and a forged
// "certificate installed" line; a second one presents a certificate whose issuer name carries
// escapes. The real `cjs-cert` runs against them in a throw-away HOME, in English (which prints
// the server's detail), in Japanese and with --json: no ESC, BEL or CR byte of the server's
// reaches stdout or stderr, no line starts with the forged text, the exit status is unchanged,
// and --json stays valid JSON carrying the same values.
import { rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTlsServer } from 'node:tls';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSelfSignedCa,
  generateKeyPair,
  issueCertificate,
  randomSerialNumber,
  readCertificate,
  toPem,
} from '../../../electron/core/pki';
import { freshHome, runCliProcess, type CliRun } from '../../helpers/cli-process';
import { LoopbackServers } from '../../helpers/loopback-servers';
import { createLoopbackTlsIdentity } from '../../helpers/loopback-tls';

const TIMEOUT_MS = 60_000;
const FORGED = '✔ certificate installed';
const HOSTILE_DETAIL = `\x1b]0;pwned\x07\x1b[2J\rwrong password\n${FORGED}\r\n\x9b31m\u202egnp.exe`;
const HOSTILE_TITLE = `Unauthorized\x1b[1A\x1b[2K\x08\x7f`;
const servers = new LoopbackServers();
let home: string;
let trustFile: string;
let refusingUrl: string;
let evilNameUrl: string;

beforeAll(async () => {
  home = await freshHome('cjs-hostile-text-');
  const { caPem, tls } = await createLoopbackTlsIdentity('CJS Hostile Text Test Root');
  trustFile = join(home, 'test-root.pem');
  await writeFile(trustFile, caPem);
  const refusing = createHttpsServer(tls, (req, res) => {
    req.resume();
    res
      .writeHead(401, { 'content-type': 'application/problem+json' })
      .end(JSON.stringify({ type: 'about:blank', code: 'CJS-E-AUTH', status: 401, title: HOSTILE_TITLE, detail: HOSTILE_DETAIL }));
  });
  refusingUrl = `https://127.0.0.1:${await servers.listen(refusing)}`;
  evilNameUrl = `https://127.0.0.1:${await servers.listen(createTlsServer(await evilIssuerIdentity(), (s) => s.end()))}`;
}, TIMEOUT_MS);

afterAll(async () => {
  await servers.closeAll();
  if (home) await rm(home, { recursive: true, force: true });
});

/** A server certificate (not trusted: its root is not in --trust) whose issuer's name carries escapes. */
async function evilIssuerIdentity(): Promise<{ cert: string; key: string }> {
  const caKeys = await generateKeyPair('ecdsa-p256');
  const now = Date.now();
  const caDer = await createSelfSignedCa({
    keyPair: caKeys,
    commonName: `Evil\x1b]0;pwned\x07\x1b[2J\n${FORGED}`,
    organization: 'Test',
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + 86_400_000),
  });
  const keys = await generateKeyPair('ecdsa-p256');
  const der = await issueCertificate({
    authority: { certificate: readCertificate(caDer), privateKey: caKeys.privateKey },
    publicKey: keys.publicKey,
    subjectCommonName: '127.0.0.1',
    serialNumber: randomSerialNumber(),
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + 86_400_000),
    profile: { kind: 'tls-server', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] },
  });
  return { cert: toPem('CERTIFICATE', der), key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function enroll(issuerUrl: string, extra: readonly string[]): Promise<CliRun> {
  return runCliProcess(['enroll', '--login-id', 'user01', '--password-stdin', '--issuer', issuerUrl, '--trust', trustFile, ...extra], {
    home,
    stdin: 'some-password\n',
    timeoutMs: TIMEOUT_MS,
  });
}

/** Nothing of the server's can reach the terminal as a control: no ESC, BEL, CR, BS, DEL, C1 CSI or bidi override. */
function expectTerminalSafe(output: string): void {
  // eslint-disable-next-line no-control-regex -- the control characters are exactly what must be absent
  expect(output).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
  for (const line of output.split('\n')) expect(line.trimStart().startsWith(FORGED), line).toBe(false);
}

describe('a refusal whose problem title and detail carry terminal escapes', { timeout: TIMEOUT_MS }, () => {
  it('--lang en prints the detail, escaped, on one line; exit 3 as before', async () => {
    const res = await enroll(refusingUrl, ['--lang', 'en']);
    expect(res.exitCode, res.stderr).toBe(3);
    expect(res.stderr).toContain('CJS-E-AUTH');
    // What was sent is still visible, as escapes, so the log tells that the server sent it.
    expect(res.stderr).toContain('\\u001b]0;pwned\\u0007\\u001b[2J');
    expect(res.stderr).toContain(`wrong password ${FORGED}`);
    expectTerminalSafe(res.stdout + res.stderr);
  });

  it('Japanese (the default) as well', async () => {
    const res = await enroll(refusingUrl, []);
    expect(res.exitCode, res.stderr).toBe(3);
    expect(res.stderr).toContain('ログイン ID またはパスワードが正しくありません。');
    expectTerminalSafe(res.stdout + res.stderr);
  });

  it('--json is valid JSON whose detail reads as sent, with no raw control in the bytes', async () => {
    const res = await enroll(refusingUrl, ['--json']);
    expect(res.exitCode, res.stderr).toBe(3);
    expectTerminalSafe(res.stdout + res.stderr);
    const { error } = res.json<{ error: { code: string; detail: string } }>();
    expect(error.code).toBe('CJS-E-AUTH');
    expect(error.detail).toContain('\\u001b]0;pwned\\u0007');
    expect(error.detail).not.toContain('\n');
  });
});

describe('a server certificate whose issuer name carries terminal escapes', { timeout: TIMEOUT_MS }, () => {
  it('ISSUE-TLS names the issuer, escaped, on one line; exit 4', async () => {
    const res = await enroll(evilNameUrl, ['--lang', 'en']);
    expect(res.exitCode, res.stderr).toBe(4);
    expect(res.stderr).toContain('ISSUE-TLS');
    expect(res.stderr).toContain(`Evil\\u001b]0;pwned\\u0007`);
    expectTerminalSafe(res.stdout + res.stderr);
  });
});

// `cjs-cert users` as IT staff run it: the real command (bin/cjs-cert.js) against a real issuer,
// the master signing in with --login-id and its password on stdin (or the no-echo prompt of a
// real terminal, through `script`), the CRL read right after a deletion.
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCertificate, readCrl } from '../../../electron/core/pki';
import { CLI_BIN, freshHome, runCliProcess, type CliRun } from '../../helpers/cli-process';
import { enroll } from '../../helpers/est-client';
import { DEMO_PASSWORD, httpsCall, startTestIssuer, type TestIssuer } from '../../helpers/issuer';

const TIMEOUT_MS = 45_000;
let issuer: TestIssuer;
let home: string;

beforeAll(async () => {
  issuer = await startTestIssuer({ policy: { throttleAfterFailures: 1000 } });
  home = await freshHome('cjs-users-home-');
});
afterAll(async () => {
  await issuer?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

function users(args: readonly string[], stdin: string): Promise<CliRun> {
  return runCliProcess(['users', ...args, '--issuer', issuer.estUrl, '--trust', issuer.tlsCaCertPath], {
    home,
    stdin,
    timeoutMs: TIMEOUT_MS,
  });
}

const asMaster = ['--login-id', 'master01', '--password-stdin'];

async function revokedSerials(): Promise<Set<string>> {
  const res = await httpsCall(issuer.estUrl, issuer.tlsCaPem, { path: '/crl' });
  return (await readCrl(res.body, readCertificate(await readFile(issuer.caCertPath, 'utf8')))).revokedSerials;
}

interface ListJson {
  ok: true;
  contractId: string;
  seats: { used: number; max: number };
  users: { loginId: string; role: string; state: string; serialNumber: string | null }[];
}

describe('cjs-cert users', () => {
  it('list --json: the demo contract’s users with their certificate states', async () => {
    const user02 = await enroll(issuer, 'user02');
    const run = await users(['list', '--json', ...asMaster], `${DEMO_PASSWORD}\n`);
    expect(run.exitCode, run.stderr).toBe(0);
    const list = run.json<ListJson>();
    expect([list.contractId, list.seats]).toEqual(['demo', { used: 3, max: 11 }]);
    expect(list.users.map((u) => [u.loginId, u.role, u.state])).toEqual([
      ['master01', 'master', 'no-certificate'],
      ['user01', 'general', 'no-certificate'],
      ['user02', 'general', 'active'],
    ]);
    expect(list.users[2]!.serialNumber).toBe(user02.certificate.serialNumber);
  });

  it('list as text: a table and the seats, in Japanese by default and in English', async () => {
    const ja = await users(['list', ...asMaster], `${DEMO_PASSWORD}\n`);
    expect(ja.exitCode, ja.stderr).toBe(0);
    expect(ja.stdout).toContain('利用者数: 3 / 11');
    expect(ja.stdout).toMatch(/user02\s+一般\s+有効\s+\d{4}\/\d\d\/\d\d\s+\d{4}\/\d\d\/\d\d\s+-/);
    const en = await users(['list', '--lang', 'en', ...asMaster], `${DEMO_PASSWORD}\n`);
    expect(en.stdout).toContain('Seats: 3 / 11');
    expect(en.stdout).toMatch(/Login ID\s+Role\s+State\s+Valid until\s+Last issued\s+Locked until/);
    expect(en.stdout).toMatch(/master01\s+master\s+no certificate/);
  });

  it('a general user (user01) is refused: CJS-E-FORBIDDEN, exit status 3', async () => {
    const run = await users(['list', '--json', '--login-id', 'user01', '--password-stdin'], `${DEMO_PASSWORD}\n`);
    expect(run.exitCode).toBe(3);
    expect(run.json()).toMatchObject({ ok: false, error: { code: 'CJS-E-FORBIDDEN' } });
    const text = await users(['list', '--lang', 'en', '--login-id', 'user01', '--password-stdin'], `${DEMO_PASSWORD}\n`);
    expect(text.exitCode).toBe(3);
    expect(text.stderr).toContain('CJS-E-FORBIDDEN');
    expect(text.stderr).not.toContain(DEMO_PASSWORD);
  });

  it('delete user02 --yes: its certificate is in the CRL right after', async () => {
    const serial = (await users(['list', '--json', ...asMaster], `${DEMO_PASSWORD}\n`)).json<ListJson>().users[2]!.serialNumber!;
    const run = await users(['delete', 'user02', '--yes', '--lang', 'en', ...asMaster], `${DEMO_PASSWORD}\n`);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain(`certificate ${serial} revoked at once`);
    expect((await revokedSerials()).has(serial)).toBe(true);
  });

  it('delete and reregister without --yes, when stdin is not a terminal: exit 2 with the reason; nothing sent', async () => {
    for (const action of ['delete', 'reregister']) {
      const run = await users([action, 'user01', '--lang', 'en', ...asMaster], `${DEMO_PASSWORD}\nnew-password-1\n`);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('Add --yes to confirm');
    }
    const list = (await users(['list', '--json', ...asMaster], `${DEMO_PASSWORD}\n`)).json<ListJson>();
    expect(list.users.map((u) => u.loginId)).toContain('user01');
  });

  it('add, reregister, reset-password take the new password from the second line; unlock lifts a lock', async () => {
    const add = await users(['add', 'user03', '--json', ...asMaster], `${DEMO_PASSWORD}\ninitial-pass-3\n`);
    expect(add.exitCode, add.stderr).toBe(0);
    expect(add.json()).toMatchObject({ ok: true, user: { loginId: 'user03', state: 'no-certificate' } });
    const first = await enroll(issuer, 'user03', { password: 'initial-pass-3' });

    const rereg = await users(['reregister', 'user03', '--yes', '--lang', 'en', ...asMaster], `${DEMO_PASSWORD}\nsecond-pass-3\n`);
    expect(rereg.exitCode, rereg.stderr).toBe(0);
    expect(rereg.stdout).toContain(`${first.certificate.serialNumber} was revoked at once`);
    expect(rereg.stdout).toContain('initial password privately');
    expect((await revokedSerials()).has(first.certificate.serialNumber)).toBe(true);
    await enroll(issuer, 'user03', { password: 'second-pass-3' });

    for (let i = 0; i < 5; i++)
      await httpsCall(issuer.estUrl, issuer.tlsCaPem, { path: '/api/v1/users', auth: { loginId: 'user01', password: `guess-${i}` } });
    const locked = (await users(['list', '--json', ...asMaster], `${DEMO_PASSWORD}\n`)).json<ListJson>();
    expect(locked.users.find((u) => u.loginId === 'user01')!.state).toBe('locked');
    expect((await users(['unlock', 'user01', ...asMaster], `${DEMO_PASSWORD}\n`)).exitCode).toBe(0);
    const unlocked = (await users(['list', '--json', ...asMaster], `${DEMO_PASSWORD}\n`)).json<ListJson>();
    expect(unlocked.users.find((u) => u.loginId === 'user01')!.state).toBe('no-certificate');

    const reset = await users(['reset-password', 'user01', ...asMaster], `${DEMO_PASSWORD}\nreset-pass-1\n`);
    expect(reset.exitCode, reset.stderr).toBe(0);
    await enroll(issuer, 'user01', { password: 'reset-pass-1' });
  });

  it('refuses before sending: a bad login ID, a short new password, a missing second line (exit 2); the master itself is CJS-E-BANK-ONLY (3)', async () => {
    expect((await users(['add', 'bad id', ...asMaster], `${DEMO_PASSWORD}\nlong-enough-1\n`)).exitCode).toBe(2);
    expect((await users(['add', 'user04', ...asMaster], `${DEMO_PASSWORD}\nshort\n`)).exitCode).toBe(2);
    expect((await users(['add', 'user04', ...asMaster], `${DEMO_PASSWORD}\n`)).exitCode).toBe(2);
    const self = await users(['delete', 'master01', '--yes', '--json', ...asMaster], `${DEMO_PASSWORD}\n`);
    expect(self.exitCode).toBe(3);
    expect(self.json()).toMatchObject({ ok: false, error: { code: 'CJS-E-BANK-ONLY' } });
  });

  it('in a real terminal: the passwords are asked without echo, the new one twice', async () => {
    const answers: [string, string][] = [
      ['Password for master01: ', DEMO_PASSWORD],
      ['New password for user03: ', 'typed-pass-3'],
      ['New password for user03 (again): ', 'typed-pass-3'],
    ];
    const { status, screen, unanswered } = await inTerminal(['reset-password', 'user03'], answers);
    expect(unanswered).toBe(0);
    expect(status, screen).toBe(0);
    expect(screen).toContain('Set a new password for user03');
    // Each prompt ends its line once answered: the next prompt and the answer start on their own.
    const lines = screen.split('\n');
    expect(lines.filter((l) => l.includes('Password for master01')).join('\n')).not.toContain('New password');
    expect(lines.find((l) => l.includes('(again)'))).not.toContain('Set a new password');
    // Nothing typed is echoed back on the terminal.
    expect(screen).not.toContain(DEMO_PASSWORD);
    expect(screen).not.toContain('typed-pass-3');
    // The typed password is user03's now: it logs in (and, a general user, is refused the master API).
    expect(
      (await httpsCall(issuer.estUrl, issuer.tlsCaPem, { path: '/api/v1/users', auth: { loginId: 'user03', password: 'typed-pass-3' } }))
        .status,
    ).toBe(403);
  });

  it('in a real terminal: a deletion asks first, and "n" changes nothing (the question shown as the terminal draws it)', async () => {
    const answers: [string, string][] = [
      ['Password for master01: ', DEMO_PASSWORD],
      ['Delete user03?', 'n'],
    ];
    const { status, screen, unanswered } = await inTerminal(['delete', 'user03'], answers);
    expect(unanswered).toBe(0);
    expect(status, screen).toBe(1);
    expect(screen).toContain('Cancelled. Nothing was changed.');
    // The line editor's cursor codes reach the terminal as codes, not as escaped text.
    expect(screen).not.toMatch(/\\u001b|\\u000d/u);
    const list = await users(['list', '--json', ...asMaster], `${DEMO_PASSWORD}\n`);
    expect(list.json()).toMatchObject({ ok: true });
    expect(JSON.stringify(list.json())).toContain('"user03"');
  });
});

/** Runs `cjs-cert users ARGS` on a pseudo-terminal (script), typing each answer once its prompt shows, as a person does. */
async function inTerminal(
  args: string[],
  answers: [string, string][],
): Promise<{ status: number | null; screen: string; unanswered: number }> {
  const command = [process.execPath, CLI_BIN, 'users', ...args, '--lang', 'en', '--login-id', 'master01']
    .concat(['--issuer', issuer.estUrl, '--trust', issuer.tlsCaCertPath])
    .map((a) => `'${a}'`)
    .join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
  let seenUpTo = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    const next = answers[0];
    // The prompt is followed by cursor movements of the line editor: found, not matched at the end.
    const at = next ? screen.indexOf(next[0].trim(), seenUpTo) : -1;
    if (next && at >= 0) {
      seenUpTo = at + next[0].length;
      answers.shift();
      child.stdin.write(`${next[1]}\r`);
    }
  });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return { status, screen, unanswered: answers.length };
}

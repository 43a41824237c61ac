// The command line's contract with users and scripts: usage, languages, exit codes, and the
// rule that a password never comes from argv.
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../cli/main';
import { describeError } from '../../../cli/errors';
import { createTranslator } from '../../../cli/i18n';
import { readPasswordFromStdin } from '../../../cli/password';
import type { createServices } from '../../../cli/services';

function io(stdin = ''): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { stdout, stderr, stdin: Readable.from([stdin]), env: {}, out: () => out, err: () => err };
}

// The command line must be rejected before any service (store, network) is created.
const noServices = (() => {
  throw new Error('services must not be created for this command line');
}) as unknown as typeof createServices;

class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: { advice?: string } = {},
  ) {
    super(message);
  }
}

describe('cjs-cert command line', () => {
  it('--help prints the usage with every command and exits 0', async () => {
    const s = io();
    expect(await runCli(['--help'], s, noServices)).toBe(0);
    for (const command of ['enroll', 'renew', 'status', 'remove', 'doctor']) expect(s.out()).toContain(command);
  });

  it.each([
    [['frobnicate'], 'unknown command'],
    [['enroll'], 'needs --login-id'],
    [['status', '--lang', 'fr'], '--lang must be ja or en'],
    [['enroll', '--login-id', 'user01', '--key-type', 'dsa'], '--key-type must be rsa or ec'],
    [['status', 'extra'], 'unexpected argument'],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const s = io();
    expect(await runCli(argv, s, noServices)).toBe(2);
    expect(s.err()).toContain(message);
    expect(s.err()).toContain('Usage: cjs-cert');
  });

  it('refuses a password given on the command line', async () => {
    const s = io();
    expect(await runCli(['enroll', '--login-id', 'user01', '--password', 'demo-password'], s, noServices)).toBe(2);
    expect(s.err()).toMatch(/Unknown option '--password'/);
  });

  it('reports usage errors as JSON with --json', async () => {
    const s = io();
    expect(await runCli(['enroll', '--json'], s, noServices)).toBe(2);
    expect(JSON.parse(s.out())).toMatchObject({ ok: false, error: { code: 'CLI-USAGE' } });
  });
});

describe('error messages and exit codes', () => {
  it.each([
    ['CJS-E-AUTH', 3, 'ログイン ID またはパスワードが正しくありません。'],
    ['CJS-E-ACTIVE-CERT', 3, '1 ユーザー 1 枚'],
    ['ISSUE-HTTP-URL', 4, '「https://」'],
    ['ISSUE-TLS', 4, 'TLS'],
    ['ISSUE-UNREACHABLE', 4, '接続できません'],
    ['STORE-TOOL-MISSING', 5, '証明書ストアのツールがありません。'],
    ['ISSUE-WRONG-KEY', 6, '何もインストールしていません'],
    ['ISSUE-BAD-RESPONSE', 6, '何もインストールしていません'],
  ] as const)('%s → exit %i, Japanese explanation', async (code, exitCode, text) => {
    const t = await createTranslator('ja');
    const described = describeError(new CodedError(code, 'technical detail'), t);
    expect(described.exitCode).toBe(exitCode);
    expect(described.message).toContain(text);
    expect(described.detail).toBe('technical detail');
  });

  it('keeps the store advice (e.g. which package to install)', async () => {
    const t = await createTranslator('en');
    const described = describeError(
      new CodedError('STORE-TOOL-MISSING', 'certutil is not installed', { advice: 'sudo apt-get install libnss3-tools' }),
      t,
    );
    expect(described).toMatchObject({
      exitCode: 5,
      message: "The certificate store's tool is missing.",
      advice: 'sudo apt-get install libnss3-tools',
    });
  });

  it('an unknown failure is exit 1 with its message as detail', async () => {
    const t = await createTranslator('ja');
    expect(describeError(new Error('boom'), t)).toMatchObject({ code: 'unexpected', exitCode: 1, detail: 'boom' });
  });

  it('every code the issuer can send has a Japanese and an English explanation', async () => {
    const { PROBLEM_CODES } = await import('../../../electron/contract/problem-codes');
    const [ja, en] = await Promise.all([createTranslator('ja'), createTranslator('en')]);
    const loginOnly = new Set(['CJS-E-NO-CLIENT-CERT', 'CJS-E-UNKNOWN-CERT', 'CJS-E-CERT-EXPIRED', 'CJS-E-CERT-REVOKED']);
    for (const code of Object.values(PROBLEM_CODES).filter((c) => !loginOnly.has(c))) {
      expect(ja(`error.${code}`, { defaultValue: '' }), code).not.toBe('');
      expect(en(`error.${code}`, { defaultValue: '' }), code).not.toBe('');
    }
  });
});

describe('--password-stdin', () => {
  it('takes the first line without its line ending', async () => {
    expect(await readPasswordFromStdin(Readable.from(['s3cret pass\r\nignored\n']))).toBe('s3cret pass');
  });

  it('refuses an empty stdin', async () => {
    await expect(readPasswordFromStdin(Readable.from(['\n']))).rejects.toMatchObject({ code: 'CLI-NO-PASSWORD' });
  });
});

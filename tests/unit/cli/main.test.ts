// The command line's contract with users and scripts: usage, languages, exit codes, and the
// rule that a password never comes from argv.
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../cli/main';
import { describeError } from '../../../cli/errors';
import { createTranslator } from '../../../cli/i18n';
import { readPasswordFromStdin } from '../../../cli/password';
import type { createServices } from '../../../cli/services';
import { IssuingError } from '../../../electron/core/issuing';
import { StoreError } from '../../../electron/core/stores/certificate-store';

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

/** An error of the core as the layer that raises it would (the CLI maps by type). */
function coreError(code: string, message: string): Error {
  if (code.startsWith('STORE-')) return new StoreError(code as 'STORE-TOOL-MISSING', message);
  return new IssuingError(code as 'ISSUE-TLS', message);
}

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('cjs-cert command line', () => {
  it('--help prints the usage with every command and exits 0', async () => {
    const s = io();
    expect(await runCli(['--help'], s, noServices)).toBe(0);
    for (const command of ['enroll', 'renew', 'status', 'remove', 'doctor']) expect(s.out()).toContain(command);
  });

  // Japanese by default, English with --lang en (the English texts are the ones scripts knew).
  it.each([
    [['frobnicate'], 'unknown command', '不明なコマンドです: frobnicate'],
    [['enroll'], 'needs --login-id', 'enroll には --login-id ID の指定が必要です。'],
    [
      ['enroll', '--login-id', 'user01', '--key-type', 'dsa'],
      '--key-type must be rsa or ec',
      '--key-type には rsa または ec を指定してください',
    ],
    [['status', 'extra'], 'unexpected argument', '余分な引数があります: extra'],
  ])('%j is a usage error (exit 2), in Japanese and with --lang en in English', async (argv, english, japanese) => {
    const ja = io();
    expect(await runCli(argv, ja, noServices)).toBe(2);
    expect(ja.err()).toContain(japanese);
    expect(ja.err()).toContain('使い方: cjs-cert');
    expect(ja.err()).not.toContain(english);
    const en = io();
    expect(await runCli([...argv, '--lang', 'en'], en, noServices)).toBe(2);
    expect(en.err()).toContain(english);
    expect(en.err()).toContain('Usage: cjs-cert');
    expect(en.err()).not.toMatch(JAPANESE);
  });

  it('an unknown --lang is a usage error answered in Japanese, the default', async () => {
    const s = io();
    expect(await runCli(['status', '--lang', 'fr'], s, noServices)).toBe(2);
    expect(s.err()).toContain('--lang には ja または en を指定してください (指定値: fr)。');
  });

  it('`renew` without --login-id (as old status advice had it) is explained in Japanese, not an English usage error', async () => {
    const s = io();
    expect(await runCli(['renew'], s, noServices)).toBe(2);
    expect(s.err()).toContain('renew には --login-id ID の指定が必要です。');
    expect(s.err()).not.toContain('needs --login-id');
  });

  it('refuses a password given on the command line', async () => {
    const s = io();
    expect(await runCli(['enroll', '--login-id', 'user01', '--password', 'demo-password'], s, noServices)).toBe(2);
    expect(s.err()).toContain('不明なオプションです: --password');
    expect(s.err()).not.toContain('demo-password');
    const en = io();
    expect(await runCli(['enroll', '--lang', 'en', '--login-id', 'user01', '--password', 'demo-password'], en, noServices)).toBe(2);
    expect(en.err()).toMatch(/Unknown option '--password'/);
  });

  it('doctor --only with an unknown id names it and the valid ids, once, in Japanese and English (exit 2)', async () => {
    const ja = io();
    expect(await runCli(['doctor', '--only', 'nope'], ja, noServices)).toBe(2);
    expect(ja.err()).toContain('エラー: 診断項目「nope」はありません (--only)。指定できる ID: https-address, network,');
    expect(
      ja
        .err()
        .split('\n')
        .filter((l) => !JAPANESE.test(l)),
    ).toEqual(['']);
    const en = io();
    expect(await runCli(['doctor', '--only', 'nope', '--lang', 'en'], en, noServices)).toBe(2);
    expect(en.err()).toContain('Error: There is no check "nope" (--only). Valid ids: https-address, network,');
    expect(en.err().match(/nope/g)).toHaveLength(1);
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
    ['CJS-E-ACTIVE-CERT', 3, '1\u00a0ユーザー\u00a01\u00a0枚'],
    ['ISSUE-HTTP-URL', 4, '「https://」'],
    ['ISSUE-TLS', 4, 'サーバー証明書が信頼されていません'],
    ['ISSUE-TLS-HANDSHAKE', 4, 'TLS 1.2'],
    ['ISSUE-UNREACHABLE', 4, '接続できない'],
    ['ISSUE-REFUSED', 4, '接続が拒否されました'],
    ['ISSUE-NO-ANSWER', 4, '応答がありませんでした'],
    ['STORE-TOOL-MISSING', 5, '証明書ストアのツールがありません。'],
    ['ISSUE-WRONG-KEY', 6, '何もインストールしていません'],
    ['ISSUE-BAD-RESPONSE', 6, '何もインストールしていません'],
  ] as const)('%s → exit %i, Japanese explanation', async (code, exitCode, text) => {
    const t = await createTranslator('ja');
    const described = describeError(coreError(code, 'technical detail'), t);
    expect(described.exitCode).toBe(exitCode);
    expect(described.message).toContain(text);
    expect(described.detail).toBe('technical detail');
  });

  it('keeps the store advice (e.g. which package to install)', async () => {
    const t = await createTranslator('en');
    const described = describeError(
      new StoreError('STORE-TOOL-MISSING', 'certutil is not installed', { advice: 'sudo apt-get install libnss3-tools' }),
      t,
    );
    expect(described).toMatchObject({
      exitCode: 5,
      message: "The certificate store's tool is missing.",
      advice: 'sudo apt-get install libnss3-tools',
    });
  });

  it('an unknown failure is UNEXPECTED, exit 1, its message kept as detail for --json only', async () => {
    const t = await createTranslator('ja');
    expect(describeError(new Error('boom'), t)).toMatchObject({ code: 'UNEXPECTED', exitCode: 1, detail: 'boom' });
  });

  it('is decided by type: a plain Error that merely has a code is not trusted as one of ours', async () => {
    const t = await createTranslator('ja');
    const impostor = Object.assign(new Error('x'), { code: 'CJS-E-AUTH' });
    expect(describeError(impostor, t)).toMatchObject({ code: 'UNEXPECTED', exitCode: 1 });
  });

  it('PKI errors are ours too: an unreadable answer is exit 6 with its explanation, not "unexpected"', async () => {
    const { PkiError } = await import('../../../electron/core/pki');
    const t = await createTranslator('ja');
    expect(describeError(new PkiError('PKI-BAD-PKCS7', 'bad PKCS#7'), t)).toMatchObject({
      code: 'PKI-BAD-PKCS7',
      exitCode: 6,
      actor: 'bank',
      message: '発行元の応答 (PKCS#7) を読み取れませんでした。何もインストールしていません。',
    });
  });

  it.each([
    ['CJS-E-AUTH', 'user'],
    ['CJS-E-LOCKED', 'master'],
    ['ISSUE-UNREACHABLE', 'it'],
    ['ISSUE-WRONG-KEY', 'bank'],
  ] as const)('%s: the actor is %s', async (code, actor) => {
    const t = await createTranslator('ja');
    expect(describeError(coreError(code, 'x'), t).actor).toBe(actor);
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

describe('who is told to quote the code to the bank', () => {
  /** `status` whose services fail with `err`: the error path every command shares. */
  async function statusFailingWith(err: Error, lang: 'ja' | 'en' = 'ja'): Promise<{ exit: number; err: string }> {
    const s = io();
    const failing = (() => Promise.reject(err)) as unknown as typeof createServices;
    const exit = await runCli(['status', '--lang', lang], s, failing);
    return { exit, err: s.err() };
  }

  it('a typo (CJS-E-AUTH) is the user’s: the code, no bank', async () => {
    const { exit, err } = await statusFailingWith(new IssuingError('CJS-E-AUTH', 'wrong login ID or password'));
    expect(exit).toBe(3);
    expect(err).toContain('エラーコード: CJS-E-AUTH\n');
    expect(err).toContain('対応する人: ご本人');
    expect(err).not.toContain('労金');
  });

  it('a lock (CJS-E-LOCKED) is the master user’s; a master user quotes it to the bank', async () => {
    const { err } = await statusFailingWith(new IssuingError('CJS-E-LOCKED', 'locked'));
    expect(err).toContain('エラーコード: CJS-E-LOCKED (マスターユーザーご本人の場合は、労金へのお問い合わせの際にお伝えください)');
    expect(err).toContain('対応する人: マスターユーザー (マスターユーザーご本人の場合は労金)');
  });

  it('a wrong answer from the issuer is the bank’s: quote the code', async () => {
    const { exit, err } = await statusFailingWith(new IssuingError('ISSUE-WRONG-KEY', 'the certificate is for another key'));
    expect(exit).toBe(6);
    expect(err).toContain('エラーコード: ISSUE-WRONG-KEY (労金へのお問い合わせの際にお伝えください)');
    expect(err).toContain('対応する人: 労金');
  });

  it('the issuer unreachable is for IT, with no English detail line in Japanese; the detail stays for --lang en', async () => {
    const cause = new IssuingError('ISSUE-UNREACHABLE', 'connect ECONNREFUSED 127.0.0.1:8443', { errno: 'ECONNREFUSED' });
    const ja = await statusFailingWith(cause);
    expect(ja.exit).toBe(4);
    expect(ja.err).toContain('対応する人: IT 担当者');
    expect(ja.err).not.toContain('ECONNREFUSED');
    expect(ja.err.split('\n').filter((l) => l.trim() && !JAPANESE.test(l))).toEqual([]);
    const en = await statusFailingWith(cause, 'en');
    expect(en.err).toContain('connect ECONNREFUSED 127.0.0.1:8443');
    expect(en.err).toContain('Who acts: your IT staff');
  });
});

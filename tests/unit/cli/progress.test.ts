// What a log file (non-TTY stderr) and a terminal show of a run's steps.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../cli/i18n';
import { createProgressWriter } from '../../../cli/progress';

function sink(tty: boolean): PassThrough & { text: () => string } {
  const out = new PassThrough() as PassThrough & { text: () => string; isTTY?: boolean };
  if (tty) out.isTTY = true;
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  out.text = () => text;
  return out;
}

describe('progress on a pipe or a log file', () => {
  it('names the step that failed, after the ones that succeeded', async () => {
    const out = sink(false);
    const write = createProgressWriter(await createTranslator('en'), out, 'ecdsa-p256');
    write({ type: 'step', step: 'keygen', phase: 'start' });
    write({ type: 'step', step: 'keygen', phase: 'done', ms: 40 });
    write({ type: 'step', step: 'issue', phase: 'start' });
    write({ type: 'step', step: 'issue', phase: 'failed', ms: 1200 });
    expect(out.text()).toBe('  ✓ Generate the key pair (ECDSA P-256)  0.0 s\n  ✗ Issue the certificate  1.2 s\n');
  });

  it('in Japanese by default', async () => {
    const out = sink(false);
    const write = createProgressWriter(await createTranslator('ja'), out, 'rsa-2048');
    write({ type: 'step', step: 'install', phase: 'start' });
    write({ type: 'step', step: 'install', phase: 'failed', ms: 10 });
    expect(out.text()).toContain('✗ 証明書ストアへのインストールと確認');
  });

  it('says when an interrupted enrollment was abandoned, with the refusal to quote', async () => {
    const out = sink(false);
    const write = createProgressWriter(await createTranslator('en'), out, 'rsa-2048');
    write({ type: 'warning', code: 'JOURNAL-DISCARDED', detail: 'CJS-E-ACTIVE-CERT' });
    expect(out.text()).toMatch(/^ {2}! The interrupted enrollment was abandoned.*\(CJS-E-ACTIVE-CERT\).*new key\.\n$/);
  });

  it('says when the certificate of an interrupted enrollment was revoked meanwhile, and that a new one is requested', async () => {
    for (const [language, words] of [
      [
        'en',
        /revoked in the meantime \(the master user deleted or re-registered the login ID\)\. It was not installed; a new one is requested\./,
      ],
      ['ja', /シリアル 5A1F03\) は、その後に失効しています.*新しい証明書を申請します。/],
    ] as const) {
      const out = sink(false);
      createProgressWriter(
        await createTranslator(language),
        out,
        'rsa-2048',
      )({ type: 'warning', code: 'JOURNAL-REVOKED', detail: '5A1F03' });
      expect(out.text()).toMatch(words);
      expect(out.text()).toContain('5A1F03');
    }
  });
});

describe('progress on a terminal', () => {
  it('replaces the running step by its outcome, ✗ included, and keeps it visible under a warning', async () => {
    const out = sink(true);
    const write = createProgressWriter(await createTranslator('en'), out, 'rsa-2048');
    write({ type: 'step', step: 'resume', phase: 'start' });
    write({ type: 'warning', code: 'JOURNAL-UNAVAILABLE', detail: 'no Secret Service' });
    write({ type: 'step', step: 'resume', phase: 'failed', ms: 0 });
    expect(out.text()).toBe(
      '  … Look for an interrupted enrollment' +
        '\r\x1b[2K  ! Note: the OS credential vault is unavailable, so an interrupted run cannot resume automatically (no Secret Service).\n' +
        '  … Look for an interrupted enrollment' +
        '\r\x1b[2K  ✗ Look for an interrupted enrollment  0.0 s\n',
    );
  });
});

// Issue 9, finding 4: the terminal-safety rule (electron/core/safe-text.ts) and the CLI's output
// boundary that applies it to everything printed (cli/safe-output.ts).
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../cli/i18n';
import { createProgressWriter } from '../../../cli/progress';
import { CLEAR_LINE, safeOutput, writeControl } from '../../../cli/safe-output';
import { oneLine, terminalSafe } from '../../../electron/core/safe-text';

function sink(tty = false): PassThrough & { text: () => string; isTTY?: boolean; columns?: number } {
  const out = new PassThrough() as PassThrough & { text: () => string; isTTY?: boolean; columns?: number };
  if (tty) Object.assign(out, { isTTY: true, columns: 100 });
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  out.text = () => text;
  return out;
}

describe('terminalSafe', () => {
  it.each([
    ['ESC (an OSC window title, a CSI clear-screen)', '\x1b]0;pwned\x07\x1b[2J', '\\u001b]0;pwned\\u0007\\u001b[2J'],
    ['CR, backspace, DEL', 'a\rb\x08c\x7f', 'a\\u000db\\u0008c\\u007f'],
    ['C1 controls: the one-character CSI U+009B, NEL U+0085', '\x9b31m\x85', '\\u009b31m\\u0085'],
    ['a NUL', 'a\0b', 'a\\u0000b'],
    // Bidi controls reorder what is shown ("Trojan Source"): a name ending "exe.png" reads as "…gnp.exe".
    [
      'bidi overrides, embeddings, isolates and marks',
      'x\u202egnp.exe\u202c \u2066y\u2069\u200f\u061c',
      'x\\u202egnp.exe\\u202c \\u2066y\\u2069\\u200f\\u061c',
    ],
    ['lone surrogates, high and low', 'a\ud800b\udc00', 'a\\ud800b\\udc00'],
  ])('escapes %s', (_what, input, expected) => {
    expect(terminalSafe(input)).toBe(expected);
  });

  it('leaves line feeds, tabs and every printable character alone: Japanese, emoji (a surrogate pair), ZWJ sequences', () => {
    const text = '証明書をインストールしました ✓\n\tuser01 → 🔐 👩‍💻 café';
    expect(terminalSafe(text)).toBe(text);
  });

  it('keeps JSON valid and meaning the same (its escapes are JSON’s)', () => {
    const value = { detail: '\x1b[2J\x9b\x7f\u202e\ud800 end', list: ['\x07'] };
    const json = JSON.stringify(value, null, 2);
    // JSON.stringify already escapes C0 and lone surrogates, but not DEL, C1 or bidi controls.
    expect(json).toContain('\x9b');
    const safe = terminalSafe(json);
    // eslint-disable-next-line no-control-regex -- what must be gone
    expect(safe).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(JSON.parse(safe)).toEqual(value);
  });
});

describe('oneLine', () => {
  it('puts a single-line field on one line: no forged line can start inside it', () => {
    expect(oneLine('wrong password\n✔ certificate installed\r\nx\ry\u2028z')).toBe('wrong password ✔ certificate installed x y z');
    expect(oneLine('\x1b[2Ja\nb')).toBe('\\u001b[2Ja b');
  });
});

describe('the output boundary', () => {
  it('escapes whatever is written through it, and keeps the terminal facts of the stream it wraps', () => {
    const out = sink(true);
    const safe = safeOutput(out) as NodeJS.WriteStream;
    expect(safe.isTTY).toBe(true);
    expect(safe.columns).toBe(100);
    safe.write('Error: \x1b]0;pwned\x07\n');
    expect(out.text()).toBe('Error: \\u001b]0;pwned\\u0007\n');
  });

  it('lets only the CLI’s own line erase through, in order between texts', () => {
    const out = sink(true);
    const safe = safeOutput(out);
    safe.write('  … one');
    writeControl(safe, CLEAR_LINE);
    safe.write('  ✓ one\n\r\x1b[2K');
    expect(out.text()).toBe('  … one\r\x1b[2K  ✓ one\n\\u000d\\u001b[2K');
  });

  it('the progress writer on a terminal still redraws its line through the boundary', async () => {
    const out = sink(true);
    const write = createProgressWriter(await createTranslator('en'), safeOutput(out), 'ecdsa-p256');
    write({ type: 'step', step: 'keygen', phase: 'start' });
    write({ type: 'step', step: 'keygen', phase: 'done', ms: 40 });
    expect(out.text()).toBe('  … Generate the key pair (ECDSA P-256)\r\x1b[2K  ✓ Generate the key pair (ECDSA P-256)  0.0 s\n');
  });

  it('is applied once however often it is asked for', () => {
    const out = sink();
    const once = safeOutput(out);
    expect(safeOutput(once)).toBe(once);
  });
});

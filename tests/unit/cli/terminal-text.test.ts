// Lines wrapped for a terminal as a clerk reads them: each within the width (Japanese characters
// two columns wide), an action's text continued under the text and not at column 0, no line
// starting with "。" or "ー", nothing lost, and a command never cut in two.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { displayWidth, forTerminal, wrapLine } from '../../../cli/terminal-text';

const ACTION =
  '  → マスターユーザーに、ログイン ID の削除と再登録を依頼してください。マスターユーザーご本人の場合は、労金に電子証明書の失効を依頼してください。';

/** The text of wrapped lines joined back, the continuation indents taken out. */
function rejoined(lines: readonly string[], hang: string): string {
  return lines.map((l, i) => (i === 0 ? l : l.slice(hang.length))).join('');
}

describe('displayWidth', () => {
  it('counts Japanese characters and fullwidth forms as two columns', () => {
    expect(displayWidth('ログイン ID')).toBe(11);
    expect(displayWidth('2026/12/04 〜 2027/12/05')).toBe(24);
    expect(displayWidth('  → x')).toBe(5);
  });
});

describe('wrapLine', () => {
  it.each([40, 60, 80])('keeps an action line within %i columns, continued under its text', (columns) => {
    const lines = wrapLine(ACTION, columns);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(columns);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {4}\S/u);
    for (const line of lines.slice(1)) expect(line.trimStart()).not.toMatch(/^[。、）」ーッ)]/u);
    // Only breaks were added: between Japanese characters nothing, where a space was, nothing either.
    expect(rejoined(lines, '    ').replace(/ /g, '')).toBe(ACTION.replace(/ /g, ''));
  });

  it('breaks English at spaces only, never inside a word', () => {
    const line = '  → Ask the master user to delete and re-register your login ID. If you are the master user, ask the bank.';
    expect(wrapLine(line, 50)).toEqual([
      '  → Ask the master user to delete and re-register',
      '    your login ID. If you are the master user, ask',
      '    the bank.',
    ]);
  });

  it('leaves a command whole, to be copied as one line', () => {
    const command = '      cjs-cert remove --serial 7DACF0F9AB3CC033CDCA86A8E1BD2F71 --yes';
    expect(wrapLine(command, 40)).toEqual([command]);
  });

  it('leaves a line that fits, and a word longer than the width, as they are', () => {
    expect(wrapLine('有効: user01 の電子証明書でログインできます。', 80)).toEqual(['有効: user01 の電子証明書でログインできます。']);
    const path = '証明書ストア: /home/clerk-with-a-long-name/.pki/nssdb/and/more/directories';
    expect(wrapLine(path, 30)).toEqual(['証明書ストア:', '/home/clerk-with-a-long-name/.pki/nssdb/and/more/directories']);
  });
});

describe('forTerminal', () => {
  it('wraps for a terminal of its width, and leaves a pipe or file alone', () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true, columns: 41 });
    expect(forTerminal(`${ACTION}\n`, tty).split('\n').length).toBeGreaterThan(2);
    expect(forTerminal(`${ACTION}\n`, new PassThrough())).toBe(`${ACTION}\n`);
  });
});

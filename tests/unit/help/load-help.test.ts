// loadHelp validates what it serves: a broken help file is a rejected promise (an error result on
// the help.get channel), never half-valid content on the Help screen.
import { describe, expect, it, vi } from 'vitest';
import { loadHelp } from '../../../electron/core/app/help';

// English content with an entry the schema refuses (no such FAQ number, no such actor).
vi.mock('../../../resources/help/en.json', () => ({
  default: { entries: [{ id: 'Q26', title: 't', about: 'a', appDoes: 'd', remains: 'r', actor: 'everyone', keywords: [] }] },
}));

describe('loadHelp', () => {
  it('rejects content that does not match the help.get schema', async () => {
    await expect(loadHelp('en')).rejects.toThrow();
  });

  it('still serves the other, valid language', async () => {
    const { entries } = await loadHelp('ja');
    expect(entries.map((e) => e.id).slice(0, 2)).toEqual(['Q1', 'Q2']);
  });
});

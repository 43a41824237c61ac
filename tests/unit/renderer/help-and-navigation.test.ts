// Help search and deep links: every FAQ link opens its entry, and a search finds entries by
// their words, number, code or keyword in full-width or half-width writing.
import { describe, expect, it } from 'vitest';
import type { HelpEntry } from '../../../electron/contract/channels';
import { faqEntryId, initialHelp, searchHelp, updateHelp } from '../../../renderer/state/help';
import { faqHash, parseRoute, routeHash } from '../../../renderer/state/navigation';

const entry = (id: string, title: string, keywords: string[] = []): HelpEntry => ({
  id,
  title,
  about: `${title}について`,
  appDoes: 'アプリが確認します。',
  remains: 'ありません。',
  actor: 'none',
  keywords,
});

const entries = [
  entry('Q7', '電子証明書の有効期限', ['期限']),
  entry('Q17', '無効な電子証明書を選んだ', ['CJS-E-UNKNOWN-CERT']),
  entry('Q25', '信頼済みサイト', ['trusted sites']),
];

describe('help search', () => {
  it('finds by words, FAQ number and error code', () => {
    expect(searchHelp(entries, '有効期限').map((e) => e.id)).toEqual(['Q7']);
    expect(searchHelp(entries, 'q17').map((e) => e.id)).toEqual(['Q17']);
    expect(searchHelp(entries, 'cjs-e-unknown-cert').map((e) => e.id)).toEqual(['Q17']);
  });

  it('treats full-width letters like half-width ones and needs every word', () => {
    expect(searchHelp(entries, 'ＴＲＵＳＴＥＤ').map((e) => e.id)).toEqual(['Q25']);
    expect(searchHelp(entries, 'trusted 期限')).toEqual([]);
  });

  it('shows everything for an empty query', () => {
    expect(searchHelp(entries, '  ')).toHaveLength(3);
  });

  it('drops an answer in a language the user has since left', () => {
    const asked = updateHelp(updateHelp(initialHelp, { type: 'help/requested', language: 'ja' }), {
      type: 'help/requested',
      language: 'en',
    });
    expect(updateHelp(asked, { type: 'help/loaded', language: 'ja', entries })).toBe(asked);
    expect(updateHelp(asked, { type: 'help/loaded', language: 'en', entries }).entries).toHaveLength(3);
  });
});

describe('routes', () => {
  it('open the entry a FAQ reference names, sub-items included', () => {
    expect(faqEntryId('Q18(6)')).toBe('Q18');
    expect(faqHash('Q18(6)')).toBe('#/help/Q18');
    expect(parseRoute('#/help/Q18(6)')).toEqual({ screen: 'help', faq: 'Q18' });
    expect(parseRoute('#/help/Q18%286%29')).toEqual({ screen: 'help', faq: 'Q18' });
  });

  it('fall back to Status for anything unknown, and to the help list for a bad entry', () => {
    expect(parseRoute('')).toEqual({ screen: 'status' });
    expect(parseRoute('#/nowhere')).toEqual({ screen: 'status' });
    expect(parseRoute('#/help/Q26')).toEqual({ screen: 'help' });
  });

  it('round-trip every screen', () => {
    for (const screen of ['status', 'enroll', 'certificates', 'diagnosis', 'help', 'settings'] as const) {
      expect(parseRoute(routeHash({ screen }))).toEqual({ screen });
    }
  });
});

// The Help screen's content (resources/help/*.json): the bank's FAQ Q1–Q25 in our own words, in
// Japanese and English, as loadHelp serves it to the `help.get` channel.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpEntrySchema, type HelpEntry, type Language } from '../../../electron/contract/channels';
import { CLIENT_CODES, DIAGNOSTIC_CODES, PROBLEM_CODES } from '../../../electron/contract/codes';
import { loadHelp } from '../../../electron/core/app/help';
import { ALL_CHECKS } from '../../../electron/core/diagnostics/checks';
import { copiedRun, englishPhrase, englishSentences, runsOf } from './text-checks';

// A copy of the bank's FAQ (../shared/seed/000_82ad12b81ab3cec4.txt), kept with the test so a clean
// clone can run it.
const BANK_FAQ = readFileSync(join(import.meta.dirname, 'fixtures', 'bank-faq-ja.txt'), 'utf8');
/** A shared run this long is a copied sentence, not a shared term ("ろうきん賃金控除事務支援システム" is 16). */
const COPY_LENGTH = 25;
const BANK_RUNS = runsOf(BANK_FAQ, COPY_LENGTH);

const LANGUAGES: readonly Language[] = ['ja', 'en'];
const EXPECTED_IDS = Array.from({ length: 25 }, (_, i) => `Q${i + 1}`);
const TEXT_FIELDS = ['title', 'about', 'appDoes', 'remains'] as const;

const CHECK_IDS = new Set(ALL_CHECKS.map((check) => check.id));
const KNOWN_CODES = new Set<string>([...Object.values(PROBLEM_CODES), ...CLIENT_CODES, ...DIAGNOSTIC_CODES]);
const CHECK_ID_SHAPE = /^[a-z]+(?:-[a-z0-9]+)+$/;
const CODE_SHAPE = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$/;

const help = { ja: await loadHelp('ja'), en: await loadHelp('en') };
const texts = (entry: HelpEntry) => TEXT_FIELDS.map((field) => ({ field, text: entry[field] }));

describe('help content', () => {
  it.each(LANGUAGES)('%s: the 25 entries carry the bank numbering Q1–Q25, in order', (language) => {
    expect(help[language].entries.map((e) => e.id)).toEqual(EXPECTED_IDS);
  });

  it.each(LANGUAGES)('%s: every entry is valid for the help.get channel', (language) => {
    for (const entry of help[language].entries) expect(helpEntrySchema.safeParse(entry).success, entry.id).toBe(true);
  });

  it('Japanese and English name the same actor for every entry', () => {
    const actors = (language: Language) => help[language].entries.map((e) => `${e.id}:${e.actor}`);
    expect(actors('en')).toEqual(actors('ja'));
  });

  it('Japanese entries contain no English sentence or phrase (codes, URLs and check ids allowed)', () => {
    const found = help.ja.entries.flatMap((entry) =>
      texts(entry).flatMap(({ field, text }) => [
        ...englishSentences(text).map((s) => `${entry.id}.${field}: ${s}`),
        ...[englishPhrase(text)].filter((p) => p !== undefined).map((p) => `${entry.id}.${field}: …${p}…`),
      ]),
    );
    expect(found).toEqual([]);
  });

  it('Japanese entries can be found by Japanese search words', () => {
    const withoutJapanese = help.ja.entries.filter(
      (e) => !e.keywords.some((k) => /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u.test(k)),
    );
    expect(withoutJapanese.map((e) => e.id)).toEqual([]);
  });

  it.each(LANGUAGES)(`%s: no entry copies ${COPY_LENGTH} or more characters of the bank's FAQ verbatim`, (language) => {
    const copies = help[language].entries.flatMap((entry) =>
      [...texts(entry), { field: 'keywords', text: entry.keywords.join(' ') }].flatMap(({ field, text }) => {
        const run = copiedRun(text, BANK_RUNS, COPY_LENGTH);
        return run === undefined ? [] : [`${entry.id}.${field}: ${run}`];
      }),
    );
    expect(copies).toEqual([]);
  });

  it.each(LANGUAGES)('%s: every check id in the keywords is a check of the self-diagnosis', (language) => {
    const unknown = help[language].entries.flatMap((e) => e.keywords.filter((k) => CHECK_ID_SHAPE.test(k) && !CHECK_IDS.has(k)));
    expect(unknown).toEqual([]);
  });

  it.each(LANGUAGES)('%s: every error code in the keywords is one the app can show', (language) => {
    const unknown = help[language].entries.flatMap((e) => e.keywords.filter((k) => CODE_SHAPE.test(k) && !KNOWN_CODES.has(k)));
    expect(unknown).toEqual([]);
  });

  it.each(LANGUAGES)("%s: a check's FAQ link lands on an entry that names the check", (language) => {
    const byId = new Map(help[language].entries.map((e) => [e.id, e]));
    const missing = ALL_CHECKS.flatMap((check) =>
      check.faq
        .map((ref) => ref.replace(/\(\d+\)$/, ''))
        .filter((id) => !byId.get(id)?.keywords.includes(check.id))
        .map((id) => `${check.id} → ${id}`),
    );
    expect([...new Set(missing)]).toEqual([]);
  });
});

describe('help text checks', () => {
  it('catches a sentence copied from the bank, even re-spaced', () => {
    const copied = 'ご利用中のパソコンに電子証明書をインストールしてから 366 日間です。';
    expect(copiedRun(copied, BANK_RUNS, COPY_LENGTH)).toBeDefined();
    expect(copiedRun('有効期間は発行から 366 日です。', BANK_RUNS, COPY_LENGTH)).toBeUndefined();
  });

  it('catches an English sentence or phrase in Japanese text, but not codes, URLs or product names', () => {
    expect(englishSentences('状態画面をご覧ください。Please renew the certificate now.')).toEqual(['Please renew the certificate now.']);
    expect(englishPhrase('更新してください (renew it before it expires)。')).toBe('renew it before it expires');
    expect(englishSentences('コード CJS-E-LOCKED を表示します。https://www.cjs-rokin.jp')).toEqual([]);
    expect(englishPhrase('「証明書発行アドオン」で X509 Enrollment WebClassFactory を確認します。')).toBeUndefined();
  });

  it('hands out copies: a caller changing its entries cannot change what the next caller gets', async () => {
    const original = help.ja.entries[0]?.title;
    const first = await loadHelp('ja');
    first.entries[0]!.title = 'changed';
    expect((await loadHelp('ja')).entries[0]?.title).toBe(original);
  });
});

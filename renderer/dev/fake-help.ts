// The FAQ entries for the fake host: the help content the core serves (resources/help), read
// directly, as the dev fake has no core behind it.
import type { HelpEntry, Language } from '../../electron/contract/channels';
import { helpEntrySchema } from '../../electron/contract/channels';
import en from '../../resources/help/en.json' with { type: 'json' };
import ja from '../../resources/help/ja.json' with { type: 'json' };

export function fakeHelpEntries(language: Language): HelpEntry[] {
  const source: { entries: unknown[] } = language === 'en' ? en : ja;
  return source.entries.map((entry) => helpEntrySchema.parse(entry));
}

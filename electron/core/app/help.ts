// The Help screen's content: the bank's FAQ Q1–Q25, in our own words, one JSON file per language.
// The files are imported (not read from disk) so every bundle of the app carries them, and they are
// validated against the contract's own output schema, so a broken edit fails here, not on screen.
import { CHANNELS, type HelpEntry, type Language } from '../../contract/channels';
import enHelp from '../../../resources/help/en.json' with { type: 'json' };
import jaHelp from '../../../resources/help/ja.json' with { type: 'json' };

const HELP_FILES: Record<Language, unknown> = { ja: jaHelp, en: enHelp };

/**
 * The 25 help entries in one language, parsed with the `help.get` output schema (a fresh copy each
 * call, so a caller cannot alter what the next one gets). Invalid content rejects, never throws.
 */
export function loadHelp(language: Language): Promise<{ entries: HelpEntry[] }> {
  return Promise.resolve().then(() => CHANNELS['help.get'].output.parse(HELP_FILES[language]));
}

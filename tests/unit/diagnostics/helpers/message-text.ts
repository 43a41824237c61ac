// What the user reads for a check's message: the real locale resources, the same rendering as
// the CLI and the export (local dates), personal marks taken off. A key missing in the resources
// (itself or a nested one) fails the test instead of printing the key.
import i18next, { type i18n } from 'i18next';
import type { Message } from '../../../../electron/contract/diagnosis';
import { FixRefusedError } from '../../../../electron/core/diagnostics/check';
import { i18nOptions } from '../../../../electron/contract/locales';
import type { MessageSpec } from '../../../../electron/core/diagnostics/messages';
import { Personal, unmarked } from '../../../../electron/core/diagnostics/personal';
import { messageText } from '../../../../electron/core/diagnostics/report-text';

export type Language = 'ja' | 'en';

function instance(language: Language): i18n {
  const created = i18next.createInstance();
  // Resources are inline: with initAsync off, init is done when it returns.
  void created.init({ ...i18nOptions(language, 'diagnostics'), interpolation: { escapeValue: false }, initAsync: false });
  return created;
}

const INSTANCES: Record<Language, i18n> = { ja: instance('ja'), en: instance('en') };

/** The translator tests pass where the code takes one (reportToText). */
export const translator = (language: Language) => INSTANCES[language].t;

export function say(message: MessageSpec | Message | null | undefined, language: Language = 'ja'): string {
  if (!message) return '';
  const params = Object.fromEntries(
    Object.entries(message.params).map(([k, v]) => {
      const value = unmarked(v);
      return [k, Array.isArray(value) ? value.join(', ') : value];
    }),
  ) as Message['params'];
  const text = messageText(INSTANCES[language].t, { key: message.key, params }, language);
  if (/diagnostics:|(^|\W)(check|common|engine|report)\.[\w-]+\./.test(text)) {
    throw new Error(`untranslated key in ${message.key} (${language}): ${text}`);
  }
  return text;
}

/** Both languages at once, for assertions that read like the old LocalizedText ones. */
export function both(message: MessageSpec | Message | null | undefined): { ja: string; en: string } {
  return { ja: say(message, 'ja'), en: say(message, 'en') };
}

/** A check's evidence as the user's own screen shows it: the personal marks taken off. */
export function unmarkedEvidence(evidence: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(evidence).map(([k, v]) => [k, v instanceof Personal ? unmarked(v) : v]));
}

/** A fix that declines: a FixRefusedError whose reason, in English, says `pattern`. */
export async function expectRefusal(applying: Promise<unknown>, pattern: RegExp): Promise<void> {
  const refused = await applying.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(refused instanceof FixRefusedError)) throw new Error(`expected the fix to be refused, got ${String(refused)}`);
  if (!pattern.test(say(refused.reason, 'en'))) throw new Error(`refusal "${say(refused.reason, 'en')}" does not match ${pattern}`);
}

// Texts that other parts of the project own, looked up by their conventions with a fallback: a
// key that is missing shows the code itself, never a blank or a raw key path. The conventions:
//   errors:error.<CODE>                    an error's explanation (transport errors: app:ipcError.<CODE>)
//   situation:kind.<kind>.body             a situation's explanation ({{loginId}}, {{notAfter}}, …)
//   situation:action.contact.<reason>      what to ask of whom, for a `contact` action
//   situation:notice.<CODE>                a notice during enrollment ('enrollment.warning')
//   diagnostics:check.<id>.title           a check's name; its sentences come as Message keys
import type { i18n } from 'i18next';
import type { Language } from '../../electron/contract/channels';
import type { AppError } from '../../electron/contract/result';
import type { Message } from '../../electron/contract/diagnosis';
import { formatDateTime } from '../format/dates';

type Params = Readonly<Record<string, unknown>>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/u;

/** Dates arrive as ISO strings; the user reads them in local form. */
export function localParams(params: Params, language: Language): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      typeof value === 'string' && ISO_DATE.test(value) ? formatDateTime(value, language) : value,
    ]),
  );
}

function languageOf(instance: i18n): Language {
  return instance.language === 'en' ? 'en' : 'ja';
}

/** The first of the candidate keys (`ns:key`) that holds a string, translated; else undefined. */
export function firstText(instance: i18n, candidates: readonly string[], params: Params = {}): string | undefined {
  for (const candidate of candidates) {
    const split = candidate.indexOf(':');
    const ns = split > 0 ? candidate.slice(0, split) : 'app';
    const key = split > 0 ? candidate.slice(split + 1) : candidate;
    const options = { ...localParams(params, languageOf(instance)), ns };
    // exists() resolves plurals (key_one/key_other) and the fallback language; returnObjects
    // makes a key that names a group of texts come back as an object, which is not a text.
    if (!instance.exists(key, options)) continue;
    const text: unknown = instance.t(key, { ...options, returnObjects: true });
    if (typeof text === 'string') return text;
  }
  return undefined;
}

/** An error's plain explanation. */
export function errorExplanation(instance: i18n, error: Pick<AppError, 'code' | 'params'>): string | undefined {
  const { code, params } = error;
  return firstText(
    instance,
    [`errors:error.${code}`, `errors:${code}`, `app:ipcError.${code}.message`, `situation:notice.${code}`],
    params,
  );
}

/** What to do next about an error; by default, what its actor does. */
export function errorNextStep(instance: i18n, error: AppError): string {
  const { code, params } = error;
  return (
    firstText(instance, [`errors:next.${code}`, `app:ipcError.${code}.next`, `app:errorPanel.nextByCode.${code}`], params) ??
    instance.t(`errorPanel.nextByActor.${error.actor}`, { ns: 'app' })
  );
}

/** A notice during enrollment (no credential vault, a stale journal discarded…). */
export function noticeText(instance: i18n, notice: { code: string; params: Params }): string {
  return firstText(instance, [`situation:notice.${notice.code}`, `errors:error.${notice.code}`], notice.params) ?? notice.code;
}

/** The longer explanation of a situation. */
export function situationExplanation(instance: i18n, kind: string, params: Params): string | undefined {
  return firstText(instance, [`situation:kind.${kind}.body`], params);
}

/** What to ask of the master user, the bank or IT (a `contact` action's reason). */
export function contactReason(instance: i18n, reason: string, params: Params): string | undefined {
  return firstText(instance, [`situation:action.contact.${reason}`], params);
}

/** A diagnosis check's name; its id if the text is missing. */
export function checkTitle(instance: i18n, checkId: string): string {
  return firstText(instance, [`diagnostics:check.${checkId}.title`]) ?? checkId;
}

/** A sentence the core sent as a key (`diagnostics:…`) and its values; the key itself if the text is missing. */
export function messageText(instance: i18n, message: Message): string {
  const key = message.key.includes(':') ? message.key : `diagnostics:${message.key}`;
  return firstText(instance, [key], message.params) ?? message.key;
}

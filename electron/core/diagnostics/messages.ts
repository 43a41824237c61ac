// The sentences a check shows are keys into the `diagnostics` namespace of the locale resources
// (resources/locales/{ja,en}/diagnostics.json), with parameters. Convention:
//   diagnostics:check.<checkId>.title            the check's name
//   diagnostics:check.<checkId>.summary.<case>   one line saying what was found
//   diagnostics:check.<checkId>.advice.<case>    what to do about it
//   diagnostics:check.<checkId>.fix              the fix button / `doctor --fix` line
//   diagnostics:common.<name>                    sentences several checks share
//   diagnostics:engine.<name>                    results the engine gives (not applicable, timeout...)
// Dates are passed as ISO strings; the surfaces show them as local dates.
import type { Personal } from './personal';

export type ParamValue = string | number | boolean | null;
/** A parameter as a check gives it: plain, or marked as personal data. */
export type Param = ParamValue | Personal;

/** A Message (contract) before the personal marks are taken off. */
export interface MessageSpec {
  readonly key: string;
  readonly params: Readonly<Record<string, Param>>;
}

export const NS = 'diagnostics';

export function message(key: string, params: Readonly<Record<string, Param>> = {}): MessageSpec {
  return { key: `${NS}:${key}`, params };
}

/** A check's own messages: `checkMessages('clock').summary('accurate', {...})`. */
export function checkMessages(checkId: string) {
  return {
    summary: (name: string, params: Readonly<Record<string, Param>> = {}) => message(`check.${checkId}.summary.${name}`, params),
    advice: (name: string, params: Readonly<Record<string, Param>> = {}) => message(`check.${checkId}.advice.${name}`, params),
  };
}

export function checkTitleKey(checkId: string): string {
  return `${NS}:check.${checkId}.title`;
}

export function checkFixKey(checkId: string): string {
  return `${NS}:check.${checkId}.fix`;
}

export function common(name: string, params: Readonly<Record<string, Param>> = {}): MessageSpec {
  return message(`common.${name}`, params);
}

/**
 * A finding about one endpoint of several, prefixed with the endpoint's name ("証明書発行サービス:
 * …"). The detail's key is nested by i18next (`$t({{detail}})`), with the detail's parameters.
 */
export function atEndpoint(endpoint: string, detail: MessageSpec): MessageSpec {
  return message('common.atEndpoint', { ...detail.params, endpoint, detail: detail.key });
}

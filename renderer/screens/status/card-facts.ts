// What the Status card states as facts beside the explanation: whose certificates these are (the
// days left are in ../../format/dates, shared with the Certificates screen). Pure, so the card only lays them out.
import type { Language } from '../../../electron/contract/channels';
import type { Situation } from '../../../electron/contract/situation';

/**
 * The login ID the situation is about; when it names none because several users' certificates
 * can log in here, those users' login IDs, so the clerk sees whose they are.
 */
export function loginIdsShown(situation: Pick<Situation, 'kind' | 'loginId' | 'certificates'>): string[] {
  if (situation.loginId) return [situation.loginId];
  if (situation.kind !== 'several-usable') return [];
  const usable = situation.certificates.filter((c) => c.state === 'valid' || c.state === 'expiring');
  return [...new Set(usable.flatMap((c) => (c.loginId ? [c.loginId] : [])))].sort();
}

/** `user04、user05` / `user04 and user05`, as each language lists names. */
export function listOfLoginIds(loginIds: readonly string[], language: Language): string {
  return new Intl.ListFormat(language === 'ja' ? 'ja-JP' : 'en-GB', { type: 'conjunction' }).format(loginIds);
}

// What the Status card states as facts beside the explanation: whose certificates these are and
// how many days are left (or have passed). Pure, so the card only lays them out.
import type { Language } from '../../../electron/contract/channels';
import type { CertificateView, Situation } from '../../../electron/contract/situation';

const DAY_MS = 86_400_000;

export type DaysFact = { readonly kind: 'left'; readonly count: number } | { readonly kind: 'past'; readonly count: number };

/**
 * Days left while the certificate can log in; whole days since it expired once it has. None for
 * a certificate that cannot log in for another reason (revoked, no key, not yet valid): "365
 * days left" in large type would tell a clerk the opposite of the truth. Nor on the day it
 * expired: "0 days ago" says nothing the expiry date and time above it do not say better.
 */
export function daysFact(certificate: Pick<CertificateView, 'state' | 'daysLeft' | 'notAfter'>, checkedAt: string): DaysFact | null {
  if (certificate.state === 'valid' || certificate.state === 'expiring') return { kind: 'left', count: certificate.daysLeft };
  if (certificate.state !== 'expired') return null;
  // daysLeft rounds down (−24.0001 days is −25): the days that have passed are counted from the dates.
  const count = Math.floor((Date.parse(checkedAt) - Date.parse(certificate.notAfter)) / DAY_MS);
  return count > 0 ? { kind: 'past', count } : null;
}

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

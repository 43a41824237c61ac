// Dates as the user's language writes them, in the PC's time zone (the contract carries ISO strings).
import type { Language } from '../../electron/contract/channels';
import type { CertificateView } from '../../electron/contract/situation';

const LOCALES: Record<Language, string> = { ja: 'ja-JP', en: 'en-GB' };

export function formatDate(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'long' }).format(new Date(iso));
}

export function formatDateTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));
}

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

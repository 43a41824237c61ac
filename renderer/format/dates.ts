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

/**
 * Whether the days left mean anything: a revoked certificate no longer logs in, and "365 days
 * left" in large type would tell a clerk the opposite.
 */
export function countsDays(certificate: Pick<CertificateView, 'state'>): boolean {
  return certificate.state !== 'revoked';
}

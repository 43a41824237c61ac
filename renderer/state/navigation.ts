// Where the user is: one screen, from the address' hash, so every FAQ link is a plain link
// (#/help/Q17) that opens its entry, and Back works.
export const SCREENS = ['status', 'enroll', 'certificates', 'diagnosis', 'help', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export interface Route {
  readonly screen: Screen;
  /** Help: the entry to open, `Q1`–`Q25`. */
  readonly faq?: string | undefined;
}

const FAQ_ID = /^Q([1-9]|1\d|2[0-5])$/u;

export function parseRoute(hash: string): Route {
  const [screen, detail] = hash.replace(/^#\/?/u, '').split('/');
  if (!SCREENS.includes(screen as Screen)) return { screen: 'status' };
  if (screen === 'help' && detail !== undefined) {
    const faq = decodeURIComponent(detail).replace(/\(\d+\)$/u, '');
    return FAQ_ID.test(faq) ? { screen: 'help', faq } : { screen: 'help' };
  }
  return { screen: screen as Screen };
}

export function routeHash(route: Route): string {
  return route.faq ? `#/${route.screen}/${route.faq}` : `#/${route.screen}`;
}

/** The link of a FAQ reference (`Q18(6)` opens Q18). */
export function faqHash(ref: string): string {
  return routeHash({ screen: 'help', faq: ref.replace(/\(\d+\)$/u, '') });
}

// Where the user is: one screen, from the address' hash, so every FAQ link is a plain link
// (#/help/Q17) that opens its entry, and Back works.
import { CONSOLE_STEPS, NEW_LOGIN_ID_PATTERN, type ConsoleStep } from '../../electron/contract/console';

export const SCREENS = ['status', 'enroll', 'certificates', 'diagnosis', 'help', 'settings', 'console'] as const;
export type Screen = (typeof SCREENS)[number];

export interface Route {
  readonly screen: Screen;
  /** Help: the entry to open, `Q1`–`Q25`. */
  readonly faq?: string | undefined;
  /** Console: the step a link prepares for one user (`#/console/unlock/user02`), done after sign-in. */
  readonly consoleStep?: { readonly step: ConsoleStep; readonly loginId: string } | undefined;
}

const FAQ_ID = /^Q([1-9]|1\d|2[0-5])$/u;

export function parseRoute(hash: string): Route {
  const [screen, detail, more] = hash.replace(/^#\/?/u, '').split('/');
  if (!SCREENS.includes(screen as Screen)) return { screen: 'status' };
  if (screen === 'console' && detail !== undefined && more !== undefined) {
    const loginId = decodeURIComponent(more);
    const ok = CONSOLE_STEPS.includes(detail as ConsoleStep) && NEW_LOGIN_ID_PATTERN.test(loginId);
    return ok ? { screen: 'console', consoleStep: { step: detail as ConsoleStep, loginId } } : { screen: 'console' };
  }
  if (screen === 'help' && detail !== undefined) {
    const faq = decodeURIComponent(detail).replace(/\(\d+\)$/u, '');
    return FAQ_ID.test(faq) ? { screen: 'help', faq } : { screen: 'help' };
  }
  return { screen: screen as Screen };
}

export function routeHash(route: Route): string {
  if (route.consoleStep) return consoleHash(route.consoleStep.step, route.consoleStep.loginId);
  return route.faq ? `#/${route.screen}/${route.faq}` : `#/${route.screen}`;
}

/** The console, with one user's step prepared (a general user's request names it; the master signs in, then confirms). */
export function consoleHash(step: ConsoleStep, loginId: string): string {
  return `#/console/${step}/${encodeURIComponent(loginId)}`;
}

/** The link of a FAQ reference (`Q18(6)` opens Q18). */
export function faqHash(ref: string): string {
  return routeHash({ screen: 'help', faq: ref.replace(/\(\d+\)$/u, '') });
}

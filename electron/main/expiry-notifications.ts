// P5 and the automatic renewal in the running app: the notifier of the core (renew without the
// password what is due, then which notice is due, once a day) over the app's own use cases,
// looked at shortly after start and then every hour (it asks the store and the issuer only when
// the local day has changed, so a PC left on over night is renewed and told the next morning,
// and a suspended laptop catches up at the first tick after waking).
import type { AppHandlers, EventEmitterFn } from '../contract/channels';
import { createNotifier, readLastNotice, writeLastNotice, type Notice, type NoticeText } from '../core/app/notifications';

/** After start, the screens load the situation first; the notifier asks a little later. */
export const FIRST_CHECK_DELAY_MS = 10_000;
export const CHECK_EVERY_MS = 3_600_000;

export interface NotificationShell {
  /** Shows an OS notification; `onClick` runs when the user clicks it. */
  show(text: NoticeText, onClick: () => void): void;
  /** Brings the window up and asks the screens to open the wizard (`null`: only the window). */
  openWizard(open: Notice['open']): void;
  /** The store changed behind the screens (a renewal in the background): they read it again. */
  situationChanged(): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): { unref(): unknown };
  setInterval(fn: () => void, ms: number): { unref(): unknown };
}

const noEvents: EventEmitterFn = () => undefined;

/** Starts the checks; the timers do not keep the process alive (the app's window does). */
export function startExpiryNotifications(
  handlers: Pick<AppHandlers, 'settings.get' | 'situation.get' | 'renewal.auto'>,
  env: NodeJS.ProcessEnv,
  shell: NotificationShell,
  timers: Timers = globalThis,
): void {
  const notifier = createNotifier({
    settings: () => handlers['settings.get']({}, noEvents),
    situation: () => handlers['situation.get']({}, noEvents),
    renew: async () => {
      const report = await handlers['renewal.auto']({}, noEvents);
      if (report.items.some((item) => item.kind === 'renewed')) shell.situationChanged();
      return report;
    },
    readLast: () => readLastNotice(env),
    writeLast: (last) => writeLastNotice(env, last),
    show: (text, notice) => shell.show(text, () => shell.openWizard(notice.open)),
    now: () => new Date(),
  });
  const tick = (): void => void notifier.tick();
  timers.setTimeout(tick, FIRST_CHECK_DELAY_MS).unref();
  timers.setInterval(tick, CHECK_EVERY_MS).unref();
}

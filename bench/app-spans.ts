// The app benchmark's finer spans: where the time between a navigation (or a click) and the screen
// goes. Both sides note wall-clock instants on the same machine clock (epoch ms, sub-ms): the page
// (its own Navigation Timing, the renderer's User Timing marks, a MutationObserver that sees an
// element arrive and the frame that paints it) and Node (when the router was asked and answered).
import { performance } from 'node:perf_hooks';
import type { AppTransport, AppWindow } from '../tests/helpers/app-browser';

/** Node's clock as epoch ms with sub-ms precision, comparable with the page's timeOrigin + now(). */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/** One call the page made to the router, with its instants (epoch ms). */
export interface CallRecord {
  readonly channel: string;
  readonly asked: number;
  readonly answered: number;
}

/** A transport that notes every call's instants and counts the events it passes to the page. */
export function recordingTransport(
  inner: AppTransport,
): AppTransport & { readonly calls: CallRecord[]; events(): number; pending(): readonly string[] } {
  const calls: CallRecord[] = [];
  const pending: string[] = [];
  let events = 0;
  return {
    calls,
    events: () => events,
    pending: () => [...pending],
    async invoke(channel, input) {
      const asked = epochNow();
      pending.push(channel);
      try {
        return await inner.invoke(channel, input);
      } finally {
        pending.splice(pending.indexOf(channel), 1);
        calls.push({ channel, asked, answered: epochNow() });
      }
    },
    subscribe: (listener) =>
      inner.subscribe((event, payload) => {
        events++;
        listener(event, payload);
      }),
  };
}

/** The first call on `channel` asked at or after `since`. */
export function callAfter(calls: readonly CallRecord[], channel: string, since: number): CallRecord | undefined {
  return calls.find((c) => c.channel === channel && c.asked >= since);
}

/** The elements whose arrival the page notes (data-testid). */
const WATCHED = ['status-card', 'enroll-verified'];

/**
 * Runs in the page before the app (plain JavaScript text, as the harness's own init script): notes
 * when each watched element first enters the DOM and when the frame after that began (≈ painted),
 * and when the enrol button was clicked. Epoch ms; read back by `pageInstants`.
 */
export const PAGE_OBSERVER = `(() => {
  const watched = ${JSON.stringify(WATCHED)};
  const seen = {};
  const now = () => performance.timeOrigin + performance.now();
  const look = () => {
    for (const id of watched) {
      if (seen[id] || !document.querySelector('[data-testid="' + id + '"]')) continue;
      const entry = (seen[id] = { dom: now(), painted: 0 });
      requestAnimationFrame(() => setTimeout(() => (entry.painted = now()), 0));
    }
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true });
  const clicks = { submit: 0 };
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('[data-testid="enroll-submit"]')) clicks.submit = now();
  }, true);
  Object.defineProperty(globalThis, '__benchInstants', { value: { seen, clicks }, enumerable: false });
})();`;

/** What the page noted, in epoch ms; 0 or missing when it did not happen. */
export interface PageInstants {
  readonly timeOrigin: number;
  readonly files: number;
  readonly domContentLoaded: number;
  /** The renderer's own User Timing marks (renderer/main.tsx, renderer/app/bootstrap.tsx). */
  readonly marks: Readonly<Record<string, number>>;
  readonly seen: Readonly<Record<string, { dom: number; painted: number }>>;
  readonly submitClicked: number;
}

/**
 * Read in the page. "files": until the files the app's start needed were delivered (the browser's
 * own favicon request left out: Electron makes none); DOMContentLoaded: the entry module ran.
 */
const READ_INSTANTS = `(() => {
  const origin = performance.timeOrigin;
  const nav = performance.getEntriesByType('navigation')[0];
  const marks = {};
  for (const m of performance.getEntriesByType('mark')) marks[m.name] = origin + m.startTime;
  // The files the app's start needed: those asked before its code ran (later ones are the other
  // screens, fetched in idle time once the card is shown).
  const started = performance.getEntriesByName('cjs:app-start')[0]?.startTime ?? Infinity;
  const files = [nav, ...performance.getEntriesByType('resource').filter((e) => !e.name.endsWith('/favicon.ico') && e.startTime < started)];
  const own = globalThis.__benchInstants ?? { seen: {}, clicks: { submit: 0 } };
  return {
    timeOrigin: origin,
    files: origin + Math.max(...files.map((e) => e.responseEnd)),
    domContentLoaded: origin + nav.domContentLoadedEventEnd,
    marks,
    seen: own.seen,
    submitClicked: own.clicks.submit,
  };
})()`;

export const pageInstants = (win: AppWindow): Promise<PageInstants> => win.page.evaluate<PageInstants>(READ_INSTANTS);

/** Waits until the page has noted the frame after `testId` arrived (the observer's rAF + task). */
export async function paintedAt(win: AppWindow, testId: string): Promise<PageInstants> {
  await win.page.waitForFunction(
    (id) => {
      const own = (globalThis as unknown as { __benchInstants?: { seen: Record<string, { painted: number } | undefined> } })
        .__benchInstants;
      return (own?.seen[id]?.painted ?? 0) > 0;
    },
    testId,
    { polling: 'raf' },
  );
  return pageInstants(win);
}

/**
 * Waits until an element matching `selector` is in the page and, unless `attached` only, has a
 * box and is not hidden (what Playwright calls visible) — checked in the page on every frame.
 * Playwright's locator.waitFor checks from Node at growing intervals (20, 50, 100, 100, then every
 * 500 ms), which would add up to half a second to a figure that is meant to time the app.
 */
export async function shownInPage(win: AppWindow, selector: string, options: { attached?: boolean; timeout: number }): Promise<void> {
  await win.page.waitForFunction(
    ([sel, attachedOnly]) => {
      // The page's DOM, typed here by hand (the benchmark compiles without the DOM library).
      interface Box {
        readonly width: number;
        readonly height: number;
      }
      interface PageElement {
        getBoundingClientRect(): Box;
      }
      const page = globalThis as unknown as {
        document: { querySelector(selector: string): PageElement | null };
        getComputedStyle(element: PageElement): { visibility: string };
      };
      const element = page.document.querySelector(sel);
      if (!element || attachedOnly) return element !== null;
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && page.getComputedStyle(element).visibility !== 'hidden';
    },
    [selector, options.attached === true] as const,
    { polling: 'raf', timeout: options.timeout },
  );
}

// One simulated PC user of the app for a browser journey: a real issuer (its own data directory),
// a temporary HOME (NSS store, journal, preferences), the real core behind the router, and the
// renderer in Chromium with window.api bound to it. Also what a user (or the master, or a
// clumsy hand) does outside the app: certutil on the store, the master API on the issuer.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { IssuerOptions } from '../../issuer/src/service';
import { openAppWindow, type AppTransport, type AppWindow } from './app-browser';
import { screenshot, seriousA11yViolations, settled, type ShotLanguage } from './app-checks';
import { startAppHost, type AppHost } from './app-host';
import { DEMO_PASSWORD, httpsCall, startTestIssuer, type TestIssuer } from './issuer';

const run = promisify(execFile);

export interface AppSession {
  readonly language: ShotLanguage;
  readonly issuer: TestIssuer;
  readonly home: string;
  readonly host: AppHost;
  readonly win: AppWindow;
  readonly page: Page;
  /** Opens a screen by its hash route (`status`, `enroll`, …) and waits for it. */
  go(screen: string): Promise<void>;
  byTestId(id: string): Locator;
  /**
   * axe-core on the page as it is now (no serious/critical violation), then a screenshot
   * `<name>.<lang>.png` of the 1280×800 window, or of the whole page when `fullPage` (long results).
   * `language` names the shot when the window was switched to another language than the session's.
   */
  check(name: string, options?: { fullPage?: boolean; language?: ShotLanguage }): Promise<void>;
  /** The user's NSS store as `certutil -L` lists it. */
  certutilList(): Promise<string>;
  /** Deletes by hand the certificate whose nickname names the login ID (the key stays), as Q11/Q22 tell. */
  deleteCertificateByHand(loginId: string): Promise<void>;
  /** The master deletes a general user (the issuer revokes the certificate). */
  masterDeletesUser(loginId: string): Promise<void>;
  /**
   * Holds the core's next answer on `channel`, so a test can see and photograph the screen while
   * the work is in progress; `reached` resolves once the answer waits. Events flow until `from`
   * matches one (that one is shown, later ones wait with the answer), so a step can be caught
   * under way. `release()` delivers the rest in order, then the answer.
   */
  holdAnswer(channel: string, from?: (event: string, payload: unknown) => boolean): AnswerHold;
  /** How many times the page has called this channel so far. */
  calls(channel: string): number;
  stop(): Promise<void>;
}

export interface AnswerHold {
  readonly reached: Promise<void>;
  release(): void;
}

/** The host's transport with answers (and, from a chosen event on, events) that a test can hold back. */
function holdableTransport(host: AppHost) {
  type Listener = (event: string, payload: unknown) => void;
  interface Hold {
    readonly reach: () => void;
    readonly released: Promise<void>;
    readonly from?: ((event: string, payload: unknown) => boolean) | undefined;
    holdingEvents: boolean;
    readonly queued: (readonly [string, unknown])[];
  }
  const holds = new Map<string, Hold>();
  const listeners = new Set<Listener>();
  const calls: string[] = [];
  const passOn = (event: string, payload: unknown) => listeners.forEach((l) => l(event, payload));
  host.transport.subscribe((event, payload) => {
    const hold = [...holds.values()].find((h) => h.holdingEvents || h.from?.(event, payload));
    if (!hold) return passOn(event, payload);
    if (!hold.holdingEvents) {
      hold.holdingEvents = true;
      passOn(event, payload); // the event that starts the hold is shown: that step is under way
      return;
    }
    hold.queued.push([event, payload]);
  });
  const transport: AppTransport = {
    async invoke(channel, input) {
      calls.push(channel);
      const answer = await host.transport.invoke(channel, input);
      const hold = holds.get(channel);
      if (hold) {
        hold.reach();
        await hold.released;
        holds.delete(channel);
        for (const [event, payload] of hold.queued) passOn(event, payload);
      }
      return answer;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const holdAnswer = (channel: string, from?: (event: string, payload: unknown) => boolean): AnswerHold => {
    let reach!: () => void;
    let release!: () => void;
    const reached = new Promise<void>((resolve) => (reach = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    holds.set(channel, { reach, released, from, holdingEvents: false, queued: [] });
    return { reached, release };
  };
  return { transport, holdAnswer, calls: (channel: string) => calls.filter((c) => c === channel).length };
}

export interface AppSessionOptions {
  readonly language: ShotLanguage;
  readonly issuer?: Omit<IssuerOptions, 'dataDir'>;
  /** Set before the window opens, as the Settings screen would have saved it. */
  readonly presetLanguage?: boolean;
}

export async function startAppSession(options: AppSessionOptions): Promise<AppSession> {
  const issuer = await startTestIssuer(options.issuer ?? {});
  const home = await mkdtemp(join(tmpdir(), 'cjs-app-home-'));
  let win: AppWindow | undefined;
  try {
    await mkdir(join(home, '.local', 'state'), { recursive: true });
    const host = startAppHost({ home, issuerUrl: issuer.estUrl, loginUrl: issuer.loginUrl, trustFile: issuer.tlsCaCertPath });
    if (options.presetLanguage !== false) {
      const set = await host.router.invoke('settings.set', { language: options.language });
      if (!set.ok) throw new Error(`settings.set failed: ${JSON.stringify(set.error)}`);
    }
    const holdable = holdableTransport(host);
    win = await openAppWindow({ home, transport: holdable.transport });
    return { ...session(options.language, issuer, home, host, win), holdAnswer: holdable.holdAnswer, calls: holdable.calls };
  } catch (err) {
    await win?.close();
    await issuer.stop();
    await rm(home, { recursive: true, force: true });
    throw err;
  }
}

function session(
  language: ShotLanguage,
  issuer: TestIssuer,
  home: string,
  host: AppHost,
  win: AppWindow,
): Omit<AppSession, 'holdAnswer' | 'calls'> {
  const db = `sql:${join(home, '.pki', 'nssdb')}`;
  const page = win.page;
  const certutilList = async () => (await run('certutil', ['-L', '-d', db], { timeout: 15_000 })).stdout;
  return {
    language,
    issuer,
    home,
    host,
    win,
    page,
    async go(screen) {
      await page.goto(`${win.url}#/${screen}`);
      await page.getByTestId(`screen-${screen}`).waitFor({ state: 'visible' });
    },
    byTestId: (id) => page.getByTestId(id),
    async check(name, options = {}) {
      // Fonts loaded and no transition half-way: what the user sees once the screen settles.
      await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
      await settled(page);
      // Soft: the journey goes on (and photographs the rest) while the violation is reported.
      const shown = options.language ?? language;
      expect.soft(await seriousA11yViolations(page), `axe on ${name} (${shown})`).toEqual([]);
      await screenshot(page, name, shown, options.fullPage ?? false);
    },
    certutilList,
    async deleteCertificateByHand(loginId) {
      const line = (await certutilList()).split('\n').find((l) => l.includes(loginId) && /u,u,u\s*$/.test(l));
      if (!line) throw new Error(`no certificate of ${loginId} in the store`);
      await run('certutil', ['-D', '-d', db, '-n', line.replace(/\s+u,u,u\s*$/, '')], { timeout: 15_000 });
    },
    async masterDeletesUser(loginId) {
      const res = await httpsCall(issuer.estUrl, issuer.tlsCaPem, {
        method: 'DELETE',
        path: `/api/v1/users/${loginId}`,
        auth: { loginId: 'master01', password: DEMO_PASSWORD },
      });
      if (res.status !== 204) throw new Error(`DELETE user ${loginId} → ${res.status}`);
    },
    async stop() {
      await win.close().catch(() => undefined);
      await issuer.stop().catch(() => undefined); // a journey may have stopped it already
      await rm(home, { recursive: true, force: true });
    },
  };
}

export const LANGUAGES: readonly ShotLanguage[] = ['ja', 'en'];
/** Per test and hook of a journey: a wrong password alone costs the issuer's deliberate delay. */
export const JOURNEY_TIMEOUT_MS = 120_000;
export { DEMO_PASSWORD };

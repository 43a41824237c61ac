// What every screen and state of the app is held to in the browser journeys: axe-core finds no
// serious or critical violation, and a screenshot of it lands in docs/screenshots/ (one per
// language), so a reviewer sees the app without running anything.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const ROOT = join(import.meta.dirname, '..', '..');
/** Where the screenshots go; SCREENSHOTS_DIR overrides it (e.g. to keep a run's set apart). */
export const SCREENSHOTS_DIR = process.env.SCREENSHOTS_DIR ?? join(ROOT, 'docs', 'screenshots');

const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export interface A11yViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
  /** The offending elements' HTML, cut short: what the renderer's author needs to find them. */
  readonly html: readonly string[];
}

interface AxeResults {
  violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[]; html: string }[] }[];
}

/**
 * axe-core's serious and critical violations on the page as it is now. The source is evaluated
 * through the DevTools protocol rather than a <script> tag: the app's CSP (script-src 'self')
 * rightly refuses inline scripts, and the test must not weaken it.
 */
export async function seriousA11yViolations(page: Page): Promise<A11yViolation[]> {
  const hasAxe = await page.evaluate(() => typeof (globalThis as unknown as { axe?: unknown }).axe === 'object');
  if (!hasAxe) await page.evaluate(`${AXE_SOURCE}\n;window.axe = axe;`);
  const results = await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(context: unknown, opts: unknown): Promise<AxeResults> } }).axe.run(
      // Fluent UI's focus manager (Tabster) puts 1-pixel "dummy" <i tabindex=0 aria-hidden> guards
      // around focus traps and groupers on purpose, to catch Tab at the edges and move the focus
      // on; axe reports each as aria-hidden-focus. They are skipped; everything else is checked.
      { exclude: [['[data-tabster-dummy]']] },
      { resultTypes: ['violations'] },
    ),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
      html: v.nodes.map((n) => n.html.slice(0, 200)).slice(0, 3),
    }));
}

/** Records in the page when its DOM last changed (installed once per document). */
const WATCH_MUTATIONS = `(() => {
  if (globalThis.__cjsLastMutation !== undefined) return;
  globalThis.__cjsLastMutation = performance.now();
  new MutationObserver(() => { globalThis.__cjsLastMutation = performance.now(); })
    .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})()`;

/**
 * Waits until the screen has settled: no dialog fading in, no accordion opening, no answer
 * arriving and re-rendering it. Colours half-way through a fade, or a button about to be
 * enabled, are not what the user reads, nor what axe should judge.
 */
export async function settled(page: Page, quietMs = 250): Promise<void> {
  await page.evaluate(WATCH_MUTATIONS);
  // A function, not a string: the page's CSP (no 'unsafe-eval') refuses a string predicate.
  await page.waitForFunction(
    (quiet) => {
      const g = globalThis as unknown as {
        __cjsLastMutation: number;
        performance: { now(): number };
        document: { getAnimations(): { playState: string; effect: { getTiming(): { iterations?: number } } | null }[] };
      };
      const still = g.performance.now() - g.__cjsLastMutation >= quiet;
      return still && g.document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity);
    },
    quietMs,
    { timeout: 10_000, polling: 50 },
  );
}

export type ShotLanguage = 'ja' | 'en';

/** Writes docs/screenshots/<name>.<language>.png of the window (or of the whole page, for a long one). */
export async function screenshot(page: Page, name: string, language: ShotLanguage, fullPage = false): Promise<string> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.${language}.png`);
  // Animations (spinners, transitions) stopped, so that a shot shows a settled screen.
  await page.screenshot({ path, animations: 'disabled', caret: 'hide', fullPage });
  return path;
}

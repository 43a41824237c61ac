// App benchmark: the renderer's production bundle (gzip), navigation → Status card visible in
// Debian's Chromium, and a click on the enroll button → "verified" shown, next to the same
// enrollment through the router in process and by the `cjs-cert enroll` process, in one run.
// The browser side is the e2e harness (tests/helpers/app-browser.ts): the built renderer on
// https://app.test, window.api bound to the real router over the real core and a real issuer
// (its own process). Needs the OS vault (the enrollment journal): `npm run bench` provides one.
// Run alone with `bash scripts/bench.sh app`. BENCH_QUICK=1: a few runs, to check that it works;
// BENCH_APP_ENROLLMENTS=N: more enrollments. The finer spans (where the time goes) come from
// bench/app-spans.ts.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { openAppWindow, RENDERER_BUILD, type AppTransport, type AppWindow } from '../tests/helpers/app-browser';
import { callAfter, epochNow, paintedAt, PAGE_OBSERVER, recordingTransport, shownInPage } from './app-spans';
import { startAppHost, type AppHost } from '../tests/helpers/app-host';
import { httpsCall } from '../tests/helpers/issuer';
import { ROOT, runCli, startIssuerProcess, stopIssuerProcess, type IssuerProcess } from './processes';
import { formatTable, row, type BenchRow, type BenchTable } from './stats';

export interface AppBenchSettings {
  /** Measured navigations to the Status screen (after one warm-up). */
  readonly navigations: number;
  /** Measured enrollments per variant (browser, in process, CLI process), after one warm-up each. */
  readonly enrollments: number;
}

export const APP_BENCH: AppBenchSettings = { navigations: 20, enrollments: 5 };
/** `BENCH_QUICK=1`: checks that the benchmark runs (figures meaningless). */
export const APP_BENCH_QUICK: AppBenchSettings = { navigations: 3, enrollments: 1 };

const DEMO_MASTER = { loginId: 'master01', password: 'demo-password' } as const;
const WAIT_MS = 60_000;

// ---------------------------------------------------------------------------------------------
// The bundle

interface BundleSize {
  readonly files: number;
  readonly raw: number;
  readonly gzip: number;
  readonly largest: { readonly name: string; readonly gzip: number };
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Everything the window loads from the build (index.html, scripts, styles, fonts), gzip level 9 as a server would send it. */
async function bundleSize(dir: string): Promise<BundleSize> {
  let raw = 0;
  let gzip = 0;
  let largest = { name: '', gzip: 0 };
  const files = (await filesUnder(dir)).filter((f) => !f.endsWith('.map'));
  for (const file of files) {
    const body = await readFile(file);
    const zipped = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gzip += zipped;
    if (zipped > largest.gzip) largest = { name: relative(dir, file), gzip: zipped };
  }
  return { files: files.length, raw, gzip, largest };
}

function buildRenderer(): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(
      join(ROOT, 'node_modules', '.bin', 'vite'),
      ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(performance.now() - start) : reject(new Error(`vite build exited ${code}: ${stderr}`)),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Users: each enrollment needs a login ID without an active certificate. A new general user per
// run, deleted (its certificate revoked) afterwards, so the demo contract never runs out of room.

async function masterCall(issuer: IssuerProcess, trustPem: string, method: 'POST' | 'DELETE', path: string, body?: unknown) {
  const res = await httpsCall(issuer.estUrl, trustPem, {
    method,
    path,
    auth: DEMO_MASTER,
    ...(body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' }),
  });
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${res.text()}`);
}

function userPool(issuer: IssuerProcess, trustPem: string, password: string) {
  let next = 0;
  return {
    async create(): Promise<string> {
      const loginId = `bench-app-${next++}`;
      await masterCall(issuer, trustPem, 'POST', '/api/v1/users', { loginId, password });
      return loginId;
    },
    delete: (loginId: string) => masterCall(issuer, trustPem, 'DELETE', `/api/v1/users/${loginId}`),
  };
}

async function freshHome(parent: string, name: string): Promise<string> {
  const home = join(parent, name);
  await mkdir(join(home, '.local', 'state'), { recursive: true, mode: 0o700 });
  return home;
}

// ---------------------------------------------------------------------------------------------
// The window: one browser for the whole run; the core behind window.api is switched per user.

/** A transport that forwards to the current user's host, so one browser serves many HOMEs. */
function switchableTransport(): AppTransport & { use(host: AppHost): void } {
  let current: AppHost | undefined;
  const listeners = new Set<(event: string, payload: unknown) => void>();
  let unsubscribe: (() => void) | undefined;
  return {
    use(host) {
      unsubscribe?.();
      current = host;
      unsubscribe = host.transport.subscribe((e, p) => listeners.forEach((l) => l(e, p)));
    },
    invoke: (channel, input) => current!.transport.invoke(channel, input),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const visible = (win: AppWindow, testId: string) => win.page.getByTestId(testId).first().waitFor({ state: 'visible', timeout: WAIT_MS });

/** One navigation from about:blank to #/status, ms from navigation start (Node's wall clock for shell and status). */
interface NavigationSpans {
  /** Until the first element under #root was attached (seen from Node). */
  readonly shell: number;
  /** Until the Status card was visible (seen from Node). */
  readonly status: number;
  readonly files: number;
  readonly ready: number;
  /** The app's own code ran (the renderer's mark `cjs:app-start`); NaN when the build sets none. */
  readonly appStart: number;
  readonly situationAsked: number;
  readonly situationAnswered: number;
  /** The frame after the card entered the DOM began (page clock). */
  readonly cardPainted: number;
}

async function navigateToStatus(win: AppWindow, recorder: ReturnType<typeof recordingTransport>): Promise<NavigationSpans> {
  await win.page.goto('about:blank');
  const since = epochNow();
  const start = performance.now();
  await win.page.goto(`${win.url}#/status`, { waitUntil: 'commit' });
  await shownInPage(win, '#root > *', { attached: true, timeout: WAIT_MS });
  const shell = performance.now() - start;
  await shownInPage(win, '[data-testid="status-card"]', { timeout: WAIT_MS });
  const status = performance.now() - start;
  const page = await paintedAt(win, 'status-card');
  const situation = callAfter(recorder.calls, 'situation.get', since);
  if (!situation) throw new Error('the page showed the Status card without asking situation.get');
  const from = (instant: number | undefined) => (instant ? instant - page.timeOrigin : Number.NaN);
  return {
    shell,
    status,
    files: from(page.files),
    ready: from(page.domContentLoaded),
    appStart: from(page.marks['cjs:app-start']),
    situationAsked: from(situation.asked),
    situationAnswered: from(situation.answered),
    cardPainted: from(page.seen['status-card']?.painted),
  };
}

/** One click → "verified": the wall time (Node) and where it went (page and Node instants, same clock). */
interface ClickSpans {
  readonly ms: number;
  /** Playwright's click() began (Node) → the click event in the page (its actionability checks, the input events). */
  readonly toClick: number;
  /** The click event in the page → the frame after "verified" entered the DOM began (page clock: what the user waits). */
  readonly clickToPainted: number;
  /** The click event in the page → the router asked enrollment.start. */
  readonly toCore: number;
  /** enrollment.start in the core (router → core, in Node). */
  readonly core: number;
  /** The core answered → the frame after "verified" entered the DOM began. */
  readonly toPainted: number;
  /** Events the router sent the page during the run (progress, warnings). */
  readonly events: number;
  /** Calls of the page's start that were still with the core when the button was clicked. */
  readonly pendingAtClick: readonly string[];
}

/** Opens the wizard, types the login ID and password, then times the click → "verified". */
async function enrollByClick(
  win: AppWindow,
  recorder: ReturnType<typeof recordingTransport>,
  loginId: string,
  password: string,
): Promise<ClickSpans> {
  await win.page.goto('about:blank');
  await win.page.goto(`${win.url}#/enroll`);
  await visible(win, 'enroll-form');
  await win.page.getByTestId('enroll-operation-enroll').check();
  await win.page.getByTestId('enroll-login-id').fill(loginId);
  await win.page.getByTestId('enroll-password').fill(password);
  const since = epochNow();
  const eventsBefore = recorder.events();
  const pendingAtClick = recorder.pending();
  const start = performance.now();
  await win.page.getByTestId('enroll-submit').click();
  await shownInPage(win, '[data-testid="enroll-verified"], [data-testid="error-code"]', { timeout: WAIT_MS });
  const ms = performance.now() - start;
  if (!(await win.page.getByTestId('enroll-verified').isVisible())) {
    throw new Error(`the wizard failed with ${await win.page.getByTestId('error-code').first().textContent()}`);
  }
  const events = recorder.events() - eventsBefore;
  const page = await paintedAt(win, 'enroll-verified');
  const call = callAfter(recorder.calls, 'enrollment.start', since);
  if (!call) throw new Error('the page showed "verified" without asking enrollment.start');
  return {
    ms,
    toClick: page.submitClicked - since,
    clickToPainted: (page.seen['enroll-verified']?.painted ?? Number.NaN) - page.submitClicked,
    toCore: call.asked - page.submitClicked,
    core: call.answered - call.asked,
    toPainted: (page.seen['enroll-verified']?.painted ?? Number.NaN) - call.answered,
    events,
    pendingAtClick,
  };
}

// ---------------------------------------------------------------------------------------------

/** The settings for this run: BENCH_QUICK=1 for the quick ones; BENCH_APP_ENROLLMENTS=N for more enrollments (their spread is wide). */
function settingsFromEnv(): AppBenchSettings {
  const base = process.env.BENCH_QUICK ? APP_BENCH_QUICK : APP_BENCH;
  const enrollments = Number(process.env.BENCH_APP_ENROLLMENTS);
  return Number.isInteger(enrollments) && enrollments > 0 ? { ...base, enrollments } : base;
}

export async function benchApp(settings: AppBenchSettings = settingsFromEnv()): Promise<BenchTable[]> {
  const load = loadavg();
  const buildMs = await buildRenderer();
  const bundle = await bundleSize(RENDERER_BUILD);
  const parent = await mkdtemp(join(tmpdir(), 'bench-app-'));
  let issuer: IssuerProcess | undefined;
  let win: AppWindow | undefined;
  try {
    issuer = await startIssuerProcess(join(parent, 'issuer-data'));
    const trustPem = await readFile(issuer.tlsCaFile, 'utf8');
    const password = randomBytes(18).toString('base64url'); // random per run, never printed
    const users = userPool(issuer, trustPem, password);
    const hostFor = (home: string) =>
      startAppHost({ home, issuerUrl: issuer!.estUrl, loginUrl: issuer!.loginUrl, trustFile: issuer!.tlsCaFile });
    const transport = switchableTransport();
    const recorder = recordingTransport(transport);
    win = await openAppWindow({ home: await freshHome(parent, 'browser'), transport: recorder, files: 'loopback' });
    await win.page.addInitScript({ content: PAGE_OBSERVER });

    // Enrollments, the three variants taking turns; the first round is the warm-up.
    const clicks: ClickSpans[] = [];
    const inProcess: number[] = [];
    const cli: number[] = [];
    let statusHome: string | undefined;
    for (let round = 0; round <= settings.enrollments; round++) {
      const clickHome = await freshHome(parent, `click-${round}`);
      transport.use(hostFor(clickHome));
      const clickUser = await users.create();
      const click = await enrollByClick(win, recorder, clickUser, password);
      statusHome ??= clickHome; // its certificate stays valid for the navigation runs

      const routerUser = await users.create();
      const host = hostFor(await freshHome(parent, `router-${round}`));
      const start = performance.now();
      const answer = (await host.router.invoke('enrollment.start', { operation: 'enroll', loginId: routerUser, password })) as {
        ok: boolean;
      };
      const routerMs = performance.now() - start;
      if (!answer.ok) throw new Error(`enrollment.start failed: ${JSON.stringify(answer)}`);

      const cliUser = await users.create();
      const args = ['enroll', '--login-id', cliUser, '--password-stdin', '--issuer', issuer.estUrl, '--trust', issuer.tlsCaFile, '--json'];
      const r = await runCli(args, await freshHome(parent, `cli-${round}`), `${password}\n`);
      if (r.code !== 0) throw new Error(`cjs-cert enroll exited ${String(r.code)}: ${r.stderr}`);

      if (round > 0) {
        clicks.push(click);
        inProcess.push(routerMs);
        cli.push(r.ms);
      }
      for (const loginId of [routerUser, cliUser]) await users.delete(loginId);
    }

    // Navigations with one valid certificate in the store (the first click's user).
    transport.use(hostFor(statusHome!));
    await navigateToStatus(win, recorder);
    const callsBefore = recorder.calls.filter((c) => c.channel === 'situation.get').length;
    const navigations: NavigationSpans[] = [];
    for (let i = 0; i < settings.navigations; i++) navigations.push(await navigateToStatus(win, recorder));
    const situationCalls = recorder.calls.filter((c) => c.channel === 'situation.get').length - callsBefore;
    const nav = (pick: (n: NavigationSpans) => number) => navigations.map(pick).filter((v) => !Number.isNaN(v));
    const clicked = (pick: (c: ClickSpans) => number) => clicks.map(pick);

    const rows: BenchRow[] = [
      row(
        'navigation → files delivered',
        'loopback HTTP (Resource Timing)',
        nav((n) => n.files),
      ),
      row(
        'navigation → DOMContentLoaded',
        'entry module run',
        nav((n) => n.ready),
      ),
      row(
        'navigation → app code run',
        "renderer's mark cjs:app-start",
        nav((n) => n.appStart),
      ),
      row(
        'navigation → situation.get asked',
        'router called (Node clock)',
        nav((n) => n.situationAsked),
      ),
      row(
        'navigation → situation.get answered',
        'router answered (Node clock)',
        nav((n) => n.situationAnswered),
      ),
      row(
        'navigation → app painted',
        'renderer in Chromium',
        nav((n) => n.shell),
      ),
      row(
        'navigation → Status card painted',
        'frame after the card (page)',
        nav((n) => n.cardPainted),
      ),
      row(
        'navigation → Status card visible',
        'renderer → router → core',
        nav((n) => n.status),
      ),
      row(
        'situation.get (within the above)',
        'router → core (in Node)',
        nav((n) => n.situationAnswered - n.situationAsked),
      ),
      row(
        'enroll: click → "verified" shown',
        'renderer → router → core',
        clicked((c) => c.ms),
      ),
      row(
        '  click() → click event in the page',
        "Playwright's checks and input",
        clicked((c) => c.toClick),
      ),
      row(
        '  click event → "verified" painted',
        'the same, page clock',
        clicked((c) => c.clickToPainted),
      ),
      row(
        '  click → enrollment.start asked',
        'page click → router (Node)',
        clicked((c) => c.toCore),
      ),
      row(
        '  enrollment.start (within)',
        'router → core (in Node)',
        clicked((c) => c.core),
      ),
      row(
        '  core answered → "verified" painted',
        'events, answer, render (page)',
        clicked((c) => c.toPainted),
      ),
      row('enroll: same enrollment', 'router.invoke (in process)', inProcess),
      row('enroll: same enrollment', 'cjs-cert enroll (process)', cli),
    ];
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    return [
      {
        title: 'The app in Chromium: bundle, navigation → Status, click → verified (wall-clock ms)',
        rows,
        statistics: ['min', 'median', 'max'],
        notes: [
          `bundle: ${kb(bundle.gzip)} gzip (level 9), ${kb(bundle.raw)} on disk, ${bundle.files} files in dist/renderer; largest ${bundle.largest.name} ${kb(bundle.largest.gzip)} gzip. Budget 250 KB gzip.`,
          `vite build took ${(buildMs / 1000).toFixed(1)} s. Budgets: Status visible ≤ 300 ms, click → verified ≤ 1000 ms (loopback).`,
          `${settings.navigations} navigations (after 1 warm-up) from about:blank to ${win.url}#/status, one valid certificate in the NSS store;`,
          `  the renderer asked situation.get ${(situationCalls / settings.navigations).toFixed(1)} times per navigation (each reads the store and asks the issuer).`,
          '  "files delivered" (those asked before the app\'s code ran; the other screens follow in idle time) and DOMContentLoaded (the tiny entry ran and put',
          "  the start-up questions to the host): the page's own Navigation/Resource Timing. The files come from a loopback HTTP server (the e2e tests use a",
          '  Playwright route on https://app.test instead, which adds a DevTools round trip per file); Electron serves them in process.',
          '  "app painted" = the first element under #root; Status = the status card visible; situation.get reads the store (certutil) and asks the issuer (CA list, CRL).',
          '  Page and Node instants share the machine clock: "app code run" is the renderer\'s User Timing mark, "card painted" the frame after the card entered the DOM',
          '  (a MutationObserver in the page), "asked"/"answered" when the router was called and answered. "Painted" (#root) and "visible" are checked in the page on',
          "  every frame and seen from Node (one DevTools message later); Playwright's locator.waitFor would poll at 20/50/100/100/500 ms and add up to 500 ms.",
          `${settings.enrollments} enrollments per variant (after 1 warm-up round), taking turns, each a new user in a fresh HOME, RSA-2048, issuer on loopback (own process).`,
          '  Browser: timed from the click on the submit button to "verified" shown; the wizard was opened and filled before. Below it, where that time went:',
          '  Playwright\'s click() (actionability checks, input events) until the page sees the click; from that click event to the frame that shows "verified"',
          "  (page clock: what a user waits); the page → router hop; the core; and from the core's answer to that frame (events drained, answer parsed, render).",
          `  Calls still pending at the click: ${clicks.map((c) => `[${c.pendingAtClick.join(', ')}]`).join(' ')}.`,
          `  The router sent the page ${(clicks.reduce((a, c) => a + c.events, 0) / Math.max(1, clicks.length)).toFixed(1)} events per enrollment (progress, warnings).`,
          '  cjs-cert enroll includes the process start-up (node + tsx loader), see the enrollment benchmark.',
          'Headless Chromium (Debian), --disable-gpu, viewport 1280×800; plain HTTP on 127.0.0.1, so navigation excludes TLS and DNS.',
          `Load average at start: ${load.map((l) => l.toFixed(2)).join(' ')} (other work on the machine skews every figure).`,
        ],
      },
    ];
  } finally {
    await win?.close().catch(() => undefined);
    if (issuer) await stopIssuerProcess(issuer);
    await rm(parent, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const table of await benchApp()) process.stdout.write(`\n${formatTable(table)}`);
}

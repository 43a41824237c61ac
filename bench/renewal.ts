// Renewal benchmark (issue 10): a renewal without the password, end to end (the current
// certificate proves who asks, over TLS from the NSS store through tstclnt), next to a renewal
// with the password in the same run: each in process (the use cases on composed services) and as
// the `cjs-cert` command, and the standard tools' pipeline for the same certificate-authenticated
// job (openssl req + curl --cert/--key + openssl pkcs12 + pk12util), all taking turns. Needs an
// unlocked Secret Service (a silent renewal only starts once its journal can be written):
// `bash scripts/bench.sh renewal` provides one; `npm run bench` runs it with the others.
// BENCH_RENEWAL_RUNS=N: measured rounds (default 8); BENCH_QUICK=1: 2 (figures meaningless).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { renewAutomatically } from '../electron/core/app/auto-renew';
import { enroll, type EnrollHooks } from '../electron/core/app/enroll';
import { createServices, type AppServices } from '../electron/core/app/services';
import { journalDir } from '../electron/core/app/state-files';
import { resolveSettings } from '../electron/core/config';
import { EnrollmentJournal } from '../electron/core/enrollment/journal';
import type { EnrollmentEvent } from '../electron/core/enrollment/workflow';
import { OsCredentialVault } from '../electron/core/platform/credential-vault';
import { randomPkcs12Password } from '../electron/core/pki';
import { NssStore } from '../electron/core/stores';
import { createStoreTlsClient } from '../electron/core/stores/client-certificate-transport';
import { startIssuer, type RunningIssuer } from '../issuer/src/service';
import { DEMO_PASSWORD, httpsCall } from '../tests/helpers/issuer';
import { medianTimeline, recordRequests, timedJournal, type Span } from './enrollment';
import { countingRunner, describeSpawns, freshHome, homeEnv, runCli, type SpawnRecord } from './processes';
import { formatTable, row, summarize, type BenchRow, type BenchTable } from './stats';

const run = promisify(execFile);
const TIMEOUT_MS = 60_000;

export interface RenewalBenchSettings {
  /** Measured rounds; each round renews once with every variant, in turn. */
  readonly runs: number;
}

export const RENEWAL_BENCH: RenewalBenchSettings = { runs: Number(process.env.BENCH_RENEWAL_RUNS) || 8 };
/** `BENCH_QUICK=1`: checks that the benchmark runs (figures meaningless). */
export const RENEWAL_BENCH_QUICK: RenewalBenchSettings = { runs: 2 };

/** 20-day certificates: inside the 30-day renewal window (P6) from the start, and again after each renewal. */
const VALIDITY_DAYS = 20;
const NSS_TOOL = /^(certutil|pk12util|tstclnt) /;

// ---------------------------------------------------------------------------------------------
// The issuer (in this process, loopback) and one user per variant

interface Issuer {
  readonly running: RunningIssuer;
  readonly estUrl: string;
  readonly trustFile: string;
  readonly trustPem: string;
}

async function startBenchIssuer(dataDir: string): Promise<Issuer> {
  const running = await startIssuer({ dataDir, port: 0, loginPort: 0, logLevel: 'warn', policy: { validityDays: VALIDITY_DAYS } });
  return { running, estUrl: running.estUrl, trustFile: running.tlsCaCertPath, trustPem: await readFile(running.tlsCaCertPath, 'utf8') };
}

/** A general user of the demo contract, created by its master (master01). */
async function createUser(issuer: Issuer, loginId: string, password: string): Promise<void> {
  const res = await httpsCall(issuer.estUrl, issuer.trustPem, {
    path: '/api/v1/users',
    body: JSON.stringify({ loginId, password }),
    contentType: 'application/json',
    auth: { loginId: 'master01', password: DEMO_PASSWORD },
  });
  if (res.status !== 201) throw new Error(`creating ${loginId}: ${res.status} ${res.text()}`);
}

// ---------------------------------------------------------------------------------------------
// Ours in process: the use cases on services composed as a process composes them, with every NSS
// process (tstclnt included), HTTP request, journal operation and workflow step on one timeline

interface Timed {
  readonly total: number;
  readonly spans: Span[];
}

interface Recorder {
  readonly spans: Span[];
  readonly spawns: SpawnRecord[];
  /** The start of the measured call (performance.now()); the spans count from it. */
  t0: number;
  readonly onEvent: (event: EnrollmentEvent) => void;
}

function recorder(): Recorder {
  const stepStart = new Map<string, number>();
  const r: Recorder = {
    spans: [],
    spawns: [],
    t0: 0,
    onEvent: (event) => {
      const at = performance.now() - r.t0;
      if (event.type === 'warning') throw new Error(`renewal warning ${event.code}: ${event.detail}`);
      if (event.type !== 'step') return;
      if (event.phase === 'start') stepStart.set(event.step, at);
      else r.spans.push({ what: `step ${event.step}`, start: stepStart.get(event.step) ?? at, end: at });
    },
  };
  return r;
}

/** The services of one run, fresh (as a new process has them), their store, TLS client and journal recording. */
async function composedServices(issuer: Issuer, home: string, rec: Recorder): Promise<AppServices> {
  const env = homeEnv(home);
  const settings = resolveSettings({}, { issuerUrl: issuer.estUrl, trustFiles: [issuer.trustFile] });
  const runner = countingRunner(rec.spawns);
  const store = new NssStore({ home, runner });
  const journal = new EnrollmentJournal({ dir: journalDir(env), vault: new OsCredentialVault() });
  return createServices(settings, env, {
    store,
    storeTls: createStoreTlsClient(store, { runner }),
    journal: timedJournal(journal, rec.spans, () => rec.t0),
  });
}

/** Runs `work` as the measured call: its total, and its spans from the call's start. */
async function timed(issuer: Issuer, rec: Recorder, work: () => Promise<void>): Promise<Timed> {
  const stopRecording = recordRequests(new URL(issuer.estUrl).hostname, rec.spans, () => rec.t0);
  try {
    rec.t0 = performance.now();
    await work();
    const total = performance.now() - rec.t0;
    for (const s of rec.spawns) rec.spans.push({ what: s.command, start: s.start - rec.t0, end: s.end - rec.t0 });
    return { total, spans: rec.spans };
  } finally {
    stopRecording();
  }
}

/** (a) What `cjs-cert renew --auto` and the app's daily check do, after start-up: no password anywhere. */
async function renewSilently(issuer: Issuer, home: string): Promise<Timed> {
  const rec = recorder();
  const services = await composedServices(issuer, home, rec);
  return timed(issuer, rec, async () => {
    const report = await renewAutomatically(services, { onEvent: (_loginId, event) => rec.onEvent(event) });
    const [item, ...more] = report.items;
    if (item?.kind !== 'renewed' || more.length > 0) throw new Error(`renewAutomatically: ${JSON.stringify(report.items)}`);
  });
}

/** (b) What `cjs-cert renew --password-stdin` does after start-up. */
async function renewWithPassword(issuer: Issuer, home: string, loginId: string, password: string): Promise<Timed> {
  const rec = recorder();
  const services = await composedServices(issuer, home, rec);
  const hooks: EnrollHooks = { onEvent: rec.onEvent };
  return timed(issuer, rec, async () => {
    const result = await enroll(services, { operation: 'renew', loginId, password }, hooks);
    if (result.kind !== 'enrolled' || result.operation !== 'renew') throw new Error(`enroll renew: ${result.kind}`);
  });
}

/** The first certificate of a variant's user, with the password (a certificate never stands in for it). */
async function enrollFirst(issuer: Issuer, home: string, loginId: string, password: string): Promise<void> {
  const services = await composedServices(issuer, home, recorder());
  const result = await enroll(services, { operation: 'enroll', loginId, password });
  if (result.kind !== 'enrolled') throw new Error(`first enrolment of ${loginId}: ${result.kind}`);
}

// ---------------------------------------------------------------------------------------------
// Ours as the command, start-up included

const target = (issuer: Issuer) => ['--issuer', issuer.estUrl, '--trust', issuer.trustFile, '--json', '--lang', 'en'];

/** (c) `cjs-cert renew --auto`, as the daily task runs it: stdin empty. */
async function renewAutoCli(issuer: Issuer, home: string): Promise<number> {
  const r = await runCli(['renew', '--auto', ...target(issuer)], home);
  const items = r.code === 0 ? (JSON.parse(r.stdout) as { items: { kind: string }[] }).items : [];
  if (items.length !== 1 || items[0]!.kind !== 'renewed')
    throw new Error(`cjs-cert renew --auto exited ${String(r.code)}: ${r.stdout}${r.stderr}`);
  return r.ms;
}

/** (d) `cjs-cert renew --login-id ID --password-stdin`. */
async function renewPasswordCli(issuer: Issuer, home: string, loginId: string, password: string): Promise<number> {
  const r = await runCli(['renew', '--login-id', loginId, '--password-stdin', ...target(issuer)], home, `${password}\n`);
  const operation = r.code === 0 ? (JSON.parse(r.stdout) as { operation: string }).operation : undefined;
  if (operation !== 'renew') throw new Error(`cjs-cert renew exited ${String(r.code)}: ${r.stdout}${r.stderr}`);
  return r.ms;
}

// ---------------------------------------------------------------------------------------------
// (e) The standard tools, as a careful administrator types them (bash, one `bash -c` per step):
// the current certificate and its key as files authenticate the renewal, no password

type Breakdown = Record<string, number>;

type AdminEnv = NodeJS.ProcessEnv & { readonly WORK: string };

/**
 * NSS names a key by the SHA-1 of its RSA modulus (CKA_ID), as `certutil -K` lists it: how the
 * administrator tells the old key from the new one. Both certificates share one nickname (NSS
 * gives a certificate the nickname of those with its subject), so `certutil -D -n NICK` may
 * delete the new certificate instead of the old: only the old key can be removed by name.
 */
const KEY_ID = 'keyid() { openssl rsa -in "$1" -noout -modulus | sed "s/^Modulus=//" | xxd -r -p | openssl sha1 -r | cut -c1-40; }';

async function bash(script: string, env: AdminEnv): Promise<void> {
  await run('bash', ['-c', `set -euo pipefail\n${KEY_ID}\n${script}`], { env, timeout: TIMEOUT_MS, cwd: env.WORK });
}

/** The first enrolment with the password (curl --netrc-file), the store made and the CA list kept as ca.pem. */
async function enrollAdmin(issuer: Issuer, home: string, loginId: string, password: string): Promise<AdminEnv> {
  const work = join(home, 'work');
  await mkdir(work, { mode: 0o700 });
  // Secrets in 0600 files, never on a command line; the netrc goes once the first certificate is in.
  await writeFile(join(work, 'netrc'), `machine ${new URL(issuer.estUrl).hostname} login ${loginId} password ${password}\n`, {
    mode: 0o600,
  });
  await writeFile(join(work, 'p12.pw'), randomPkcs12Password(), { mode: 0o600 });
  const env: AdminEnv = {
    ...homeEnv(home),
    WORK: work,
    ID: loginId,
    TRUST: issuer.trustFile,
    EST: `${issuer.estUrl}/.well-known/est`,
    DB: `sql:${join(home, '.pki', 'nssdb')}`,
    NICK: `ろうきん賃金控除 ${loginId}`,
  };
  await bash(
    [
      'mkdir -p -m 700 "$HOME/.pki/nssdb" && certutil -N -d "$DB" --empty-password',
      'curl -sS --fail --cacert "$TRUST" "$EST/cacerts" | base64 -d | openssl pkcs7 -inform DER -print_certs -out ca.pem',
      'openssl req -new -newkey rsa:2048 -nodes -keyout key.pem -subj "/CN=$ID" -outform DER 2>/dev/null | base64 > csr.b64',
      'curl -sS --fail --cacert "$TRUST" --netrc-file netrc -H "Content-Type: application/pkcs10" --data-binary @csr.b64 -o cert.b64 "$EST/simpleenroll"',
      'rm netrc',
      'base64 -d cert.b64 | openssl pkcs7 -inform DER -print_certs -out cert.pem',
      'openssl pkcs12 -export -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 -iter 2048 -inkey key.pem -in cert.pem -certfile ca.pem -name "$NICK" -passout file:p12.pw -out cert.p12',
      'pk12util -i cert.p12 -d "$DB" -w p12.pw >/dev/null && rm cert.p12 cert.b64 csr.b64',
    ].join('\n'),
    env,
  );
  return env;
}

/** The steps of one renewal by the standard tools, in order; the total is theirs end to end. */
const ADMIN_STEPS: readonly (readonly [string, string])[] = [
  [
    'keygen + CSR',
    'openssl req -new -newkey rsa:2048 -nodes -keyout next-key.pem -subj "/CN=$ID" -outform DER 2>/dev/null | base64 > csr.b64',
  ],
  // docs/issuer-renewal.md's call: the current certificate and key in the handshake, no -u, no netrc.
  [
    'issue (curl --cert --key)',
    'curl -sS --fail-with-body --cacert "$TRUST" --cert cert.pem --key key.pem -H "Content-Type: application/pkcs10" --data-binary @csr.b64 -o next.b64 "$EST/simplereenroll"',
  ],
  ['decode answer', 'base64 -d next.b64 | openssl pkcs7 -inform DER -print_certs -out next-cert.pem'],
  [
    'PKCS#12 build',
    'openssl pkcs12 -export -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 -iter 2048 -inkey next-key.pem -in next-cert.pem -certfile ca.pem -name "$NICK" -passout file:p12.pw -out next.p12',
  ],
  ['install (pk12util -i)', 'pk12util -i next.p12 -d "$DB" -w p12.pw >/dev/null'],
  ['verify (new key in store)', 'certutil -K -d "$DB" | grep -qF "$(keyid next-key.pem)"'],
  // The old key out of the store (its certificate stays, keyless); the new files become the current ones.
  [
    'remove old key + rotate files',
    'certutil -F -d "$DB" -k "$(keyid key.pem)" && mv next-key.pem key.pem && mv next-cert.pem cert.pem && rm csr.b64 next.b64 next.p12',
  ],
];
/** The four tools the job needs at the least: openssl req, curl, openssl pkcs12, pk12util. */
const ADMIN_BARE_STEPS = ['keygen + CSR', 'issue (curl --cert --key)', 'PKCS#12 build', 'install (pk12util -i)'];

async function renewAdmin(env: AdminEnv): Promise<Breakdown> {
  const steps: Breakdown = {};
  const start = performance.now();
  for (const [name, script] of ADMIN_STEPS) {
    const stepStart = performance.now();
    await bash(script, env);
    steps[name] = performance.now() - stepStart;
  }
  steps.total = performance.now() - start;
  return steps;
}

/** After the renewals, one key in the store: the old ones were removed each time. */
async function expectOneKey(home: string, what: string): Promise<void> {
  const { stdout } = await run('certutil', ['-K', '-d', `sql:${join(home, '.pki', 'nssdb')}`], { timeout: TIMEOUT_MS });
  const keys = stdout.split('\n').filter((l) => l.startsWith('<')).length;
  if (keys !== 1) throw new Error(`${what}: ${keys} keys in the store after the renewals, expected 1`);
}

// ---------------------------------------------------------------------------------------------
// What the timelines say

const STEPS = ['prepare', 'resume', 'keygen', 'request', 'issue', 'validate', 'install', 'cleanup'];

function breakdownOf({ total, spans }: Timed): Breakdown {
  const steps = spans.filter((s) => s.what.startsWith('step '));
  const firstStep = Math.min(...steps.map((s) => s.start));
  const lastStep = Math.max(...steps.map((s) => s.end));
  const sum = (pick: (s: Span) => boolean) => spans.filter(pick).reduce((a, s) => a + s.end - s.start, 0);
  const count = (pick: (s: Span) => boolean) => spans.filter(pick).length;
  const http = (s: Span) => /^(GET|POST) /.test(s.what);
  return {
    'before the workflow (situation check)': firstStep,
    ...Object.fromEntries(STEPS.map((n) => [`step ${n}`, sum((s) => s.what === `step ${n}`)])),
    'after the workflow': total - lastStep,
    'NSS processes (count)': count((s) => NSS_TOOL.test(s.what)),
    'NSS processes (ms, summed)': sum((s) => NSS_TOOL.test(s.what)),
    'tstclnt: request with the store key (ms)': sum((s) => s.what.startsWith('tstclnt ')),
    'HTTP requests by Node (count)': count(http),
    'HTTP requests by Node (ms, summed)': sum(http),
    'POST simplereenroll by Node (ms)': sum((s) => s.what === 'POST simplereenroll'),
    'journal, OS vault + fsync (ms, summed)': sum((s) => s.what.startsWith('journal ')),
    total,
  };
}

function spawnsOf(runs: readonly Timed[]): string {
  const nss = runs.flatMap((r) =>
    r.spans.filter((s) => NSS_TOOL.test(s.what)).map((s) => ({ command: s.what, start: s.start, end: s.end })),
  );
  return describeSpawns(nss, runs.length);
}

const ratioText = (silent: readonly number[], password: readonly number[]): string => {
  const pairs = summarize(silent.map((s, i) => s / password[i]!));
  const medians = summarize(silent).median / summarize(password).median;
  return `pair by pair median ${pairs.median.toFixed(2)}× (min ${pairs.min.toFixed(2)}×, max ${pairs.max.toFixed(2)}×); of the medians ${medians.toFixed(2)}×`;
};

// ---------------------------------------------------------------------------------------------

const VARIANTS = ['silent', 'password', 'silent-cli', 'password-cli', 'admin'] as const;
type Variant = (typeof VARIANTS)[number];
const loginIdOf = (variant: Variant) => `bench-r-${variant}`;

const SILENT = 'silent: renewAutomatically (in process)';
const PASSWORD = 'password: enroll renew (in process)';
const SILENT_CLI = 'silent: cjs-cert renew --auto (process)';
const PASSWORD_CLI = 'password: cjs-cert renew --password-stdin (process)';
const ADMIN = 'openssl req + curl --cert + pk12util';

export async function benchRenewal(
  settings: RenewalBenchSettings = process.env.BENCH_QUICK ? RENEWAL_BENCH_QUICK : RENEWAL_BENCH,
): Promise<BenchTable[]> {
  const parent = await mkdtemp(join(tmpdir(), 'bench-renew-'));
  let issuer: Issuer | undefined;
  const phases: string[] = [];
  let phaseStart = performance.now();
  const phaseDone = (name: string) => {
    phases.push(`${name} ${((performance.now() - phaseStart) / 1000).toFixed(1)} s`);
    phaseStart = performance.now();
  };
  try {
    issuer = await startBenchIssuer(join(parent, 'issuer-data'));
    const password = randomBytes(18).toString('base64url'); // random per run, never printed
    // One user and one HOME (NSS store, journal) per variant, each first enrolled with the password.
    const home = {} as Record<Variant, string>;
    for (const v of VARIANTS) home[v] = await freshHome(parent, v);
    for (const v of VARIANTS) await createUser(issuer, loginIdOf(v), password);
    for (const v of VARIANTS.filter((v) => v !== 'admin')) await enrollFirst(issuer, home[v], loginIdOf(v), password);
    const adminEnv = await enrollAdmin(issuer, home.admin, loginIdOf('admin'), password);
    phaseDone('issuer start + users + first enrolments');

    // One unmeasured round first, then `runs` rounds; in each, every variant renews once, in
    // turn, so that a change in background load hits all of them alike.
    const silent: Timed[] = [];
    const withPassword: Timed[] = [];
    const silentCli: number[] = [];
    const passwordCli: number[] = [];
    const admin: Breakdown[] = [];
    for (let round = 0; round <= settings.runs; round++) {
      const measured = round > 0;
      const s = await renewSilently(issuer, home.silent);
      const p = await renewWithPassword(issuer, home.password, loginIdOf('password'), password);
      const sc = await renewAutoCli(issuer, home['silent-cli']);
      const pc = await renewPasswordCli(issuer, home['password-cli'], loginIdOf('password-cli'), password);
      const a = await renewAdmin(adminEnv);
      if (!measured) continue;
      silent.push(s);
      withPassword.push(p);
      silentCli.push(sc);
      passwordCli.push(pc);
      admin.push(a);
    }
    phaseDone(`${settings.runs + 1} rounds of 5 renewals`);
    for (const v of VARIANTS) await expectOneKey(home[v], v);

    const totals = (runs: readonly Timed[]) => runs.map((r) => r.total);
    const adminTotals = admin.map((b) => b.total ?? 0);
    const bare = admin.map((b) => ADMIN_BARE_STEPS.reduce((sum, step) => sum + (b[step] ?? 0), 0));
    const rows: BenchRow[] = [
      row('renewal total', SILENT, totals(silent)),
      row('renewal total', PASSWORD, totals(withPassword)),
      row('renewal total', SILENT_CLI, silentCli),
      row('renewal total', PASSWORD_CLI, passwordCli),
      row('renewal total', ADMIN, adminTotals),
      ...ADMIN_STEPS.map(([step]) =>
        row(
          `  ${step}`,
          ADMIN,
          admin.map((b) => b[step] ?? 0),
        ),
      ),
      row('  the 4 tools alone', 'openssl req + curl + openssl pkcs12 + pk12util', bare),
    ];
    const totalsTable: BenchTable = {
      title: 'Renewal end to end: without the password vs with it, and the standard tools (wall-clock ms)',
      rows,
      statistics: ['min', 'median', 'p90', 'max'],
      notes: [
        `Silent / password, in process: ${ratioText(totals(silent), totals(withPassword))}.`,
        `Silent / password, as a process: ${ratioText(silentCli, passwordCli)}.`,
        `Silent in process / the standard tools: ${ratioText(totals(silent), adminTotals)}.`,
        `${settings.runs} rounds (+1 unmeasured); in each, the five variants renew once, in this order. Each variant has its own user`,
        `  and HOME (NSS store, journal), renewing the same certificate line again and again: the issuer (in this process, 127.0.0.1)`,
        `  issues ${VALIDITY_DAYS}-day certificates, inside the 30-day window from the start. RSA-2048 new keys everywhere.`,
        'Silent: the request over TLS with the certificate and its key inside the NSS store (tstclnt, the key never read out),',
        '  journaled in the OS vault first (required: no journal, no silent renewal). Password: HTTP Basic over Node TLS, the',
        "  issuer's scrypt check included. Both then validate, install (pk12util), verify and remove the old certificate.",
        'In process: services composed afresh before each call (not timed), as a new process has them. As a process: node',
        '  cli/bin/cjs-cert.js (the bundle), start-up included, --json; renew --auto with stdin empty.',
        'Standard tools: one `bash -c` per step; the current certificate and key as files (the key unencrypted on disk, which',
        '  ours never has); no checks of the answer. "verify": the ID of the new key (SHA-1 of the modulus: openssl rsa | xxd | openssl sha1)',
        '  in certutil -K; "remove old key": certutil -F -k ID. The old certificate stays, keyless: it shares its nickname with the',
        '  new one (NSS names by subject), and certutil -D -n NICK deleted the new one in a trial; ours deletes and re-adds.',
      ],
    };
    const breakdowns = [silent.map(breakdownOf), withPassword.map(breakdownOf)] as const;
    const keys = Object.keys(breakdowns[0][0] ?? {});
    const stepsTable: BenchTable = {
      title: 'Where a renewal spends its time, in process: silent vs password (ms; counts where the row says so)',
      rows: keys.flatMap((key) => [
        row(
          key,
          'silent',
          breakdowns[0].map((b) => b[key] ?? 0),
        ),
        row(
          key,
          'password',
          breakdowns[1].map((b) => b[key] ?? 0),
        ),
      ]),
      statistics: ['min', 'median', 'p90', 'max'],
      notes: [
        '"before the workflow": from the call to the first workflow step (store pre-check, CA list, CRL, listing: the situation).',
        '"step …": the workflow steps as the app and the CLI show them; steps may overlap work started before them.',
        'NSS processes, HTTP requests (creation → answer headers) and journal operations: summed durations (they may overlap).',
        `NSS processes per renewal, silent: ${spawnsOf(silent)}.`,
        `NSS processes per renewal, password: ${spawnsOf(withPassword)}.`,
        'Median timeline of one silent renewal (ms from the call; median first start → median last end of each kind of span):',
        ...medianTimeline(silent.map((r) => r.spans)),
        'Median timeline of one password renewal:',
        ...medianTimeline(withPassword.map((r) => r.spans)),
        `Benchmark phases: ${phases.join(', ')}.`,
      ],
    };
    return [totalsTable, stepsTable];
  } finally {
    await issuer?.running.close();
    await rm(parent, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const table of await benchRenewal()) process.stdout.write(`\n${formatTable(table)}`);
}

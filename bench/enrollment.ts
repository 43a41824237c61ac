// Enrollment benchmark: a whole enrollment as the app asks for it (the router's `enrollment.start`,
// in process), next to the same job done with the standard tools (openssl, curl, pk12util) in the
// same run, with where our time goes (situation check, workflow steps, NSS processes, HTTP requests,
// journal) on one timeline; then `cjs-cert enroll` as a process. The status with many certificates
// is bench/status.ts. Needs an unlocked Secret Service (the journal's OS vault): `npm run bench`
// provides one. Run alone with `bash scripts/bench.sh enrollment`, or with the others through `npm run bench`.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createRouter } from '../electron/contract/router';
import { createApp } from '../electron/core/app/create-app';
import { toAppError } from '../electron/core/app/errors';
import { journalDir } from '../electron/core/app/state-files';
import { EnrollmentJournal } from '../electron/core/enrollment/journal';
import type { JournalPort } from '../electron/core/enrollment/workflow';
import { OsCredentialVault } from '../electron/core/platform/credential-vault';
import { randomPkcs12Password } from '../electron/core/pki';
import { NssStore } from '../electron/core/stores';
import {
  countingRunner,
  describeSpawns,
  freshHome,
  homeEnv,
  ROOT,
  runCli,
  startIssuerProcess,
  stopIssuerProcess,
  TSX,
  type IssuerProcess,
  type SpawnRecord,
} from './processes';
import { formatTable, row, summarize, type BenchRow, type BenchTable } from './stats';

const run = promisify(execFile);

export interface EnrollmentBenchSettings {
  /** Measured enrollments per implementation (ours in process, the standard tools), each a distinct user. */
  readonly runs: number;
  /** Measured `cjs-cert enroll` processes. */
  readonly cliRuns: number;
}

export const ENROLLMENT_BENCH: EnrollmentBenchSettings = { runs: 10, cliRuns: 3 };
/** `BENCH_QUICK=1`: checks that the benchmark runs (figures meaningless). */
export const ENROLLMENT_BENCH_QUICK: EnrollmentBenchSettings = { runs: 2, cliRuns: 1 };

/** The demo contract (master01) holds user01, user02 and room for 8 more general users (P2: 10 per contract). */
const DEMO_MASTER = 'master01';
const DEMO_PASSWORD = 'demo-password';
const DEMO_CONTRACT_ROOM = 8;
const GENERAL_USERS_PER_CONTRACT = 10;
const TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------------------------------------
// The issuing service and its users

/** The service process, with a keep-alive HTTPS agent for the set-up's API calls. */
interface Issuer extends IssuerProcess {
  readonly agent: Agent;
}

async function startIssuer(dataDir: string): Promise<Issuer> {
  const issuer = await startIssuerProcess(dataDir);
  return { ...issuer, agent: new Agent({ ca: await readFile(issuer.tlsCaFile, 'utf8'), keepAlive: true }) };
}

async function stopIssuer(issuer: Issuer): Promise<void> {
  issuer.agent.destroy();
  await stopIssuerProcess(issuer);
}

function postJson(issuer: Issuer, path: string, body: unknown, auth: { loginId: string; password: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, issuer.estUrl),
      {
        method: 'POST',
        agent: issuer.agent,
        timeout: TIMEOUT_MS,
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`${auth.loginId}:${auth.password}`, 'utf8').toString('base64')}`,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          res.statusCode === 201 ? resolve(201) : reject(new Error(`POST ${path} → ${String(res.statusCode)}: ${text}`)),
        );
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`POST ${path} timed out`)));
    req.end(JSON.stringify(body));
  });
}

/** `npm run operator -- add-contract …`, the master's password on stdin. */
function addContract(dataDir: string, contractId: string, master: string, password: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      TSX,
      [
        'issuer/src/operator/main.ts',
        '--data',
        dataDir,
        'add-contract',
        '--contract-id',
        contractId,
        '--name',
        `Bench ${contractId}`,
        '--master-login-id',
        master,
        '--password-stdin',
      ],
      { cwd: ROOT, stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`operator add-contract exited with ${String(code)}: ${stderr.trim()}`)),
    );
    child.stdin.end(`${password}\n`);
  });
}

/**
 * `count` new general users, all with `password`: first the demo contract's free places (as
 * master01), then as many bench contracts (operator add-contract + their master) as needed.
 */
async function createUsers(issuer: Issuer, count: number, password: string): Promise<string[]> {
  type Planned = { loginId: string; master: string; masterPassword: string };
  const demo: Planned[] = [];
  for (let i = 0; i < Math.min(count, DEMO_CONTRACT_ROOM); i++)
    demo.push({ loginId: `bench-e-demo-${i}`, master: DEMO_MASTER, masterPassword: DEMO_PASSWORD });
  const more: Planned[] = [];
  const masters: string[] = [];
  for (let c = 0; demo.length + more.length < count; c++) {
    masters.push(`bench-e-m${c}`);
    for (let u = 0; u < GENERAL_USERS_PER_CONTRACT && demo.length + more.length < count; u++)
      more.push({ loginId: `bench-e-c${c}-${u}`, master: `bench-e-m${c}`, masterPassword: password });
  }
  // Two at a time: each costs the service two scrypt runs (the master's login, the new hash).
  const post = async (plan: readonly Planned[]) => {
    for (let i = 0; i < plan.length; i += 2) {
      await Promise.all(
        plan
          .slice(i, i + 2)
          .map((u) =>
            postJson(issuer, '/api/v1/users', { loginId: u.loginId, password }, { loginId: u.master, password: u.masterPassword }),
          ),
      );
    }
  };
  // The bench contracts are made (operator processes) while the demo contract fills up.
  const contracts = Promise.all(masters.map((master, c) => addContract(issuer.dataDir, `bench-e-c${c}`, master, password)));
  const demoDone = post(demo);
  await Promise.all([contracts, demoDone]);
  await post(more);
  return [...demo, ...more].map((u) => u.loginId);
}

// ---------------------------------------------------------------------------------------------
// Ours, in process: `enrollment.start` through the router, as the app's window asks for it, with
// every NSS process, journal operation, HTTP request and workflow step put on one timeline

/** A span on the timeline of one enrollment, in ms from the router call. */
export interface Span {
  readonly what: string;
  readonly start: number;
  readonly end: number;
}

export function timedJournal(journal: JournalPort, spans: Span[], origin: () => number): JournalPort {
  const timed = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    const start = performance.now() - origin();
    try {
      return await work();
    } finally {
      spans.push({ what: `journal ${what}`, start, end: performance.now() - origin() });
    }
  };
  return {
    begin: (entry) => timed('begin', () => journal.begin(entry)),
    recordIssued: (id, der) => timed('recordIssued', () => journal.recordIssued(id, der)),
    complete: (id) => timed('complete', () => journal.complete(id)),
    listPending: () => timed('listPending', () => journal.listPending()),
    discard: (id) => timed('discard', () => journal.discard?.(id) ?? Promise.resolve()),
  };
}

/** Every HTTPS request to the issuer, from its creation to its answer's headers (node:diagnostics_channel). */
export function recordRequests(host: string, spans: Span[], origin: () => number): () => void {
  const started = new WeakMap<object, number>();
  const onStart = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    if (request.host === host) started.set(request, performance.now() - origin());
  };
  const onAnswer = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    const start = started.get(request);
    if (start === undefined) return;
    const path = request.path.split('?')[0]!.split('/').at(-1) ?? request.path;
    spans.push({ what: `${request.method} ${path}`, start, end: performance.now() - origin() });
  };
  subscribe('http.client.request.start', onStart);
  subscribe('http.client.response.finish', onAnswer);
  return () => {
    unsubscribe('http.client.request.start', onStart);
    unsubscribe('http.client.response.finish', onAnswer);
  };
}

/** One enrollment by the router in a fresh HOME (new app, as bench/app.ts does): its total and its timeline. */
async function enrollOurs(issuer: Issuer, home: string, loginId: string, password: string): Promise<{ total: number; spans: Span[] }> {
  const env = homeEnv(home);
  const spans: Span[] = [];
  let t0 = 0;
  const origin = () => t0;
  const spawns: SpawnRecord[] = [];
  const handlers = createApp({
    env,
    overrides: { issuerUrl: issuer.estUrl, trustFiles: [issuer.tlsCaFile] },
    store: new NssStore({ home, runner: countingRunner(spawns) }),
    journal: timedJournal(new EnrollmentJournal({ dir: journalDir(env), vault: new OsCredentialVault() }), spans, origin),
  });
  const stepStart = new Map<string, number>();
  const router = createRouter(handlers, {
    toAppError,
    onEvent: (event, payload) => {
      const at = performance.now() - t0;
      if (event === 'enrollment.warning') throw new Error(`enrollment warning: ${JSON.stringify(payload)}`);
      if (event !== 'enrollment.progress') return;
      const { step, phase } = payload as { step: string; phase: string };
      if (phase === 'start') stepStart.set(step, at);
      else spans.push({ what: `step ${step}`, start: stepStart.get(step) ?? at, end: at });
    },
    onProblem: (problem) => {
      throw new Error(`router problem ${problem.code} ${problem.name}`);
    },
  });
  const stopRecording = recordRequests(new URL(issuer.estUrl).hostname, spans, origin);
  try {
    t0 = performance.now();
    const answer = await router.invoke('enrollment.start', { operation: 'enroll', loginId, password });
    const total = performance.now() - t0;
    if (!answer.ok) throw new Error(`enrollment.start failed: ${JSON.stringify(answer.error)}`);
    for (const s of spawns) spans.push({ what: s.command, start: s.start - t0, end: s.end - t0 });
    return { total, spans };
  } finally {
    stopRecording();
  }
}

/** What one enrollment's timeline says, by the rows of the "where the time goes" table. */
function breakdownOf(total: number, spans: readonly Span[]): Record<string, number> {
  const steps = spans.filter((s) => s.what.startsWith('step '));
  const firstStep = Math.min(...steps.map((s) => s.start));
  const lastStep = Math.max(...steps.map((s) => s.end));
  const sum = (pick: (s: Span) => boolean) => spans.filter(pick).reduce((a, s) => a + s.end - s.start, 0);
  const count = (pick: (s: Span) => boolean) => spans.filter(pick).length;
  const step = (name: string) => sum((s) => s.what === `step ${name}`);
  const nss = (s: Span) => /^(certutil|pk12util) /.test(s.what);
  return {
    'before the workflow (situation check)': firstStep,
    ...Object.fromEntries(
      ['prepare', 'resume', 'keygen', 'request', 'issue', 'validate', 'install', 'cleanup'].map((n) => [`step ${n}`, step(n)]),
    ),
    'after the workflow (remember, answer)': total - lastStep,
    'NSS processes (count)': count(nss),
    'NSS processes (ms, summed)': sum(nss),
    'pk12util -i (ms)': sum((s) => s.what === 'pk12util -i'),
    'HTTP requests (count)': count((s) => /^(GET|POST) /.test(s.what)),
    'GET cacerts (count)': count((s) => s.what === 'GET cacerts'),
    'HTTP requests (ms, summed)': sum((s) => /^(GET|POST) /.test(s.what)),
    'POST simpleenroll (ms)': sum((s) => s.what === 'POST simpleenroll'),
    'journal, OS vault + fsync (ms, summed)': sum((s) => s.what.startsWith('journal ')),
    total,
  };
}

function timelineText(spans: readonly Span[]): string {
  return [...spans]
    .sort((a, b) => a.start - b.start)
    .map((s) => `${s.start.toFixed(0).padStart(6)} → ${s.end.toFixed(0).padStart(6)}  ${s.what}`)
    .join('\n');
}

/** The median timeline: each kind of span, the median of its first start and of its last end per enrollment, by start. */
export function medianTimeline(timelines: readonly (readonly Span[])[]): string[] {
  const kinds = new Map<string, { starts: number[]; ends: number[]; count: number }>();
  for (const spans of timelines) {
    const first = new Map<string, Span>();
    for (const s of spans) {
      const seen = first.get(s.what);
      first.set(s.what, seen ? { what: s.what, start: Math.min(seen.start, s.start), end: Math.max(seen.end, s.end) } : s);
      const k = kinds.get(s.what) ?? { starts: [], ends: [], count: 0 };
      k.count++;
      kinds.set(s.what, k);
    }
    for (const s of first.values()) {
      kinds.get(s.what)!.starts.push(s.start);
      kinds.get(s.what)!.ends.push(s.end);
    }
  }
  return [...kinds]
    .map(([what, k]) => ({ what, start: summarize(k.starts).median, end: summarize(k.ends).median, per: k.count / timelines.length }))
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map(
      (k) =>
        `  ${k.start.toFixed(0).padStart(5)} → ${k.end.toFixed(0).padStart(5)} ms  ${k.what}${k.per === 1 ? '' : ` (×${k.per.toFixed(1)}: first start → last end)`}`,
    );
}

// ---------------------------------------------------------------------------------------------
// The standard tools: openssl, curl, pk12util, certutil, through bash as a user would type them

/** One enrollment's step times in ms, and `total`. */
type Breakdown = Record<string, number>;

async function bash(script: string, env: NodeJS.ProcessEnv): Promise<void> {
  await run('bash', ['-c', `set -euo pipefail\n${script}`], { env, timeout: TIMEOUT_MS, cwd: env.WORK });
}

async function enrollStandard(issuer: Issuer, home: string, loginId: string, password: string): Promise<Breakdown> {
  const work = join(home, 'work');
  await mkdir(work, { mode: 0o700 });
  // Secrets in 0600 files, never on a command line: curl's netrc, the PKCS#12 password file.
  const host = new URL(issuer.estUrl).hostname;
  await writeFile(join(work, 'netrc'), `machine ${host} login ${loginId} password ${password}\n`, { mode: 0o600 });
  await writeFile(join(work, 'p12.pw'), randomPkcs12Password(), { mode: 0o600 });
  const env = {
    ...homeEnv(home),
    WORK: work,
    ID: loginId,
    TRUST: issuer.tlsCaFile,
    EST: `${issuer.estUrl}/.well-known/est`,
    DB: `sql:${join(home, '.pki', 'nssdb')}`,
    NICK: `ろうきん賃金控除 ${loginId}`,
  };
  const steps: Breakdown = {};
  const step = async (name: string, script: string) => {
    const start = performance.now();
    await bash(script, env);
    steps[name] = performance.now() - start;
  };
  const start = performance.now();
  await step(
    'prepare',
    [
      'mkdir -p -m 700 "$HOME/.pki/nssdb" && certutil -N -d "$DB" --empty-password',
      'curl -sS --fail --cacert "$TRUST" "$EST/cacerts" | base64 -d | openssl pkcs7 -inform DER -print_certs -out ca.pem',
    ].join('\n'),
  );
  await step(
    'keygen + CSR',
    'openssl req -new -newkey rsa:2048 -nodes -keyout key.pem -subj "/CN=$ID" -outform DER 2>/dev/null | base64 > csr.b64',
  );
  await step(
    'issue',
    'curl -sS --fail --cacert "$TRUST" --netrc-file netrc -H "Content-Type: application/pkcs10" --data-binary @csr.b64 -o cert.b64 "$EST/simpleenroll"',
  );
  await step('validate', 'base64 -d cert.b64 | openssl pkcs7 -inform DER -print_certs -out cert.pem');
  await step(
    'PKCS#12 build',
    'openssl pkcs12 -export -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 -iter 2048 -inkey key.pem -in cert.pem -certfile ca.pem -name "$NICK" -passout file:p12.pw -out cert.p12',
  );
  await step('install', 'pk12util -i cert.p12 -d "$DB" -w p12.pw >/dev/null');
  await step('verify', 'certutil -L -d "$DB" -n "$NICK" >/dev/null && certutil -K -d "$DB" | grep -qF "$NICK"');
  steps.total = performance.now() - start;
  await rm(work, { recursive: true, force: true });
  return steps;
}

// ---------------------------------------------------------------------------------------------

export async function benchEnrollment(
  settings: EnrollmentBenchSettings = process.env.BENCH_QUICK ? ENROLLMENT_BENCH_QUICK : ENROLLMENT_BENCH,
): Promise<BenchTable[]> {
  const parent = await mkdtemp(join(tmpdir(), 'bench-enroll-'));
  let issuer: Issuer | undefined;
  const phases: string[] = [];
  let phaseStart = performance.now();
  const phaseDone = (name: string) => {
    phases.push(`${name} ${((performance.now() - phaseStart) / 1000).toFixed(1)} s`);
    phaseStart = performance.now();
  };
  try {
    issuer = await startIssuer(join(parent, 'issuer-data'));
    const password = randomBytes(18).toString('base64url'); // random per run, never printed
    // One unmeasured warm-up enrollment per implementation, then `runs` each, then the CLI runs.
    const users = await createUsers(issuer, 2 * (settings.runs + 1) + settings.cliRuns, password);
    phaseDone('issuer start + users');
    let next = 0;
    const nextUser = () => users[next++]!;

    await enrollOurs(issuer, await freshHome(parent, 'warm-ours'), nextUser(), password);
    await enrollStandard(issuer, await freshHome(parent, 'warm-std'), nextUser(), password);
    const ours: { total: number; spans: Span[] }[] = [];
    const standard: Breakdown[] = [];
    for (let i = 0; i < settings.runs; i++) {
      // Taking turns, so that changing background load hits both alike.
      ours.push(await enrollOurs(issuer, await freshHome(parent, `ours-${i}`), nextUser(), password));
      // BENCH_TIMELINE=1: every span of every enrollment on stderr, to see one run whole.
      if (process.env.BENCH_TIMELINE) process.stderr.write(`${timelineText(ours.at(-1)!.spans)}\n`);
      standard.push(await enrollStandard(issuer, await freshHome(parent, `std-${i}`), nextUser(), password));
    }

    phaseDone('enrollments');
    // The CLI as a process: start-up alone (--help), then whole enrollments.
    const helpHome = await freshHome(parent, 'cli-help');
    await runCli(['--help'], helpHome);
    const help: number[] = [];
    for (let i = 0; i < Math.max(3, settings.cliRuns); i++) help.push((await runCli(['--help'], helpHome)).ms);
    const bashStart: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await run('bash', ['-c', 'true']);
      bashStart.push(performance.now() - start);
    }
    const cliEnroll: number[] = [];
    for (let i = 0; i < settings.cliRuns; i++) {
      const loginId = nextUser();
      const r = await runCli(
        [
          'enroll',
          '--login-id',
          loginId,
          '--password-stdin',
          '--issuer',
          issuer.estUrl,
          '--trust',
          issuer.tlsCaFile,
          '--json',
          '--lang',
          'en',
        ],
        await freshHome(parent, `cli-${i}`),
        `${password}\n`,
      );
      if (r.code !== 0) throw new Error(`cjs-cert enroll exited ${String(r.code)}: ${r.stderr}`);
      cliEnroll.push(r.ms);
    }

    phaseDone('CLI processes');
    const OURS = 'ours: router → core (in process)';
    const STD = 'openssl + curl + pk12util';
    const rows: BenchRow[] = [
      row(
        'enrollment total',
        OURS,
        ours.map((o) => o.total),
      ),
      row(
        'enrollment total',
        STD,
        standard.map((b) => b.total ?? 0),
      ),
      row('enrollment total', 'cjs-cert enroll (process)', cliEnroll),
      ...['prepare', 'keygen + CSR', 'issue', 'validate', 'PKCS#12 build', 'install', 'verify'].map((step) =>
        row(
          `  ${step}`,
          STD,
          standard.map((b) => b[step] ?? 0),
        ),
      ),
      row('process start-up', 'cjs-cert --help', help),
      row('process start-up', 'bash -c true', bashStart),
    ];
    const ratios = ours.map((o, i) => o.total / (standard[i]?.total ?? Number.NaN));
    const enrollmentTable: BenchTable = {
      title: 'Enrollment end to end: ours vs the standard tools (wall-clock ms)',
      rows,
      statistics: ['min', 'median', 'p95'],
      notes: [
        `Ours / standard tools, pair by pair (same turn): median ${summarize(ratios).median.toFixed(2)}×, min ${summarize(ratios).min.toFixed(2)}×, max ${summarize(ratios).max.toFixed(2)}×;`,
        `  of the medians: ${(summarize(ours.map((o) => o.total)).median / summarize(standard.map((b) => b.total ?? 0)).median).toFixed(2)}×.`,
        `${settings.runs} enrollments each (+1 warm-up), every one a distinct new user in a fresh HOME (empty NSS store), RSA-2048;`,
        '  ours and the standard tools take turns. Both talk HTTPS to the reference issuer (its own process, 127.0.0.1).',
        'Ours: `enrollment.start` through createRouter over createApp (a new app per enrollment, as bench/app.ts), with the real',
        '  NssStore, the journal in the OS vault and the issuer: situation check first, then the workflow. See the next table.',
        'Standard tools: each step is one `bash -c` (see "bash -c true"): prepare = certutil -N + curl cacerts | base64 -d | openssl pkcs7;',
        '  keygen + CSR = openssl req -newkey (one command); validate = base64 -d | openssl pkcs7 -print_certs (no checks);',
        '  install = pk12util -i; verify = certutil -L -n NICK + certutil -K. Password via curl --netrc-file, PKCS#12 password file (0600).',
        '"issue" is dominated on both sides by the service\'s scrypt password check (by design).',
        `cjs-cert enroll (process): ${settings.cliRuns} runs (after the --help runs warmed tsx's cache) of node cli/bin/cjs-cert.js enroll --password-stdin --json;`,
        '  "cjs-cert --help" is its start-up alone (node + tsx loader + compiling the TypeScript imports).',
      ],
    };
    const breakdowns = ours.map((o) => breakdownOf(o.total, o.spans));
    const spansTable: BenchTable = {
      title: 'Where our enrollment spends its time, per enrollment (ms; counts where the row says so)',
      rows: Object.keys(breakdowns[0] ?? {}).map((key) =>
        row(
          key,
          OURS,
          breakdowns.map((b) => b[key] ?? 0),
        ),
      ),
      statistics: ['min', 'median', 'p95'],
      notes: [
        '"before the workflow": from the router call to the first workflow step (store pre-check, CA list, CRL, listing: the situation).',
        '"step …": the workflow steps as the app shows them (enrollment.progress events); steps may overlap work started before them.',
        'NSS processes, HTTP requests (creation → answer headers) and journal operations: summed durations (they may overlap).',
        `NSS processes per enrollment: ${describeSpawns(
          ours.flatMap((o) =>
            o.spans.filter((s) => /^(certutil|pk12util) /.test(s.what)).map((s) => ({ command: s.what, start: s.start, end: s.end })),
          ),
          ours.length,
        )}.`,
        'Median timeline of one enrollment (ms from the router call; median first start → median last end of each kind of span):',
        ...medianTimeline(ours.map((o) => o.spans)),
        `Benchmark phases: ${phases.join(', ')}.`,
      ],
    };
    return [enrollmentTable, spansTable];
  } finally {
    if (issuer) await stopIssuer(issuer);
    await rm(parent, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const table of await benchEnrollment()) process.stdout.write(`\n${formatTable(table)}`);
}

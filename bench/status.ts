// Status benchmark: the status of a PC whose NSS store holds 1, 10 and 100 certificates of this
// system, in process and as the `cjs-cert status` command, next to what an administrator would
// type to get the same facts from the store with the standard tools, all in the same run.
// Run alone with `bash scripts/bench.sh status`, or with the others through `npm run bench`.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createServices, type AppServices } from '../electron/core/app/services';
import { collectStatus } from '../electron/core/app/status';
import { resolveSettings } from '../electron/core/config';
import { NssStore } from '../electron/core/stores';
import { fillStore } from './nss-fill';
import {
  countingRunner,
  describeSpawns,
  freshHome,
  homeEnv,
  runCli,
  startIssuerProcess,
  stopIssuerProcess,
  type IssuerProcess,
  type SpawnRecord,
} from './processes';
import { formatTable, measureInterleaved, row, type BenchRow, type BenchTable } from './stats';

const run = promisify(execFile);
const TIMEOUT_MS = 60_000;

export interface StatusBenchSettings {
  /** Certificates of this system in the store, one table section each. */
  readonly sizes: readonly number[];
  /** Measured runs of each variant per size (after one warm-up before the first size). */
  readonly runs: number;
}

export const STATUS_BENCH: StatusBenchSettings = { sizes: [1, 10, 100], runs: 5 };
/** `BENCH_QUICK=1`: checks that the benchmark runs (figures meaningless). */
export const STATUS_BENCH_QUICK: StatusBenchSettings = { sizes: [1, 100], runs: 1 };

/**
 * What an administrator types to read every certificate and key of the store: the nicknames,
 * then each nickname's certificates as PEM (the only way certutil gives them), then the keys.
 * Prints the number of certificates read.
 */
const ADMIN_PIPELINE = [
  'set -euo pipefail',
  'certutil -L -d "$DB" | tail -n +5 | sed -E "s/[[:space:]]+[A-Za-z]*,[A-Za-z]*,[A-Za-z]*[[:space:]]*$//" | sort -u |',
  '  while IFS= read -r nick; do certutil -L -d "$DB" -n "$nick" -a; done > "$OUT/all.pem"',
  'certutil -K -d "$DB" > "$OUT/keys.txt"',
  'grep -c "BEGIN CERTIFICATE" "$OUT/all.pem"',
].join('\n');

/** The services of one `cjs-cert status` run: fresh, as a new process has them, with a recording store. */
async function statusServices(issuer: IssuerProcess, home: string, spawns: SpawnRecord[]): Promise<AppServices> {
  const settings = resolveSettings({}, { issuerUrl: issuer.estUrl, trustFiles: [issuer.tlsCaFile] });
  return { ...(await createServices(settings, homeEnv(home))), store: new NssStore({ home, runner: countingRunner(spawns) }) };
}

function expectCount(what: string, found: number, expected: number): void {
  if (found !== expected) throw new Error(`${what} found ${found} certificates, expected ${expected}`);
}

interface SizeResult {
  readonly rows: BenchRow[];
  readonly note: string;
}

async function benchSize(issuer: IssuerProcess, home: string, size: number, runs: number, warmup: number): Promise<SizeResult> {
  const db = `sql:${join(home, '.pki', 'nssdb')}`;
  const out = await mkdtemp(join(tmpdir(), 'bench-status-admin-'));
  const cold: SpawnRecord[] = [];
  const listing: SpawnRecord[] = [];
  const warmSpawns: SpawnRecord[] = [];
  // Services composed once, as a process does at start: "new store" reads the store with the
  // tools each run (what a status costs after start-up); "app" keeps the store too, as the app
  // does between two screens while nothing changed.
  const kept = await statusServices(issuer, home, []);
  const warm = await statusServices(issuer, home, warmSpawns);
  await collectStatus(warm, new Date());
  const warmBefore = warmSpawns.length;
  const cliArgs = ['status', '--json', '--issuer', issuer.estUrl, '--trust', issuer.tlsCaFile];
  try {
    const samples = await measureInterleaved(
      [
        async () => {
          const r = await runCli(cliArgs, home);
          const listed = r.code === 0 ? (JSON.parse(r.stdout) as { certificates: unknown[] }).certificates.length : -1;
          if (listed !== size) throw new Error(`cjs-cert status exited ${String(r.code)} listing ${listed}, expected ${size}: ${r.stderr}`);
        },
        async () => {
          const status = await collectStatus({ ...kept, store: new NssStore({ home, runner: countingRunner(cold) }) }, new Date());
          expectCount('collectStatus (new store)', status.reports.length, size);
        },
        async () => {
          const listed = await new NssStore({ home, runner: countingRunner(listing) }).list();
          expectCount('NssStore.list', listed.length, size);
        },
        async () => expectCount('collectStatus (warm)', (await collectStatus(warm, new Date())).reports.length, size),
        async () => {
          const { stdout } = await run('bash', ['-c', ADMIN_PIPELINE], { env: { ...process.env, DB: db, OUT: out }, timeout: TIMEOUT_MS });
          expectCount('the admin pipeline', Number(stdout.trim()), size + 1); // + the issuing CA
        },
        async () => {
          await run('certutil', ['-L', '-d', db], { timeout: TIMEOUT_MS });
          const { stdout } = await run('certutil', ['-K', '-d', db], { timeout: TIMEOUT_MS });
          expectCount('certutil -K', stdout.split('\n').filter((l) => l.startsWith('<')).length, size);
        },
      ],
      runs,
      warmup,
    );
    const label = `${size} cert${size === 1 ? '' : 's'}`;
    const [cli, coldMs, listMs, warmMs, admin, floor] = samples as [number[], number[], number[], number[], number[], number[]];
    const measured = runs + warmup;
    const processMs = (records: readonly SpawnRecord[]) => records.reduce((a, s) => a + s.end - s.start, 0) / measured;
    return {
      rows: [
        row(`status, ${label}`, 'cjs-cert status --json (process)', cli),
        row(`status, ${label}`, 'collectStatus, new store (in process)', coldMs),
        row(`status, ${label}`, 'collectStatus, app: services kept, store unchanged', warmMs),
        row(`listing, ${label}`, 'NssStore.list(), new store (in process)', listMs),
        row(`listing, ${label}`, 'admin: certutil -L, -L -n NICK -a each, -K', admin),
        row(`listing, ${label}`, 'names only: certutil -L + certutil -K', floor),
      ],
      note:
        `${label}: collectStatus (new store) runs ${describeSpawns(cold, measured)} (${processMs(cold).toFixed(0)} ms of processes, summed);` +
        ` NssStore.list() ${describeSpawns(listing, measured)}; the warm status ${warmSpawns.length - warmBefore} processes in ${measured} runs;` +
        ` the admin pipeline ${size + 3} processes.`,
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

export async function benchStatus(
  settings: StatusBenchSettings = process.env.BENCH_QUICK ? STATUS_BENCH_QUICK : STATUS_BENCH,
): Promise<BenchTable> {
  const parent = await mkdtemp(join(tmpdir(), 'bench-status-'));
  let issuer: IssuerProcess | undefined;
  try {
    issuer = await startIssuerProcess(join(parent, 'issuer-data'));
    const home = await freshHome(parent, 'status');
    await mkdir(join(home, '.pki', 'nssdb'), { recursive: true, mode: 0o700 });
    await run('certutil', ['-N', '-d', `sql:${join(home, '.pki', 'nssdb')}`, '--empty-password']);
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    let filled = 0;
    for (const size of settings.sizes) {
      const fillStart = performance.now();
      await fillStore(issuer.dataDir, home, filled, size);
      filled = size;
      const fillMs = performance.now() - fillStart;
      // One warm-up before the first size only: later the processes are new anyway and the code is warm.
      const result = await benchSize(issuer, home, size, settings.runs, size === settings.sizes[0] ? 1 : 0);
      rows.push(...result.rows);
      notes.push(`${result.note} Filling the store took ${(fillMs / 1000).toFixed(1)} s.`);
    }
    return {
      title: 'Status by the number of certificates in the NSS store: ours vs the standard tools (wall-clock ms)',
      rows,
      statistics: ['min', 'median', 'max'],
      notes: [
        ...notes,
        'Each certificate has its own nickname, as the workflow names them (login ID + serial), P-256, issued by the service CA;',
        '  every run checks that it saw all N. Variants take turns; runs per variant and size: ' + String(settings.runs) + '.',
        'collectStatus = what `cjs-cert status` does after start-up: the store listing (certificates, trust flags, keys), the CA',
        '  certificates and the CRL from the issuer (loopback HTTPS, own process), the CRL signature, the situation; services composed',
        '  once (as at a process start). "new store": the store read with the tools each run; "app": the listing kept while the',
        '  database files are unchanged, as the app between two screens.',
        'NssStore.list() alone: a new store each run, so nothing is reused. The admin pipeline does the same job with the standard',
        "  tools, as an administrator would type it (bash): nicknames, each nickname's certificates as PEM, the key list.",
        '"names only" reads neither certificates nor dates: the floor of any listing through certutil.',
      ],
    };
  } finally {
    if (issuer) await stopIssuerProcess(issuer);
    await rm(parent, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`\n${formatTable(await benchStatus())}`);
}

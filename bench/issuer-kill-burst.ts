// Issue 9's load-and-kill audit as a benchmark: N concurrent enrolments (distinct login IDs, real
// ECDSA CSRs, HTTP Basic) against the issuing service as its own
// process, SIGKILLed K times mid-burst (the k-th once k/(K+1) of the users are acknowledged) and
// restarted each time on the same ports and data directory. A client whose request fails at the
// transport level sends the same CSR again once the service is back. Afterwards one more kill
// and restart, every acknowledged certificate looked up by the status API, a last kill, and the
// database checked as the crash left it.
//
//   npx tsx bench/issuer-kill-burst.ts [N] [K] [ADDRESSES] [COST]
//
// N: enrolments (default 700), K: kills during the burst (default 8), ADDRESSES: loopback source
// addresses 127.0.0.2 … the clients are spread over (default 32, i.e. 22 each for N = 700: under
// the service's 32 connections per address). The users (N, in contracts of 11) are made in this
// process before the service starts (set-up, not timed).
// COST: the scrypt cost of their passwords, which the service pays for every login. `cheap`
// (default; N=2^10, about 1 ms) measures the kills, restarts and records. `production` (N=2^15,
// about 0.1 s of a core) measures the service as deployed, but on 2 cores 700 users with 8 kills
// take far longer than a few minutes: a kill loses every password check already done for the
// requests in flight, and under a burst nearly all of them are done before the first answer, so
// the burst costs about (K+2)/2 × N checks (`200 8 32 production`: about 4 minutes).
// The small version that runs with the tests: tests/integration/issuer/kill-burst.test.ts.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PASSWORD_COST } from '../issuer/src/domain/passwords';
import { createBurstUsers } from '../tests/helpers/burst-users';
import { checkWithService, readIssuerRecords, type IssuerRecords } from '../tests/helpers/issuer-records';
import { IssuerSupervisor } from '../tests/helpers/issuer-supervisor';
import { runKillBurst, type KillBurstRun } from '../tests/helpers/kill-burst';
import { summarize } from './stats';

const CHEAP_PASSWORD_COST = { N: 2 ** 10, r: 8, p: 1 };

async function main(): Promise<void> {
  const count = positive(process.argv[2] ?? '700', 'N');
  const kills = positive(process.argv[3] ?? '8', 'K');
  const addresses = positive(process.argv[4] ?? '32', 'ADDRESSES');
  const cost = process.argv[5] ?? 'cheap';
  if (cost !== 'cheap' && cost !== 'production') throw new Error(`COST must be cheap or production, got "${cost}"`);
  const dataDir = await mkdtemp(join(tmpdir(), 'cjs-kill-burst-bench-'));
  let supervisor: IssuerSupervisor | undefined;
  const stopOnSignal = (): void => void supervisor?.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  try {
    const loadBefore = loadavg();
    const t0 = performance.now();
    // Random per run, never printed.
    const password = randomBytes(18).toString('base64url');
    const passwordCost = cost === 'cheap' ? CHEAP_PASSWORD_COST : PASSWORD_COST;
    const loginIds = await createBurstUsers({ dataDir, count, password, passwordCost });
    const setupS = (performance.now() - t0) / 1000;
    supervisor = await IssuerSupervisor.start(dataDir, ['--no-demo']);

    const progress = (line: string) => process.stderr.write(`  ${line}\n`);
    const run = await runKillBurst(supervisor, { loginIds, password, kills, addresses, progress });
    // Counted before the checks below, which send nothing to simpleenroll.
    const replayed = (supervisor.output().match(/"replayed":true/g) ?? []).length;
    const burstRestarts = [...supervisor.restarts];

    await supervisor.killAndRestart();
    const check = await checkWithService(await supervisor.up(), run.acknowledged.values(), { password, replay: false, concurrency: 16 });
    await supervisor.kill();
    const records = readIssuerRecords(dataDir);

    process.stdout.write(
      report({ count, kills, addresses, cost, run, replayed, burstRestarts, notGood: check.notGood, records, setupS, loadBefore }),
    );
  } finally {
    await supervisor?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

interface ReportInput {
  readonly count: number;
  readonly kills: number;
  readonly addresses: number;
  readonly cost: string;
  readonly run: KillBurstRun;
  readonly replayed: number;
  readonly burstRestarts: readonly { killedAt: number; spawnedAt: number; readyAt: number }[];
  readonly notGood: readonly string[];
  readonly records: IssuerRecords;
  readonly setupS: number;
  readonly loadBefore: readonly number[];
}

function report(r: ReportInput): string {
  const { run, records } = r;
  const acknowledged = [...run.acknowledged.values()];
  const bySerial = new Map(records.certificates.map((c) => [c.serial, c]));
  // Lost: the status API does not call it good, or the database (after the last crash) does not
  // hold these very bytes as a live certificate.
  const lost = acknowledged.filter((a) => {
    const record = bySerial.get(a.certificate.serialNumber);
    return r.notGood.includes(a.loginId) || !record || record.revoked || !record.der.equals(a.certificate.der);
  });
  const transport = run.attempts.filter((a) => a.outcome === 'transport');
  const byCode = countBy(transport.map((a) => a.error ?? '?'));
  const answered = run.attempts.filter((a) => a.outcome === 'answered');
  const fiveXx = answered.filter((a) => (a.status ?? 0) >= 500).length;
  const liveByUser = countBy(records.certificates.filter((c) => !c.revoked).map((c) => c.loginId));
  const serials = records.certificates.map((c) => c.serial);
  const latencies = run.attempts.filter((a) => a.outcome === 'acknowledged').map((a) => a.endedAt - a.startedAt);
  const first = run.attempts.filter((a) => a.outcome === 'acknowledged' && run.acknowledged.get(a.loginId)?.attempt === 1);
  const lat = summarize(latencies);
  const latFirst = summarize(first.map((a) => a.endedAt - a.startedAt));
  const ready = summarize(r.burstRestarts.map((x) => x.readyAt - x.spawnedAt));
  const down = summarize(r.burstRestarts.map((x) => x.readyAt - x.killedAt));
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    `issuer kill burst: N=${r.count} concurrent enrolments from ${r.addresses} loopback addresses, ${r.kills} SIGKILLs mid-burst`,
    `  machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average before ${r.loadBefore.map((l) => l.toFixed(1)).join(' ')}, after ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
    `  passwords: ${r.cost} scrypt cost (${r.cost === 'cheap' ? 'N=2^10' : 'N=2^15, as deployed'}); set-up (users, not timed below): ${r.setupS.toFixed(1)} s`,
    `  burst: ${s(run.endedAt - run.startedAt)} wall clock; in flight at each kill: ${run.inFlightAtKills.join(', ')}`,
    `  requests sent:            ${run.attempts.length}`,
    `  acknowledged (200 + own certificate): ${acknowledged.length} of ${r.count} login IDs`,
    `  lost acknowledged:        ${lost.length}${lost.length ? ` (${lost.map((a) => a.loginId).join(', ')})` : ''}`,
    `  5xx:                      ${fiveXx}`,
    `  other HTTP answers:       ${answered.length - fiveXx}${answered.length ? ` (${[...countBy(answered.map((a) => String(a.status)))].map(([k, v]) => `${k}×${v}`).join(', ')})` : ''}`,
    `  transport failures:       ${transport.length} (${[...byCode].map(([k, v]) => `${k} ${v}`).join(', ')})`,
    `  retries to success:       ${acknowledged.filter((a) => a.attempt > 1).length} login IDs acknowledged after ≥1 transport failure`,
    `    of which issued before a kill and answered from the record on retry: ${r.replayed}`,
    `  restart (SIGKILL → ready): median ${s(down.median)}, max ${s(down.max)}; start → ready median ${s(ready.median)}, max ${s(ready.max)}`,
    `  enrolment latency, acknowledged attempts (send → answer, service up; n=${lat.n}): p50 ${s(lat.median)}, p95 ${s(lat.p95)}`,
    `    first attempts only (n=${latFirst.n}): p50 ${s(latFirst.median)}, p95 ${s(latFirst.p95)}`,
    `  after one more kill: status API good for ${acknowledged.length - r.notGood.length} of ${acknowledged.length}`,
    `  database after the last kill: integrity_check ${records.integrity}; ${records.certificates.length} certificates, ` +
      `${new Set(serials).size} distinct serials, at most ${Math.max(0, ...liveByUser.values())} live per user, ` +
      `${acknowledged.filter((a) => records.auditedIssued.has(a.certificate.serialNumber)).length} acknowledged with a certificate.issued audit entry`,
    '',
  ].join('\n');
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function positive(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, got "${text}"`);
  return n;
}

await main();

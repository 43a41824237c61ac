// Issuer benchmark: EST enrolments per second and their latency under 50 concurrent clients, against
// the real service started as its own process (so this process's client work does not share the
// service's event loop or thread pool), with the server-side components measured alone beside it
// and `openssl x509 -req` as the baseline for the signing itself.
// Run alone with `npx tsx bench/issuer.ts`, or with the other benchmarks through `npm run bench`.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import {
  createCsr,
  decodeBase64Strict,
  decodeCertsOnly,
  generateKeyPair,
  issueCertificate,
  parseCsr,
  randomSerialNumber,
  readCertificate,
  toPem,
  type KeyPair,
} from '../electron/core/pki';
import { loadAuthority } from '../issuer/src/ca/load-authority';
import { pkiPaths } from '../issuer/src/ca/files';
import { hashPassword, PASSWORD_COST, verifyPassword } from '../issuer/src/domain/passwords';
import { formatTable, measure, measureInterleaved, row, summarize, type BenchTable } from './stats';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const run = promisify(execFile);

export interface IssuerBenchSettings {
  /** Enrolments in the timed phase, each by a distinct user (a user holds one certificate, P2). */
  readonly enrollments: number;
  readonly clients: number;
  /** Iterations of each isolated component measurement. */
  readonly componentIterations: number;
}

/**
 * 77 enrolments (7 contracts of 1 master + 10 users), not the 300 one might like: every enrolment
 * costs the service a scrypt check, and creating its user two more (the master's login and the new
 * password's hash), about 2.8 scrypt runs of ~0.1–0.2 s per enrolment. 300 would take minutes on 2
 * cores; this keeps the whole benchmark near a minute. `BENCH_ISSUER_ENROLLMENTS` raises it on a bigger machine.
 */
export const ISSUER_BENCH: IssuerBenchSettings = { enrollments: 77, clients: 50, componentIterations: 12 };
/** `BENCH_QUICK=1`: checks that the benchmark runs (figures meaningless). */
export const ISSUER_BENCH_QUICK: IssuerBenchSettings = { enrollments: 12, clients: 6, componentIterations: 3 };

/** The production limit: one master and 10 general users per contract (P2). */
const GENERAL_USERS_PER_CONTRACT = 10;
const OPERATOR_CONCURRENCY = 2;
const SETUP_CONCURRENCY = 4;
const REQUEST_TIMEOUT_MS = 60_000;
const STARTUP_TIMEOUT_MS = 60_000;

function settingsFromEnvironment(): IssuerBenchSettings {
  const base = process.env.BENCH_QUICK ? ISSUER_BENCH_QUICK : ISSUER_BENCH;
  const raw = process.env.BENCH_ISSUER_ENROLLMENTS;
  const enrollments = raw ? Number(raw) : base.enrollments;
  if (!Number.isInteger(enrollments) || enrollments < 1) throw new Error('BENCH_ISSUER_ENROLLMENTS must be a positive integer');
  return { ...base, enrollments };
}

interface BenchUser {
  readonly contractId: string;
  readonly loginId: string;
  readonly master: string;
}

/** Masters first in each contract, then its general users, until there are `count` users. */
function planUsers(count: number): BenchUser[] {
  const users: BenchUser[] = [];
  for (let c = 0; users.length < count; c++) {
    const contractId = `bench-c${String(c).padStart(3, '0')}`;
    const master = `bench-m${String(c).padStart(3, '0')}`;
    users.push({ contractId, loginId: master, master });
    for (let u = 0; u < GENERAL_USERS_PER_CONTRACT && users.length < count; u++) {
      users.push({ contractId, loginId: `bench-u${String(c).padStart(3, '0')}-${String(u).padStart(2, '0')}`, master });
    }
  }
  return users;
}

/** Runs `fn` over `items` with at most `width` calls in flight. */
async function inParallel<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

interface Reply {
  readonly status: number;
  readonly body: string;
  /** Whether the request went over an already open (kept-alive) connection. */
  readonly reused: boolean;
}

function https(
  agent: Agent,
  url: URL,
  options: { method?: string; body?: string; contentType?: string; loginId?: string; password?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.contentType) headers['content-type'] = options.contentType;
  if (options.loginId !== undefined && options.password !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${options.loginId}:${options.password}`, 'utf8').toString('base64')}`;
  }
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? (options.body === undefined ? 'GET' : 'POST'), headers, agent, timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), reused: req.reusedSocket }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url.pathname}`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The service as `npm run issuer` runs it, in its own process group so that it can be killed whole. */
function spawnService(dataDir: string): ChildProcess {
  return spawn(TSX, ['issuer/src/main.ts', '--data', dataDir, '--host', '127.0.0.1', '--port', '0', '--login-port', '0', '--no-demo'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
}

/** Resolves with the EST base URL from the service's `ready est=… login=…` line. */
function whenReady(child: ChildProcess, output: { text: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the issuer did not start within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output.text}`)),
      STARTUP_TIMEOUT_MS,
    );
    const check = () => {
      const m = /ready est=(\S+) login=\S+/.exec(output.text);
      if (!m) return;
      clearTimeout(timer);
      resolve(m[1]!);
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the issuer exited with ${String(code)} before it was ready:\n${output.text}`));
    });
  });
}

/** SIGTERM (tsx relays it to the service, which closes its database), then SIGKILL to the whole group if it lingers. */
async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    child.kill('SIGTERM');
  } catch {
    // already gone
  }
  const stopped = await Promise.race([exited.then(() => true), sleep(5_000, false, { ref: false })]);
  if (!stopped) {
    killGroup(child);
    await exited;
  }
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** `npm run operator -- add-contract …`, the master's password on stdin as the bank would pipe it. */
function addContract(dataDir: string, user: BenchUser, password: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      TSX,
      [
        'issuer/src/operator/main.ts',
        '--data',
        dataDir,
        'add-contract',
        '--contract-id',
        user.contractId,
        '--name',
        `Bench ${user.contractId}`,
        '--master-login-id',
        user.master,
        '--password-stdin',
      ],
      { cwd: ROOT, stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`operator add-contract ${user.contractId} exited with ${String(code)}: ${stderr.trim()}`)),
    );
    child.stdin.end(`${password}\n`);
  });
}

export async function benchIssuer(settings: IssuerBenchSettings = settingsFromEnvironment()): Promise<BenchTable[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-issuer-'));
  const workDir = await mkdtemp(join(tmpdir(), 'bench-issuer-work-'));
  let child: ChildProcess | undefined;
  // Ctrl-C while the benchmark runs must not leave the service (its own process group) behind.
  const onSignal = (signal: NodeJS.Signals) => {
    if (child) killGroup(child);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const agents: Agent[] = [];
  try {
    const phases: string[] = [];
    const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const start = performance.now();
      const result = await work();
      phases.push(`${name} ${((performance.now() - start) / 1000).toFixed(1)} s`);
      return result;
    };
    // Every bench user has this password; it is random per run and never printed.
    const password = randomBytes(18).toString('base64url');
    const users = planUsers(settings.enrollments);
    const masters = users.filter((u) => u.loginId === u.master);
    const generals = users.filter((u) => u.loginId !== u.master);

    // Keys are generated in this process's thread pool while the service starts and the users are
    // created: all of it is set-up, none of it is timed.
    const keysReady = phase(`${users.length} RSA-2048 keys + CSRs (overlapping the set-up)`, async () => {
      const keys = await Promise.all(users.map(() => generateKeyPair('rsa-2048')));
      return Promise.all(users.map(async (u, i) => ({ user: u, key: keys[i]!, csr: await createCsr(keys[i]!, u.loginId) })));
    });
    keysReady.catch(() => undefined); // awaited below; a failure must not be reported as unhandled first

    const output = { text: '' };
    const estUrl = await phase('service start', async () => {
      child = spawnService(dataDir);
      child.stdout!.on('data', (c: Buffer) => (output.text += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (output.text += c.toString()));
      return whenReady(child, output);
    });
    const trust = await readFile(pkiPaths(dataDir).tlsCaCert, 'utf8');
    const url = (path: string) => new URL(path, estUrl);

    await phase(`${masters.length} × operator add-contract`, () =>
      inParallel(masters, OPERATOR_CONCURRENCY, (m) => addContract(dataDir, m, password)),
    );
    const setupAgent = new Agent({ keepAlive: true, maxSockets: SETUP_CONCURRENCY, ca: trust });
    agents.push(setupAgent);
    await phase(`${generals.length} × POST /api/v1/users as the master`, () =>
      inParallel(generals, SETUP_CONCURRENCY, async (u) => {
        const res = await https(setupAgent, url('/api/v1/users'), {
          body: JSON.stringify({ loginId: u.loginId, password }),
          contentType: 'application/json',
          loginId: u.master,
          password,
        });
        if (res.status !== 201) throw new Error(`adding ${u.loginId} failed: ${res.status} ${res.body}`);
      }),
    );
    const work = await keysReady;

    // One keep-alive connection per client, opened before the clock starts: what is timed is the
    // enrolment, not 50 simultaneous TLS handshakes.
    const clients = Math.min(settings.clients, work.length);
    for (let i = 0; i < clients; i++) agents.push(new Agent({ keepAlive: true, maxSockets: 1, ca: trust }));
    const clientAgents = agents.slice(1);
    await Promise.all(clientAgents.map((agent) => https(agent, url('/.well-known/est/cacerts'))));

    const latencies: number[] = [];
    const replies: Reply[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      clientAgents.map(async (agent) => {
        while (next < work.length) {
          const i = next++;
          const { user, csr } = work[i]!;
          const t0 = performance.now();
          replies[i] = await https(agent, url('/.well-known/est/simpleenroll'), {
            body: csr.toString('base64'),
            contentType: 'application/pkcs10',
            loginId: user.loginId,
            password,
          });
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const wallMs = performance.now() - started;
    // Checked after the clock stopped, so that checking does not slow the clients down.
    replies.forEach((res, i) => {
      const loginId = work[i]!.user.loginId;
      if (res.status !== 200) throw new Error(`simpleenroll for ${loginId} answered ${res.status}: ${res.body}`);
      const cert = readCertificate(decodeCertsOnly(decodeBase64Strict(res.body))[0]!);
      if (cert.subjectCommonName !== loginId)
        throw new Error(`simpleenroll for ${loginId} returned a certificate for ${cert.subjectCommonName}`);
    });
    const reused = replies.filter((r) => r.reused).length;

    // The server's work per enrolment, one piece at a time, in this process, after the load phase.
    const n = settings.componentIterations;
    const hash = await hashPassword(password, PASSWORD_COST);
    const scrypt = await measure(() => verifyPassword(password, hash), n);
    const sample: { key: KeyPair; csr: Buffer } = work[0]!;
    const csrCheck = await measure(() => parseCsr(sample.csr), n);
    const authority = await loadAuthority(dataDir);
    const csrFile = join(workDir, 'req.pem');
    const extFile = join(workDir, 'ext.cnf');
    await writeFile(csrFile, toPem('CERTIFICATE REQUEST', sample.csr));
    // The same profile as ours: end entity, digitalSignature + keyEncipherment (RSA), clientAuth, SKI, AKI.
    await writeFile(
      extFile,
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=clientAuth',
        'subjectKeyIdentifier=hash',
        'authorityKeyIdentifier=keyid',
        '',
      ].join('\n'),
    );
    const paths = pkiPaths(dataDir);
    const [ours, theirs, startup] = await measureInterleaved(
      [
        () =>
          issueCertificate({
            authority,
            publicKey: sample.key.publicKey,
            subjectCommonName: 'bench',
            serialNumber: randomSerialNumber(),
            notBefore: new Date(),
            notAfter: new Date(Date.now() + 366 * 86_400_000),
            profile: { kind: 'tls-client' },
          }),
        () =>
          run(
            'openssl',
            [
              'x509',
              '-req',
              '-in',
              csrFile,
              '-CA',
              paths.caCert,
              '-CAkey',
              paths.caKey,
              '-set_serial',
              `0x${randomSerialNumber()}`,
              '-days',
              '366',
              '-sha256',
              '-extfile',
              extFile,
              '-out',
              join(workDir, 'cert.pem'),
            ],
            { timeout: 60_000 },
          ),
        () => run('openssl', ['version'], { timeout: 60_000 }),
      ],
      n,
    );

    const median = (samples: readonly number[]) => summarize(samples).median;
    const perSecond = (ms: number) => (1000 / ms).toFixed(ms < 10 ? 0 : 1);
    const scryptMs = median(scrypt);
    const serverMs = scryptMs + median(csrCheck) + median(ours!);
    const cores = cpus().length;

    return [
      {
        title: `Issuer: EST simpleenroll, ${clients} concurrent clients on loopback, ${work.length} enrolments (ms per request)`,
        rows: [row('simpleenroll (RSA-2048 CSR, HTTP Basic)', 'service process, HTTPS keep-alive', latencies)],
        statistics: ['min', 'median', 'p99', 'max'],
        notes: [
          `Throughput: ${(work.length / (wallMs / 1000)).toFixed(1)} enrolments/s (${work.length} in ${(wallMs / 1000).toFixed(1)} s wall clock, ${cores} cores shared by the service and the clients).`,
          `Each client has its own keep-alive https.Agent trusting tls-ca.pem, connected before timing; ${reused} of ${work.length} requests reused an open connection.`,
          `With ${clients} clients waiting on a server that completes a few per second, latency is mostly queueing (≈ clients ÷ throughput);`,
          '  min is the closest to one enrolment alone.',
          'Each enrolment is a distinct user (one certificate per user, P2): scrypt password check, CSR parse + self-signature check,',
          '  RSA-2048 signing by the issuing CA, SQLite commit (WAL, synchronous=FULL) and the audit row, then the PKCS#7 answer.',
          `Set-up (not timed): ${phases.join('; ')}.`,
        ],
      },
      {
        title: 'Issuer: server-side work per enrolment, one piece at a time, and openssl x509 -req (ms per operation)',
        rows: [
          row(`scrypt check (N=2^${Math.log2(PASSWORD_COST.N)}, r=${PASSWORD_COST.r}, p=${PASSWORD_COST.p})`, 'ours (node:crypto)', scrypt),
          row('CSR parse + signature check', 'ours (@peculiar/x509)', csrCheck),
          row('certificate signing (RSA-2048 CA)', 'ours (@peculiar/x509)', ours!),
          row('certificate signing (RSA-2048 CA)', 'openssl x509 -req', theirs!),
          row('process start-up', 'openssl version', startup!),
        ],
        notes: [
          `Certificates signed per second, one at a time: ours ${perSecond(median(ours!))} (in process), openssl x509 -req ${perSecond(median(theirs!))}`,
          `  (a process per issuance, ~${median(startup!).toFixed(0)} ms of it start-up; minus that, ~${perSecond(Math.max(median(theirs!) - median(startup!), 0.1))}/s).`,
          `The scrypt check dominates, by design: it is the password hash, made slow (~${scryptMs.toFixed(0)} ms, 32 MiB) so that stolen hashes`,
          `  and guessing are expensive. It is ~${((scryptMs / serverMs) * 100).toFixed(0)}% of the ${serverMs.toFixed(0)} ms measured per enrolment here, which caps`,
          `  a ${cores}-core server near ${((cores * 1000) / serverMs).toFixed(1)} enrolments/s; without it, ~${((cores * 1000) / (serverMs - scryptMs)).toFixed(0)}/s.`,
          `Iterations: ${n} each after 2 warm-up runs, in this process while the (idle) service still runs; signing and openssl take turns.`,
        ],
      },
    ];
  } finally {
    for (const agent of agents) agent.destroy();
    if (child) await stopService(child);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await rm(dataDir, { recursive: true, force: true });
    await rm(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const table of await benchIssuer()) process.stdout.write(`\n${formatTable(table)}`);
}

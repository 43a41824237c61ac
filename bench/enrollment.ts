// Enrollment benchmark: a whole enrollment as `cjs-cert` does it, step by step, next to the same job
// done with the standard tools (openssl, curl, pk12util) in the same run; then `cjs-cert status`
// with 1, 10 and 100 certificates in the NSS store, next to `certutil -L` + `certutil -K`.
// Needs an unlocked Secret Service (the journal's OS vault): `npm run bench` provides one.
// Run alone with `bash scripts/bench.sh enrollment`, or with the others through `npm run bench`.
import { execFile, spawn } from 'node:child_process';
import { randomBytes, type KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { collectStatus } from '../cli/commands/status';
import { createServices, type CliServices } from '../cli/services';
import { resolveSettings } from '../electron/core/config';
import { enrollCertificate, friendlyNameFor, type EnrollmentStep, type JournalPort } from '../electron/core/enrollment/workflow';
import { runProcess, type ProcessRunner } from '../electron/core/platform/process-runner';
import { generateKeyPair, issueCertificate, randomPkcs12Password, randomSerialNumber, readCertificate } from '../electron/core/pki';
import { NssStore, type InstallRequest, type StoredCertificate } from '../electron/core/stores';
import { loadAuthority } from '../issuer/src/ca/load-authority';
import { homeEnv, ROOT, runCli, startIssuerProcess, stopIssuerProcess, TSX, type IssuerProcess } from './processes';
import { formatTable, measureInterleaved, row, type BenchRow, type BenchTable } from './stats';

const run = promisify(execFile);

export interface EnrollmentBenchSettings {
  /** Measured enrollments per implementation (ours in process, the standard tools), each a distinct user. */
  readonly runs: number;
  /** Measured `cjs-cert enroll` processes. */
  readonly cliRuns: number;
  /** Store sizes for the status benchmark. */
  readonly statusSizes: readonly number[];
  /** Measured runs of each status variant per store size (after one warm-up). */
  readonly statusRuns: number;
}

export const ENROLLMENT_BENCH: EnrollmentBenchSettings = { runs: 10, cliRuns: 3, statusSizes: [1, 10, 100], statusRuns: 3 };
/** `BENCH_QUICK=1`: checks that the benchmark runs (figures meaningless). */
export const ENROLLMENT_BENCH_QUICK: EnrollmentBenchSettings = { runs: 2, cliRuns: 1, statusSizes: [1, 10], statusRuns: 1 };

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

/** A fresh HOME for one simulated PC user (its own NSS store and journal). */
async function freshHome(parent: string, name: string): Promise<string> {
  const home = join(parent, name);
  await mkdir(join(home, '.local', 'state'), { recursive: true, mode: 0o700 });
  return home;
}

// ---------------------------------------------------------------------------------------------
// Ours, in process: the workflow with its step events, store and journal timed from outside

/** Every process the store runs, with its duration: where the store's time goes. */
interface SpawnRecord {
  readonly command: string;
  readonly ms: number;
}

function countingRunner(records: SpawnRecord[]): ProcessRunner {
  return async (command, args, options) => {
    const start = performance.now();
    try {
      return await runProcess(command, args, options);
    } finally {
      records.push({ command: `${command} ${args[0] ?? ''}`.trim(), ms: performance.now() - start });
    }
  };
}

/** NssStore whose install() reports its own duration and the processes it ran. */
class TimedNssStore extends NssStore {
  installMs = 0;
  installSpawns: SpawnRecord[] = [];

  constructor(
    home: string,
    private readonly records: SpawnRecord[],
  ) {
    super({ home, runner: countingRunner(records) });
  }

  override async install(req: InstallRequest): Promise<StoredCertificate> {
    const first = this.records.length;
    const start = performance.now();
    try {
      return await super.install(req);
    } finally {
      this.installMs = performance.now() - start;
      this.installSpawns = this.records.slice(first);
    }
  }
}

function timedJournal(journal: JournalPort, times: Record<'begin' | 'recordIssued' | 'complete', number>): JournalPort {
  const timed = async <T>(key: keyof typeof times, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      times[key] += performance.now() - start;
    }
  };
  return {
    begin: (entry) => timed('begin', () => journal.begin(entry)),
    recordIssued: (id, der) => timed('recordIssued', () => journal.recordIssued(id, der)),
    complete: (id) => timed('complete', () => journal.complete(id)),
    listPending: () => journal.listPending(),
  };
}

/** One enrollment's breakdown in ms, by the rows of the table. */
type Breakdown = Record<string, number>;

async function enrollOurs(
  issuer: Issuer,
  home: string,
  loginId: string,
  password: string,
): Promise<{ breakdown: Breakdown; spawns: SpawnRecord[] }> {
  const settings = resolveSettings({}, { issuerUrl: issuer.estUrl, trustFiles: [issuer.tlsCaFile] });
  const services = await createServices(settings, homeEnv(home));
  const spawns: SpawnRecord[] = [];
  const store = new TimedNssStore(home, spawns);
  const journalMs = { begin: 0, recordIssued: 0, complete: 0 };
  const steps: Partial<Record<EnrollmentStep, number>> = {};
  const start = performance.now();
  await enrollCertificate(
    {
      store,
      issuing: services.issuing,
      issuerUrl: settings.issuerUrl,
      journal: timedJournal(services.journal, journalMs),
      validateAnswer: services.validateAnswer,
      onEvent: (e) => {
        if (e.type === 'step' && e.phase === 'done' && e.ms !== undefined) steps[e.step] = e.ms;
        if (e.type === 'warning') throw new Error(`enrollment warning ${e.code}: ${e.detail}`);
      },
    },
    { operation: 'enroll', credentials: { loginId, password }, keyAlgorithm: 'rsa-2048' },
  );
  const total = performance.now() - start;
  const pk12util = store.installSpawns.filter((s) => s.command.startsWith('pk12util')).reduce((a, s) => a + s.ms, 0);
  const step = (name: EnrollmentStep) => steps[name] ?? 0;
  return {
    spawns,
    breakdown: {
      prepare: step('prepare'),
      keygen: step('keygen'),
      CSR: step('request') - journalMs.begin,
      'journal (OS vault)': step('resume') + journalMs.begin + journalMs.recordIssued + journalMs.complete,
      issue: step('issue'),
      validate: step('validate') - journalMs.recordIssued,
      'PKCS#12 build': step('install') - store.installMs,
      install: pk12util,
      verify: store.installMs - pk12util,
      cleanup: step('cleanup') - journalMs.complete,
      total,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The standard tools: openssl, curl, pk12util, certutil, through bash as a user would type them

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
// Status: a store filled with N certificates of this system

interface FillItem {
  readonly privateKey: KeyObject;
  readonly certificate: Buffer;
  readonly friendlyName: string;
}

/**
 * One PKCS#12 holding many keys and certificates (the bags buildPkcs12 writes, repeated), so that
 * one pk12util process fills the store: importing them one by one costs a process each.
 */
function multiPkcs12(items: readonly FillItem[], chain: readonly Buffer[], password: string): Buffer {
  const { asn1, pki } = forge;
  const bin = (bytes: Uint8Array) => Buffer.from(bytes).toString('binary');
  const seq = (v: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, v);
  const set = (v: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, v);
  const explicit0 = (v: forge.asn1.Asn1[]) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, v);
  const oid = (dotted: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(dotted).getBytes());
  const octets = (binary: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, binary);
  const integer = (n: number) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
  const data = (content: forge.asn1.Asn1) => seq([oid(pki.oids.data!), explicit0([octets(asn1.toDer(content).getBytes())])]);
  const certBag = (der: Buffer, attrs?: forge.asn1.Asn1) =>
    seq([
      oid(pki.oids.certBag!),
      explicit0([seq([oid(pki.oids.x509Certificate!), explicit0([octets(bin(der))])])]),
      ...(attrs ? [attrs] : []),
    ]);
  const iterations = 2048;
  const certBags: forge.asn1.Asn1[] = chain.map((der) => certBag(der));
  const keyBags: forge.asn1.Asn1[] = [];
  for (const item of items) {
    const localKeyId = forge.md.sha1.create().update(bin(item.certificate)).digest().getBytes();
    const attrs = set([
      seq([oid(pki.oids.localKeyId!), set([octets(localKeyId)])]),
      seq([oid(pki.oids.friendlyName!), set([asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, item.friendlyName)])]),
    ]);
    certBags.push(certBag(item.certificate, attrs));
    const pkcs8 = item.privateKey.export({ type: 'pkcs8', format: 'der' });
    const shrouded = pki.encryptPrivateKeyInfo(asn1.fromDer(bin(pkcs8)), password, { algorithm: '3des', count: iterations, saltSize: 8 });
    keyBags.push(seq([oid(pki.oids.pkcs8ShroudedKeyBag!), explicit0([shrouded]), attrs]));
  }
  const authSafeDer = asn1.toDer(seq([data(seq(certBags)), data(seq(keyBags))])).getBytes();
  const macSalt = forge.random.getBytesSync(8);
  const hmac = forge.hmac.create();
  hmac.start('sha1', forge.pkcs12.generateKey(password, new forge.util.ByteStringBuffer(macSalt), 3, iterations, 20));
  hmac.update(authSafeDer);
  const macData = seq([
    seq([seq([oid(pki.oids.sha1!), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]), octets(hmac.digest().getBytes())]),
    octets(macSalt),
    integer(iterations),
  ]);
  return Buffer.from(
    asn1.toDer(seq([integer(3), seq([oid(pki.oids.data!), explicit0([octets(authSafeDer)])]), macData])).getBytes(),
    'binary',
  );
}

/**
 * Adds certificates `from`..`to-1` of this system to the store: issued directly with the
 * service's CA key (P-256 keys: quick to make; status reads certificates and key IDs only),
 * named as the workflow names them, imported with one pk12util process.
 */
async function fillStore(issuer: Issuer, home: string, from: number, to: number): Promise<void> {
  if (to <= from) return;
  const authority = await loadAuthority(issuer.dataDir);
  const items: FillItem[] = [];
  for (let i = from; i < to; i++) {
    const pair = await generateKeyPair('ecdsa-p256');
    const loginId = `bench-s-${String(i).padStart(3, '0')}`;
    const certificate = await issueCertificate({
      authority,
      publicKey: pair.publicKey,
      subjectCommonName: loginId,
      serialNumber: randomSerialNumber(),
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 365 * 86_400_000),
      profile: { kind: 'tls-client' },
    });
    items.push({ privateKey: pair.privateKey, certificate, friendlyName: friendlyNameFor(loginId, readCertificate(certificate)) });
  }
  const secrets = await mkdtemp(join(tmpdir(), 'bench-status-p12-'));
  try {
    const password = randomPkcs12Password();
    await writeFile(join(secrets, 'c.p12'), multiPkcs12(items, [authority.certificate.der], password), { mode: 0o600 });
    await writeFile(join(secrets, 'p.pw'), password, { mode: 0o600 });
    await run('pk12util', ['-i', join(secrets, 'c.p12'), '-d', `sql:${join(home, '.pki', 'nssdb')}`, '-w', join(secrets, 'p.pw')], {
      timeout: TIMEOUT_MS,
    });
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
}

async function benchStatus(issuer: Issuer, parent: string, settings: EnrollmentBenchSettings): Promise<BenchTable> {
  const home = await freshHome(parent, 'status');
  const db = `sql:${join(home, '.pki', 'nssdb')}`;
  await mkdir(join(home, '.pki', 'nssdb'), { recursive: true, mode: 0o700 });
  await run('certutil', ['-N', '-d', db, '--empty-password']);
  const cliArgs = ['status', '--json', '--issuer', issuer.estUrl, '--trust', issuer.tlsCaFile];
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  let filled = 0;
  for (const size of settings.statusSizes) {
    const fillStart = performance.now();
    await fillStore(issuer, home, filled, size);
    const fillMs = performance.now() - fillStart;
    filled = size;

    const spawns: SpawnRecord[] = [];
    const services: CliServices = {
      ...(await createServices(resolveSettings({}, { issuerUrl: issuer.estUrl, trustFiles: [issuer.tlsCaFile] }), homeEnv(home))),
      store: new NssStore({ home, runner: countingRunner(spawns) }),
    };
    // Every run checks that it saw all `size` certificates. One warm-up, before the first size only:
    // later, the processes are new anyway and the in-process code is warm.
    const warmup = size === settings.statusSizes[0] ? 1 : 0;
    const [cliMs, inProcessMs, certutilMs] = await measureInterleaved(
      [
        async () => {
          const r = await runCli(cliArgs, home);
          const listed = r.code === 0 ? (JSON.parse(r.stdout) as { certificates: unknown[] }).certificates.length : -1;
          if (listed !== size)
            throw new Error(`cjs-cert status exited ${String(r.code)} listing ${listed} certificates, expected ${size}: ${r.stderr}`);
        },
        async () => {
          const status = await collectStatus(services, new Date());
          if (status.reports.length !== size)
            throw new Error(`collectStatus found ${status.reports.length} certificates, expected ${size}`);
        },
        async () => {
          await run('certutil', ['-L', '-d', db], { timeout: TIMEOUT_MS, maxBuffer: 64 * 2 ** 20 });
          const { stdout } = await run('certutil', ['-K', '-d', db], { timeout: TIMEOUT_MS, maxBuffer: 64 * 2 ** 20 });
          if (stdout.split('\n').filter((l) => l.startsWith('<')).length !== size)
            throw new Error(`certutil -K does not list ${size} keys`);
        },
      ],
      settings.statusRuns,
      warmup,
    );
    const inProcessRuns = settings.statusRuns + warmup;
    const perStatus = spawns.length / inProcessRuns;
    const spawnMs = spawns.reduce((a, s) => a + s.ms, 0) / inProcessRuns;
    const label = `status, ${size} cert${size === 1 ? '' : 's'}`;
    rows.push(
      row(label, 'cjs-cert status --json (process)', cliMs!),
      row(label, 'collectStatus (in process)', inProcessMs!),
      row(label, 'certutil -L + certutil -K', certutilMs!),
    );
    notes.push(
      `${size} cert${size === 1 ? '' : 's'}: one status runs ${perStatus} certutil processes, ${spawnMs.toFixed(0)} ms in all (sequential, mean of the in-process runs); filling the store took ${(fillMs / 1000).toFixed(1)} s.`,
    );
  }
  return {
    title: 'cjs-cert status vs certutil, by the number of certificates in the NSS store (wall-clock ms)',
    rows,
    statistics: ['min', 'median', 'max'],
    notes: [
      ...notes,
      'Every certificate has its own nickname, as the workflow names them (login ID + serial): NssStore lists with one',
      "  `certutil -L` and one `certutil -K`, then one `certutil -L -n NICK -a` per nickname (the issuing CA's included).",
      'status also fetches the CA certificates and the CRL from the issuer (loopback HTTPS) and checks the CRL signature.',
      `The certutil baseline lists nicknames and keys only (2 processes); it neither parses certificates nor checks revocation.`,
      `Runs: ${settings.statusRuns} per variant and size, taking turns, after 1 warm-up before the first size; each checks it sees all N; the certificates are P-256 (issued directly with the CA key).`,
    ],
  };
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
    const ours: Breakdown[] = [];
    const standard: Breakdown[] = [];
    let spawnsPerEnroll: SpawnRecord[] = [];
    for (let i = 0; i < settings.runs; i++) {
      // Taking turns, so that changing background load hits both alike.
      const o = await enrollOurs(issuer, await freshHome(parent, `ours-${i}`), nextUser(), password);
      ours.push(o.breakdown);
      spawnsPerEnroll = o.spawns;
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
    const OURS = 'ours (workflow in process)';
    const STD = 'openssl + curl + pk12util';
    const pick = (list: readonly Breakdown[], key: string) => list.map((b) => b[key] ?? 0);
    const rows: BenchRow[] = [];
    const pairs: [string, string | undefined, string | undefined][] = [
      ['prepare (store + CA certs)', 'prepare', 'prepare'],
      ['keygen RSA-2048', 'keygen', undefined],
      ['CSR', 'CSR', undefined],
      ['keygen + CSR', undefined, 'keygen + CSR'],
      ['journal (OS vault)', 'journal (OS vault)', undefined],
      ['issue (EST simpleenroll)', 'issue', 'issue'],
      ['validate / decode answer', 'validate', 'validate'],
      ['PKCS#12 build', 'PKCS#12 build', 'PKCS#12 build'],
      ['install (pk12util -i)', 'install', 'install'],
      ['verify in store', 'verify', 'verify'],
      ['cleanup (superseded check)', 'cleanup', undefined],
      ['enrollment total', 'total', 'total'],
    ];
    for (const [operation, o, s] of pairs) {
      if (o) rows.push(row(operation, OURS, pick(ours, o)));
      if (s) rows.push(row(operation, STD, pick(standard, s)));
    }
    rows.push(row('enrollment total', 'cjs-cert enroll (process)', cliEnroll));
    rows.push(row('process start-up', 'cjs-cert --help', help));
    rows.push(row('process start-up', 'bash -c true', bashStart));
    const bySpawn = new Map<string, number>();
    for (const s of spawnsPerEnroll) bySpawn.set(s.command, (bySpawn.get(s.command) ?? 0) + 1);
    const enrollmentTable: BenchTable = {
      title: 'Enrollment end to end, per step: ours vs the standard tools (wall-clock ms)',
      rows,
      statistics: ['min', 'median', 'p95'],
      notes: [
        `${settings.runs} enrollments each (+1 warm-up), every one a distinct new user in a fresh HOME (empty NSS store), RSA-2048;`,
        '  ours and the standard tools take turns. Both talk HTTPS to the reference issuer (its own process, 127.0.0.1).',
        "Ours: enrollCertificate with the CLI's services and its step events; journal, store.install and processes timed from outside.",
        '  prepare = certutil/pk12util -H, create the NSS DB, certutil -L, GET cacerts. CSR/validate/cleanup exclude the journal,',
        '  which is its own row (listPending + begin + recordIssued + complete: the OS vault over D-Bus + files).',
        '  PKCS#12 build = install step minus store.install; install = the pk12util process; verify = the rest of store.install.',
        `  Processes per enrollment: ${[...bySpawn].map(([c, n]) => `${n}× ${c}`).join(', ')}.`,
        'Standard tools: each step is one `bash -c` (see "bash -c true"): prepare = certutil -N + curl cacerts | base64 -d | openssl pkcs7;',
        '  keygen + CSR = openssl req -newkey (one command); validate = base64 -d | openssl pkcs7 -print_certs (no checks);',
        '  verify = certutil -L -n NICK + certutil -K. Password via curl --netrc-file, PKCS#12 password file (0600).',
        '"issue" is dominated on both sides by the service\'s scrypt password check (by design).',
        `cjs-cert enroll (process): ${settings.cliRuns} runs (after the --help runs warmed tsx's cache) of node cli/bin/cjs-cert.js enroll --password-stdin --json;`,
        '  "cjs-cert --help" is its start-up alone (node + tsx loader + compiling the TypeScript imports).',
      ],
    };
    const statusTable = await benchStatus(issuer, parent, settings);
    phaseDone('status');
    return [enrollmentTable, { ...statusTable, notes: [...(statusTable.notes ?? []), `Benchmark phases: ${phases.join(', ')}.`] }];
  } finally {
    if (issuer) await stopIssuer(issuer);
    await rm(parent, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const table of await benchEnrollment()) process.stdout.write(`\n${formatTable(table)}`);
}

// Measures what silent connections do to the issuer, as the adversarial audit (issue 9, finding 1)
// did: the service runs as its own process with 300 file descriptors (`ulimit -n 300`), N raw TLS
// connections send the start of a request and then nothing, and real enrolments are timed before
// and while they are open; then how long the service takes to close them all, and enrolments after.
//
//   npx tsx bench/issuer-silent-connections.ts [MODE] [N] [ADDRESSES]
//
// MODE: no-auth-body (headers without credentials, Content-Length: 15000, no body: the audit's
// case), auth-body (the same with valid credentials), headers (headers that never end).
// N: connections (default 270). ADDRESSES: how many loopback source addresses (127.0.0.2 …) they
// come from (default 9, i.e. 30 each: under the per-client bound; 1 puts them all on one).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createCsr, generateKeyPair } from '../electron/core/pki';
import { DEMO_PASSWORD, httpsCall } from '../tests/helpers/issuer';
import { openSilentClient, requestHeadWithoutBody, unfinishedHeaders, type SilentClient } from '../tests/helpers/silent-clients';

const ROOT = join(import.meta.dirname, '..');
const FD_LIMIT = 300;
const ENROLMENTS_PER_PHASE = 2;
const OBSERVE_CLOSE_MS = 100_000;

type Mode = 'no-auth-body' | 'auth-body' | 'headers';

async function main(): Promise<void> {
  const mode = (process.argv[2] ?? 'no-auth-body') as Mode;
  const count = Number(process.argv[3] ?? 270);
  const addresses = Number(process.argv[4] ?? 9);
  const dataDir = await mkdtemp(join(tmpdir(), 'cjs-silent-bench-'));
  const script = `ulimit -n ${FD_LIMIT} && exec node_modules/.bin/tsx issuer/src/main.ts "$@"`;
  const args = ['--data', dataDir, '--port', '0', '--login-port', '0'];
  const child = spawn('bash', ['-c', script, 'issuer', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  try {
    const estUrl = await waitForReady(() => output);
    const trust = await readFile(join(dataDir, 'tls-ca.pem'), 'utf8');
    const users = await addUsers(estUrl, trust, 3 * ENROLMENTS_PER_PHASE);
    const before = await enrolSeveral(estUrl, trust, users.slice(0, ENROLMENTS_PER_PHASE));

    const clients: SilentClient[] = [];
    for (let i = 0; i < count; i++) {
      const localAddress = `127.0.0.${2 + (i % addresses)}`;
      clients.push(openSilentClient(estUrl, trust, { localAddress, send: requestFor(mode) }));
    }
    const started = Date.now();
    const notOpened = sleep(20_000).then(() => {
      throw new Error('not opened within 20 s');
    });
    notOpened.catch(() => undefined);
    const openings = await Promise.allSettled(clients.map((c) => Promise.race([c.opened, notOpened])));
    const opened = openings.filter((o) => o.status === 'fulfilled').length;
    await sleep(500);
    const heldWhenEnrolling = clients.filter((c) => !c.isClosed()).length;
    const during = await enrolSeveral(estUrl, trust, users.slice(ENROLMENTS_PER_PHASE, 2 * ENROLMENTS_PER_PHASE));

    let allClosedAfter: number | undefined;
    const deadline = started + OBSERVE_CLOSE_MS;
    while (Date.now() < deadline) {
      if (clients.every((c) => c.isClosed())) {
        allClosedAfter = Math.max(...(await Promise.all(clients.map((c) => c.closed))).map((c) => c.at)) - started;
        break;
      }
      await sleep(250);
    }
    const stillOpen = clients.filter((c) => !c.isClosed()).length;
    for (const c of clients) c.socket.destroy();
    await sleep(500);
    const after = await enrolSeveral(estUrl, trust, users.slice(2 * ENROLMENTS_PER_PHASE));

    const fmt = (r: EnrolResult) => (r.ok ? `ok ${r.ms.toFixed(0)} ms` : `FAILED after ${r.ms.toFixed(0)} ms (${r.error})`);
    process.stdout.write(
      [
        `issuer silent connections: mode=${mode} N=${count} from ${addresses} address(es), issuer ulimit -n ${FD_LIMIT}`,
        `  enrolments before:  ${before.map(fmt).join('; ')}`,
        `  connections opened: ${opened} of ${count} (TLS done, head sent); still open 0.5 s later: ${heldWhenEnrolling}`,
        `  enrolments during:  ${during.map(fmt).join('; ')}`,
        allClosedAfter !== undefined
          ? `  all ${count} closed by the server ${(allClosedAfter / 1000).toFixed(1)} s after they were opened`
          : `  ${stillOpen} of ${count} still open after ${OBSERVE_CLOSE_MS / 1000} s`,
        `  enrolments after:   ${after.map(fmt).join('; ')} (once they are closed${allClosedAfter === undefined ? ' by this script' : ''})`,
        '',
      ].join('\n'),
    );
  } finally {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await rm(dataDir, { recursive: true, force: true });
  }
}

function requestFor(mode: Mode): string {
  const path = '/.well-known/est/simpleenroll';
  if (mode === 'headers') return unfinishedHeaders(path);
  return requestHeadWithoutBody(path, {
    contentType: 'application/pkcs10',
    ...(mode === 'auth-body' ? { auth: { loginId: 'user01', password: DEMO_PASSWORD } } : {}),
  });
}

async function waitForReady(output: () => string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const m = /ready est=(\S+)/.exec(output());
    if (m) return m[1]!;
    await sleep(100);
  }
  throw new Error(`issuer did not start:\n${output()}`);
}

async function addUsers(estUrl: string, trust: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= n; i++) {
    const loginId = `bench${String(i).padStart(2, '0')}`;
    const res = await httpsCall(estUrl, trust, {
      path: '/api/v1/users',
      body: JSON.stringify({ loginId, password: 'bench-password' }),
      contentType: 'application/json',
      auth: { loginId: 'master01', password: DEMO_PASSWORD },
    });
    if (res.status !== 201) throw new Error(`adding ${loginId}: ${res.status} ${res.text()}`);
    ids.push(loginId);
  }
  return ids;
}

interface EnrolResult {
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: string;
}

async function enrolSeveral(estUrl: string, trust: string, loginIds: readonly string[]): Promise<EnrolResult[]> {
  const results: EnrolResult[] = [];
  for (const loginId of loginIds) {
    const csr = await createCsr(await generateKeyPair('ecdsa-p256'), loginId);
    const t0 = performance.now();
    try {
      const res = await httpsCall(estUrl, trust, {
        path: '/.well-known/est/simpleenroll',
        body: csr.toString('base64'),
        contentType: 'application/pkcs10',
        auth: { loginId, password: 'bench-password' },
      });
      const ms = performance.now() - t0;
      results.push(res.status === 200 ? { ok: true, ms } : { ok: false, ms, error: `HTTP ${res.status}` });
    } catch (err) {
      results.push({ ok: false, ms: performance.now() - t0, error: (err as Error).message });
    }
  }
  return results;
}

await main();

// The processes the end-to-end benchmarks drive as a user would: the reference issuing service
// (its own process, demo data) and the `cjs-cert` command in a given HOME.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runProcess, type ProcessRunner } from '../electron/core/platform/process-runner';

export const ROOT = join(import.meta.dirname, '..');
export const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
export const CLI_BIN = join(ROOT, 'cli', 'bin', 'cjs-cert.js');
export const PROCESS_TIMEOUT_MS = 60_000;

export interface IssuerProcess {
  readonly child: ChildProcess;
  readonly estUrl: string;
  readonly loginUrl: string;
  readonly dataDir: string;
  readonly tlsCaFile: string;
  readonly exited: Promise<void>;
}

/** Starts `issuer/src/main.ts` on free loopback ports; resolves once it printed its `ready` line. */
export async function startIssuerProcess(dataDir: string): Promise<IssuerProcess> {
  // Its own process group, so that stopping it also stops what tsx started under it.
  const child = spawn(TSX, ['issuer/src/main.ts', '--data', dataDir, '--port', '0', '--login-port', '0', '--log-level', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const urls = await new Promise<{ est: string; login: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`issuer did not start within 60 s:\n${output}`)), PROCESS_TIMEOUT_MS);
    child.stderr.on('data', () => {
      const m = /ready est=(\S+) login=(\S+)/.exec(output);
      if (m?.[1] && m[2]) {
        clearTimeout(timer);
        resolve({ est: m[1], login: m[2] });
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`issuer exited:\n${output}`));
    });
  });
  return { child, estUrl: urls.est, loginUrl: urls.login, dataDir, tlsCaFile: join(dataDir, 'tls-ca.pem'), exited };
}

export async function stopIssuerProcess(issuer: IssuerProcess): Promise<void> {
  try {
    process.kill(-issuer.child.pid!, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-issuer.child.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 10_000);
  await issuer.exited;
  clearTimeout(timer);
}

/** A fresh HOME for one simulated PC user (its own NSS store and journal) under `parent`. */
export async function freshHome(parent: string, name: string): Promise<string> {
  const home = join(parent, name);
  await mkdir(join(home, '.local', 'state'), { recursive: true, mode: 0o700 });
  return home;
}

/** The environment of a throw-away user profile: its NSS store, journal and remembered issuer. */
export function homeEnv(home: string): NodeJS.ProcessEnv {
  return { ...process.env, HOME: home, XDG_STATE_HOME: join(home, '.local', 'state') };
}

/** Runs `cjs-cert ARGS` in that profile, start-up included in the time measured. */
export function runCli(
  args: readonly string[],
  home: string,
  stdin = '',
): Promise<{ ms: number; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: ROOT, env: homeEnv(home), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), PROCESS_TIMEOUT_MS);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - start, code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

/** One process the core ran (certutil, pk12util): which, and when (performance.now() ms). */
export interface SpawnRecord {
  /** The tool and its first argument, e.g. `certutil -L`. */
  readonly command: string;
  readonly start: number;
  readonly end: number;
}

/** The core's process runner, recording every process it runs into `records`. */
export function countingRunner(records: SpawnRecord[]): ProcessRunner {
  return async (command, args, options) => {
    const start = performance.now();
    try {
      return await runProcess(command, args, options);
    } finally {
      records.push({ command: `${command} ${args[0] ?? ''}`.trim(), start, end: performance.now() });
    }
  };
}

/** "3× certutil -L, 1× pk12util -i": the processes of `records`, by command, in order of first use. */
export function describeSpawns(records: readonly SpawnRecord[], runs = 1): string {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.command, (counts.get(r.command) ?? 0) + 1);
  const per = (n: number) => (Number.isInteger(n / runs) ? String(n / runs) : (n / runs).toFixed(1));
  return [...counts].map(([command, n]) => `${per(n)}× ${command}`).join(', ');
}

// Runs `cjs-cert` exactly as a user or script does (bin/cjs-cert.js through Node), with its own
// HOME so it gets its own NSS store and journal directory.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
export const CLI_BIN = join(ROOT, 'cli', 'bin', 'cjs-cert.js');

export interface CliRun {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  json<T = unknown>(): T;
}

export interface CliRunOptions {
  readonly home: string;
  readonly stdin?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  /** Called with each chunk of stderr; may kill the process (crash tests). */
  readonly onStderr?: (text: string, kill: (signal: NodeJS.Signals) => void) => void;
}

/** A fresh HOME for one simulated PC user; XDG_STATE_HOME inside it keeps the journal there too. */
export async function freshHome(prefix = 'cjs-home-'): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), prefix));
  await mkdir(join(home, '.local', 'state'), { recursive: true });
  return home;
}

export function runCliProcess(args: readonly string[], options: CliRunOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, HOME: options.home, XDG_STATE_HOME: join(options.home, '.local', 'state'), ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      options.onStderr?.(stderr, (signal) => child.kill(signal));
    });
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, stdout, stderr, json: <T>() => JSON.parse(stdout) as T });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

import { spawn } from 'node:child_process';
import { CjsError } from '../errors';

/**
 * The one way the core runs an external program (certutil, pk12util, PowerShell, reg.exe,
 * security, tstclnt): no shell, a timeout, output captured, optional stdin, typed failures.
 * Secrets travel on stdin or in private files, never in `args` (visible to every local user).
 */
export interface RunOptions {
  /** Written to the process's stdin, then stdin is closed. */
  readonly stdin?: string | Buffer;
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** How to decode stdout/stderr. PowerShell is forced to UTF-8 by its script; default utf8. */
  readonly encoding?: BufferEncoding;
  /**
   * Kills the program when aborted: a caller that gave up (the diagnosis deadline) must not leave
   * it running, holding a connection, after the caller's own process has exited.
   */
  readonly signal?: AbortSignal;
}

export interface RunResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type ProcessFailureKind = 'not-found' | 'timeout' | 'aborted' | 'spawn-failed';

const PROCESS_CODES = {
  'not-found': 'PROCESS-NOT-FOUND',
  timeout: 'PROCESS-TIMEOUT',
  aborted: 'PROCESS-ABORTED',
  'spawn-failed': 'PROCESS-SPAWN-FAILED',
} as const;
export type ProcessErrorCode = (typeof PROCESS_CODES)[ProcessFailureKind];

/** The program could not be run to completion; carries what is needed to explain it. */
export class ProcessError extends CjsError<ProcessErrorCode> {
  constructor(
    readonly kind: ProcessFailureKind,
    readonly command: string,
    readonly args: readonly string[],
    message: string,
    readonly stdout = '',
    readonly stderr = '',
  ) {
    super(PROCESS_CODES[kind], message, { params: { command } });
  }
}

export type ProcessRunner = (command: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

/**
 * Runs a program and resolves with its exit code and output, whatever the exit code: the caller
 * decides what a non-zero exit means (reg.exe exits 1 for "not found"). Rejects with
 * ProcessError only when the program is missing, cannot start, or exceeds its timeout.
 */
export const runProcess: ProcessRunner = (command, args, options = {}) =>
  new Promise((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (options.signal?.aborted) {
      reject(new ProcessError('aborted', command, args, `${command} was not started: the caller gave up`));
      return;
    }
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
      shell: false,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const decode = (chunks: Buffer[]) => Buffer.concat(chunks).toString(options.encoding ?? 'utf8');
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(() =>
        reject(new ProcessError('timeout', command, args, `${command} did not finish within ${timeoutMs} ms`, decode(out), decode(err))),
      );
    }, timeoutMs);
    const onAbort = (): void => {
      child.kill('SIGKILL');
      settle(() =>
        reject(new ProcessError('aborted', command, args, `${command} was stopped: the caller gave up`, decode(out), decode(err))),
      );
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) {
        child.kill('SIGKILL');
        return;
      }
      into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    child.on('error', (e: NodeJS.ErrnoException) => {
      const kind: ProcessFailureKind = e.code === 'ENOENT' ? 'not-found' : 'spawn-failed';
      settle(() =>
        reject(
          new ProcessError(
            kind,
            command,
            args,
            kind === 'not-found' ? `${command} is not installed or not on PATH` : `${command} could not be started: ${e.message}`,
          ),
        ),
      );
    });
    child.on('close', (code, signal) => {
      settle(() => resolve({ exitCode: code ?? (signal ? 128 : 1), stdout: decode(out), stderr: decode(err) }));
    });
    // A program that exits before reading stdin closes the pipe: that is its answer, not ours to throw.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
  });

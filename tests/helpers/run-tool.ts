import { execFile } from 'node:child_process';

/** What an external tool did: its output and exit code. Never throws for a non-zero exit. */
export interface ToolResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit code; null when the process was killed (timeout) or could not be started. */
  readonly code: number | null;
  /** Why there is no exit code: `timeout`, or the spawn error (e.g. `ENOENT`). */
  readonly failure?: string;
}

export interface RunToolOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  /** How to decode the output; `latin1` keeps every byte of a tool that prints non-UTF-8. */
  readonly encoding?: 'utf8' | 'latin1';
}

/** Runs `file` with `args` (no shell), captures its output, resolves even on failure. */
export function runTool(file: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolResult> {
  const timeout = options.timeoutMs ?? 20_000;
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env,
        timeout,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
        encoding: options.encoding ?? 'utf8',
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr, code: 0 });
        if (typeof error.code === 'number') return resolve({ stdout, stderr, code: error.code });
        const failure = error.killed ? 'timeout' : String(error.code ?? error.message);
        resolve({ stdout, stderr, code: null, failure });
      },
    );
  });
}

/** Like runTool, but throws with the tool's stderr when it does not exit 0. */
export async function runToolOk(file: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolResult> {
  const result = await runTool(file, args, options);
  if (result.code !== 0) {
    throw new Error(`${file} ${args.join(' ')} failed (${result.failure ?? `exit ${String(result.code)}`}): ${result.stderr.trim()}`);
  }
  return result;
}

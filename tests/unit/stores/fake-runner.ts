// A ProcessRunner that records every call and answers from a script, for testing command lines.
import type { ProcessRunner, RunOptions, RunResult } from '../../../electron/core/platform/process-runner';

export interface RecordedCall {
  readonly command: string;
  readonly args: readonly string[];
  readonly stdin: string | undefined;
  readonly options: RunOptions | undefined;
}

export type Answer = (call: RecordedCall) => Partial<RunResult> | Promise<Partial<RunResult>>;

export function fakeRunner(answer: Answer): { runner: ProcessRunner; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const runner: ProcessRunner = async (command, args, options) => {
    const stdin = options?.stdin === undefined ? undefined : options.stdin.toString();
    const call = { command, args: [...args], stdin, options };
    calls.push(call);
    const result = await answer(call);
    return { exitCode: 0, stdout: '', stderr: '', ...result };
  };
  return { runner, calls };
}

/** No argument of any call contains `secret`. */
export function argsContain(calls: readonly Pick<RecordedCall, 'command' | 'args'>[], secret: string): boolean {
  return calls.some((c) => c.command.includes(secret) || c.args.some((a) => a.includes(secret)));
}

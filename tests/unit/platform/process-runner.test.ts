// The one process runner, with real child processes (sh, sleep): exit codes are answers, a
// missing program or an overrun is a typed failure, and a caller that gives up kills the child.
import { describe, expect, it } from 'vitest';
import { ProcessError, runProcess } from '../../../electron/core/platform/process-runner';

/** Whether a process with this pid still exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('runProcess', () => {
  it('resolves with a non-zero exit code and both outputs, stdin delivered', async () => {
    const result = await runProcess('sh', ['-c', 'read line; echo "got $line"; echo oops >&2; exit 3'], { stdin: 'secret-free input\n' });
    expect(result).toEqual({ exitCode: 3, stdout: 'got secret-free input\n', stderr: 'oops\n' });
  });

  it('rejects with kind not-found when the program is not installed', async () => {
    await expect(runProcess('cjs-no-such-tool', [])).rejects.toMatchObject({ kind: 'not-found', command: 'cjs-no-such-tool' });
  });

  it('kills a program that overruns its timeout', async () => {
    await expect(runProcess('sleep', ['30'], { timeoutMs: 200 })).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('kills the program when the caller aborts, and does not start one for an aborted caller', async () => {
    const controller = new AbortController();
    // The child prints its pid so the test can see it is really gone, not just abandoned.
    const running = runProcess('sh', ['-c', 'echo $$; exec sleep 30'], { signal: controller.signal, timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort(new Error('deadline'));
    const error = await running.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessError);
    expect(error).toMatchObject({ kind: 'aborted' });
    const pid = Number((error as ProcessError).stdout.trim());
    expect(pid).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(pid)).toBe(false);

    await expect(runProcess('sh', ['-c', 'exit 0'], { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
  });
});

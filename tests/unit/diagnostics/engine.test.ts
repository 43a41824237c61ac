// The engine with fake checks: what the progress bar, the report and `doctor`'s exit status rely
// on — concurrency, dependencies, per-check timeouts, the overall deadline, crashes, and fixes.
import { describe, expect, it } from 'vitest';
import { type CheckContext, type CheckResult, type CheckStatus, type DiagnosticCheck } from '../../../electron/core/diagnostics/check';
import {
  runChecks,
  UnknownCheckError,
  type CheckOutcome,
  type DiagnosticsEvent,
  type RunOptions,
} from '../../../electron/core/diagnostics/engine';
import { say } from './helpers/message-text';

// The fake checks read nothing from the context but the platform.
const CONTEXT = { platform: 'linux' } as unknown as Omit<CheckContext, 'result'>;

const result = (status: CheckStatus, evidence: CheckResult['evidence'] = {}): CheckResult => ({
  status,
  summary: { key: `test.${status}`, params: {} },
  evidence,
});

function fake(id: string, run: DiagnosticCheck['run'], extra: Partial<DiagnosticCheck> = {}): DiagnosticCheck {
  return { id, group: 'network', faq: ['Q1'], platforms: 'all', run, ...extra };
}

const after =
  (ms: number, status: CheckStatus = 'pass', log?: string[], id?: string): DiagnosticCheck['run'] =>
  async () => {
    log?.push(`start ${id}`);
    await new Promise((r) => setTimeout(r, ms));
    log?.push(`end ${id}`);
    return result(status);
  };

/** Never settles and ignores its signal, like a check stuck on a tool that hangs. */
const never = (): Promise<CheckResult> => new Promise(() => undefined);

async function run(
  checks: DiagnosticCheck[],
  options: RunOptions = {},
): Promise<{ outcomes: Map<string, CheckOutcome>; events: DiagnosticsEvent[]; list: CheckOutcome[] }> {
  const events: DiagnosticsEvent[] = [];
  const list = await runChecks(checks, CONTEXT, { ...options, onEvent: (e) => events.push(e) });
  return { outcomes: new Map(list.map((o) => [o.id, o])), events, list };
}

describe('scheduling', () => {
  it('runs independent checks concurrently: both start before either finishes', async () => {
    const log: string[] = [];
    const { list } = await run([fake('a', after(300, 'pass', log, 'a')), fake('b', after(300, 'pass', log, 'b'))]);
    expect(log.slice(0, 2).sort()).toEqual(['start a', 'start b']);
    expect(list.map((o) => o.result.status)).toEqual(['pass', 'pass']);
  });

  it('reports outcomes in the declared order, whatever order they finished in', async () => {
    const { list } = await run([fake('slow', after(60)), fake('fast', after(1))]);
    expect(list.map((o) => o.id)).toEqual(['slow', 'fast']);
  });

  it('a dependent runs after its dependency passed, and sees its result', async () => {
    const log: string[] = [];
    let seen: CheckResult | undefined;
    const { outcomes } = await run([
      fake(
        'child',
        (ctx) => {
          log.push('child');
          seen = ctx.result('parent');
          return Promise.resolve(result('pass'));
        },
        { dependsOn: ['parent'] },
      ),
      fake('parent', after(50, 'warn', log, 'parent')),
    ]);
    expect(log).toEqual(['start parent', 'end parent', 'child']);
    expect(seen?.status).toBe('warn');
    expect(outcomes.get('child')?.result.status).toBe('pass');
  });

  it('a dependent of a failed check is skipped, not run, with skippedBecause', async () => {
    let ran = false;
    const { outcomes } = await run([
      fake('parent', after(1, 'fail')),
      fake(
        'child',
        () => {
          ran = true;
          return Promise.resolve(result('pass'));
        },
        { dependsOn: ['parent'] },
      ),
    ]);
    expect(ran).toBe(false);
    expect(outcomes.get('child')?.result).toMatchObject({ status: 'not-applicable', evidence: { skippedBecause: 'parent' } });
    // The blocker's title is nested by its id, in the reader's language.
    expect(outcomes.get('child')?.result.summary).toEqual({ key: 'diagnostics:engine.skipped', params: { blocker: 'parent' } });
    expect(say({ key: 'diagnostics:engine.skipped', params: { blocker: 'network' } }, 'en')).toBe(
      'Not checked: "Name resolution, reachability, proxy" did not pass',
    );
    expect(say({ key: 'diagnostics:engine.skipped', params: { blocker: 'network' } }, 'ja')).toBe(
      '「名前解決・接続・プロキシ」の結果により確認できません',
    );
  });

  it('a chain of skips names the one failure at its root, so every skipped line points at the same problem', async () => {
    const { outcomes } = await run([
      fake('root', after(1, 'fail')),
      fake('middle', after(1), { dependsOn: ['root'] }),
      fake('leaf', after(1), { dependsOn: ['middle'] }),
      // Skipped by its own finding ("the server did not answer, see root"), not by the engine.
      fake('told', () => Promise.resolve(result('not-applicable', { skippedBecause: 'root' }))),
      fake('after-told', after(1), { dependsOn: ['told'] }),
    ]);
    expect(outcomes.get('middle')?.result.summary.params).toEqual({ blocker: 'root' });
    expect(outcomes.get('leaf')?.result).toMatchObject({ evidence: { skippedBecause: 'middle', rootCause: 'root' } });
    expect(outcomes.get('leaf')?.result.summary.params).toEqual({ blocker: 'root' });
    expect(outcomes.get('after-told')?.result).toMatchObject({ evidence: { skippedBecause: 'told', rootCause: 'root' } });
  });

  it('with --only, a dependency left out counts as satisfied', async () => {
    const { list } = await run([fake('parent', after(1, 'fail')), fake('child', after(1), { dependsOn: ['parent'] })], { only: ['child'] });
    expect(list.map((o) => [o.id, o.result.status])).toEqual([['child', 'pass']]);
  });

  it('an unknown --only id is an UnknownCheckError naming it, and nothing runs', async () => {
    let ran = false;
    const check = fake('a', () => {
      ran = true;
      return Promise.resolve(result('pass'));
    });
    await expect(runChecks([check], CONTEXT, { only: ['a', 'nope'] })).rejects.toBeInstanceOf(UnknownCheckError);
    await expect(runChecks([check], CONTEXT, { only: ['nope'] })).rejects.toMatchObject({
      code: 'DIAG-UNKNOWN-CHECK',
      message: expect.stringContaining('"nope"') as string,
    });
    expect(ran).toBe(false);
  });

  it('a check for another platform is not applicable without running', async () => {
    let ran = false;
    const { outcomes } = await run([
      fake(
        'win',
        () => {
          ran = true;
          return Promise.resolve(result('pass'));
        },
        { platforms: ['win32'] },
      ),
    ]);
    expect(ran).toBe(false);
    expect(outcomes.get('win')?.result).toMatchObject({ status: 'not-applicable', evidence: { platform: 'linux' } });
  });
});

describe('time limits', () => {
  it('a check over its timeout becomes an error DIAG-TIMEOUT, and is told to stop through its signal', async () => {
    let aborted = false;
    const { outcomes } = await run(
      [
        fake('stuck', (_ctx, signal) => new Promise(() => signal.addEventListener('abort', () => (aborted = true)))),
        fake('own-budget', never, { timeoutMs: 50 }),
        fake('ok', after(1)),
      ],
      { perCheckTimeoutMs: 100 },
    );
    expect(outcomes.get('stuck')?.result).toMatchObject({
      status: 'error',
      codes: ['DIAG-TIMEOUT'],
      evidence: { timeoutMs: 100, deadline: false },
    });
    expect(outcomes.get('own-budget')?.result).toMatchObject({ status: 'error', evidence: { timeoutMs: 50 } });
    expect(aborted).toBe(true);
    expect(outcomes.get('ok')?.result.status).toBe('pass');
  });

  it('the overall deadline ends the run even when per-check timeouts are longer: pending checks become deadline errors', async () => {
    const started = performance.now();
    const { outcomes } = await run(
      [fake('stuck-1', never), fake('stuck-2', never), fake('after-stuck', after(1), { dependsOn: ['stuck-1'] }), fake('quick', after(1))],
      { perCheckTimeoutMs: 60_000, deadlineMs: 150 },
    );
    expect(performance.now() - started).toBeLessThan(5_000);
    for (const id of ['stuck-1', 'stuck-2', 'after-stuck']) {
      expect(outcomes.get(id)?.result, id).toMatchObject({ status: 'error', codes: ['DIAG-TIMEOUT'], evidence: { deadline: true } });
    }
    expect(say(outcomes.get('stuck-1')?.result.summary, 'en')).toBe('Did not finish before the diagnosis deadline');
    expect(outcomes.get('quick')?.result.status).toBe('pass');
  });

  it("the caller's abort signal ends the run like the deadline", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('closed')), 50);
    const { outcomes } = await run([fake('stuck', never)], { signal: controller.signal, perCheckTimeoutMs: 60_000 });
    expect(outcomes.get('stuck')?.result).toMatchObject({ status: 'error', evidence: { deadline: true } });
  });
});

describe('progress events', () => {
  it('started with the total, then check-started / check-finished with completed of total', async () => {
    const { events } = await run([
      fake('a', after(20)),
      fake('b', after(1), { dependsOn: ['a'] }),
      fake('c', after(1), { platforms: ['darwin'] }),
    ]);
    expect(events[0]).toEqual({ type: 'started', total: 3 });
    const finished = events.filter((e) => e.type === 'check-finished');
    expect(finished.map((e) => [e.completed, e.total])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    const order = events.map((e) =>
      e.type === 'check-started' ? `start ${e.id}` : e.type === 'check-finished' ? `end ${e.outcome.id}` : e.type,
    );
    expect(order.indexOf('start a')).toBeLessThan(order.indexOf('end a'));
    expect(order.indexOf('end a')).toBeLessThan(order.indexOf('start b'));
    // A check that does not run (other platform) finishes without starting.
    expect(order).toContain('end c');
    expect(order).not.toContain('start c');
  });
});

describe('a check that throws', () => {
  it('asynchronously or synchronously becomes DIAG-CHECK-CRASHED with the message, and the run goes on', async () => {
    const { outcomes } = await run([
      fake('async-throw', () => Promise.reject(new Error('registry exploded'))),
      // Not an async function: the throw happens before any promise exists.
      fake('sync-throw', () => {
        throw new Error('thrown synchronously');
      }),
      fake('ok', after(1)),
    ]);
    expect(outcomes.get('async-throw')?.result).toMatchObject({
      status: 'error',
      codes: ['DIAG-CHECK-CRASHED'],
      evidence: { error: 'registry exploded' },
    });
    expect(outcomes.get('sync-throw')?.result).toMatchObject({
      status: 'error',
      codes: ['DIAG-CHECK-CRASHED'],
      evidence: { error: 'thrown synchronously' },
    });
    expect(outcomes.get('ok')?.result.status).toBe('pass');
  });
});

describe('fixes', () => {
  function fixable(
    apply: (signal: AbortSignal) => Promise<void>,
    state: { fixed: boolean },
    extra: Partial<DiagnosticCheck> = {},
  ): DiagnosticCheck {
    return fake('setting', () => Promise.resolve(result(state.fixed ? 'pass' : 'fail')), {
      fix: { apply: (_ctx, signal) => apply(signal) },
      ...extra,
    });
  }

  it('without fix: true nothing is applied; the outcome says a fix exists', async () => {
    const state = { fixed: false };
    const { outcomes } = await run([fixable(() => Promise.resolve(void (state.fixed = true)), state)]);
    expect(state.fixed).toBe(false);
    expect(outcomes.get('setting')).toMatchObject({ fixable: true, result: { status: 'fail' } });
    expect(outcomes.get('setting')?.fix).toBeUndefined();
  });

  it('with fix: true the fix is applied and the check re-run: the outcome is the re-check', async () => {
    const state = { fixed: false };
    const { outcomes } = await run([fixable(() => Promise.resolve(void (state.fixed = true)), state)], { fix: true });
    expect(outcomes.get('setting')).toMatchObject({
      result: { status: 'pass' },
      fix: { before: 'fail', applied: true },
    });
  });

  it('a fix that throws is applied: false with its error; the failing result stays', async () => {
    const state = { fixed: false };
    const { outcomes } = await run([fixable(() => Promise.reject(new Error('access denied')), state)], { fix: true });
    expect(outcomes.get('setting')).toMatchObject({
      result: { status: 'fail' },
      fix: { before: 'fail', applied: false, failure: { code: 'UNEXPECTED', reason: null, detail: 'access denied' } },
    });
  });

  it("a fix that hangs is cut at the check's timeout, and cannot outlast the deadline", async () => {
    const state = { fixed: false };
    let signalled = false;
    const hang = (signal: AbortSignal) => new Promise<void>(() => signal.addEventListener('abort', () => (signalled = true)));
    const timed = await run([fixable(hang, state, { timeoutMs: 80 })], { fix: true });
    expect(timed.outcomes.get('setting')).toMatchObject({
      result: { status: 'fail' },
      fix: { applied: false, failure: { code: 'DIAG-TIMEOUT', detail: 'did not finish within 80 ms' } },
    });
    expect(signalled).toBe(true);

    const started = performance.now();
    const late = await run([fixable(hang, state)], { fix: true, perCheckTimeoutMs: 60_000, deadlineMs: 100 });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(late.outcomes.get('setting')?.fix).toMatchObject({
      applied: false,
      failure: { code: 'DIAG-TIMEOUT', detail: 'did not finish before the diagnosis deadline' },
    });
    expect(say(late.outcomes.get('setting')?.fix?.failure?.reason, 'ja')).toBe('診断全体の制限時間内に修正が終わりませんでした');
  });
});

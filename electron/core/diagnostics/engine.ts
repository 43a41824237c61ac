// Runs the checks: concurrently where their dependencies allow, each within its own timeout and
// all within one overall deadline, so a dead network cannot stall the diagnosis. A check that
// throws or overruns becomes an `error` result; the run always completes with a full report.
import { CjsError } from '../errors';
import { FixRefusedError, type CheckContext, type CheckGroup, type CheckResult, type CheckStatus, type DiagnosticCheck } from './check';
import { message, type MessageSpec } from './messages';

/** Why a fix did not apply: a stable code to quote, and the sentence when there is one. */
export interface FixFailure {
  readonly code: string;
  readonly reason: MessageSpec | null;
  /** For logs and the bank (English, technical); never shown as a sentence to the user. */
  readonly detail: string;
}

export interface FixAttempt {
  readonly before: CheckStatus;
  readonly applied: boolean;
  readonly failure?: FixFailure;
}

export interface CheckOutcome {
  readonly id: string;
  readonly group: CheckGroup;
  readonly faq: readonly string[];
  readonly result: CheckResult;
  readonly durationMs: number;
  /** Present when a fix was attempted: the status before, and whether it applied (the result is the re-check). */
  readonly fix?: FixAttempt;
  /** Whether a fix exists for this check (the UI shows a button when the result is not a pass). */
  readonly fixable: boolean;
}

export type DiagnosticsEvent =
  | { readonly type: 'started'; readonly total: number }
  | { readonly type: 'check-started'; readonly id: string }
  | { readonly type: 'check-finished'; readonly outcome: CheckOutcome; readonly completed: number; readonly total: number };

export interface RunOptions {
  /** Only these checks (and nothing else; dependencies not selected count as passed). */
  readonly only?: readonly string[] | undefined;
  /** Apply available fixes to warn/fail results, then re-run the check. */
  readonly fix?: boolean;
  readonly perCheckTimeoutMs?: number;
  /** The whole run ends by then, whatever is still running. */
  readonly deadlineMs?: number;
  readonly onEvent?: (event: DiagnosticsEvent) => void;
  readonly signal?: AbortSignal;
}

export const DEFAULT_PER_CHECK_TIMEOUT_MS = 10_000;
export const DEFAULT_DEADLINE_MS = 20_000;

export class UnknownCheckError extends CjsError<'DIAG-UNKNOWN-CHECK'> {
  constructor(id: string, known: readonly string[]) {
    super('DIAG-UNKNOWN-CHECK', `no check with id "${id}"; the ids are: ${known.join(', ')}`, {
      params: { checkId: id, known: known.join(', ') },
    });
  }
}

/** Throws UnknownCheckError naming the first unknown id and the valid ones. */
export function assertKnownChecks(checks: readonly DiagnosticCheck[], only: readonly string[] | undefined): void {
  for (const id of only ?? []) {
    if (!checks.some((c) => c.id === id))
      throw new UnknownCheckError(
        id,
        checks.map((c) => c.id),
      );
  }
}

/** Runs every applicable check once (plus fixes on request); resolves by the deadline. */
export async function runChecks(
  checks: readonly DiagnosticCheck[],
  context: Omit<CheckContext, 'result'>,
  options: RunOptions = {},
): Promise<CheckOutcome[]> {
  const byId = new Map(checks.map((c) => [c.id, c]));
  assertKnownChecks(checks, options.only);
  const selected = options.only ? checks.filter((c) => options.only!.includes(c.id)) : [...checks];
  const emit = options.onEvent ?? (() => undefined);
  const perCheck = options.perCheckTimeoutMs ?? DEFAULT_PER_CHECK_TIMEOUT_MS;
  const deadlineAt = Date.now() + (options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const runAbort = new AbortController();
  const deadlineTimer = setTimeout(() => runAbort.abort(new Error('deadline')), Math.max(0, deadlineAt - Date.now()));
  const onCallerAbort = () => runAbort.abort(options.signal!.reason);
  if (options.signal?.aborted) onCallerAbort();
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });

  const results = new Map<string, CheckResult>();
  const outcomes = new Map<string, Promise<CheckOutcome>>();
  const fullContext: CheckContext = { ...context, result: (id) => results.get(id) };
  let completed = 0;
  emit({ type: 'started', total: selected.length });

  const finish = (outcome: CheckOutcome): CheckOutcome => {
    results.set(outcome.id, outcome.result);
    completed += 1;
    emit({ type: 'check-finished', outcome, completed, total: selected.length });
    return outcome;
  };

  const schedule = (check: DiagnosticCheck): Promise<CheckOutcome> => {
    const existing = outcomes.get(check.id);
    if (existing) return existing;
    const promise = (async () => {
      // Dependencies that are not part of this run are taken as satisfied.
      const deps = (check.dependsOn ?? []).filter((id) => selected.some((c) => c.id === id));
      const depOutcomes = await Promise.all(deps.map((id) => schedule(byId.get(id)!)));
      const base = { id: check.id, group: check.group, faq: check.faq, fixable: check.fix !== undefined };
      if (check.platforms !== 'all' && !check.platforms.includes(context.platform)) {
        return finish({ ...base, durationMs: 0, result: notApplicable(context.platform) });
      }
      // Its dependencies used up the deadline: say so, rather than "skipped because of X".
      if (runAbort.signal.aborted) {
        return finish({ ...base, durationMs: 0, result: overran(check, check.timeoutMs ?? perCheck, true) });
      }
      const blocked = depOutcomes.find((o) => o.result.status !== 'pass' && o.result.status !== 'warn');
      if (blocked) {
        return finish({ ...base, durationMs: 0, result: skipped(blocked.id, rootCause(blocked.id, results, selected)) });
      }
      emit({ type: 'check-started', id: check.id });
      const started = performance.now();
      const timeoutMs = check.timeoutMs ?? perCheck;
      let result = await runOne(check, fullContext, timeoutMs, runAbort.signal);
      let fix: CheckOutcome['fix'];
      if (options.fix && check.fix && (result.status === 'warn' || result.status === 'fail') && !runAbort.signal.aborted) {
        const before = result.status;
        const fixCheck = check.fix;
        try {
          // A fix waiting on a hung tool (reg.exe, PowerShell) is bounded like the check itself.
          await withinBudget((signal) => fixCheck.apply(fullContext, signal), timeoutMs, runAbort.signal);
          result = await runOne(check, fullContext, timeoutMs, runAbort.signal);
          fix = { before, applied: true };
        } catch (err) {
          fix = { before, applied: false, failure: fixFailure(err, timeoutMs) };
        }
      }
      return finish({ ...base, durationMs: performance.now() - started, result, ...(fix ? { fix } : {}) });
    })();
    outcomes.set(check.id, promise);
    return promise;
  };

  try {
    const all = await Promise.all(selected.map(schedule));
    return all;
  } finally {
    clearTimeout(deadlineTimer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}

/** Why bounded work ended without its own answer. */
class Overrun extends Error {
  constructor(readonly deadline: boolean) {
    super(deadline ? 'did not finish before the diagnosis deadline' : 'did not finish within its time budget');
  }
}

/**
 * Runs one piece of a check's work (its run, or its fix) within its time budget and the run's
 * deadline. Work that ignores its signal still cannot hold the run: the race ends at the budget.
 * Rejects with Overrun on timeout or deadline, with the work's own error when it throws.
 */
async function withinBudget<T>(work: (signal: AbortSignal) => Promise<T>, timeoutMs: number, runSignal: AbortSignal): Promise<T> {
  if (runSignal.aborted) throw new Overrun(true);
  const controller = new AbortController();
  const onRunAbort = () => controller.abort(runSignal.reason);
  runSignal.addEventListener('abort', onRunAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Overrun(false));
      controller.abort(new Error('timeout'));
    }, timeoutMs);
    controller.signal.addEventListener('abort', () => reject(new Overrun(runSignal.aborted)), { once: true });
  });
  try {
    // The executor turns a synchronous throw (a non-async run) into a rejection like any other.
    const started = new Promise<T>((resolve) => resolve(work(controller.signal)));
    return await Promise.race([started, overrun]);
  } finally {
    clearTimeout(timer);
    runSignal.removeEventListener('abort', onRunAbort);
    controller.abort(new Error('done'));
  }
}

/** One run of one check, bounded by its timeout and the run's deadline; never throws. */
async function runOne(check: DiagnosticCheck, context: CheckContext, timeoutMs: number, runSignal: AbortSignal): Promise<CheckResult> {
  try {
    return await withinBudget((signal) => check.run(context, signal), timeoutMs, runSignal);
  } catch (err) {
    return err instanceof Overrun ? overran(check, timeoutMs, err.deadline) : crashed(err);
  }
}

function notApplicable(platform: NodeJS.Platform): CheckResult {
  return { status: 'not-applicable', summary: message('engine.notApplicable', { platform }), evidence: { platform } };
}

function skipped(blocker: string, root: string): CheckResult {
  return {
    status: 'not-applicable',
    // The title is nested from its own key, in the reader's language: the root cause's, so that
    // every line skipped because of one failure points at that failure's line.
    summary: message('engine.skipped', { blocker: root }),
    evidence: { skippedBecause: blocker, ...(root !== blocker ? { rootCause: root } : {}) },
  };
}

/**
 * The check whose own finding is why `blocker` did not run: followed through the results that
 * were themselves skipped (`skippedBecause`), to the first that ran and reported something. A
 * check may name its cause before that cause has finished (both learnt it from the same shared
 * verdict): a cause that is part of the run is named all the same.
 */
function rootCause(blocker: string, results: ReadonlyMap<string, CheckResult>, selected: readonly DiagnosticCheck[]): string {
  const seen = new Set<string>();
  let id = blocker;
  for (;;) {
    seen.add(id);
    const next = results.get(id)?.evidence.skippedBecause;
    if (typeof next !== 'string' || seen.has(next) || !selected.some((c) => c.id === next)) return id;
    id = next;
  }
}

function overran(check: DiagnosticCheck, timeoutMs: number, deadline: boolean): CheckResult {
  return {
    status: 'error',
    summary: deadline ? message('engine.deadline') : message('engine.timeout', { seconds: Math.round(timeoutMs / 1000) }),
    evidence: { timeoutMs, deadline, check: check.id },
    codes: ['DIAG-TIMEOUT'],
    actions: [{ kind: 'diagnose' }],
  };
}

function fixFailure(err: unknown, timeoutMs: number): FixFailure {
  if (err instanceof Overrun) {
    return err.deadline
      ? { code: 'DIAG-TIMEOUT', reason: message('engine.fixDeadline'), detail: 'did not finish before the diagnosis deadline' }
      : {
          code: 'DIAG-TIMEOUT',
          reason: message('engine.fixTimeout', { seconds: Math.round(timeoutMs / 1000) }),
          detail: `did not finish within ${timeoutMs} ms`,
        };
  }
  const detail = err instanceof Error ? err.message : String(err);
  if (err instanceof FixRefusedError) return { code: err.code, reason: err.reason, detail };
  const code: string = err instanceof CjsError ? (err as CjsError).code : 'UNEXPECTED';
  return { code, reason: null, detail };
}

function crashed(err: unknown): CheckResult {
  return {
    status: 'error',
    summary: message('engine.crashed'),
    evidence: { error: err instanceof Error ? err.message : String(err) },
    codes: ['DIAG-CHECK-CRASHED'],
    actions: [{ kind: 'diagnose' }],
  };
}

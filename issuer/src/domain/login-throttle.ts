// Wrong passwords slow down the address they come from, for the login ID they were tried on
// (issue 9, finding 9). Before this, five wrong passwords from anyone locked any login ID, a
// master's included, until the bank unlocked it: a stranger could lock a company out for good.
//
// Kept in memory, per (source address, login ID), whether the ID exists or not (so that a 429
// says nothing about existence):
// - after `afterFailures` failures, the next attempt waits baseSeconds·2^(n − afterFailures),
//   capped at maxSeconds; an attempt before then is refused (429 + Retry-After) unheard: no
//   password check, no count;
// - only a source's first `lockingFailures` failures count towards the login ID's lock: one
//   address can lock an ID once, after that it is only slowed down;
// - a success from the source forgets its entry; an entry is also forgotten a day after its last
//   failure, and the oldest go first when `capacity` addresses × IDs are tracked.
// A restart forgets everything: the persistent lock (users.locked_at) is what survives.
import type { Clock } from './clock';

export interface ThrottleSettings {
  readonly afterFailures: number;
  readonly baseSeconds: number;
  readonly maxSeconds: number;
  /** The source's failures that count towards the login ID's lock (the lock threshold). */
  readonly lockingFailures: number;
}

interface Entry {
  failures: number;
  lastFailureMs: number;
  retryAtMs: number;
}

const FORGET_AFTER_MS = 86_400_000;
const DEFAULT_CAPACITY = 10_000;

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly settings: ThrottleSettings,
    private readonly clock: Clock,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** Seconds before this source may try this login ID again; 0 when it may now. */
  waitSeconds(source: string, loginId: string): number {
    const entry = this.current(key(source, loginId));
    const waitMs = entry ? entry.retryAtMs - this.clock.now().getTime() : 0;
    return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
  }

  /** Counts a wrong password; says whether it counts towards the login ID's lock. */
  recordFailure(source: string, loginId: string): { readonly countsTowardsLock: boolean } {
    const k = key(source, loginId);
    const nowMs = this.clock.now().getTime();
    const entry = this.current(k) ?? { failures: 0, lastFailureMs: nowMs, retryAtMs: 0 };
    entry.failures += 1;
    entry.lastFailureMs = nowMs;
    entry.retryAtMs = nowMs + this.delayMs(entry.failures);
    // Re-inserted so that the Map's order is the order of last failure: the oldest go first.
    this.entries.delete(k);
    this.makeRoom();
    this.entries.set(k, entry);
    return { countsTowardsLock: entry.failures <= this.settings.lockingFailures };
  }

  recordSuccess(source: string, loginId: string): void {
    this.entries.delete(key(source, loginId));
  }

  private delayMs(failures: number): number {
    const { afterFailures, baseSeconds, maxSeconds } = this.settings;
    if (failures < afterFailures) return 0;
    // The exponent is bounded so that a long attack cannot overflow to Infinity.
    const exponent = Math.min(failures - afterFailures, 40);
    return Math.min(maxSeconds, baseSeconds * 2 ** exponent) * 1000;
  }

  private current(k: string): Entry | undefined {
    const entry = this.entries.get(k);
    if (entry && this.clock.now().getTime() - entry.lastFailureMs > FORGET_AFTER_MS) {
      this.entries.delete(k);
      return undefined;
    }
    return entry;
  }

  private makeRoom(): void {
    if (this.entries.size < this.capacity) return;
    const nowMs = this.clock.now().getTime();
    for (const [k, entry] of this.entries) {
      if (nowMs - entry.lastFailureMs > FORGET_AFTER_MS) this.entries.delete(k);
    }
    while (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}

function key(source: string, loginId: string): string {
  return JSON.stringify([source, loginId]);
}

// The master user's sign-in to the console: the login ID and password, held in this process's
// memory only (never written, logged or sent back to the screens), and forgotten on sign-out,
// when the window closes (main.ts), and after 10 minutes without a console request.
import { CjsError } from '../errors';

export interface MasterCredentials {
  readonly loginId: string;
  readonly password: string;
}

export const CONSOLE_IDLE_MS = 10 * 60_000;

export interface ConsoleSessionOptions {
  readonly idleMs?: number;
  /** Milliseconds since the epoch; tests move it. */
  readonly now?: () => number;
  /** The idle timer, so a forgotten password is gone even if the window stays open and silent. */
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

export class ConsoleSession {
  readonly idleMs: number;
  #held: MasterCredentials | undefined;
  #lastUse = 0;
  #timer: unknown;
  /** Why the last session ended: an expiry is explained as such ("sign in again"). */
  #endedBy: 'none' | 'idle' = 'none';
  readonly #now: () => number;
  readonly #setTimer: (fn: () => void, ms: number) => unknown;
  readonly #clearTimer: (handle: unknown) => void;

  constructor(options: ConsoleSessionOptions = {}) {
    this.idleMs = options.idleMs ?? CONSOLE_IDLE_MS;
    this.#now = options.now ?? Date.now;
    this.#setTimer =
      options.setTimer ??
      ((fn, ms) => {
        const timer = setTimeout(fn, ms);
        timer.unref(); // a pending expiry must not keep a CLI or test process alive
        return timer;
      });
    this.#clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as NodeJS.Timeout));
  }

  /** The master user signed in, if any (a login ID is no secret). */
  get signedInAs(): string | null {
    return this.#held?.loginId ?? null;
  }

  /** Holds the credentials the issuer has just accepted. */
  begin(credentials: MasterCredentials): void {
    this.#held = { loginId: credentials.loginId, password: credentials.password };
    this.#endedBy = 'none';
    this.#touch();
  }

  /**
   * The credentials for one console request, which restarts the idle time. Throws
   * CONSOLE-EXPIRED after the idle time, CONSOLE-SIGNED-OUT when nobody is signed in.
   */
  use(): MasterCredentials {
    if (this.#held && this.#now() - this.#lastUse >= this.idleMs) this.#forget('idle');
    if (!this.#held) {
      throw this.#endedBy === 'idle'
        ? new CjsError('CONSOLE-EXPIRED', 'the console was idle too long: sign in again', { params: { minutes: this.idleMs / 60_000 } })
        : new CjsError('CONSOLE-SIGNED-OUT', 'not signed in to the console');
    }
    this.#touch();
    return this.#held;
  }

  /** Forgets the password now (sign-out, window closed, the issuer refused it). */
  end(): void {
    this.#forget('none');
    this.#endedBy = 'none';
  }

  #touch(): void {
    this.#lastUse = this.#now();
    if (this.#timer !== undefined) this.#clearTimer(this.#timer);
    this.#timer = this.#setTimer(() => this.#forget('idle'), this.idleMs);
  }

  #forget(reason: 'none' | 'idle'): void {
    if (this.#timer !== undefined) this.#clearTimer(this.#timer);
    this.#timer = undefined;
    if (this.#held) this.#endedBy = reason;
    this.#held = undefined;
  }
}

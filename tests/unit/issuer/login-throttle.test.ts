// The throttle's own bookkeeping: what it forgets, and that it cannot grow without bound.
import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../../issuer/src/domain/login-throttle';
import { ManualClock } from './issuer-fixture';

const SETTINGS = { afterFailures: 3, baseSeconds: 1, maxSeconds: 900, lockingFailures: 5 };

describe('LoginThrottle', () => {
  it('counts only a source’s first lockingFailures failures towards the lock', () => {
    const throttle = new LoginThrottle(SETTINGS, new ManualClock());
    const counted = Array.from({ length: 8 }, () => throttle.recordFailure('198.51.100.1', 'master01').countsTowardsLock);
    expect(counted).toEqual([true, true, true, true, true, false, false, false]);
    // Another address is a new count.
    expect(throttle.recordFailure('198.51.100.2', 'master01').countsTowardsLock).toBe(true);
  });

  it('forgets a source after its success, and a day after its last failure', () => {
    const clock = new ManualClock();
    const throttle = new LoginThrottle(SETTINGS, clock);
    for (let i = 0; i < 3; i++) throttle.recordFailure('a', 'user01');
    expect(throttle.waitSeconds('a', 'user01')).toBe(1);
    throttle.recordSuccess('a', 'user01');
    expect(throttle.waitSeconds('a', 'user01')).toBe(0);

    for (let i = 0; i < 6; i++) throttle.recordFailure('b', 'user01');
    expect(throttle.recordFailure('b', 'user01').countsTowardsLock).toBe(false);
    clock.advanceDays(1.01);
    expect(throttle.waitSeconds('b', 'user01')).toBe(0);
    expect(throttle.recordFailure('b', 'user01').countsTowardsLock).toBe(true);
  });

  it('keeps at most `capacity` entries, dropping the one whose last failure is oldest', () => {
    const throttle = new LoginThrottle(SETTINGS, new ManualClock(), 3);
    for (const id of ['x1', 'x2', 'x3']) for (let i = 0; i < 3; i++) throttle.recordFailure('a', id);
    // x1 fails again: now x2 is the oldest.
    throttle.recordFailure('a', 'x1');
    for (let i = 0; i < 3; i++) throttle.recordFailure('a', 'x4');
    expect(['x1', 'x2', 'x3', 'x4'].map((id) => throttle.waitSeconds('a', id))).toEqual([2, 0, 1, 1]);
  });

  it('does not overflow after a very long attack', () => {
    const throttle = new LoginThrottle(SETTINGS, new ManualClock());
    for (let i = 0; i < 5_000; i++) throttle.recordFailure('a', 'master01');
    expect(throttle.waitSeconds('a', 'master01')).toBe(900);
  });
});

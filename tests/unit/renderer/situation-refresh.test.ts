// The Status screen re-reads the situation by itself: when the window comes back (focus, visible)
// and each interval while the next step is someone else's, so it moves on after the master's step.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSituationRefresh, waitsOnOthers, WAITING_POLL_MS } from '../../../renderer/state/situation-refresh';
import { situation } from './fixtures';

function sources() {
  const window = new EventTarget();
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  return {
    window,
    document,
    setInterval: (run: () => void, ms: number) => setInterval(run, ms),
    clearInterval: (handle: unknown) => clearInterval(handle as ReturnType<typeof setInterval>),
  };
}

afterEach(() => vi.useRealTimers());

describe('re-reading the situation', () => {
  it('waits on others only where the master user, the bank or IT acts', () => {
    expect(waitsOnOthers(situation({ actor: 'master' }))).toBe(true);
    expect(waitsOnOthers(situation({ actor: 'bank' }))).toBe(true);
    expect(waitsOnOthers(situation({ actor: 'user' }))).toBe(false);
    expect(waitsOnOthers(situation({ actor: 'none' }))).toBe(false);
    expect(waitsOnOthers(null)).toBe(false);
  });

  it('on focus and on becoming visible again, whatever the situation', () => {
    const s = sources();
    const reload = vi.fn();
    const stop = startSituationRefresh(reload, () => false, s);
    s.window.dispatchEvent(new Event('focus'));
    s.document.dispatchEvent(new Event('visibilitychange'));
    expect(reload).toHaveBeenCalledTimes(2);
    s.document.visibilityState = 'hidden';
    s.document.dispatchEvent(new Event('visibilitychange'));
    expect(reload).toHaveBeenCalledTimes(2);
    stop();
    s.window.dispatchEvent(new Event('focus'));
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it('each interval (60 s by default) only while waiting on someone else, and not while hidden', () => {
    vi.useFakeTimers();
    const s = sources();
    const reload = vi.fn();
    let waiting = false;
    const stop = startSituationRefresh(reload, () => waiting, s);
    vi.advanceTimersByTime(WAITING_POLL_MS);
    expect(reload).not.toHaveBeenCalled();
    waiting = true;
    vi.advanceTimersByTime(WAITING_POLL_MS);
    expect(reload).toHaveBeenCalledTimes(1);
    s.document.visibilityState = 'hidden';
    vi.advanceTimersByTime(WAITING_POLL_MS);
    expect(reload).toHaveBeenCalledTimes(1);
    stop();
    s.document.visibilityState = 'visible';
    vi.advanceTimersByTime(WAITING_POLL_MS * 3);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('the interval is injectable', () => {
    vi.useFakeTimers();
    const reload = vi.fn();
    const stop = startSituationRefresh(reload, () => true, sources(), 1_000);
    vi.advanceTimersByTime(3_000);
    expect(reload).toHaveBeenCalledTimes(3);
    stop();
  });
});

// The Status screen's data: what the card shows after each answer of the host.
import { describe, expect, it } from 'vitest';
import { daysFact } from '../../../renderer/format/dates';
import { initialStatus, updateStatus } from '../../../renderer/state/status';
import { authError, certificate, situation } from './fixtures';

describe('status updates', () => {
  it('shows the situation the host answered', () => {
    const loading = updateStatus(initialStatus, { type: 'status/requested' });
    expect(loading.phase).toBe('loading');
    const loaded = updateStatus(loading, { type: 'status/loaded', situation: situation() });
    expect(loaded).toMatchObject({ phase: 'loaded', error: null, situation: { kind: 'valid', loginId: 'user01' } });
  });

  it('keeps the card while checking again, so it does not flicker away', () => {
    const loaded = updateStatus(initialStatus, { type: 'status/loaded', situation: situation() });
    const again = updateStatus(loaded, { type: 'status/requested' });
    expect(again.phase).toBe('loading');
    expect(again.situation?.kind).toBe('valid');
  });

  it('replaces the card by the error when the check fails: an old answer is no longer confirmed', () => {
    const loaded = updateStatus(initialStatus, { type: 'status/loaded', situation: situation() });
    const failed = updateStatus(loaded, { type: 'status/failed', error: authError });
    expect(failed).toEqual({ phase: 'failed', situation: null, error: authError });
  });
});

describe('days left', () => {
  const at = '2026-12-04T01:00:00.000Z';
  it('are counted for a certificate that logs in, and as days passed for an expired one', () => {
    expect(daysFact(certificate({ state: 'valid', daysLeft: 300 }), at)).toEqual({ kind: 'left', count: 300 });
    // 23.5 days past expiry: 23 whole days have passed (not the 24 that rounding daysLeft down gives).
    const expired = certificate({ state: 'expired', daysLeft: -24, notAfter: '2026-11-10T13:00:00.000Z' });
    expect(daysFact(expired, at)).toEqual({ kind: 'past', count: 23 });
  });

  it('are not shown for a certificate that cannot log in for another reason', () => {
    for (const state of ['revoked', 'no-key', 'not-yet-valid'] as const) {
      expect(daysFact(certificate({ state, daysLeft: 300 }), at)).toBeNull();
    }
  });
});

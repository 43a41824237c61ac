// The Status screen's data: what the card shows after each answer of the host.
import { describe, expect, it } from 'vitest';
import { countsDays } from '../../../renderer/format/dates';
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
  it('are counted for a certificate that logs in, or did, but not for a revoked one', () => {
    expect(countsDays(certificate({ state: 'valid' }))).toBe(true);
    expect(countsDays(certificate({ state: 'expired' }))).toBe(true);
    expect(countsDays(certificate({ state: 'revoked' }))).toBe(false);
  });
});

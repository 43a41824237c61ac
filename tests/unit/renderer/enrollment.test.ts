// The enroll/renew wizard as the user sees it: the form, the steps lighting up one by one, the
// verified result, a failure with its step marked, and a retry that keeps the login ID.
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../electron/contract/channels';
import {
  initialEnrollment,
  shownNotices,
  updateEnrollment,
  wizardProgress,
  wizardSteps,
  type EnrollmentEvent,
  type EnrollmentResult,
  type EnrollmentState,
} from '../../../renderer/state/enrollment';
import { authError, certificate } from './fixtures';

const progress = (step: EventPayload<'enrollment.progress'>['step'], phase: 'start' | 'done' | 'failed'): EnrollmentEvent => ({
  type: 'enrollment/progress',
  progress: { step, phase },
});

const result: EnrollmentResult = {
  operation: 'enroll',
  loginId: 'user01',
  certificate: certificate({ daysLeft: 366 }),
  resumed: false,
  removedSerials: [],
  store: { kind: 'nss', location: '/home/u/.pki/nssdb' },
};

function run(events: EnrollmentEvent[], from: EnrollmentState = initialEnrollment): EnrollmentState {
  return events.reduce(updateEnrollment, from);
}

const submitted = run([{ type: 'enrollment/loginIdChanged', loginId: 'user01' }, { type: 'enrollment/submitted' }]);

describe('the enrollment wizard', () => {
  it('starts at the form, with the login ID + password step current and nothing running', () => {
    expect(wizardSteps(initialEnrollment)).toEqual({
      credentials: 'current',
      key: 'pending',
      issue: 'pending',
      install: 'pending',
      verified: 'pending',
    });
    expect(wizardProgress(initialEnrollment)).toBe(0);
  });

  it('opens for a renewal with the login ID the status named', () => {
    const opened = updateEnrollment(initialEnrollment, { type: 'enrollment/opened', operation: 'renew', loginId: 'user01' });
    expect(opened).toMatchObject({ phase: 'form', operation: 'renew', loginId: 'user01' });
  });

  it('keeps no password anywhere in its state', () => {
    expect(JSON.stringify(submitted)).not.toMatch(/password/i);
    expect(Object.keys(submitted)).toEqual(Object.keys(initialEnrollment));
  });

  it('shows each step as the host reports it', () => {
    const midway = run([progress('prepare', 'start'), progress('prepare', 'done'), progress('keygen', 'start')], submitted);
    expect(wizardSteps(midway)).toMatchObject({ credentials: 'done', key: 'active', issue: 'pending' });
    const issuing = run(
      [progress('keygen', 'done'), progress('request', 'start'), progress('request', 'done'), progress('issue', 'start')],
      midway,
    );
    expect(wizardSteps(issuing)).toMatchObject({
      credentials: 'done',
      key: 'done',
      issue: 'active',
      install: 'pending',
      verified: 'pending',
    });
    expect(wizardProgress(issuing)).toBeCloseTo(2 / 5);
  });

  it('ends verified with every step done and the certificate shown', () => {
    const verified = run([progress('prepare', 'start'), { type: 'enrollment/succeeded', result }], submitted);
    expect(verified.phase).toBe('verified');
    expect(verified.result?.certificate.daysLeft).toBe(366);
    expect(Object.values(wizardSteps(verified))).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(wizardProgress(verified)).toBe(1);
  });

  it('marks the step that was running as failed and keeps the error to explain', () => {
    const failed = run(
      [
        progress('prepare', 'done'),
        progress('keygen', 'done'),
        progress('issue', 'start'),
        { type: 'enrollment/failed', error: authError },
      ],
      submitted,
    );
    expect(failed.phase).toBe('failed');
    expect(failed.error?.code).toBe('CJS-E-AUTH');
    expect(wizardSteps(failed)).toMatchObject({ key: 'done', issue: 'failed', install: 'pending', verified: 'pending' });
  });

  it('refused before any step began (a lost certificate), marks the first step failed, not all of them "not started"', () => {
    const lost = { code: 'ENROLL-LOST', actor: 'master' as const, faq: ['Q11'], params: {} };
    const refused = run([{ type: 'enrollment/failed', error: lost }], submitted);
    expect(wizardSteps(refused)).toEqual({
      credentials: 'failed',
      key: 'pending',
      issue: 'pending',
      install: 'pending',
      verified: 'pending',
    });
  });

  it("shows the run's news as information and only real problems as warnings; once verified, the result tells the news", () => {
    const renewing = { code: 'ENROLL-RENEWING', params: { loginId: 'user02' } };
    const removed = { code: 'ENROLL-SUPERSEDED-REMOVED', params: { serial: '5A1F03' } };
    const noVault = { code: 'JOURNAL-UNAVAILABLE', params: {} };
    const running = run(
      [renewing, removed, noVault].map((warning) => ({ type: 'enrollment/warning', warning }) as const),
      submitted,
    );
    expect(shownNotices(running).map((n) => [n.notice.code, n.intent])).toEqual([
      ['ENROLL-RENEWING', 'info'],
      ['ENROLL-SUPERSEDED-REMOVED', 'info'],
      ['JOURNAL-UNAVAILABLE', 'warning'],
    ]);
    const verified = updateEnrollment(running, { type: 'enrollment/succeeded', result: { ...result, removedSerials: ['5A1F03'] } });
    expect(shownNotices(verified).map((n) => n.notice.code)).toEqual(['JOURNAL-UNAVAILABLE']);
  });

  it('retries from the form with the same login ID and a clean slate', () => {
    const failed = run([progress('issue', 'start'), { type: 'enrollment/failed', error: authError }], submitted);
    const retry = updateEnrollment(failed, { type: 'enrollment/retry' });
    expect(retry).toMatchObject({ phase: 'form', loginId: 'user01', error: null, result: null });
    expect(wizardSteps(retry).issue).toBe('pending');
    const again = updateEnrollment(retry, { type: 'enrollment/submitted' });
    expect(again.attempt).toBe(2);
  });

  it('ignores late progress of a finished run and a second submit while one runs', () => {
    const failed = run([{ type: 'enrollment/failed', error: authError }], submitted);
    expect(updateEnrollment(failed, progress('install', 'done'))).toBe(failed);
    expect(updateEnrollment(submitted, { type: 'enrollment/submitted' })).toBe(submitted);
    expect(updateEnrollment(submitted, { type: 'enrollment/opened', operation: 'renew' })).toBe(submitted);
  });

  it('does not change the login ID once the run has started', () => {
    expect(updateEnrollment(submitted, { type: 'enrollment/loginIdChanged', loginId: 'user02' }).loginId).toBe('user01');
  });
});

// The self-diagnosis screen's data: live progress per check, the report grouped, fixes re-checked.
import { describe, expect, it } from 'vitest';
import type { DiagnosisReportView } from '../../../electron/contract/diagnosis';
import { groupChecks, initialDiagnosis, updateDiagnosis, type DiagnosisEvent } from '../../../renderer/state/diagnosis';
import { authError, check } from './fixtures';

const started = updateDiagnosis(initialDiagnosis, { type: 'diagnosis/started' });
const progress = (checkId: string, status: 'pass' | 'fail' | 'warn', completed: number, total = 3): DiagnosisEvent => ({
  type: 'diagnosis/progress',
  progress: { checkId, status, completed, total },
});

const report: DiagnosisReportView = {
  createdAt: '2026-12-04T01:00:00.000Z',
  platform: 'linux',
  issuerUrl: 'https://127.0.0.1:8443',
  loginUrl: 'https://127.0.0.1:8444/',
  loginId: null,
  summary: { pass: 2, warn: 0, fail: 1, 'not-applicable': 0, error: 0 },
  checks: [
    check({ id: 'clock', group: 'network', status: 'pass' }),
    check({ id: 'trusted-sites', group: 'windows', status: 'fail', fixable: true }),
    check({ id: 'certificate-present', group: 'certificate', status: 'pass' }),
  ],
};

describe('diagnosis progress', () => {
  it('lists each finished check as it arrives, with the count', () => {
    const state = [progress('clock', 'pass', 1), progress('network', 'fail', 2)].reduce(updateDiagnosis, started);
    expect(state.live).toEqual([
      { checkId: 'clock', status: 'pass' },
      { checkId: 'network', status: 'fail' },
    ]);
    expect([state.completed, state.total]).toEqual([2, 3]);
  });

  it('never counts backwards when events arrive out of order, and a repeated check is replaced', () => {
    const state = [progress('network', 'warn', 2), progress('clock', 'pass', 1), progress('network', 'fail', 2)].reduce(
      updateDiagnosis,
      started,
    );
    expect(state.completed).toBe(2);
    expect(state.live).toEqual([
      { checkId: 'network', status: 'fail' },
      { checkId: 'clock', status: 'pass' },
    ]);
  });

  it('ignores progress when no run is going on', () => {
    expect(updateDiagnosis(initialDiagnosis, progress('clock', 'pass', 1))).toBe(initialDiagnosis);
  });

  it('a new run starts from nothing', () => {
    const done = updateDiagnosis(updateDiagnosis(started, progress('clock', 'pass', 1)), { type: 'diagnosis/finished', report });
    const again = updateDiagnosis(done, { type: 'diagnosis/started' });
    expect(again).toMatchObject({ phase: 'running', live: [], report: null, completed: 0 });
  });

  it('keeps the error of a failed run', () => {
    const failed = updateDiagnosis(started, { type: 'diagnosis/failed', error: authError });
    expect(failed).toMatchObject({ phase: 'failed', error: authError });
  });
});

describe('the report', () => {
  const done = updateDiagnosis(started, { type: 'diagnosis/finished', report });

  it('is grouped as network / certificate / Windows settings, problems first', () => {
    const groups = groupChecks(done.report!);
    expect(groups.network.map((c) => c.id)).toEqual(['clock']);
    expect(groups.certificate.map((c) => c.id)).toEqual(['certificate-present']);
    expect(groups.windows.map((c) => c.id)).toEqual(['trusted-sites']);
    const mixed = groupChecks({
      ...report,
      checks: [check({ id: 'a' }), check({ id: 'b', status: 'warn' }), check({ id: 'c', status: 'fail' })],
    });
    expect(mixed.network.map((c) => c.id)).toEqual(['c', 'b', 'a']);
  });

  it('after a fix shows the re-check and counts the summary again', () => {
    const fixing = updateDiagnosis(done, { type: 'diagnosis/fixStarted', checkId: 'trusted-sites' });
    expect(fixing.fixing).toEqual(['trusted-sites']);
    const fixed = updateDiagnosis(fixing, {
      type: 'diagnosis/fixed',
      check: check({ id: 'trusted-sites', group: 'windows', status: 'pass' }),
    });
    expect(fixed.fixing).toEqual([]);
    expect(fixed.report?.checks.find((c) => c.id === 'trusted-sites')?.status).toBe('pass');
    expect(fixed.report?.summary).toEqual({ pass: 3, warn: 0, fail: 0, 'not-applicable': 0, error: 0 });
  });

  it('keeps the error of a failed fix beside its check, and clears it on the next try', () => {
    const failed = updateDiagnosis(updateDiagnosis(done, { type: 'diagnosis/fixStarted', checkId: 'trusted-sites' }), {
      type: 'diagnosis/fixFailed',
      checkId: 'trusted-sites',
      error: authError,
    });
    expect(failed.fixErrors['trusted-sites']).toEqual(authError);
    expect(failed.report?.checks.find((c) => c.id === 'trusted-sites')?.status).toBe('fail');
    expect(updateDiagnosis(failed, { type: 'diagnosis/fixStarted', checkId: 'trusted-sites' }).fixErrors).toEqual({});
  });

  it('after a fix, the quiet re-run keeps the results on screen and then replaces them; a failed one keeps them', () => {
    const refreshing = updateDiagnosis(done, { type: 'diagnosis/refreshStarted' });
    expect(refreshing).toMatchObject({ phase: 'done', refreshing: true, report });
    const fresh = { ...report, checks: report.checks.map((c) => ({ ...c, status: 'pass' as const })) };
    expect(updateDiagnosis(refreshing, { type: 'diagnosis/refreshed', report: fresh })).toMatchObject({ refreshing: false, report: fresh });
    expect(updateDiagnosis(refreshing, { type: 'diagnosis/refreshed', report: null })).toMatchObject({ refreshing: false, report });
    // A run the user started meanwhile is not overwritten by the quiet one's answer.
    const restarted = updateDiagnosis(refreshing, { type: 'diagnosis/started' });
    expect(updateDiagnosis(restarted, { type: 'diagnosis/refreshed', report: fresh })).toEqual(restarted);
  });
});

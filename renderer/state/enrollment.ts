// The enroll/renew wizard as a state machine: form → running (steps from 'enrollment.progress')
// → verified, or → failed → (retry) form. The password is not part of this state, ever: the form
// holds it until submit and hands it straight to the call.
import type { ChannelOutput, EventPayload } from '../../electron/contract/channels';
import { ENROLLMENT_STEPS } from '../../electron/contract/channels';
import type { AppError } from '../../electron/contract/result';

export type Operation = 'enroll' | 'renew';
export type CoreStep = (typeof ENROLLMENT_STEPS)[number];
export type StepStatus = 'pending' | 'active' | 'done' | 'failed';
export type EnrollmentResult = ChannelOutput<'enrollment.start'>;
export type EnrollmentWarning = EventPayload<'enrollment.warning'>;

/** The steps the user sees: login ID + password → key → issuance → install → verified. */
export const WIZARD_STEPS = ['credentials', 'key', 'issue', 'install', 'verified'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** Which core steps make up each visible step ('verified' is the answer itself). */
const CORE_STEPS_OF: Readonly<Record<WizardStep, readonly CoreStep[]>> = {
  credentials: ['prepare', 'resume'],
  key: ['keygen', 'request'],
  issue: ['issue', 'validate'],
  install: ['install', 'cleanup'],
  verified: [],
};

export interface EnrollmentState {
  readonly phase: 'form' | 'running' | 'verified' | 'failed';
  readonly operation: Operation;
  readonly loginId: string;
  readonly steps: Readonly<Record<CoreStep, StepStatus>>;
  readonly warnings: readonly EnrollmentWarning[];
  readonly result: EnrollmentResult | null;
  readonly error: AppError | null;
  /** Counts submissions, so the screen can move focus to the outcome of the latest one. */
  readonly attempt: number;
}

export type EnrollmentEvent =
  | { readonly type: 'enrollment/opened'; readonly operation: Operation; readonly loginId?: string | undefined }
  | { readonly type: 'enrollment/loginIdChanged'; readonly loginId: string }
  | { readonly type: 'enrollment/submitted' }
  | { readonly type: 'enrollment/progress'; readonly progress: EventPayload<'enrollment.progress'> }
  | { readonly type: 'enrollment/warning'; readonly warning: EnrollmentWarning }
  | { readonly type: 'enrollment/succeeded'; readonly result: EnrollmentResult }
  | { readonly type: 'enrollment/failed'; readonly error: AppError }
  | { readonly type: 'enrollment/retry' };

const pendingSteps = (): Record<CoreStep, StepStatus> =>
  Object.fromEntries(ENROLLMENT_STEPS.map((step) => [step, 'pending'])) as Record<CoreStep, StepStatus>;

export const initialEnrollment: EnrollmentState = {
  phase: 'form',
  operation: 'enroll',
  loginId: '',
  steps: pendingSteps(),
  warnings: [],
  result: null,
  error: null,
  attempt: 0,
};

export function updateEnrollment(state: EnrollmentState, event: EnrollmentEvent): EnrollmentState {
  switch (event.type) {
    case 'enrollment/opened':
      // Opening the wizard while a run is going on must not hide it.
      if (state.phase === 'running') return state;
      return { ...initialEnrollment, operation: event.operation, loginId: event.loginId ?? state.loginId, attempt: state.attempt };
    case 'enrollment/loginIdChanged':
      return state.phase === 'form' ? { ...state, loginId: event.loginId } : state;
    case 'enrollment/submitted':
      if (state.phase !== 'form') return state;
      return { ...state, phase: 'running', steps: pendingSteps(), warnings: [], result: null, error: null, attempt: state.attempt + 1 };
    case 'enrollment/progress':
      // A late event of an earlier run must not repaint this one's steps.
      if (state.phase !== 'running') return state;
      return { ...state, steps: { ...state.steps, [event.progress.step]: stepStatusOf(event.progress.phase) } };
    case 'enrollment/warning':
      return state.phase === 'running' ? { ...state, warnings: [...state.warnings, event.warning] } : state;
    case 'enrollment/succeeded':
      if (state.phase !== 'running') return state;
      return { ...state, phase: 'verified', steps: allDone(), result: event.result, error: null };
    case 'enrollment/failed':
      if (state.phase !== 'running') return state;
      return { ...state, phase: 'failed', steps: markActiveFailed(state.steps), error: event.error };
    case 'enrollment/retry':
      if (state.phase !== 'failed' && state.phase !== 'verified') return state;
      return { ...state, phase: 'form', steps: pendingSteps(), warnings: [], result: null, error: null };
  }
}

function stepStatusOf(phase: EventPayload<'enrollment.progress'>['phase']): StepStatus {
  return phase === 'start' ? 'active' : phase === 'done' ? 'done' : 'failed';
}

function allDone(): Record<CoreStep, StepStatus> {
  return Object.fromEntries(ENROLLMENT_STEPS.map((step) => [step, 'done'])) as Record<CoreStep, StepStatus>;
}

/**
 * The run failed: the step that was going on is the one that failed (the host may not have said
 * so). Refused before any step began (the situation forbids it, e.g. a lost certificate), it is
 * the first step, the login ID the user gave, that failed: no step may look as if it never ran.
 */
function markActiveFailed(steps: Readonly<Record<CoreStep, StepStatus>>): Record<CoreStep, StepStatus> {
  if (ENROLLMENT_STEPS.some((step) => steps[step] === 'failed')) return { ...steps };
  const active = ENROLLMENT_STEPS.find((step) => steps[step] === 'active');
  if (active) return { ...steps, [active]: 'failed' };
  const started = ENROLLMENT_STEPS.some((step) => steps[step] !== 'pending');
  return started ? { ...steps } : { ...steps, prepare: 'failed' };
}

/** Notices that only report what the run does (renewing, the old certificate removed): news, not warnings. */
const INFORMATIONAL_NOTICES: ReadonlySet<string> = new Set(['ENROLL-RENEWING', 'ENROLL-SUPERSEDED-REMOVED']);

export interface ShownNotice {
  readonly notice: EnrollmentWarning;
  readonly intent: 'info' | 'warning';
}

/**
 * The notices to show, each with its weight. Once verified, the result itself lists the renewal
 * and the removed serials, so the informational notices would only say it twice.
 */
export function shownNotices(state: EnrollmentState): readonly ShownNotice[] {
  return state.warnings
    .map((notice) => ({ notice, intent: INFORMATIONAL_NOTICES.has(notice.code) ? ('info' as const) : ('warning' as const) }))
    .filter(({ intent }) => !(state.phase === 'verified' && intent === 'info'));
}

/** A visible step's state: 'current' is the form the user is filling in (nothing runs yet). */
export type WizardStepStatus = StepStatus | 'current';

/** The status of each visible step, derived from the core's steps and the wizard's phase. */
export function wizardSteps(state: EnrollmentState): Record<WizardStep, WizardStepStatus> {
  const statuses = {} as Record<WizardStep, WizardStepStatus>;
  for (const step of WIZARD_STEPS) statuses[step] = visibleStatus(state, step);
  return statuses;
}

function visibleStatus(state: EnrollmentState, step: WizardStep): WizardStepStatus {
  if (step === 'verified') return state.phase === 'verified' ? 'done' : 'pending';
  if (state.phase === 'form') return step === 'credentials' ? 'current' : 'pending';
  const parts = CORE_STEPS_OF[step].map((core) => state.steps[core]);
  if (parts.includes('failed')) return 'failed';
  if (parts.includes('active')) return 'active';
  // 'resume' and 'cleanup' may be skipped by the core: one finished part means the step is done.
  if (parts.includes('done')) return laterStepStarted(state, step) || parts.every((p) => p === 'done') ? 'done' : 'active';
  return 'pending';
}

function laterStepStarted(state: EnrollmentState, step: WizardStep): boolean {
  const later = WIZARD_STEPS.slice(WIZARD_STEPS.indexOf(step) + 1).flatMap((s) => CORE_STEPS_OF[s]);
  return later.some((core) => state.steps[core] !== 'pending');
}

/** How far the run is, 0..1, for the progress bar. */
export function wizardProgress(state: EnrollmentState): number {
  const statuses = wizardSteps(state);
  const done = WIZARD_STEPS.filter((step) => statuses[step] === 'done').length;
  return done / WIZARD_STEPS.length;
}

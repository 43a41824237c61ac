// The enroll/renew wizard: login ID + password → key → issuance → install → verified.
import { useEffect, useRef, type JSX } from 'react';
import { Button, Field, MessageBar, MessageBarBody, ProgressBar, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { navigate, useAppState, useCommands, useDispatch } from '../../app/context';
import { ContactRequest } from '../../components/ContactRequest';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Page } from '../../components/Page';
import { noticeText } from '../../i18n/texts';
import { shownNotices, wizardProgress, wizardSteps, type Operation } from '../../state/enrollment';
import type { AppError } from '../../../electron/contract/result';
import type { Situation } from '../../../electron/contract/situation';
import { EnrollForm } from './EnrollForm';
import { EnrollVerified } from './EnrollVerified';
import { StepList } from './StepList';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  progress: { outlineStyle: 'none' },
});

/** What the Status screen would start: renew inside the window, enroll otherwise. */
function suggestedStart(situation: Situation | null): { operation: Operation; loginId?: string } | null {
  const action = situation?.actions.find((a) => a.kind === 'renew' || a.kind === 'enroll' || a.kind === 'reissue');
  if (!action) return situation?.loginId ? { operation: 'enroll', loginId: situation.loginId } : null;
  const operation = action.kind === 'renew' ? 'renew' : 'enroll';
  return action.loginId ? { operation, loginId: action.loginId } : { operation };
}

/** Login IDs whose certificate in this store can log in (the form warns before adding another, Q6). */
function otherUsersUsable(situation: Situation | null): string[] {
  const usable = (situation?.certificates ?? []).filter((c) => c.state === 'valid' || c.state === 'expiring');
  return [...new Set(usable.flatMap((c) => (c.loginId === null ? [] : [c.loginId])))];
}

/**
 * After a failure, entering the details again is the way on (a wrong password, the network back).
 * When the master user or the bank must act first (a lost or revoked certificate), trying again
 * cannot help: Status holds the request to pass on, so it comes first.
 */
function FailedActions({ error }: { error: AppError }): JSX.Element {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  // Locked: Status knows nothing of the lock; the request below the error is the way on.
  const othersFirst = (error.actor === 'master' || error.actor === 'bank') && error.code !== 'CJS-E-LOCKED';
  return (
    <>
      {othersFirst ? (
        <Button appearance="primary" onClick={() => navigate({ screen: 'status' })} data-testid="enroll-go-status">
          {t('enroll.goStatus')}
        </Button>
      ) : null}
      <Button
        appearance={othersFirst ? 'secondary' : 'primary'}
        onClick={() => dispatch({ type: 'enrollment/retry' })}
        data-testid="enroll-retry"
      >
        {t('enroll.retry')}
      </Button>
    </>
  );
}

export function EnrollScreen(): JSX.Element {
  const { t, i18n } = useTranslation('app');
  const styles = useStyles();
  const state = useAppState((s) => s.enrollment);
  const situation = useAppState((s) => s.status.situation);
  const dispatch = useDispatch();
  const commands = useCommands();
  const outcome = useRef<HTMLDivElement>(null);

  // Opened from the navigation with an empty form: start from what the situation suggests.
  const prefilled = useRef(false);
  useEffect(() => {
    if (prefilled.current || state.phase !== 'form' || state.loginId !== '') return;
    prefilled.current = true;
    const start = suggestedStart(situation);
    if (start) dispatch({ type: 'enrollment/opened', operation: start.operation, loginId: start.loginId });
  }, [situation, state.phase, state.loginId, dispatch]);

  // The submit button goes away with the form: the progress, then the outcome (verified or
  // failed) take the focus, so a keyboard or screen-reader user stays with the run.
  const progressRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.phase === 'running') progressRef.current?.focus();
    if (state.phase === 'verified' || state.phase === 'failed') outcome.current?.focus();
  }, [state.phase, state.attempt]);

  const running = state.phase === 'running';
  const title = t(`enroll.title_${state.operation}`);
  return (
    <Page title={title} lead={t(`enroll.lead_${state.operation}`)} testId="screen-enroll">
      <StepList statuses={wizardSteps(state)} operation={state.operation} />
      {state.phase === 'form' ? (
        <EnrollForm
          operation={state.operation}
          loginId={state.loginId}
          focusPassword={state.attempt > 0}
          onOperationChange={(operation) => dispatch({ type: 'enrollment/opened', operation, loginId: state.loginId })}
          onLoginIdChange={(loginId) => dispatch({ type: 'enrollment/loginIdChanged', loginId })}
          otherUsers={otherUsersUsable(situation)}
          onSubmit={(password, allowSecondUser) => void commands.startEnrollment(password, allowSecondUser)}
        />
      ) : null}
      {running ? (
        <div ref={progressRef} tabIndex={-1} className={styles.progress}>
          <Field label={t('enroll.running', { loginId: state.loginId })} hint={t('enroll.keepOpen')} validationState="none">
            <ProgressBar value={wizardProgress(state)} thickness="large" data-testid="enroll-progress" />
          </Field>
        </div>
      ) : null}
      {shownNotices(state).map(({ notice, intent }, index) => (
        <MessageBar key={`${notice.code}-${index}`} intent={intent} data-testid="enroll-warning">
          <MessageBarBody>{noticeText(i18n, notice)}</MessageBarBody>
        </MessageBar>
      ))}
      <div ref={outcome} tabIndex={-1} className={mergeClasses(styles.stack, styles.progress)} aria-live="polite">
        {state.phase === 'verified' && state.result ? <EnrollVerified result={state.result} /> : null}
        {state.phase === 'failed' && state.error ? (
          <ErrorPanel error={state.error} context={t(`enroll.failed_${state.operation}`)} actions={<FailedActions error={state.error} />} />
        ) : null}
        {state.phase === 'failed' && state.error?.code === 'CJS-E-LOCKED' ? (
          // Locked: the unlock is the master user's (the bank's for a master user); what to send them.
          <ContactRequest
            action={{ kind: 'contact', actor: 'master', reason: 'locked' }}
            loginId={state.loginId.trim()}
            primary={false}
            showReason={false}
            testIdPrefix="enroll"
          />
        ) : null}
      </div>
      {state.phase === 'verified' ? (
        <div className={styles.actions}>
          <Button appearance="primary" onClick={() => navigate({ screen: 'status' })} data-testid="enroll-go-status">
            {t('enroll.goStatus')}
          </Button>
        </div>
      ) : null}
    </Page>
  );
}

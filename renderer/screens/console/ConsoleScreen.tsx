// The master user's console (P2, P9, P10): sign in, then the contract's users and their
// certificates, the seats, and one change at a time. A link may prepare a step for one user
// (#/console/unlock/user02): it opens once the master has signed in.
import { useEffect, useRef, type JSX } from 'react';
import {
  Body1,
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
  typographyStyles,
} from '@fluentui/react-components';
import { Add20Regular, ArrowClockwise20Regular, SignOut20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { ConsoleStep } from '../../../electron/contract/console';
import { useAppState, useCommands, useDispatch } from '../../app/context';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Page } from '../../components/Page';
import { ChangeDialog } from './ChangeDialog';
import { HandOver, type HandOverKind } from './HandOver';
import { SignInForm } from './SignInForm';
import { UsersTable } from './UsersTable';

const IDLE_MINUTES = 10;

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  summary: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    margin: 0,
  },
  term: { fontWeight: tokens.fontWeightSemibold },
  value: { margin: 0, overflowWrap: 'anywhere' },
  seats: { ...typographyStyles.subtitle2 },
  heading: { ...typographyStyles.subtitle1, margin: 0, outlineStyle: 'none' },
  muted: { color: tokens.colorNeutralForeground2 },
  add: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

const HANDS_OVER = new Set<string>(['add', 'reregister', 'reset-password']);

export function ConsoleScreen({ step }: { step?: { step: ConsoleStep; loginId: string } | undefined }): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const state = useAppState((s) => s.console);
  const language = useAppState((s) => s.settings.language);
  const commands = useCommands();
  const dispatch = useDispatch();
  const signedInHeading = useRef<HTMLHeadingElement>(null);
  const handOverShown = useRef<string | null>(null);

  // A prepared step (from a link) waits for the sign-in; asked again if the link changes.
  const stepKey = step ? `${step.step}/${step.loginId}` : '';
  useEffect(() => {
    const [name, loginId] = stepKey.split('/');
    if (name && loginId) dispatch({ type: 'console/stepRequested', step: name as ConsoleStep, loginId });
  }, [stepKey, dispatch]);

  // Signed in: the focus goes to what is now on screen (the form it was in is gone).
  const signedIn = state.phase === 'signed-in';
  const preparedStep = state.action !== null;
  useEffect(() => {
    if (signedIn && !preparedStep) signedInHeading.current?.focus();
  }, [signedIn, preparedStep]);

  // A hand-over appears: focus moves to it, so a screen reader reads what to tell the user.
  const doneKey = state.done ? `${state.done.kind}/${state.done.loginId}` : null;
  useEffect(() => {
    if (doneKey && doneKey !== handOverShown.current && HANDS_OVER.has(state.done?.kind ?? '')) {
      document.getElementById('console-hand-over-title')?.focus();
    }
    handOverShown.current = doneKey;
  }, [doneKey, state.done?.kind]);

  if (state.phase !== 'signed-in' || !state.list) {
    const forbidden = state.error?.code === 'CJS-E-FORBIDDEN';
    return (
      <Page title={t('console.title')} lead={t('console.lead')} testId="screen-console">
        {state.expired ? (
          <MessageBar intent="warning" data-testid="console-expired">
            <MessageBarBody>{t('console.expired', { minutes: IDLE_MINUTES })}</MessageBarBody>
          </MessageBar>
        ) : null}
        {forbidden ? (
          <MessageBar intent="warning" layout="multiline" data-testid="console-forbidden">
            <MessageBarBody>
              <MessageBarTitle>{t('console.forbidden.title')}</MessageBarTitle>
              {t('console.forbidden.body', { loginId: state.lastLoginId })}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {state.error ? <ErrorPanel error={state.error} context={t('console.signIn.failed')} /> : null}
        <SignInForm
          signingIn={state.phase === 'signing-in'}
          idleMinutes={IDLE_MINUTES}
          onSubmit={(loginId, password) => void commands.consoleSignIn(loginId, password)}
        />
      </Page>
    );
  }

  const { list, action, done } = state;
  const general = list.seats.max - 1;
  const left = Math.max(0, list.seats.max - list.seats.used);
  const full = left === 0;
  const target = action && action.kind !== 'add' ? (list.users.find((u) => u.loginId === action.loginId) ?? null) : null;
  const dialogKey = action ? `${action.kind}:${action.kind === 'add' ? '' : action.loginId}` : 'none';
  return (
    <Page title={t('console.title')} lead={t('console.lead')} testId="screen-console">
      <div className={styles.bar}>
        <h2 className={styles.heading} ref={signedInHeading} tabIndex={-1} data-testid="console-signed-in-as">
          {t('console.signedInAs', { loginId: list.signedInAs })}
        </h2>
        <div className={styles.buttons}>
          <Button
            icon={<ArrowClockwise20Regular />}
            onClick={() => void commands.consoleRefresh()}
            disabled={state.refreshing}
            data-testid="console-refresh"
          >
            {t('common.refresh')}
          </Button>
          <Button icon={<SignOut20Regular />} onClick={() => void commands.consoleSignOut()} data-testid="console-sign-out">
            {t('console.signOut')}
          </Button>
        </div>
      </div>
      <dl className={styles.summary}>
        <dt className={styles.term}>{t('console.contract')}</dt>
        <dd className={styles.value} data-testid="console-contract">
          {t('console.contractValue', { name: list.name, id: list.contractId })}
        </dd>
        <dt className={styles.term}>{t('console.seats.label')}</dt>
        <dd className={styles.value}>
          <span className={styles.seats} data-testid="console-seats" data-used={list.seats.used} data-max={list.seats.max}>
            {t('console.seats.value', { used: list.seats.used, max: list.seats.max })}
          </span>{' '}
          <span className={styles.muted} data-testid="console-seats-meaning">
            {full ? t('console.seats.full', { max: list.seats.max }) : t('console.seats.meaning', { max: list.seats.max, general, left })}
          </span>
        </dd>
      </dl>
      {done ? (
        <MessageBar intent="success" data-testid="console-done" data-kind={done.kind}>
          <MessageBarBody>
            {done.revokedSerial && (done.kind === 'delete' || done.kind === 'reregister')
              ? t(`console.done.${done.kind}Revoked`, { loginId: done.loginId, serial: done.revokedSerial })
              : t(`console.done.${done.kind}`, { loginId: done.loginId })}
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => dispatch({ type: 'console/doneDismissed' })} data-testid="console-done-dismiss">
              {t('console.done.dismiss')}
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : null}
      {done && HANDS_OVER.has(done.kind) ? <HandOver kind={done.kind as HandOverKind} loginId={done.loginId} /> : null}
      {state.error ? (
        <ErrorPanel error={state.error} actions={<Button onClick={() => void commands.consoleRefresh()}>{t('common.retry')}</Button>} />
      ) : null}
      <div className={styles.add}>
        <Button
          appearance="primary"
          icon={<Add20Regular />}
          disabled={full || action !== null}
          onClick={() => dispatch({ type: 'console/actionOpened', kind: 'add', loginId: '' })}
          aria-describedby={full ? 'console-add-disabled' : undefined}
          data-testid="console-add"
        >
          {t('console.action.add')}
        </Button>
        {full ? (
          <Body1 id="console-add-disabled" className={styles.muted} data-testid="console-add-disabled">
            {t('console.addDisabled')}
          </Body1>
        ) : null}
      </div>
      <UsersTable
        users={list.users}
        signedInAs={list.signedInAs}
        language={language}
        busy={action?.phase === 'sending'}
        onAction={(kind, loginId) => dispatch({ type: 'console/actionOpened', kind, loginId })}
      />
      <Body1 className={styles.muted} data-testid="console-master-note">
        {t('console.masterNote', { loginId: list.signedInAs })}
      </Body1>
      <ChangeDialog
        key={dialogKey}
        action={action}
        target={target}
        existing={list.users.map((u) => u.loginId)}
        error={state.actionError}
        language={language}
        onConfirm={(input) => void commands.consoleApply(input)}
        onCancel={() => dispatch({ type: 'console/actionCancelled' })}
      />
    </Page>
  );
}

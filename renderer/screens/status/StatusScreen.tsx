// Status: what the user has on this PC and who must do what next. The shell loads the situation
// at start (App), so this screen does not ask for it again.
import { useEffect, useRef, type JSX } from 'react';
import { Button, Caption1, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwise20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useAppState, useCommands } from '../../app/context';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Page } from '../../components/Page';
import { formatDateTime } from '../../format/dates';
import { startSituationRefresh, waitsOnOthers } from '../../state/situation-refresh';
import { AutoRenewOutcome, StatusCardWithAutoRenew } from './AutoRenew';

const useStyles = makeStyles({
  footer: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
});

export function StatusScreen(): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const { phase, situation, error } = useAppState((s) => s.status);
  const language = useAppState((s) => s.settings.language);
  const commands = useCommands();
  // Re-read on focus, on coming back into view, and each minute while someone else must act:
  // the card moves on by itself once the master user (or the bank) has done their step.
  const waiting = useRef(false);
  waiting.current = waitsOnOthers(situation);
  useEffect(
    () =>
      startSituationRefresh(
        () => void commands.loadStatus(),
        () => waiting.current,
        {
          window,
          document,
          setInterval: (run, ms) => window.setInterval(run, ms),
          clearInterval: (handle) => window.clearInterval(handle as number),
        },
      ),
    [commands],
  );

  return (
    <Page title={t('status.title')} lead={t('status.lead')} testId="screen-status">
      {error ? (
        <ErrorPanel
          error={error}
          context={t('status.failed')}
          actions={
            <Button onClick={() => void commands.loadStatus()} data-testid="status-retry">
              {t('common.retry')}
            </Button>
          }
        />
      ) : null}
      {!situation && phase === 'loading' ? <Spinner label={t('status.loading')} data-testid="status-loading" /> : null}
      {situation ? (
        <>
          <AutoRenewOutcome situation={situation} language={language} />
          <StatusCardWithAutoRenew situation={situation} language={language} />
          {!situation.issuerReachable ? (
            <MessageBar intent="warning" data-testid="status-issuer-unreachable">
              <MessageBarBody>{t('status.issuerUnreachable')}</MessageBarBody>
            </MessageBar>
          ) : !situation.revocationChecked ? (
            <MessageBar intent="warning" data-testid="status-revocation-unchecked">
              <MessageBarBody>{t('status.revocationUnchecked')}</MessageBarBody>
            </MessageBar>
          ) : null}
          <div className={styles.footer}>
            <Caption1 aria-live="polite">
              {phase === 'loading' ? t('status.loading') : t('status.checkedAt', { when: formatDateTime(situation.checkedAt, language) })}
            </Caption1>
            <Button
              icon={<ArrowClockwise20Regular />}
              onClick={() => void commands.loadStatus()}
              disabled={phase === 'loading'}
              data-testid="status-refresh"
            >
              {t('status.refresh')}
            </Button>
          </div>
        </>
      ) : null}
    </Page>
  );
}

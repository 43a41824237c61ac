// Inside the renewal window with automatic renewal on: renew now without the password (the
// current certificate is the proof), then say what happened. What needs the user keeps the way
// to the password wizard; a revoked or key-less certificate is the Status card's to explain.
import type { JSX } from 'react';
import { Body1, Button, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../electron/contract/channels';
import type { AutoRenewItemView } from '../../../electron/contract/renewal';
import type { Situation } from '../../../electron/contract/situation';
import { useAppState, useCommands } from '../../app/context';
import { useActionRunner } from '../../app/actions';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Panel } from '../../components/Panel';
import { formatDate } from '../../format/dates';
import { renewalOutcome } from '../../state/renewal';

const useStyles = makeStyles({
  panel: { gap: tokens.spacingVerticalM },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

export function AutoRenewPanel({ situation, language }: { situation: Situation; language: Language }): JSX.Element | null {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const { phase, report, error } = useAppState((s) => s.renewal);
  const autoRenew = useAppState((s) => s.settings.settings?.autoRenew ?? false);
  const commands = useCommands();
  const outcome = report ? renewalOutcome(report, situation.loginId) : undefined;
  if (phase === 'failed' && error) return <ErrorPanel error={error} context={t('autoRenew.failed')} />;
  if (phase === 'done' && outcome) return <Outcome item={outcome} language={language} />;
  if (situation.kind !== 'renewal-window' || !autoRenew) return null;
  return (
    <Panel className={styles.panel} data-testid="auto-renew-panel" aria-label={t('autoRenew.title')}>
      <Body1>{t('autoRenew.lead')}</Body1>
      <div className={styles.row}>
        {phase === 'running' ? (
          <Spinner size="small" label={t('autoRenew.running')} labelPosition="after" data-testid="auto-renew-running" />
        ) : (
          <Button appearance="primary" onClick={() => void commands.renewAutomatically()} data-testid="auto-renew-start">
            {t('autoRenew.start')}
          </Button>
        )}
      </div>
    </Panel>
  );
}

function Outcome({ item, language }: { item: AutoRenewItemView; language: Language }): JSX.Element | null {
  const { t } = useTranslation('app');
  const run = useActionRunner();
  if (item.kind === 'renewed') {
    return (
      <MessageBar intent="success" layout="multiline" data-testid="auto-renew-renewed">
        <MessageBarBody>
          {t('autoRenew.renewed', { loginId: item.loginId, notAfter: formatDate(item.certificate.notAfter, language) })}
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (item.kind === 'failed') return <ErrorPanel error={item.error} context={t('autoRenew.failed')} />;
  if (item.kind !== 'needs-user') return null;
  const withPassword = item.reason !== 'revoked' && item.reason !== 'no-key';
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="auto-renew-needs-user" data-reason={item.reason}>
      <MessageBarBody>
        {t(`autoRenew.reason.${item.reason}`, { loginId: item.loginId, notAfter: formatDate(item.notAfter, language) })}
      </MessageBarBody>
      {withPassword ? (
        <Button
          onClick={() => run({ kind: item.reason === 'expired' ? 'enroll' : 'renew', loginId: item.loginId })}
          data-testid="auto-renew-with-password"
        >
          {t(item.reason === 'expired' ? 'autoRenew.enrollWithPassword' : 'autoRenew.renewWithPassword')}
        </Button>
      ) : null}
    </MessageBar>
  );
}

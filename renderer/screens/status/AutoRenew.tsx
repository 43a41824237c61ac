// Inside the renewal window with automatic renewal on: "Renew now (no password)" is the Status
// card's first step (the current certificate is the proof), the password renewal beside it; once
// run, what happened is said above the card. What needs the user keeps the way to the password
// wizard; a revoked or key-less certificate is the card's to explain.
import type { JSX } from 'react';
import { Button, MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../electron/contract/channels';
import type { AutoRenewItemView } from '../../../electron/contract/renewal';
import type { Situation } from '../../../electron/contract/situation';
import { useAppState, useCommands } from '../../app/context';
import { useActionRunner } from '../../app/actions';
import { ErrorPanel } from '../../components/ErrorPanel';
import type { NextActionsLead } from '../../components/NextActions';
import { formatDate } from '../../format/dates';
import { renewalOutcome } from '../../state/renewal';
import { StatusCard } from './StatusCard';

/** The Status card, with renewal without the password as its first step while that is on offer. */
export function StatusCardWithAutoRenew({ situation, language }: { situation: Situation; language: Language }): JSX.Element {
  return <StatusCard situation={situation} language={language} lead={useAutoRenewLead(situation)} />;
}

function useAutoRenewLead(situation: Situation): NextActionsLead | undefined {
  const { t } = useTranslation('app');
  const { phase } = useAppState((s) => s.renewal);
  const autoRenew = useAppState((s) => s.settings.settings?.autoRenew ?? false);
  const commands = useCommands();
  if (situation.kind !== 'renewal-window' || !autoRenew || phase === 'done' || phase === 'failed') return undefined;
  const element =
    phase === 'running' ? (
      <Spinner size="small" label={t('autoRenew.running')} labelPosition="after" data-testid="auto-renew-running" />
    ) : (
      <Button appearance="primary" onClick={() => void commands.renewAutomatically()} data-testid="auto-renew-start">
        {t('autoRenew.start')}
      </Button>
    );
  return { element, firstLabel: t('autoRenew.renewWithPassword'), busy: phase === 'running' };
}

/** What the renewal without the password did, above the card. */
export function AutoRenewOutcome({ situation, language }: { situation: Situation; language: Language }): JSX.Element | null {
  const { t } = useTranslation('app');
  const { phase, report, error } = useAppState((s) => s.renewal);
  if (phase === 'failed' && error) return <ErrorPanel error={error} context={t('autoRenew.failed')} />;
  const item = phase === 'done' && report ? renewalOutcome(report, situation.loginId) : undefined;
  return item ? <Outcome item={item} language={language} /> : null;
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

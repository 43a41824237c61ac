// What the situation asks for next, the same wherever it is shown (the Status card, an empty
// Certificates screen): the request to pass on when someone else must act, then the one next
// action as the primary button and the rest as secondary ones.
import type { JSX, ReactNode } from 'react';
import { Body1, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Situation } from '../../electron/contract/situation';
import { useAppState } from '../app/context';
import { ActionButton, isRunnable } from './ActionButton';
import { ContactRequest } from './ContactRequest';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  actions: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

export interface NextActionsLead {
  readonly element: ReactNode;
  /** The situation's first action's label beside it (e.g. "Renew with the password"). */
  readonly firstLabel: string;
  /** The lead is at work: the other way waits (two renewals at once would race). */
  readonly busy?: boolean;
}

export function NextActions({
  situation,
  testIdPrefix,
  actionsClassName,
  lead,
}: {
  situation: Situation;
  /**
   * A better first step the screen offers (renewal without the password): shown as the primary
   * one, the situation's first action then as a secondary button, labelled as the other way.
   */
  lead?: NextActionsLead | undefined;
  /** The test ids' prefix: `status-primary-action`, `certificates-primary-action`… */
  testIdPrefix: string;
  /** The row of buttons' frame (the Status card draws a line above it). */
  actionsClassName?: string | undefined;
}): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  // With automatic renewal on, "nothing to do" lasts: the app renews by itself when the time comes.
  const autoRenew = useAppState((s) => s.settings.settings?.autoRenew ?? false);
  const [first, ...rest] = situation.actions;
  const contact = situation.actions.find((a) => a.kind === 'contact');
  return (
    <div className={styles.stack}>
      {contact?.kind === 'contact' ? (
        <ContactRequest action={contact} loginId={situation.loginId} primary={first === contact} testIdPrefix={testIdPrefix} />
      ) : null}
      <div className={actionsClassName ?? styles.actions}>
        {lead?.element}
        {first && isRunnable(first) && lead ? (
          <ActionButton action={first} label={lead.firstLabel} disabled={lead.busy} testId={`${testIdPrefix}-action-${first.kind}`} />
        ) : first && isRunnable(first) ? (
          <ActionButton action={first} primary testId={`${testIdPrefix}-primary-action`} />
        ) : first?.kind === 'none' ? (
          <Body1 data-testid={`${testIdPrefix}-nothing-to-do`}>{t(autoRenew ? 'status.nothingToDoAutoRenew' : 'status.nothingToDo')}</Body1>
        ) : null}
        {first?.kind === 'contact' && rest.some(isRunnable) ? <Body1>{t('status.afterContact')}</Body1> : null}
        {rest.filter(isRunnable).map((action, index) => (
          <ActionButton key={`${action.kind}-${index}`} action={action} testId={`${testIdPrefix}-action-${action.kind}`} />
        ))}
      </div>
    </div>
  );
}

// A next action as a button, labelled for what it does.
import type { JSX } from 'react';
import { Button } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { NextAction } from '../../electron/contract/actions';
import { useActionRunner } from '../app/actions';

export function actionParams(action: NextAction): Record<string, string> {
  switch (action.kind) {
    case 'remove':
      return { serial: action.serial };
    case 'faq':
      return { faq: action.faq };
    case 'fix':
      return { checkId: action.checkId };
    case 'contact':
      return { actor: action.actor };
    default:
      return {};
  }
}

/** True when the action is something a button can start (not "nothing", not "ask someone"). */
export function isRunnable(action: NextAction): boolean {
  return action.kind !== 'none' && action.kind !== 'contact';
}

export function ActionButton({
  action,
  primary,
  testId,
  label,
  disabled,
}: {
  action: NextAction;
  primary?: boolean | undefined;
  testId?: string | undefined;
  /** Another label where the screen offers a better way first (renew with the password, after "renew without"). */
  label?: string | undefined;
  disabled?: boolean | undefined;
}): JSX.Element {
  const { t } = useTranslation('app');
  const run = useActionRunner();
  return (
    <Button appearance={primary ? 'primary' : 'secondary'} onClick={() => run(action)} disabled={disabled ?? false} data-testid={testId}>
      {label ?? t(`action.${action.kind}`, actionParams(action))}
    </Button>
  );
}

// Who must act, in words: the FAQ's answers differ by actor (a general user's master user, a
// master user's bank), so both are named where they differ.
import type { JSX } from 'react';
import type { Actor } from '../../electron/contract/actors';
import { useTranslation } from 'react-i18next';

export function ActorText({ actor, actorIfMaster, testId }: { actor: Actor; actorIfMaster?: Actor | null; testId?: string }): JSX.Element {
  const { t } = useTranslation('app');
  const who = t(`actor.${actor}`);
  const text = actorIfMaster && actorIfMaster !== actor ? t('actor.withMaster', { who, whoForMaster: t(`actor.${actorIfMaster}`) }) : who;
  return <span data-testid={testId}>{text}</span>;
}

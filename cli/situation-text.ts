// The situation and its next actions as terminal lines: every action that is a command is
// printed as the command to type, with the login ID or serial filled in.
import type { TFunction } from 'i18next';
import type { NextAction } from '../electron/contract/actions';
import type { Actor } from '../electron/contract/actors';
import type { Situation } from '../electron/contract/situation';
import { formatDate } from './format';

/** "Title: explanation", each action on its own line, who acts, and the FAQ entries. */
export function situationLines(situation: Situation, t: TFunction): string[] {
  const certificate = situation.certificate;
  const params = {
    loginId: situation.loginId ?? '',
    notAfter: certificate ? formatDate(new Date(certificate.notAfter)) : '',
    notBefore: certificate ? formatDate(new Date(certificate.notBefore)) : '',
    daysLeft: certificate?.daysLeft ?? '',
  };
  return [
    t('situation.line', {
      title: t(`situation:kind.${situation.kind}.title`),
      body: t(`situation:kind.${situation.kind}.body`, params),
    }),
    ...actionLines(situation.actions, t),
    ...actorLines(situation.actor, situation.actorIfMaster, t),
    ...(situation.faq.length > 0 ? [t('error.faq', { faq: situation.faq.join(', ') })] : []),
  ];
}

export function actionLines(actions: readonly NextAction[], t: TFunction): string[] {
  return actions.map((action) => `  → ${actionText(action, t)}`);
}

export function actorLines(actor: Actor, actorIfMaster: Actor | null, t: TFunction): string[] {
  if (actor === 'none') return [];
  const name = t(`situation:actor.${actor}`);
  if (!actorIfMaster) return [t('situation.actor', { actor: name })];
  return [t('situation.actorWithMaster', { actor: name, ifMaster: t(`situation:actor.${actorIfMaster}`) })];
}

/** One action in words, followed by the command that does it where there is one. */
export function actionText(action: NextAction, t: TFunction): string {
  const withCommand = (command: string) => t('situation.withCommand', { action: t(`situation:action.${action.kind}`, action), command });
  switch (action.kind) {
    case 'enroll':
    case 'reissue':
      return withCommand(t('command.enroll', { loginId: action.loginId ?? t('command.loginIdPlaceholder') }));
    case 'renew':
      return withCommand(t('command.renew', { loginId: action.loginId }));
    case 'remove':
      return withCommand(t('command.remove', { serial: action.serial }));
    case 'fix':
      return withCommand(t('command.fix', { checkId: action.checkId }));
    case 'diagnose':
      return withCommand(t('command.diagnose'));
    case 'contact':
      return t(`situation:action.contact.${action.reason}`);
    case 'faq':
      return t('situation:action.faq', { faq: action.faq });
    default:
      return t('situation:action.none');
  }
}

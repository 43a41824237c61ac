// The situation and its next actions as terminal lines: every action that is a command is
// printed as the command to type, with the login ID or serial filled in. Each thing is said
// once: the explanation says what is the matter, the actions what to do, the actor line who.
import type { TFunction } from 'i18next';
import type { NextAction } from '../electron/contract/actions';
import type { Actor } from '../electron/contract/actors';
import type { Situation } from '../electron/contract/situation';
import { formatDate } from './format';

/** Where an action line's command starts: under the action's text, to be copied as it is. */
const COMMAND_INDENT = '      ';

/** "Title: explanation", each action with its command on the next line, who acts, and the FAQ entries. */
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
    ...(namesItsActor(situation.actions) ? [] : actorLines(situation.actor, situation.actorIfMaster, t)),
    ...faqLines(situation.faq, situation.actions, t),
  ];
}

/**
 * The texts to pass on when someone else must act (P10): what a general user sends to the master
 * user, and what a master user sends to the bank (login ID, the certificate's serial, the reason).
 * The CLI cannot know the role without the issuer, so both are printed, each labelled. For a
 * valid certificate, how moving to a new PC goes (P11). Nothing secret in either.
 */
export function requestLines(situation: Situation, t: TFunction): string[] {
  const contact = situation.actions.find((a) => a.kind === 'contact');
  if (contact?.kind === 'contact' && contact.actor === 'master' && situation.loginId !== null) {
    return contactRequestLines(contact.reason, situation.loginId, contact.serial, t);
  }
  if ((situation.kind === 'valid' || situation.kind === 'renewal-window') && situation.certificate) return [t('situation.moving')];
  return [];
}

/** The two requests for one reason (lost, no-key, revoked, moving, locked), quoted and indented. */
export function contactRequestLines(reason: string, loginId: string, serial: string | undefined, t: TFunction): string[] {
  const params = { loginId, serial: serial ?? t('app:contact.serialUnknown') };
  const toMaster = `app:contact.toMaster.${reason}`;
  const toBank = `app:contact.toBank.${reason}`;
  const lines: string[] = [];
  if (t(toMaster, { defaultValue: '' }) !== '') lines.push(t('situation.request.toMaster'), `${QUOTE_INDENT}${t(toMaster, params)}`);
  if (t(toBank, { defaultValue: '' }) !== '') lines.push(t('situation.request.toBank'), `${QUOTE_INDENT}${t(toBank, params)}`);
  return lines;
}

/** Where a request to pass on starts: set apart from the advice, to be copied as it is. */
const QUOTE_INDENT = '    ';

/** Each action as `  → text`, and its command, if it has one, on the line below. */
export function actionLines(actions: readonly NextAction[], t: TFunction): string[] {
  return actions.flatMap((action) => {
    const { text, command } = actionParts(action, t);
    return [`  → ${text}`, ...(command ? [`${COMMAND_INDENT}${command}`] : [])];
  });
}

/** A first action that asks someone (the master user, IT) names them already: no "who acts" line. */
export function namesItsActor(actions: readonly NextAction[]): boolean {
  return actions[0]?.kind === 'contact';
}

export function actorLines(actor: Actor, actorIfMaster: Actor | null, t: TFunction): string[] {
  if (actor === 'none') return [];
  const name = t(`situation:actor.${actor}`);
  if (!actorIfMaster) return [t('situation.actor', { actor: name })];
  return [t('situation.actorWithMaster', { actor: name, ifMaster: t(`situation:actor.${actorIfMaster}`) })];
}

/** The FAQ entries, except those an action already points to. */
function faqLines(faq: readonly string[], actions: readonly NextAction[], t: TFunction): string[] {
  const pointedTo = new Set(actions.flatMap((a) => (a.kind === 'faq' ? [a.faq] : [])));
  const rest = faq.filter((f) => !pointedTo.has(f));
  return rest.length > 0 ? [t('error.faq', { faq: rest.join(', ') })] : [];
}

/** One action in words, and the command that does it where there is one. */
function actionParts(action: NextAction, t: TFunction): { text: string; command?: string } {
  const words = (): string => t(`situation:action.${action.kind}`, action);
  switch (action.kind) {
    case 'enroll':
    case 'reissue':
      return { text: words(), command: t('command.enroll', { loginId: action.loginId ?? t('command.loginIdPlaceholder') }) };
    case 'renew':
      return { text: words(), command: t('command.renew', { loginId: action.loginId }) };
    case 'remove':
      return { text: words(), command: t('command.remove', { serial: action.serial }) };
    case 'fix':
      return { text: words(), command: t('command.fix', { checkId: action.checkId }) };
    case 'diagnose':
      return { text: words(), command: t('command.diagnose') };
    case 'choose':
      // The situation cannot say which certificate to keep; `--login-id` can.
      return { text: t('situation.chooseLoginId'), command: t('command.status', { loginId: t('command.loginIdPlaceholder') }) };
    case 'contact':
      return { text: t(`situation:action.contact.${action.reason}`) };
    case 'faq':
      return { text: t('situation:action.faq', { faq: action.faq }) };
    default:
      return { text: t('situation:action.none') };
  }
}

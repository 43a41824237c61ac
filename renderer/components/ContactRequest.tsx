// When someone else must act (the master user, the bank, IT): what to ask them, ready to copy.
// The app cannot know whether the user is a general user or the master user without the issuer
// (P10), so for the master user's step the user says which they are: a general user gets the
// text to send to the master user, the master user a request for the bank (login ID, the
// certificate's serial, the reason). When the master user is at this PC, the console does the
// step right here.
import { useState, type JSX } from 'react';
import { Button, Caption1, Field, Radio, RadioGroup, makeStyles, tokens } from '@fluentui/react-components';
import { PersonKey20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { NextAction } from '../../electron/contract/actions';
import { contactReason, firstText } from '../i18n/texts';
import { CopyableText } from './CopyableText';
import type { ConsoleStep } from '../../electron/contract/console';
import { consoleHash } from '../state/navigation';

type ContactAction = Extract<NextAction, { kind: 'contact' }>;
type Role = 'general' | 'master';

/** The console's step for the master user's part of each reason. */
const CONSOLE_STEP: Readonly<Record<string, ConsoleStep>> = {
  lost: 'reregister',
  'no-key': 'reregister',
  revoked: 'reregister',
  moving: 'reregister',
  locked: 'unlock',
};

export function consoleLink(reason: string, loginId: string): string | undefined {
  const step = CONSOLE_STEP[reason];
  return step ? consoleHash(step, loginId) : undefined;
}

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  hint: { color: tokens.colorNeutralForeground2 },
});

export function ContactRequest({
  action,
  loginId,
  primary,
  testIdPrefix,
  showReason = true,
}: {
  action: ContactAction;
  loginId: string | null;
  primary: boolean;
  /** `status` on the Status card (`status-contact`, `status-primary-action`…), `certificates` on an empty list. */
  testIdPrefix: string;
  /** False where the screen already says what to ask (the moving guide, the wizard's error). */
  showReason?: boolean;
}): JSX.Element {
  const { t, i18n } = useTranslation('app');
  const styles = useStyles();
  const [role, setRole] = useState<Role>('general');
  const params = { loginId: loginId ?? t('status.loginIdUnknown'), serial: action.serial ?? t('contact.serialUnknown') };
  const reason = showReason ? contactReason(i18n, action.reason, params) : undefined;
  // The master user's step: a text for each role. Otherwise (IT, the clock) the one request.
  const byRole = action.actor === 'master' && i18n.exists(`contact.toMaster.${action.reason}`, { ns: 'app' });
  const request = byRole
    ? t(`contact.${role === 'general' ? 'toMaster' : 'toBank'}.${action.reason}`, params)
    : (firstText(i18n, [`app:contact.request.${action.reason}`], params) ??
      t('contact.request.generic', { ...params, reason: action.reason }));
  const caption = byRole ? t(role === 'general' ? 'contact.label.toMaster' : 'contact.label.toBank') : t(`contact.label.${action.actor}`);
  const console = byRole && role === 'general' && loginId ? consoleLink(action.reason, loginId) : undefined;
  return (
    <div className={styles.box} data-testid={`${testIdPrefix}-contact`} data-role={byRole ? role : undefined}>
      {reason ? <div>{reason}</div> : null}
      {byRole ? (
        <Field label={t('contact.role.label')}>
          <RadioGroup
            layout="horizontal"
            value={role}
            onChange={(_, data) => {
              setRole(data.value === 'master' ? 'master' : 'general');
            }}
          >
            <Radio value="general" label={t('contact.role.general')} data-testid={`${testIdPrefix}-contact-role-general`} />
            <Radio value="master" label={t('contact.role.master')} data-testid={`${testIdPrefix}-contact-role-master`} />
          </RadioGroup>
        </Field>
      ) : null}
      <CopyableText
        caption={caption}
        text={request}
        copyLabel={t('contact.copy')}
        copiedLabel={t('contact.copied')}
        primary={primary}
        textTestId={`${testIdPrefix}-contact-text`}
        copyTestId={primary ? `${testIdPrefix}-primary-action` : `${testIdPrefix}-contact-copy`}
      />
      {console ? (
        <div className={styles.row}>
          <Button as="a" href={console} icon={<PersonKey20Regular />} data-testid={`${testIdPrefix}-contact-console`}>
            {t('contact.masterHere')}
          </Button>
          <Caption1 className={styles.hint}>{t('contact.masterHereHint')}</Caption1>
        </div>
      ) : null}
    </div>
  );
}

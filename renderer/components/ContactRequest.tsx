// When someone else must act (the master user, the bank, IT): what to ask them, ready to copy.
import { useState, type JSX } from 'react';
import { Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { Copy20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { NextAction } from '../../electron/contract/actions';
import { contactReason, firstText } from '../i18n/texts';

type ContactAction = Extract<NextAction, { kind: 'contact' }>;

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
  figure: { margin: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  caption: { fontWeight: tokens.fontWeightSemibold },
  // The text to pass on, set apart like a quotation; selectable for copying by hand.
  request: {
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorBrandStroke1}`,
    userSelect: 'text',
  },
});

export function ContactRequest({
  action,
  loginId,
  primary,
  testIdPrefix,
}: {
  action: ContactAction;
  loginId: string | null;
  primary: boolean;
  /** `status` on the Status card (`status-contact`, `status-primary-action`…), `certificates` on an empty list. */
  testIdPrefix: string;
}): JSX.Element {
  const { t, i18n } = useTranslation('app');
  const styles = useStyles();
  const [copied, setCopied] = useState(false);
  const params = { loginId: loginId ?? t('status.loginIdUnknown') };
  const reason = contactReason(i18n, action.reason, params);
  const request =
    firstText(i18n, [`app:contact.request.${action.reason}`], params) ?? t('contact.request.generic', { ...params, reason: action.reason });
  const copy = (): void => {
    void navigator.clipboard?.writeText(request).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className={styles.box} data-testid={`${testIdPrefix}-contact`}>
      {reason ? <div>{reason}</div> : null}
      <figure className={styles.figure}>
        <figcaption className={styles.caption}>{t(`contact.label.${action.actor}`)}</figcaption>
        <blockquote className={styles.request} data-testid={`${testIdPrefix}-contact-text`}>
          {request}
        </blockquote>
      </figure>
      <div className={styles.row}>
        <Button
          appearance={primary ? 'primary' : 'secondary'}
          icon={<Copy20Regular />}
          onClick={copy}
          data-testid={primary ? `${testIdPrefix}-primary-action` : `${testIdPrefix}-contact-copy`}
        >
          {t('contact.copy')}
        </Button>
        <Caption1 role="status">{copied ? t('contact.copied') : ''}</Caption1>
      </div>
    </div>
  );
}

// After a change that gives a user a password (add, re-register, reset): what the master tells
// that user. The login ID and the next step, as a text to copy; the password itself is never
// shown again and never part of the text (it goes by another way, to that user alone).
import { useState, type JSX } from 'react';
import { Button, Caption1, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { Copy20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';

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
  heading: { ...typographyStyles.subtitle2, margin: 0, outlineStyle: 'none' },
  steps: {
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  figure: { margin: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  caption: { fontWeight: tokens.fontWeightSemibold },
  text: {
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorBrandStroke1}`,
    userSelect: 'text',
  },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

export type HandOverKind = 'add' | 'reregister' | 'reset-password';

export function HandOver({ kind, loginId }: { kind: HandOverKind; loginId: string }): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const [copied, setCopied] = useState(false);
  const text = t(`console.handOver.text.${kind}`, { loginId });
  const copy = (): void => {
    void navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <section className={styles.box} aria-labelledby="console-hand-over-title" data-testid="console-hand-over" data-kind={kind}>
      <h2 id="console-hand-over-title" className={styles.heading} tabIndex={-1}>
        {t('console.handOver.title', { loginId })}
      </h2>
      <ol className={styles.steps}>
        <li data-testid="console-hand-over-login-id">{t('console.handOver.loginId', { loginId })}</li>
        <li>{t('console.handOver.password')}</li>
        <li>{t(`console.handOver.next.${kind}`)}</li>
      </ol>
      <figure className={styles.figure}>
        <figcaption className={styles.caption}>{t('console.handOver.textLabel')}</figcaption>
        <blockquote className={styles.text} data-testid="console-hand-over-text">
          {text}
        </blockquote>
      </figure>
      <div className={styles.row}>
        <Button icon={<Copy20Regular />} onClick={copy} data-testid="console-hand-over-copy">
          {t('console.handOver.copy')}
        </Button>
        <Caption1 role="status">{copied ? t('console.handOver.copied') : ''}</Caption1>
      </div>
    </section>
  );
}

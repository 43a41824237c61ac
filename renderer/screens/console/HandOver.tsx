// After a change that gives a user a password (add, re-register, reset): what the master tells
// that user. The login ID and the next step, as a text to copy; the password itself is never
// shown again and never part of the text (it goes by another way, to that user alone).
import type { JSX } from 'react';
import { makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { CopyableText } from '../../components/CopyableText';

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
});

export type HandOverKind = 'add' | 'reregister' | 'reset-password';

export function HandOver({ kind, loginId }: { kind: HandOverKind; loginId: string }): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const text = t(`console.handOver.text.${kind}`, { loginId });
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
      <CopyableText
        caption={t('console.handOver.textLabel')}
        text={text}
        copyLabel={t('console.handOver.copy')}
        copiedLabel={t('console.handOver.copied')}
        textTestId="console-hand-over-text"
        copyTestId="console-hand-over-copy"
      />
    </section>
  );
}

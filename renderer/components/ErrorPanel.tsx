// Every error a user sees: its code, a plain explanation, who must act, the next step and the
// FAQ entries. The code is quoted to the bank only where the bank must act.
import type { JSX, ReactNode } from 'react';
import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../electron/contract/result';
import { errorExplanation, errorNextStep } from '../i18n/texts';
import { ActorText } from './ActorText';
import { FaqLinks } from './FaqLinks';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingBlock: tokens.spacingVerticalS },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    margin: 0,
  },
  term: { fontWeight: tokens.fontWeightSemibold },
  value: { margin: 0, overflowWrap: 'anywhere' },
  code: { fontFamily: tokens.fontFamilyMonospace },
  wrapper: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  // The way on (retry) as a full-size button under the panel, not a small one inside it.
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
});

export interface ErrorPanelProps {
  readonly error: AppError;
  /** What the user was doing, e.g. "The certificate could not be obtained." */
  readonly context?: string | undefined;
  readonly actions?: ReactNode;
}

export function ErrorPanel({ error, context, actions }: ErrorPanelProps): JSX.Element {
  const { t, i18n } = useTranslation('app');
  const styles = useStyles();
  const explanation = errorExplanation(i18n, error) ?? t('errorPanel.unknown', { code: error.code });
  return (
    <div className={styles.wrapper}>
      <MessageBar intent="error" layout="multiline" data-testid="error-panel" role="alert">
        <MessageBarBody className={styles.body}>
          <MessageBarTitle>{context ?? t('errorPanel.title')}</MessageBarTitle>
          <div data-testid="error-explanation">{explanation}</div>
          <dl className={styles.facts}>
            <dt className={styles.term}>{t('errorPanel.code')}</dt>
            <dd className={styles.value}>
              <span className={styles.code} data-testid="error-code">
                {error.code}
              </span>
            </dd>
            <dt className={styles.term}>{t('errorPanel.actor')}</dt>
            <dd className={styles.value}>
              <ActorText actor={error.actor} actorIfMaster={error.actor === 'master' ? 'bank' : null} testId="error-actor" />
            </dd>
            <dt className={styles.term}>{t('errorPanel.next')}</dt>
            <dd className={styles.value} data-testid="error-next">
              {errorNextStep(i18n, error)}
              {error.actor === 'bank' ? ` ${t('errorPanel.quoteCode', { code: error.code })}` : ''}
            </dd>
          </dl>
          <FaqLinks refs={error.faq} testId="error-faq" always />
        </MessageBarBody>
      </MessageBar>
      {actions ? <div className={styles.actions}>{actions}</div> : null}
    </div>
  );
}

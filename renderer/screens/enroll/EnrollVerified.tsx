// The wizard's last step: the certificate is installed and verified in the store.
import type { JSX } from 'react';
import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useAppState } from '../../app/context';
import { FaqLinks } from '../../components/FaqLinks';
import { formatDateTime } from '../../format/dates';
import { storeLocation } from '../../format/store-location';
import type { EnrollmentResult } from '../../state/enrollment';

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
});

export function EnrollVerified({ result }: { result: EnrollmentResult }): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const language = useAppState((s) => s.settings.language);
  const { certificate } = result;
  return (
    <MessageBar intent="success" layout="multiline" data-testid="enroll-verified">
      <MessageBarBody className={styles.body}>
        <MessageBarTitle>{t(`enroll.verified_${result.operation}`)}</MessageBarTitle>
        <dl className={styles.facts}>
          <dt className={styles.term}>{t('status.loginId')}</dt>
          <dd className={styles.value} data-testid="enroll-verified-login-id">
            {result.loginId}
          </dd>
          <dt className={styles.term}>{t('status.validTo')}</dt>
          <dd className={styles.value}>{formatDateTime(certificate.notAfter, language)}</dd>
          <dt className={styles.term}>{t('status.daysLeftLabel')}</dt>
          <dd className={styles.value} data-testid="enroll-verified-days-left">
            {t('status.daysLeft', { count: certificate.daysLeft })}
          </dd>
          <dt className={styles.term}>{t('enroll.storeLocation')}</dt>
          <dd className={styles.value}>{t(`store.${result.store.kind}`, { location: storeLocation(result.store) })}</dd>
          {result.removedSerials.length > 0 ? (
            <>
              <dt className={styles.term}>{t('enroll.removedOld')}</dt>
              <dd className={styles.value}>{result.removedSerials.join(', ')}</dd>
            </>
          ) : null}
        </dl>
        <div>{result.resumed ? t('enroll.resumed') : null}</div>
        <div>{t('enroll.closeBrowsers')}</div>
        <FaqLinks refs={['Q17']} />
      </MessageBarBody>
    </MessageBar>
  );
}

// One certificate of this system: whose, its state, validity, serial and thumbprint as Windows shows it.
import type { JSX } from 'react';
import { Badge, Button, Subtitle2, makeStyles, mergeClasses, tokens, type BadgeProps } from '@fluentui/react-components';
import { Delete20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../electron/contract/channels';
import type { CertificateStateName, CertificateView } from '../../../electron/contract/situation';
import { Panel } from '../../components/Panel';
import { daysFact, formatDateTime } from '../../format/dates';
import { formatThumbprint } from '../../format/thumbprint';

export const STATE_COLOR: Record<CertificateStateName, NonNullable<BadgeProps['color']>> = {
  valid: 'success',
  expiring: 'warning',
  expired: 'danger',
  'not-yet-valid': 'warning',
  revoked: 'danger',
  'no-key': 'danger',
};

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL },
  top: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  heading: { margin: 0 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalXL}`,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  actions: { display: 'flex', justifyContent: 'flex-end' },
});

export function CertificateCard({
  certificate,
  checkedAt,
  language,
  onRemove,
}: {
  certificate: CertificateView;
  /** When the list was read: the days left count from then. */
  checkedAt: string;
  language: Language;
  onRemove: () => void;
}): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const serial = certificate.serialNumber;
  const headingId = `certificate-${serial}-heading`;
  const days = daysFact(certificate, checkedAt);
  return (
    <Panel className={styles.card} data-testid={`certificate-row-${serial}`} data-state={certificate.state} aria-labelledby={headingId}>
      <div className={styles.top}>
        <Subtitle2 as="h2" id={headingId} className={styles.heading}>
          {certificate.loginId ?? certificate.subject}
        </Subtitle2>
        <Badge appearance="filled" color={STATE_COLOR[certificate.state]} data-testid={`certificate-state-${serial}`}>
          {t(`certificateState.${certificate.state}`)}
        </Badge>
      </div>
      <dl className={styles.facts}>
        <dt className={styles.term}>{t('certificates.validFrom')}</dt>
        <dd className={styles.value}>{formatDateTime(certificate.notBefore, language)}</dd>
        <dt className={styles.term}>{t('certificates.validTo')}</dt>
        <dd className={styles.value} data-testid={`certificate-expiry-${serial}`}>
          {formatDateTime(certificate.notAfter, language)}
          {days ? ` (${t(days.kind === 'left' ? 'status.daysLeft' : 'status.daysPast', { count: days.count })})` : null}
        </dd>
        <dt className={styles.term}>{t('certificates.serial')}</dt>
        <dd className={mergeClasses(styles.value, styles.mono)}>{serial}</dd>
        <dt className={styles.term}>{t('certificates.thumbprint')}</dt>
        <dd className={mergeClasses(styles.value, styles.mono)} data-testid={`certificate-thumbprint-${serial}`}>
          {formatThumbprint(certificate.thumbprint)}
        </dd>
        <dt className={styles.term}>{t('certificates.privateKey')}</dt>
        <dd className={styles.value}>{certificate.hasPrivateKey ? t('certificates.keyPresent') : t('certificates.keyMissing')}</dd>
        <dt className={styles.term}>{t('certificates.issuer')}</dt>
        <dd className={styles.value}>{certificate.issuer}</dd>
      </dl>
      <div className={styles.actions}>
        <Button
          icon={<Delete20Regular />}
          onClick={onRemove}
          aria-label={t('certificates.removeLabel', { name: certificate.loginId ?? certificate.subject, serial })}
          data-testid={`certificate-remove-${serial}`}
        >
          {t('certificates.remove')}
        </Button>
      </div>
    </Panel>
  );
}

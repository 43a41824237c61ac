// The situation as a card: whose, the certificate's validity and days left, a badge, who must act
// and the ONE next action as the primary button (the rest as secondary ones).
import type { JSX } from 'react';
import { Badge, Body1, Subtitle1, makeStyles, tokens, type BadgeProps } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../electron/contract/channels';
import type { Situation, SituationKind } from '../../../electron/contract/situation';
import { ActorText } from '../../components/ActorText';
import { FaqLinks } from '../../components/FaqLinks';
import { NextActions, type NextActionsLead } from '../../components/NextActions';
import { Panel } from '../../components/Panel';
import { daysFact, formatDate, formatDateTime, type DaysFact } from '../../format/dates';
import { situationExplanation } from '../../i18n/texts';
import { listOfLoginIds, loginIdsShown } from './card-facts';
import { MovingGuide } from './MovingGuide';

const BADGE_COLOR: Record<SituationKind, NonNullable<BadgeProps['color']>> = {
  'no-certificate': 'informative',
  valid: 'success',
  'renewal-window': 'warning',
  expired: 'danger',
  revoked: 'danger',
  'no-key': 'danger',
  lost: 'danger',
  'other-user': 'warning',
  'several-usable': 'warning',
  'not-yet-valid': 'warning',
  undetermined: 'informative',
  reregistered: 'brand',
};

const useStyles = makeStyles({
  card: { gap: tokens.spacingVerticalL },
  top: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  headline: { margin: 0 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  days: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  pastDays: {
    display: 'block',
    marginTop: tokens.spacingVerticalXS,
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
  },
  // Japanese lines break between phrases (文節), not inside a word such as "電子証明書".
  explanation: { wordBreak: 'auto-phrase' },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    paddingTop: tokens.spacingVerticalM,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
});

export function StatusCard({
  situation,
  language,
  lead,
}: {
  situation: Situation;
  language: Language;
  /** A better first step than the situation's own (renewal without the password). */
  lead?: NextActionsLead | undefined;
}): JSX.Element {
  const { t, i18n } = useTranslation('app');
  const styles = useStyles();
  const { kind, certificate } = situation;
  const params = {
    loginId: situation.loginId ?? t('status.loginIdUnknown'),
    daysLeft: certificate?.daysLeft ?? '',
    notAfter: certificate?.notAfter ?? '',
    notBefore: certificate?.notBefore ?? '',
  };
  const explanation = situationExplanation(i18n, kind, params);
  const loginIds = loginIdsShown(situation);
  return (
    <Panel className={styles.card} data-testid="status-card" data-situation={kind} aria-labelledby="status-headline">
      <div className={styles.top}>
        <Subtitle1 as="h2" id="status-headline" className={styles.headline} data-testid="status-headline">
          {t(`status.headline.${kind}`)}
        </Subtitle1>
        <Badge size="large" appearance="filled" color={BADGE_COLOR[kind]} data-testid="status-badge">
          {t(`status.badge.${kind}`)}
        </Badge>
      </div>
      <Body1 className={styles.explanation} data-testid="status-explanation">
        {explanation ?? t('status.noExplanation', { kind })}
      </Body1>
      <dl className={styles.facts}>
        {loginIds.length > 0 ? (
          <>
            {/* No row at all before any certificate: "(unknown)" would read as something to check. */}
            <dt className={styles.term}>{t('status.loginId')}</dt>
            <dd className={styles.value} data-testid="status-login-id">
              {listOfLoginIds(loginIds, language)}
            </dd>
          </>
        ) : null}
        <CertificateFacts situation={situation} language={language} />
        <dt className={styles.term}>{t('status.actor')}</dt>
        <dd className={styles.value}>
          <ActorText actor={situation.actor} actorIfMaster={situation.actorIfMaster} testId="status-actor" />
        </dd>
      </dl>
      <NextActions situation={situation} testIdPrefix="status" actionsClassName={styles.actions} lead={lead} />
      <MovingGuide situation={situation} />
      <FaqLinks refs={situation.faq} testId="status-faq" />
    </Panel>
  );
}

/** The certificate's rows of the card: valid from and to, days left (or since expiry), when renewal opens. */
function CertificateFacts({ situation, language }: { situation: Situation; language: Language }): JSX.Element | null {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const { kind, certificate } = situation;
  // Re-registered: the certificate on this PC is the revoked one; its dates would read as the new one's.
  if (!certificate || kind === 'reregistered') return null;
  const days = daysFact(certificate, situation.checkedAt);
  return (
    <>
      <dt className={styles.term}>{t('status.validFrom')}</dt>
      <dd className={styles.value} data-testid="status-valid-from">
        {formatDateTime(certificate.notBefore, language)}
      </dd>
      <dt className={styles.term}>{t('status.validTo')}</dt>
      <dd className={styles.value}>
        <span data-testid="status-valid-to">{formatDateTime(certificate.notAfter, language)}</span>
        {/* Past expiry, how long ago belongs to the expiry date: a "days left" row would mislabel it. */}
        {days?.kind === 'past' ? <DaysText days={days} className={styles.pastDays} /> : null}
      </dd>
      {days?.kind === 'left' ? (
        <>
          <dt className={styles.term}>{t('status.daysLeftLabel')}</dt>
          <dd className={styles.value}>
            <DaysText days={days} className={styles.days} />
          </dd>
        </>
      ) : null}
      {kind === 'valid' ? (
        <>
          <dt className={styles.term}>{t('status.renewalOpens')}</dt>
          <dd className={styles.value}>{formatDate(certificate.renewalOpensAt, language)}</dd>
        </>
      ) : null}
    </>
  );
}

/** The days left, or the days since expiry, in the card's large type. */
function DaysText({ days, className }: { days: DaysFact; className: string }): JSX.Element {
  const { t } = useTranslation('app');
  return (
    <span className={className} data-testid="status-days-left" data-days={days.kind === 'left' ? days.count : -days.count}>
      {days.kind === 'left' ? t('status.daysLeft', { count: days.count }) : t('status.daysPast', { count: days.count })}
    </span>
  );
}

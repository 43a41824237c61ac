// Moving to a new PC (P11, Q14, Q23), offered beside a certificate that works: the certificate is
// one per user, so the old one is revoked and a new one obtained on the new PC. For a general
// user the master user deletes and re-registers the login ID; a master user asks the bank. The
// guide says so and hands over the request to send, as the other recovery paths do.
import { useState, type JSX } from 'react';
import { Body1, Button, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowRight20Regular, Dismiss20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { Situation } from '../../../electron/contract/situation';
import { ContactRequest } from '../../components/ContactRequest';

const useStyles = makeStyles({
  guide: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    paddingTop: tokens.spacingVerticalM,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  heading: { margin: 0 },
  body: { wordBreak: 'auto-phrase' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
});

/** Only for a certificate that can log in: otherwise the situation's own path comes first. */
export function movesOn(situation: Situation): boolean {
  return (situation.kind === 'valid' || situation.kind === 'renewal-window') && situation.certificate !== null;
}

export function MovingGuide({ situation }: { situation: Situation }): JSX.Element | null {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  if (!movesOn(situation)) return null;
  if (!open) {
    return (
      <div className={styles.row}>
        <Button appearance="subtle" icon={<ArrowRight20Regular />} onClick={() => setOpen(true)} data-testid="status-moving">
          {t('status.moving.button')}
        </Button>
      </div>
    );
  }
  return (
    <section className={styles.guide} aria-labelledby="status-moving-title" data-testid="status-moving-guide">
      <Subtitle2 as="h3" id="status-moving-title" className={styles.heading}>
        {t('status.moving.title')}
      </Subtitle2>
      <Body1 className={styles.body}>{t('status.moving.body')}</Body1>
      <ContactRequest
        action={{ kind: 'contact', actor: 'master', reason: 'moving', serial: situation.certificate?.serialNumber }}
        loginId={situation.loginId}
        primary={false}
        showReason={false}
        testIdPrefix="status-moving"
      />
      <div className={styles.row}>
        <Button appearance="subtle" icon={<Dismiss20Regular />} onClick={() => setOpen(false)} data-testid="status-moving-close">
          {t('status.moving.close')}
        </Button>
      </div>
    </section>
  );
}

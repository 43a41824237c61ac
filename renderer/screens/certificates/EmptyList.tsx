// No certificate of this system on this PC. What to do next is the situation's to say, not this
// screen's: right after a removal the certificate is still active at the issuer (lost), and
// obtaining one would be refused; the master user must act first (Q11). So the empty list offers
// what the Status card offers, with who must act.
import type { JSX } from 'react';
import { Body1, Button, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { navigate, useAppState } from '../../app/context';
import { ActorText } from '../../components/ActorText';
import { NextActions } from '../../components/NextActions';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  actor: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  term: { color: tokens.colorNeutralForeground2 },
});

export function EmptyList(): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const { phase, situation } = useAppState((s) => s.status);
  return (
    <div className={styles.stack}>
      <MessageBar intent="info" data-testid="certificates-empty">
        <MessageBarBody>{t('certificates.empty')}</MessageBarBody>
      </MessageBar>
      {phase === 'loaded' && situation ? (
        <>
          <Body1 className={styles.actor}>
            <span className={styles.term}>{t('status.actor')}</span>
            <ActorText actor={situation.actor} actorIfMaster={situation.actorIfMaster} testId="certificates-actor" />
          </Body1>
          <NextActions situation={situation} testIdPrefix="certificates" />
        </>
      ) : phase === 'loading' ? (
        // The situation is being checked again (after a removal): no guess in the meantime.
        <Spinner size="small" label={t('status.loading')} labelPosition="after" />
      ) : (
        <div>
          <Button onClick={() => navigate({ screen: 'status' })} data-testid="certificates-go-status">
            {t('enroll.goStatus')}
          </Button>
        </div>
      )}
    </div>
  );
}

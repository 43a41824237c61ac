// Removing a certificate cannot be undone: the dialog says what happens next (FAQ Q11, Q15),
// which depends on whether this certificate is the one the user logs in with.
import type { JSX } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { CertificateView } from '../../../electron/contract/situation';
import { FaqLinks } from '../../components/FaqLinks';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

const USABLE = new Set(['valid', 'expiring']);

/** What removing this certificate means for the user's login. */
export function removalConsequence(certificate: CertificateView, all: readonly CertificateView[]): 'replaced' | 'unusable' | 'lose-login' {
  const sameUserUsable = all.some(
    (c) => c.serialNumber !== certificate.serialNumber && c.loginId === certificate.loginId && USABLE.has(c.state),
  );
  if (sameUserUsable) return 'replaced';
  if (certificate.state === 'expired' || certificate.state === 'revoked' || certificate.state === 'no-key') return 'unusable';
  return 'lose-login';
}

export function RemoveDialog({
  certificate,
  all,
  removing,
  onConfirm,
  onCancel,
}: {
  certificate: CertificateView | null;
  all: readonly CertificateView[];
  removing: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const consequence = certificate ? removalConsequence(certificate, all) : 'unusable';
  return (
    <Dialog open={certificate !== null} onOpenChange={(_, data) => (data.open ? undefined : onCancel())} modalType="alert">
      <DialogSurface data-testid="certificate-remove-dialog">
        <DialogBody>
          <DialogTitle>{t('removeDialog.title')}</DialogTitle>
          <DialogContent className={styles.content}>
            {certificate ? (
              <>
                <div>
                  {t('removeDialog.which', { name: certificate.loginId ?? certificate.subject })}{' '}
                  <span className={styles.mono}>{certificate.serialNumber}</span>
                </div>
                <div data-testid="certificate-remove-consequence" data-consequence={consequence}>
                  {t(`removeDialog.consequence.${consequence}`, { loginId: certificate.loginId ?? '' })}
                </div>
                <div>{t('removeDialog.irreversible')}</div>
                <FaqLinks refs={consequence === 'lose-login' ? ['Q11', 'Q13', 'Q15'] : ['Q15', 'Q17']} />
              </>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onConfirm} disabled={removing} data-testid="certificate-remove-confirm">
              {removing ? <Spinner size="tiny" label={t('removeDialog.removing')} /> : t('removeDialog.confirm')}
            </Button>
            <Button onClick={onCancel} disabled={removing} data-testid="certificate-remove-cancel">
              {t('common.cancel')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

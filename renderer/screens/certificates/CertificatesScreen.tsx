// Certificates: every certificate of this system in the store (FAQ Q15), and removal.
import { useEffect, type JSX } from 'react';
import { Body1, Button, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwise20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useAppState, useCommands, useDispatch } from '../../app/context';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Page } from '../../components/Page';
import { storeLocation } from '../../format/store-location';
import { CertificateCard } from './CertificateCard';
import { EmptyList } from './EmptyList';
import { RemoveDialog } from './RemoveDialog';

const useStyles = makeStyles({
  toolbar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  location: { overflowWrap: 'anywhere', color: tokens.colorNeutralForeground2 },
});

export function CertificatesScreen(): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const state = useAppState((s) => s.certificates);
  const language = useAppState((s) => s.settings.language);
  const commands = useCommands();
  const dispatch = useDispatch();

  useEffect(() => {
    if (state.phase === 'idle') void commands.loadCertificates();
  }, [state.phase, commands]);

  const certificates = state.list?.certificates ?? [];
  const target = state.removal ? (certificates.find((c) => c.serialNumber === state.removal?.serial) ?? null) : null;
  return (
    <Page title={t('certificates.title')} lead={t('certificates.lead')} testId="screen-certificates">
      <div className={styles.toolbar}>
        <Body1 className={styles.location} data-testid="certificates-store">
          {state.list
            ? t('certificates.storeLabel', { store: t(`store.${state.list.store.kind}`, { location: storeLocation(state.list.store) }) })
            : ''}
        </Body1>
        <Button
          icon={<ArrowClockwise20Regular />}
          onClick={() => void commands.loadCertificates()}
          disabled={state.phase === 'loading'}
          data-testid="certificates-refresh"
        >
          {t('common.refresh')}
        </Button>
      </div>
      {state.removed ? (
        <MessageBar intent="success" data-testid="certificates-removed">
          <MessageBarBody>{t('certificates.removed', { serial: state.removed })}</MessageBarBody>
        </MessageBar>
      ) : null}
      {state.removeError ? <ErrorPanel error={state.removeError} context={t('certificates.removeFailed')} /> : null}
      {state.error ? (
        <ErrorPanel
          error={state.error}
          context={t('certificates.failed')}
          actions={<Button onClick={() => void commands.loadCertificates()}>{t('common.retry')}</Button>}
        />
      ) : null}
      {state.phase === 'loading' && !state.list ? <Spinner label={t('certificates.loading')} /> : null}
      {state.list && !state.list.revocationChecked ? (
        <MessageBar intent="warning" data-testid="certificates-revocation-unchecked">
          <MessageBarBody>{t('status.revocationUnchecked')}</MessageBarBody>
        </MessageBar>
      ) : null}
      {state.list && certificates.length === 0 ? <EmptyList /> : null}
      <div className={styles.list} data-testid="certificates-list">
        {certificates.map((certificate) => (
          <CertificateCard
            key={certificate.serialNumber}
            certificate={certificate}
            checkedAt={state.list!.checkedAt}
            language={language}
            onRemove={() => dispatch({ type: 'certificates/removeAsked', serial: certificate.serialNumber })}
          />
        ))}
      </div>
      <RemoveDialog
        certificate={target}
        all={certificates}
        removing={state.removal?.phase === 'removing'}
        onConfirm={() => void commands.removeCertificate()}
        onCancel={() => dispatch({ type: 'certificates/removeCancelled' })}
      />
    </Page>
  );
}

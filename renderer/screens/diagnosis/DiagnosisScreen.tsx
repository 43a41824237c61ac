// Self-diagnosis: run every check of the FAQ, live progress per check, results grouped as
// network / certificate / Windows settings, fixes that re-check, and the masked report's export.
import type { JSX } from 'react';
import { Badge, Body1, Button, Field, ProgressBar, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownload20Regular, Stethoscope20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { CHECK_GROUPS, CHECK_STATUSES } from '../../../electron/contract/diagnosis';
import { useAppState, useCommands } from '../../app/context';
import { saveFile } from '../../app/download';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Page } from '../../components/Page';
import { checkTitle } from '../../i18n/texts';
import { groupChecks, type ExportFormat } from '../../state/diagnosis';
import { CheckResult } from './CheckResult';
import { StatusIcon } from './StatusIcon';

const useStyles = makeStyles({
  toolbar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  live: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, margin: 0, padding: 0, listStyleType: 'none' },
  liveItem: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS },
  summary: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  groupTitle: {
    margin: 0,
    paddingBottom: tokens.spacingVerticalXS,
    borderBottom: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
  },
  checks: { margin: 0, padding: 0, listStyleType: 'none' },
  exportRow: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

const SUMMARY_COLOR = { pass: 'success', warn: 'warning', fail: 'danger', error: 'danger', 'not-applicable': 'informative' } as const;

export function DiagnosisScreen(): JSX.Element {
  const { t, i18n } = useTranslation('app');
  const styles = useStyles();
  const state = useAppState((s) => s.diagnosis);
  const commands = useCommands();
  const running = state.phase === 'running';

  const exportAs = async (format: ExportFormat): Promise<void> => {
    const file = await commands.exportReport(format);
    if (file) saveFile(file);
  };

  return (
    <Page title={t('diagnosis.title')} lead={t('diagnosis.lead')} testId="screen-diagnosis">
      <div className={styles.toolbar}>
        <Button
          appearance="primary"
          icon={<Stethoscope20Regular />}
          onClick={() => void commands.runDiagnosis()}
          disabled={running}
          data-testid="diagnosis-run"
        >
          {running ? t('diagnosis.running') : state.phase === 'idle' ? t('diagnosis.run') : t('diagnosis.runAgain')}
        </Button>
      </div>
      {running ? (
        <Field
          label={state.total ? t('diagnosis.progress', { completed: state.completed, total: state.total }) : t('diagnosis.starting')}
          validationState="none"
        >
          <ProgressBar
            {...(state.total ? { value: state.completed / state.total } : {})}
            thickness="large"
            data-testid="diagnosis-progress"
          />
        </Field>
      ) : null}
      {running && state.live.length > 0 ? (
        <ul className={styles.live} aria-label={t('diagnosis.liveLabel')} data-testid="diagnosis-live">
          {state.live.map((check) => (
            <li key={check.checkId} className={styles.liveItem} data-testid={`diagnosis-live-${check.checkId}`} data-status={check.status}>
              <StatusIcon status={check.status} />
              <span>
                {checkTitle(i18n, check.checkId)} — {t(`diagnosis.status.${check.status}`)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {state.error ? <ErrorPanel error={state.error} context={t('diagnosis.failed')} /> : null}
      {state.report && state.phase === 'done' ? (
        <>
          <div className={styles.summary} data-testid="diagnosis-summary" role="status">
            {CHECK_STATUSES.filter((status) => (state.report?.summary[status] ?? 0) > 0).map((status) => (
              <Badge key={status} appearance="tint" color={SUMMARY_COLOR[status]} size="large">
                {t(`diagnosis.summary.${status}`, { count: state.report?.summary[status] ?? 0 })}
              </Badge>
            ))}
          </div>
          <ReportGroups />
          <section className={styles.group} aria-labelledby="diagnosis-export-title">
            <Subtitle2 as="h2" id="diagnosis-export-title" className={styles.groupTitle}>
              {t('diagnosis.exportTitle')}
            </Subtitle2>
            <Body1>{t('diagnosis.exportLead')}</Body1>
            <div className={styles.exportRow}>
              <Button
                icon={<ArrowDownload20Regular />}
                onClick={() => void exportAs('json')}
                disabled={state.exporting !== null}
                data-testid="diagnosis-export-json"
              >
                {t('diagnosis.exportJson')}
              </Button>
              <Button
                icon={<ArrowDownload20Regular />}
                onClick={() => void exportAs('text')}
                disabled={state.exporting !== null}
                data-testid="diagnosis-export-text"
              >
                {t('diagnosis.exportText')}
              </Button>
            </div>
            {state.exportError ? <ErrorPanel error={state.exportError} context={t('diagnosis.exportFailed')} /> : null}
          </section>
        </>
      ) : null}
    </Page>
  );
}

function ReportGroups(): JSX.Element | null {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const state = useAppState((s) => s.diagnosis);
  const commands = useCommands();
  if (!state.report) return null;
  const groups = groupChecks(state.report);
  return (
    <>
      {CHECK_GROUPS.map((group) =>
        groups[group].length === 0 ? null : (
          <section
            key={group}
            className={styles.group}
            aria-labelledby={`diagnosis-group-${group}`}
            data-testid={`diagnosis-group-${group}`}
          >
            <Subtitle2 as="h2" id={`diagnosis-group-${group}`} className={styles.groupTitle}>
              {t(`diagnosis.group.${group}`)}
            </Subtitle2>
            <ul className={styles.checks}>
              {groups[group].map((check) => (
                <CheckResult
                  key={check.id}
                  check={check}
                  fixing={state.fixing.includes(check.id)}
                  fixError={state.fixErrors[check.id]}
                  refreshing={state.refreshing}
                  onFix={() => void commands.fixCheck(check.id)}
                />
              ))}
            </ul>
          </section>
        ),
      )}
    </>
  );
}

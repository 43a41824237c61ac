// The wizard's steps, each with its state in words (not by colour alone), the current one marked.
import type { JSX } from 'react';
import { Caption1, Spinner, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CheckmarkCircle20Filled, Circle20Regular, DismissCircle20Filled, RecordStop20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { WIZARD_STEPS, type WizardStep, type WizardStepStatus } from '../../state/enrollment';

const useStyles = makeStyles({
  // One row, one equal column per step, read as a stepper in order. Letting the columns wrap left
  // the last step alone on a second row at 200% zoom; only where even that row is too narrow to
  // read (a small window at 400%), the steps stack one per line.
  list: {
    display: 'grid',
    gridTemplateColumns: `repeat(${WIZARD_STEPS.length}, minmax(0, 1fr))`,
    '@media (max-width: 480px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
    gap: tokens.spacingHorizontalS,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    paddingTop: tokens.spacingVerticalS,
    borderTop: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`,
  },
  doneItem: { borderTopColor: tokens.colorPaletteGreenBorderActive },
  activeItem: { borderTopColor: tokens.colorCompoundBrandStroke },
  failedItem: { borderTopColor: tokens.colorPaletteRedBorderActive },
  // The icon sits on the first line when a long label wraps (English, a narrow window).
  label: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalXS, overflowWrap: 'anywhere' },
  icon: { display: 'inline-flex', alignItems: 'center', justifyContent: 'center', width: '20px', height: '20px', flexShrink: 0 },
  current: { fontWeight: tokens.fontWeightSemibold },
  iconDone: { color: tokens.colorPaletteGreenForeground1, flexShrink: 0 },
  iconFailed: { color: tokens.colorPaletteRedForeground1, flexShrink: 0 },
  iconCurrent: { color: tokens.colorCompoundBrandForeground1, flexShrink: 0 },
  iconPending: { color: tokens.colorNeutralForeground3, flexShrink: 0 },
  state: { color: tokens.colorNeutralForeground2, paddingLeft: '24px' },
});

function StepIcon({ status }: { status: WizardStepStatus }): JSX.Element {
  const styles = useStyles();
  switch (status) {
    case 'done':
      return <CheckmarkCircle20Filled className={styles.iconDone} aria-hidden />;
    case 'failed':
      return <DismissCircle20Filled className={styles.iconFailed} aria-hidden />;
    case 'active':
      return <Spinner size="extra-tiny" aria-hidden />;
    case 'current':
      return <RecordStop20Regular className={styles.iconCurrent} aria-hidden />;
    case 'pending':
      return <Circle20Regular className={styles.iconPending} aria-hidden />;
  }
}

export function StepList({
  statuses,
  operation,
}: {
  statuses: Record<WizardStep, WizardStepStatus>;
  operation: 'enroll' | 'renew';
}): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  return (
    <ol className={styles.list} aria-label={t('enroll.stepsLabel')} data-testid="enroll-steps">
      {WIZARD_STEPS.map((step, index) => {
        const status = statuses[step];
        const here = status === 'active' || status === 'current';
        return (
          <li
            key={step}
            className={mergeClasses(
              styles.item,
              status === 'done' && styles.doneItem,
              here && styles.activeItem,
              status === 'failed' && styles.failedItem,
            )}
            aria-current={here ? 'step' : undefined}
            data-testid={`enroll-step-${step}`}
            data-status={status}
          >
            <span className={mergeClasses(styles.label, here && styles.current)}>
              <span className={styles.icon}>
                <StepIcon status={status} />
              </span>
              <span>
                {t('enroll.stepNumber', { number: index + 1 })} {t(`enroll.step.${step}`, { context: operation })}
              </span>
            </span>
            <Caption1 className={styles.state}>{t(`enroll.stepStatus.${status}`)}</Caption1>
          </li>
        );
      })}
    </ol>
  );
}

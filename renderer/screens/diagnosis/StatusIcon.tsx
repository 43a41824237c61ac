// A check status as an icon; the word is always shown next to it (never colour alone).
import type { JSX } from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import {
  CheckmarkCircle20Filled,
  DismissCircle20Filled,
  ErrorCircle20Filled,
  SubtractCircle20Regular,
  Warning20Filled,
} from '@fluentui/react-icons';
import type { CheckStatusName } from '../../../electron/contract/diagnosis';

const useStyles = makeStyles({
  icon: { flexShrink: 0, marginTop: '2px' },
  pass: { color: tokens.colorPaletteGreenForeground1 },
  warn: { color: tokens.colorPaletteMarigoldForeground1 },
  fail: { color: tokens.colorPaletteRedForeground1 },
  error: { color: tokens.colorPaletteRedForeground1 },
  na: { color: tokens.colorNeutralForeground3 },
});

export function StatusIcon({ status }: { status: CheckStatusName }): JSX.Element {
  const styles = useStyles();
  switch (status) {
    case 'pass':
      return <CheckmarkCircle20Filled className={mergeClasses(styles.icon, styles.pass)} aria-hidden />;
    case 'warn':
      return <Warning20Filled className={mergeClasses(styles.icon, styles.warn)} aria-hidden />;
    case 'fail':
      return <DismissCircle20Filled className={mergeClasses(styles.icon, styles.fail)} aria-hidden />;
    case 'error':
      return <ErrorCircle20Filled className={mergeClasses(styles.icon, styles.error)} aria-hidden />;
    case 'not-applicable':
      return <SubtractCircle20Regular className={mergeClasses(styles.icon, styles.na)} aria-hidden />;
  }
}

// A raised surface for one subject (the situation, one certificate). Fluent's Card brings
// selection and focus behaviour these panels do not need (about 6 KB gzip of the 250 KB budget),
// so this is the Card's look only: the same tokens, and a transparent border that forced-colors
// mode turns visible, so the panel keeps its outline in high contrast.
import type { HTMLAttributes, JSX } from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalXL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
    border: `${tokens.strokeWidthThin} solid transparent`,
  },
});

export function Panel({ className, ...props }: HTMLAttributes<HTMLElement>): JSX.Element {
  const styles = useStyles();
  return <section {...props} className={mergeClasses(styles.panel, className)} />;
}

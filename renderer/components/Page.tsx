// A screen's frame: its heading (the page's one h1, focused on arrival so a screen reader
// announces where the user is), an optional lead text, then the content.
import { useEffect, useRef, type JSX, type ReactNode } from 'react';
import { Body1, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '880px', width: '100%' },
  heading: { ...typographyStyles.title2, margin: 0, outlineStyle: 'none' },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  lead: { color: tokens.colorNeutralForeground2 },
});

export function Page({
  title,
  lead,
  testId,
  children,
}: {
  title: string;
  lead?: string;
  testId: string;
  children: ReactNode;
}): JSX.Element {
  const styles = useStyles();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Only when the user navigated here (not on the first paint, where focus stays at the top).
    if (document.activeElement && document.activeElement !== document.body) heading.current?.focus();
  }, []);
  return (
    <section className={styles.page} data-testid={testId} aria-labelledby={`${testId}-title`}>
      <header className={styles.header}>
        <h1 id={`${testId}-title`} className={styles.heading} ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {lead ? <Body1 className={styles.lead}>{lead}</Body1> : null}
      </header>
      {children}
    </section>
  );
}

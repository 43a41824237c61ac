// A text someone passes on (to the master user, the bank, a user): captioned, set apart like a
// quotation, selectable by hand, with a button that copies it and says so.
import { useState, type JSX } from 'react';
import { Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { Copy20Regular } from '@fluentui/react-icons';

const useStyles = makeStyles({
  figure: { margin: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  caption: { fontWeight: tokens.fontWeightSemibold },
  text: {
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorBrandStroke1}`,
    userSelect: 'text',
    wordBreak: 'auto-phrase',
  },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

export function CopyableText({
  caption,
  text,
  copyLabel,
  copiedLabel,
  primary = false,
  textTestId,
  copyTestId,
}: {
  caption: string;
  text: string;
  copyLabel: string;
  copiedLabel: string;
  /** The screen's one next step: the copy button is its primary button. */
  primary?: boolean;
  textTestId: string;
  copyTestId: string;
}): JSX.Element {
  const styles = useStyles();
  // Keyed by the text: "copied" belongs to the text that was copied, not to one shown since.
  const [copiedText, setCopiedText] = useState<string | null>(null);
  const copy = (): void => {
    void navigator.clipboard?.writeText(text).then(
      () => setCopiedText(text),
      () => setCopiedText(null),
    );
  };
  return (
    <>
      <figure className={styles.figure}>
        <figcaption className={styles.caption}>{caption}</figcaption>
        <blockquote className={styles.text} data-testid={textTestId}>
          {text}
        </blockquote>
      </figure>
      <div className={styles.row}>
        <Button appearance={primary ? 'primary' : 'secondary'} icon={<Copy20Regular />} onClick={copy} data-testid={copyTestId}>
          {copyLabel}
        </Button>
        <Caption1 role="status">{copiedText === text ? copiedLabel : ''}</Caption1>
      </div>
    </>
  );
}

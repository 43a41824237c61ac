// Links to the Help screen's entries: every error and result names the FAQ entries it comes from.
import type { JSX } from 'react';
import { Link, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { faqHash, routeHash } from '../state/navigation';

const useStyles = makeStyles({
  list: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  label: { marginRight: tokens.spacingHorizontalS },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline' },
});

export function FaqLinks({ refs, testId, always }: { refs: readonly string[]; testId?: string; always?: boolean }): JSX.Element | null {
  const { t } = useTranslation('app');
  const styles = useStyles();
  if (refs.length === 0) {
    // An error with no FAQ entry of its own still leads to the help.
    return always ? (
      <div className={styles.row} data-testid={testId}>
        <Link href={routeHash({ screen: 'help' })}>{t('faq.openHelp')}</Link>
      </div>
    ) : null;
  }
  return (
    <div className={styles.row} data-testid={testId}>
      <span className={styles.label}>{t('faq.related')}</span>
      <ul className={styles.list}>
        {refs.map((ref) => (
          <li key={ref}>
            <Link href={faqHash(ref)} aria-label={t('faq.open', { ref })} data-testid={`faq-link-${ref}`}>
              {t('faq.label', { ref })}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

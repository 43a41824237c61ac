// The main navigation: links to each screen (#/status …), the current one marked with
// aria-current and an indicator bar, like the left pane of Windows Settings. Links rather than a
// tab list: each screen is a place with its own address (Back works, FAQ links deep-link), and
// Fluent's TabList would cost about 8 KB gzip of the bundle budget for no extra behaviour here.
import type { JSX } from 'react';
import { Button, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import {
  Certificate20Regular,
  Home20Regular,
  PeopleTeam20Regular,
  PersonKey20Regular,
  QuestionCircle20Regular,
  Settings20Regular,
  Stethoscope20Regular,
} from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { routeHash, type Screen } from '../state/navigation';

const ITEMS: readonly { screen: Screen; icon: JSX.Element }[] = [
  { screen: 'status', icon: <Home20Regular /> },
  { screen: 'enroll', icon: <PersonKey20Regular /> },
  { screen: 'certificates', icon: <Certificate20Regular /> },
  { screen: 'diagnosis', icon: <Stethoscope20Regular /> },
  { screen: 'help', icon: <QuestionCircle20Regular /> },
  { screen: 'settings', icon: <Settings20Regular /> },
  { screen: 'console', icon: <PeopleTeam20Regular /> },
];

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, margin: 0, padding: 0, listStyleType: 'none' },
  // One row of words: icons would push the row past the width at 200% zoom; if the words still do
  // not fit (a very narrow window), the row scrolls sideways instead of taking half the screen.
  listNarrow: { flexDirection: 'row', flexWrap: 'nowrap', overflowX: 'auto', gap: 0 },
  link: {
    position: 'relative',
    width: '100%',
    justifyContent: 'flex-start',
    fontWeight: tokens.fontWeightRegular,
    minHeight: '40px',
  },
  itemNarrow: { flexShrink: 0 },
  linkNarrow: { width: 'auto', paddingInline: tokens.spacingHorizontalS, minWidth: 0 },
  current: {
    backgroundColor: tokens.colorSubtleBackgroundSelected,
    fontWeight: tokens.fontWeightSemibold,
    // The indicator bar; in forced colors a system colour keeps it visible.
    '::before': {
      content: '""',
      position: 'absolute',
      left: 0,
      top: '25%',
      height: '50%',
      width: '3px',
      borderRadius: tokens.borderRadiusCircular,
      backgroundColor: tokens.colorCompoundBrandStroke,
      '@media (forced-colors: active)': { backgroundColor: 'Highlight' },
    },
  },
  currentNarrow: {
    '::before': { left: '25%', top: 'auto', bottom: 0, width: '50%', height: '3px' },
  },
});

export function AppNav({ current, narrow }: { current: Screen; narrow: boolean }): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  return (
    <nav aria-label={t('nav.label')}>
      <ul className={mergeClasses(styles.list, narrow && styles.listNarrow)}>
        {ITEMS.map(({ screen, icon }) => {
          const selected = screen === current;
          return (
            <li key={screen} className={narrow ? styles.itemNarrow : undefined}>
              <Button
                as="a"
                href={routeHash({ screen })}
                appearance="subtle"
                icon={narrow ? null : icon}
                aria-current={selected ? 'page' : undefined}
                className={mergeClasses(
                  styles.link,
                  narrow && styles.linkNarrow,
                  selected && styles.current,
                  selected && narrow && styles.currentNarrow,
                )}
                data-testid={`nav-${screen}`}
              >
                {t(`nav.${screen}`)}
              </Button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

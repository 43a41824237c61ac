// The window: the app's name, the navigation (a vertical tab list, like Windows Settings; on a
// narrow or zoomed window it moves above the content) and the current screen.
import { Suspense, useEffect, type JSX } from 'react';
import { Spinner, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Route } from '../state/navigation';
import { AppNav } from './AppNav';
import { useAppState } from './context';
import { ErrorBoundary, type CrashLabels } from './ErrorBoundary';
import { useFirstLanguageSettled } from './first-language';
import { useFocusManagerForWindow } from './focus-manager';
import { useNarrow } from './narrow';
import { useRoute } from './route';
import {
  CertificatesScreen,
  ConsoleScreen,
  DiagnosisScreen,
  EnrollScreen,
  HelpScreen,
  SettingsScreen,
  StatusScreen,
  preloadScreensWhenIdle,
} from './screens';

const useStyles = makeStyles({
  // auto-phrase: Japanese lines break between phrases (文節), not inside a word.
  shell: { display: 'flex', minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2, wordBreak: 'auto-phrase' },
  shellNarrow: { flexDirection: 'column' },
  starting: { display: 'flex', alignItems: 'center', justifyContent: 'center', minHeight: '100vh' },
  side: {
    width: '260px',
    flexShrink: 0,
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalM}`,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  sideNarrow: {
    width: 'auto',
    borderRight: 'none',
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
  },
  // In a wide window the name and the navigation stay in view while a long screen scrolls (Help,
  // the diagnosis results), as the left pane of Windows Settings does.
  sideContent: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    position: 'sticky',
    top: tokens.spacingVerticalXL,
  },
  sideContentNarrow: { position: 'static', gap: tokens.spacingVerticalXS },
  brand: { display: 'flex', flexDirection: 'column', paddingInline: tokens.spacingHorizontalS },
  brandName: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase400 },
  brandSub: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  main: {
    flexGrow: 1,
    minWidth: 0,
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    outlineStyle: 'none',
  },
  mainNarrow: { padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}` },
  skip: {
    position: 'absolute',
    left: '-10000px',
    ':focus': {
      left: tokens.spacingHorizontalM,
      top: tokens.spacingVerticalM,
      zIndex: 1,
      padding: tokens.spacingHorizontalS,
      backgroundColor: tokens.colorNeutralBackground1,
    },
  },
});

function ScreenFor({ route }: { route: Route }): JSX.Element {
  switch (route.screen) {
    case 'status':
      return <StatusScreen />;
    case 'enroll':
      return <EnrollScreen />;
    case 'certificates':
      return <CertificatesScreen />;
    case 'diagnosis':
      return <DiagnosisScreen />;
    case 'help':
      return <HelpScreen faq={route.faq} />;
    case 'settings':
      return <SettingsScreen />;
    case 'console':
      return <ConsoleScreen step={route.consoleStep} />;
  }
}

export function App(): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const route = useRoute();
  const narrow = useNarrow();
  useFocusManagerForWindow();
  const settled = useFirstLanguageSettled();
  // The other screens are fetched once the situation is in: not while the window waits for it.
  const statusAnswered = useAppState((s) => s.status.phase === 'loaded' || s.status.phase === 'failed');
  useEffect(() => (statusAnswered ? preloadScreensWhenIdle() : undefined), [statusAnswered]);

  if (!settled) {
    // Both languages: which one to use is what this short wait is for.
    return (
      <div className={styles.starting}>
        <Spinner label="読み込んでいます… / Loading…" />
      </div>
    );
  }

  const crashLabels: CrashLabels = {
    title: t('crash.title'),
    explanation: t('crash.explanation'),
    code: t('errorPanel.code'),
    actor: `${t('errorPanel.actor')}: ${t('actor.user')}`,
    next: t('crash.next'),
    retry: t('crash.retry'),
    home: t('crash.home'),
    help: t('nav.help'),
  };

  return (
    <div className={mergeClasses(styles.shell, narrow && styles.shellNarrow)}>
      <a href="#main" className={styles.skip} onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('nav.skip')}
      </a>
      <header className={mergeClasses(styles.side, narrow && styles.sideNarrow)}>
        <div className={mergeClasses(styles.sideContent, narrow && styles.sideContentNarrow)}>
          <div className={styles.brand}>
            <Text className={styles.brandName} data-testid="app-title">
              {t('appName')}
            </Text>
            {/* At 200% zoom every line of the header is a line less of the screen: the name is enough. */}
            {!narrow && <Text className={styles.brandSub}>{t('appSystem')}</Text>}
          </div>
          <AppNav current={route.screen} narrow={narrow} />
        </div>
      </header>
      <main id="main" tabIndex={-1} className={mergeClasses(styles.main, narrow && styles.mainNarrow)}>
        <ErrorBoundary key={route.screen} labels={crashLabels}>
          {/* A screen's file arrives within a frame or two (from the app's own files): nothing meanwhile. */}
          <Suspense fallback={null}>
            <ScreenFor route={route} />
          </Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}

// Wires the renderer together: the api client over the host, the store, the commands, i18n, and
// React. The production entry passes `window.api` and the answers it asked for early; the dev
// entry passes a fake.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { I18nextProvider } from 'react-i18next';
import type { WindowApi } from '../../electron/contract/channels';
import { createApiClient } from '../api/client';
import type { EarlyAnswers } from '../api/early';
import { createI18n, showLanguage } from '../i18n/i18n';
import { connectEvents, createCommands } from '../state/commands';
import { createAppStore } from '../state/store';
import { App } from './App';
import { navigate, ServicesProvider } from './context';
import { ErrorBoundary } from './ErrorBoundary';

export interface StartOptions {
  /** Answers the entry asked for before this code loaded (renderer/main.tsx). */
  readonly early?: EarlyAnswers;
}

export function startApp(host: WindowApi | undefined, container: HTMLElement, options: StartOptions = {}): void {
  // For the app benchmark (bench/app-spans.ts): the app's code has been fetched, parsed and run.
  performance.mark('cjs:app-start');
  const client = createApiClient(host, {
    onDroppedEvent: (event, issue) => console.warn(`dropped a malformed '${event}' event`, issue),
    ...(options.early ? { early: options.early } : {}),
  });
  const store = createAppStore();
  const { dispatch } = store.getState();
  const commands = createCommands(client, dispatch, () => store.getState());
  connectEvents(
    client,
    dispatch,
    () => navigate({ screen: 'enroll' }),
    () => void Promise.all([commands.loadStatus(), commands.loadCertificates()]),
  );

  const i18n = createI18n();
  document.documentElement.lang = i18n.language;
  const wantedLanguage = () => store.getState().settings.language;
  store.subscribe((state, previous) => {
    if (state.settings.language === previous.settings.language) return;
    void showLanguage(i18n, state.settings.language, wantedLanguage).then((outcome) => {
      if (outcome === 'shown') {
        document.documentElement.lang = i18n.language;
        document.title = i18n.t('appName', { ns: 'app' });
      }
      // The texts did not arrive: the screens stay in Japanese, and the state says so.
      if (outcome === 'unavailable') dispatch({ type: 'settings/languageChosen', language: 'ja' });
    });
  });

  // Asked before the first render (and after the language listener above): the answers the entry
  // asked for early are usually in, so React's first render already has the saved language and
  // the Status card — one paint instead of a spinner, an empty shell and then the card. The
  // language first (it decides every text), then the situation, which Status, the wizard and an
  // empty Certificates screen all follow (asked once, whichever screen opens first).
  void commands.loadSettings();
  void commands.ensureStatus();
  createRoot(container).render(
    <StrictMode>
      <ErrorBoundary>
        <I18nextProvider i18n={i18n}>
          <FluentProvider theme={webLightTheme} style={{ minHeight: '100vh' }}>
            <ServicesProvider services={{ store, commands }}>
              <App />
            </ServicesProvider>
          </FluentProvider>
        </I18nextProvider>
      </ErrorBoundary>
    </StrictMode>,
  );
}

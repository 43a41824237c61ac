// The production entry, kept tiny: it puts the start-up questions to the host (api/early.ts) and
// only then fetches the app's code, so the core reads the store and asks the issuer while the
// browser downloads and parses React, Fluent and the screens. The host's `window.api` (absent →
// every call explains IPC-NO-HOST).
import { askEarly, type EarlyAnswers } from './api/early';
import { readHost } from './api/host';

const host = readHost();
const early: EarlyAnswers = host ? askEarly(host) : {};

// A user who chose English gets its texts fetched alongside (a hint only: the settings answer is
// checked when the app takes it; a wrong hint costs one unused file).
void early['settings.get']?.then(
  (answer) => {
    if ((answer as { value?: { language?: unknown } } | null)?.value?.language === 'en') void import('./i18n/english');
  },
  () => undefined,
);

const container = document.getElementById('root');
if (container) {
  import('./app/bootstrap').then(
    ({ startApp }) => startApp(host, container, { early }),
    (err: unknown) => {
      // The app's own files did not load (a broken installation): say so rather than stay blank.
      console.error('the app could not be loaded', err);
      container.textContent = 'アプリを読み込めませんでした。再起動してください。 / The app could not be loaded. Please restart it.';
    },
  );
}

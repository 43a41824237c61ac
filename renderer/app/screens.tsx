// The screens. Status comes with the app's code: the window opens on it and its card is what a
// user waits for. The others are one file of their own (renderer/app/other-screens.ts, with the
// Fluent components only they use), fetched when one is first opened, or in idle time once the
// situation is on screen.
import { lazy } from 'react';

export { StatusScreen } from '../screens/status/StatusScreen';

const loadOthers = () => import('./other-screens');

export const EnrollScreen = lazy(() => loadOthers().then((m) => ({ default: m.EnrollScreen })));
export const CertificatesScreen = lazy(() => loadOthers().then((m) => ({ default: m.CertificatesScreen })));
export const DiagnosisScreen = lazy(() => loadOthers().then((m) => ({ default: m.DiagnosisScreen })));
export const HelpScreen = lazy(() => loadOthers().then((m) => ({ default: m.HelpScreen })));
export const SettingsScreen = lazy(() => loadOthers().then((m) => ({ default: m.SettingsScreen })));
export const ConsoleScreen = lazy(() => loadOthers().then((m) => ({ default: m.ConsoleScreen })));

/**
 * Fetches the other screens when the window is idle, so opening one later shows it at once (the
 * browser keeps the module; the lazy components above reuse it). Returns the cancel.
 */
export function preloadScreensWhenIdle(): () => void {
  // A failure here is not the user's concern yet: it shows if that screen is opened.
  const preload = () => void loadOthers().catch(() => undefined);
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(preload, { timeout: 2000 });
    return () => cancelIdleCallback(id);
  }
  const timer = setTimeout(preload, 200);
  return () => clearTimeout(timer);
}

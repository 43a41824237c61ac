// The window's first paint waits until its language is known and shown: the saved choice comes
// from the host (settings.get) and the English texts arrive as a file of their own. Without the
// wait an English user would read Japanese first, for as long as both take. Only the first paint
// waits; a later change in Settings applies as soon as its texts are there.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languageSettled } from '../state/settings';
import { useAppState } from './context';

export function useFirstLanguageSettled(): boolean {
  const { i18n } = useTranslation('app');
  const phase = useAppState((s) => s.settings.phase);
  const language = useAppState((s) => s.settings.language);
  const now = languageSettled({ phase, language }, i18n.language);
  const [once, setOnce] = useState(now);
  useEffect(() => {
    if (now) setOnce(true);
  }, [now]);
  return once || now;
}

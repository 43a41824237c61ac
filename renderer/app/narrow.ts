// True on a narrow window (or at 200% zoom, where CSS pixels halve): the navigation then moves
// above the content, so the screens keep their width.
import { useSyncExternalStore } from 'react';

const QUERY = '(max-width: 760px)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

export function useNarrow(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(QUERY).matches);
}

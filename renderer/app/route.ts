// The current route, from the address' hash.
import { useSyncExternalStore } from 'react';
import { parseRoute, type Route } from '../state/navigation';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

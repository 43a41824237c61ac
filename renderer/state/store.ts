// The zustand store: a thin shell that holds AppState and applies updateApp to each event.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { initialAppState, updateApp, type AppEvent, type AppState } from './app';

export interface AppStore extends AppState {
  readonly dispatch: (event: AppEvent) => void;
}

export function createAppStore(initial: AppState = initialAppState): StoreApi<AppStore> {
  return createStore<AppStore>()((set, get) => ({
    ...initial,
    dispatch: (event) => set(updateApp(get(), event)),
  }));
}

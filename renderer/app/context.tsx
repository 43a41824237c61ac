// How screens reach the store, the commands and navigation: one React context, set up once.
import { createContext, useContext, type ReactNode, type JSX } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { Commands } from '../state/commands';
import type { AppStore } from '../state/store';
import type { AppEvent } from '../state/app';
import { routeHash, type Route } from '../state/navigation';

export interface AppServices {
  readonly store: StoreApi<AppStore>;
  readonly commands: Commands;
}

const ServicesContext = createContext<AppServices | null>(null);

export function ServicesProvider({ services, children }: { services: AppServices; children: ReactNode }): JSX.Element {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('ServicesProvider is missing');
  return services;
}

/** A slice of the state; the component re-renders when it changes. */
export function useAppState<T>(selector: (state: AppStore) => T): T {
  return useStore(useServices().store, selector);
}

export function useCommands(): Commands {
  return useServices().commands;
}

export function useDispatch(): (event: AppEvent) => void {
  return useServices().store.getState().dispatch;
}

/** Goes to a screen; the address' hash is the route, so Back works and links are plain links. */
export function navigate(route: Route): void {
  window.location.hash = routeHash(route);
}

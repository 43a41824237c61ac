// The core side of the browser journeys: the REAL router over the REAL createApp, in this Node
// process, for one simulated PC user (a temporary HOME, so its own NSS store, journal and
// preferences), talking to a real issuer. Exactly what the Electron main process composes.
import { join } from 'node:path';
import { createRouter, type Router, type RouterProblem } from '../../electron/contract/router';
import { createApp } from '../../electron/core/app/create-app';
import { toAppError } from '../../electron/core/app/errors';
import type { AppTransport } from './app-browser';

export interface AppHost {
  readonly router: Router;
  readonly transport: AppTransport;
  /** Outputs and events the router refused: a journey expects none. */
  readonly problems: readonly RouterProblem[];
  /** Every event the router passed on, in order (name and payload). */
  readonly events: readonly (readonly [string, unknown])[];
}

export interface AppHostOptions {
  readonly home: string;
  readonly issuerUrl: string;
  readonly loginUrl?: string;
  /** The issuer's TLS root, trusted as `--trust` does. */
  readonly trustFile: string;
}

/** The environment of the user's profile: HOME and state under it, nothing of the real user's. */
export function userEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_STATE_HOME: join(home, '.local', 'state') };
  delete env.CJS_CONFIG;
  delete env.CJS_ISSUER_URL;
  delete env.CJS_LOGIN_URL;
  delete env.CJS_TRUST_FILE;
  return env;
}

export function startAppHost(options: AppHostOptions): AppHost {
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const problems: RouterProblem[] = [];
  const events: (readonly [string, unknown])[] = [];
  const handlers = createApp({
    env: userEnv(options.home),
    overrides: {
      issuerUrl: options.issuerUrl,
      trustFiles: [options.trustFile],
      ...(options.loginUrl ? { loginUrl: options.loginUrl } : {}),
    },
  });
  const router = createRouter(handlers, {
    toAppError,
    onEvent: (event, payload) => {
      events.push([event, payload]);
      for (const listener of listeners) listener(event, payload);
    },
    onProblem: (problem) => problems.push(problem),
  });
  return {
    router,
    problems,
    events,
    transport: {
      invoke: (channel, input) => router.invoke(channel, input),
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };
}

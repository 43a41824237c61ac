// The renderer's one door to its host. `window.api` answers `unknown`: every answer is checked
// against the contract's output schema, every wait a user sits through has a time limit, and a
// missing host, a rejected promise or junk all become an error result the screens can explain.
// Nothing here throws.
import type { AppError, Result } from '../../electron/contract/result';
import { appErrorSchema } from '../../electron/contract/result';
import {
  CHANNELS,
  EVENTS,
  type ChannelInput,
  type ChannelName,
  type ChannelOutput,
  type EventName,
  type EventPayload,
  type WindowApi,
} from '../../electron/contract/channels';
import * as z from 'zod/mini';
import type { EarlyAnswers, EarlyChannel } from './early';
import { isWindowApi } from './window-api';

export { isWindowApi };

/** Transport error codes; the explanations live in the `app` namespace (`ipcError.<code>`). */
export const IPC_CODES = {
  noHost: 'IPC-NO-HOST',
  rejected: 'IPC-REJECTED',
  badAnswer: 'IPC-BAD-ANSWER',
  badRequest: 'IPC-BAD-REQUEST',
  timeout: 'IPC-TIMEOUT',
} as const;

/** How long a user waits for each channel, in ms. Enrollment and diagnosis talk to the issuer. */
export const DEFAULT_TIMEOUTS: Readonly<Record<ChannelName, number>> = {
  'situation.get': 30_000,
  'certificates.list': 30_000,
  'enrollment.start': 180_000,
  // Each certificate inside its window is renewed in turn (usually one).
  'renewal.auto': 180_000,
  'certificate.remove': 30_000,
  'diagnosis.run': 90_000,
  'diagnosis.fix': 60_000,
  'report.export': 20_000,
  'settings.get': 10_000,
  'settings.set': 10_000,
  'help.get': 10_000,
  // The console's requests go to the issuer (a wrong password costs its deliberate delay).
  'console.signIn': 30_000,
  'console.signOut': 10_000,
  'console.list': 30_000,
  'console.add': 30_000,
  'console.delete': 30_000,
  'console.reregister': 30_000,
  'console.unlock': 30_000,
  'console.resetPassword': 30_000,
};

export interface ApiClient {
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  /** Listens to a host event; payloads that fail the contract's schema are dropped. */
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export interface ApiClientOptions {
  readonly timeouts?: Partial<Record<ChannelName, number>>;
  /** Told about every event payload that was dropped (for the developer console). */
  readonly onDroppedEvent?: (event: EventName, issue: string) => void;
  /** Answers the entry asked for before the app loaded (api/early.ts); each is taken by the first call on its channel. */
  readonly early?: EarlyAnswers;
}

/** What the user can put right: a wait that ran out (try again), a form the contract refused. */
const USER_CODES: ReadonlySet<string> = new Set([IPC_CODES.timeout, IPC_CODES.badRequest]);

export function transportError(code: string, channel: string, extra: AppError['params'] = {}): AppError {
  // A missing host, a rejected call or an unreadable answer is the app itself broken: IT acts
  // (the texts say to try again and restart first).
  const actor = USER_CODES.has(code) ? 'user' : 'it';
  return { code, actor, faq: [], params: { channel, ...extra } };
}

const answerSchemas = new Map<ChannelName, z.ZodMiniType>();

function answerSchema(channel: ChannelName): z.ZodMiniType {
  let schema = answerSchemas.get(channel);
  if (!schema) {
    schema = z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), value: CHANNELS[channel].output }),
      z.object({ ok: z.literal(false), error: appErrorSchema }),
    ]);
    answerSchemas.set(channel, schema);
  }
  return schema;
}

/** The host's answer as a Result of the channel's output, or IPC-BAD-ANSWER. */
export function parseAnswer<C extends ChannelName>(channel: C, answer: unknown): Result<ChannelOutput<C>> {
  const parsed = answerSchema(channel).safeParse(answer);
  if (!parsed.success) return { ok: false, error: transportError(IPC_CODES.badAnswer, channel) };
  return parsed.data as Result<ChannelOutput<C>>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(onTimeout()), ms);
    void promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        // `promise` never rejects (see call()); this branch only keeps the linter honest.
        clearTimeout(timer);
      },
    );
  });
}

export function createApiClient(host: WindowApi | undefined, options: ApiClientOptions = {}): ApiClient {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const early: EarlyAnswers = { ...options.early };

  /** The early answer for this call, once: it was asked with no input, so only a call with none takes it. */
  function takeEarly(channel: ChannelName, input: unknown): Promise<unknown> | undefined {
    if (!(channel in early) || Object.keys(input as object).length > 0) return undefined;
    const answer = early[channel as EarlyChannel];
    delete early[channel as EarlyChannel];
    return answer;
  }

  async function ask<C extends ChannelName>(channel: C, input: unknown): Promise<Result<ChannelOutput<C>>> {
    if (!host) return { ok: false, error: transportError(IPC_CODES.noHost, channel) };
    try {
      return parseAnswer(channel, await (takeEarly(channel, input) ?? host.invoke(channel, input)));
    } catch {
      // The rejection's message may carry anything (even the input): it is not shown.
      return { ok: false, error: transportError(IPC_CODES.rejected, channel) };
    }
  }

  return {
    call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
      // Checked here too, so a form mistake is explained without a round trip. Never echo the input.
      if (!CHANNELS[channel].input.safeParse(input).success) {
        return Promise.resolve({ ok: false, error: transportError(IPC_CODES.badRequest, channel) });
      }
      const limit = timeouts[channel];
      const seconds = Math.round(limit / 1000);
      return withTimeout(ask(channel, input), limit, () => ({
        ok: false,
        error: transportError(IPC_CODES.timeout, channel, { seconds }),
      }));
    },

    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      if (!host) return () => undefined;
      const schema: z.ZodMiniType = EVENTS[event];
      try {
        const unsubscribe = host.on(event, (payload: unknown) => {
          const parsed = schema.safeParse(payload);
          if (parsed.success) listener(parsed.data as EventPayload<E>);
          else options.onDroppedEvent?.(event, parsed.error.message);
        });
        return typeof unsubscribe === 'function' ? unsubscribe : () => undefined;
      } catch {
        return () => undefined;
      }
    },
  };
}

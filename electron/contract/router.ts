// The one gate between a transport (Electron's ipcMain, a Playwright binding) and the core: it
// refuses unknown channels, parses every input, output and event with the channel table, and
// turns every failure into data. Free of Electron types, so both transports share it.
import type * as z from 'zod/mini';
import { CHANNELS, EVENTS, type AppHandlers, type ChannelName, type EventName } from './channels';
import { appErrorSchema, type AppError, type Result } from './result';

/** Codes the router itself answers with (the transport's, not the core's). */
export const ROUTER_CODES = {
  /** A channel not in the table: a renderer newer than the core, or a probe. */
  UNKNOWN_CHANNEL: 'IPC-UNKNOWN-CHANNEL',
  /** The input does not match the channel's schema (params name the fields, never their values). */
  BAD_INPUT: 'IPC-BAD-INPUT',
  /** The core answered something the contract does not allow: a bug in the core. */
  BAD_OUTPUT: 'IPC-BAD-OUTPUT',
  /** The handler failed and its error could not be mapped to a code. */
  INTERNAL: 'IPC-INTERNAL',
} as const;

/** Something the router refused on the way: for the host's log (names and fields only, no values). */
export interface RouterProblem {
  readonly code: (typeof ROUTER_CODES)[keyof typeof ROUTER_CODES] | 'IPC-BAD-EVENT';
  /** The channel or event name (cut to 64 characters). */
  readonly name: string;
  /** The offending fields, e.g. `loginId; password`. */
  readonly paths: string;
}

export interface RouterOptions {
  /** Maps whatever a handler threw to a code, an actor and FAQ entries (the core's error model). */
  toAppError(err: unknown): AppError;
  /** A parsed event on its way to the screens. */
  onEvent(event: string, payload: unknown): void;
  /** A refused output or event, or an unmappable error; default: one line on the console. */
  onProblem?(problem: RouterProblem): void;
}

export interface Router {
  /** Never throws: every outcome is a Result. */
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
}

const MAX_NAME = 64;

/** A name from the caller, safe to echo: a string cut short, or the type of anything else. */
function nameOf(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, MAX_NAME) : `(${typeof value})`;
}

function isChannel(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(CHANNELS, name);
}

function isEvent(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(EVENTS, name);
}

/**
 * The fields a schema refused, as `a.b; c`, never their values (a password must not come back in
 * an error). Unknown keys are named by their key; a refusal of the whole value is `(root)`.
 */
export function issuePaths(error: z.core.$ZodError): string {
  const paths = new Set<string>();
  for (const issue of error.issues) {
    const base = issue.path.map((p) => (typeof p === 'symbol' ? '(symbol)' : String(p).slice(0, MAX_NAME)));
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...base, k.slice(0, MAX_NAME)]) : [base];
    for (const path of keys) paths.add(path.length === 0 ? '(root)' : path.join('.'));
  }
  return [...paths].slice(0, 10).join('; ');
}

const failure = (code: string, params: AppError['params']): Result<never> => ({
  ok: false,
  error: { code, actor: 'it', faq: [], params },
});

function defaultProblem(problem: RouterProblem): void {
  console.warn(`router: ${problem.code} ${problem.name} ${problem.paths}`);
}

export function createRouter(handlers: AppHandlers, options: RouterOptions): Router {
  const report = (problem: RouterProblem): void => {
    try {
      (options.onProblem ?? defaultProblem)(problem);
    } catch {
      // Reporting must never break an answer.
    }
  };

  /** What a handler's `emit` does: parse, then pass on; an invalid event is dropped and reported. */
  const emit = (event: unknown, payload: unknown): void => {
    if (!isEvent(event)) {
      report({ code: 'IPC-BAD-EVENT', name: nameOf(event), paths: '(unknown event)' });
      return;
    }
    const parsed = EVENTS[event].safeParse(payload);
    if (!parsed.success) {
      report({ code: 'IPC-BAD-EVENT', name: event, paths: issuePaths(parsed.error) });
      return;
    }
    try {
      options.onEvent(event, parsed.data);
    } catch {
      // A window gone mid-enrollment must not fail the enrollment.
    }
  };

  /** The handler's error as the core's model says, or IPC-INTERNAL when the mapping fails too. */
  const mapError = (channel: ChannelName, err: unknown): Result<never> => {
    try {
      const mapped = appErrorSchema.safeParse(options.toAppError(err));
      if (mapped.success) return { ok: false, error: mapped.data };
      report({ code: ROUTER_CODES.INTERNAL, name: channel, paths: issuePaths(mapped.error) });
    } catch {
      report({ code: ROUTER_CODES.INTERNAL, name: channel, paths: '(toAppError threw)' });
    }
    return failure(ROUTER_CODES.INTERNAL, { channel });
  };

  const call = async (channel: ChannelName, input: unknown): Promise<Result<unknown>> => {
    const { input: inputSchema, output: outputSchema } = CHANNELS[channel];
    const parsedInput = inputSchema.safeParse(input);
    if (!parsedInput.success) return failure(ROUTER_CODES.BAD_INPUT, { channel, paths: issuePaths(parsedInput.error) });

    const handler = handlers[channel] as (input: unknown, emit: (event: unknown, payload: unknown) => void) => Promise<unknown>;
    let output: unknown;
    try {
      output = await handler(parsedInput.data, emit);
    } catch (err) {
      return mapError(channel, err);
    }

    const parsedOutput = outputSchema.safeParse(output);
    if (!parsedOutput.success) {
      const paths = issuePaths(parsedOutput.error);
      report({ code: ROUTER_CODES.BAD_OUTPUT, name: channel, paths });
      return failure(ROUTER_CODES.BAD_OUTPUT, { channel, paths });
    }
    return { ok: true, value: parsedOutput.data };
  };

  return {
    async invoke(channel, input) {
      if (!isChannel(channel) || typeof handlers[channel] !== 'function') {
        return failure(ROUTER_CODES.UNKNOWN_CHANNEL, { channel: nameOf(channel) });
      }
      try {
        return await call(channel, input);
      } catch {
        // Only a schema or getter on a hostile input could land here; still data, never a throw.
        return failure(ROUTER_CODES.INTERNAL, { channel });
      }
    },
  };
}

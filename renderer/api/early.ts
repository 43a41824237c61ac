// The questions every window asks at start — its settings (which language) and the user's
// situation (the Status card) — put to the host by the entry before the app's code has even been
// fetched, so the core works while the browser parses. The answers are raw: the api client checks
// each one against the contract when a command first asks for that channel, and takes it once.
import type { ChannelName, WindowApi } from '../../electron/contract/channels';

export const EARLY_CHANNELS = ['settings.get', 'situation.get'] as const satisfies readonly ChannelName[];
export type EarlyChannel = (typeof EARLY_CHANNELS)[number];

/** The host's pending answers, unchecked; a call that threw is a rejected promise. */
export type EarlyAnswers = Partial<Record<EarlyChannel, Promise<unknown>>>;

export function askEarly(host: WindowApi): EarlyAnswers {
  const answers: EarlyAnswers = {};
  for (const channel of EARLY_CHANNELS) {
    let answer: Promise<unknown>;
    try {
      answer = Promise.resolve(host.invoke(channel, {}));
    } catch (err) {
      answer = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    // Handled by the client when it takes the answer; until then a rejection is not "unhandled".
    answer.catch(() => undefined);
    answers[channel] = answer;
  }
  return answers;
}

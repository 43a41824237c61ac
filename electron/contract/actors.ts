// Who must act next. The FAQ's answers differ by actor (P10): a general user asks the master
// user, a master user asks the bank, IT staff handle the PC's network and settings.
import * as z from 'zod/mini';

export const ACTORS = ['none', 'user', 'master', 'bank', 'it'] as const;
export const actorSchema = z.enum(ACTORS);
export type Actor = z.infer<typeof actorSchema>;

/** A FAQ reference as the bank numbers it: `Q17`, `Q18(6)`. */
export const faqRefSchema = z.string().check(z.regex(/^Q([1-9]|1\d|2[0-5])(\(\d+\))?$/));
export type FaqRef = z.infer<typeof faqRefSchema>;

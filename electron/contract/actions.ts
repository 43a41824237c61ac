// Structured next actions: the core says *what* should happen, never in words. The CLI prints
// each as a command with the right options filled in; the app shows it as a button.
import * as z from 'zod/mini';
import { faqRefSchema } from './actors';

const loginId = z.string().check(z.minLength(1), z.maxLength(64));

export const nextActionSchema = z.discriminatedUnion('kind', [
  /** Nothing to do (a valid certificate outside the renewal window). */
  z.object({ kind: z.literal('none') }),
  /** Obtain a certificate with login ID + password (first time, or after expiry/revocation). */
  z.object({ kind: z.literal('enroll'), loginId: z.optional(loginId) }),
  /** Renew inside the renewal window (P6). */
  z.object({ kind: z.literal('renew'), loginId }),
  /** Obtain again once the master (or the bank) has revoked the lost certificate (P8, P10). */
  z.object({ kind: z.literal('reissue'), loginId }),
  /** Apply a diagnosis check's safe fix, then check again. */
  z.object({ kind: z.literal('fix'), checkId: z.string().check(z.minLength(1)) }),
  /** Remove a certificate (and its key) of this system from the store. */
  z.object({ kind: z.literal('remove'), serial: z.string().check(z.regex(/^[0-9A-F]+$/)) }),
  /** Someone else must act: the master user, the bank or IT. `reason` keys the explanation. */
  z.object({
    kind: z.literal('contact'),
    actor: z.enum(['master', 'bank', 'it']),
    reason: z.string().check(z.minLength(1)),
    /** The certificate concerned, for a master user's request to the bank (P10: login ID, serial, reason). */
    serial: z.optional(z.string().check(z.regex(/^[0-9A-F]+$/))),
  }),
  /** Several users' certificates and no login ID: the user says which is theirs (the app lists them). */
  z.object({ kind: z.literal('choose') }),
  /** Read a FAQ entry (help screen / the bank's FAQ). */
  z.object({ kind: z.literal('faq'), faq: faqRefSchema }),
  /** Run the self-diagnosis. */
  z.object({ kind: z.literal('diagnose') }),
]);
export type NextAction = z.infer<typeof nextActionSchema>;

// What crosses the boundary between the screens and the core: data, never a thrown Error (an
// Error crossing Electron's IPC arrives as a bare message string).
import * as z from 'zod/mini';
import { actorSchema, faqRefSchema } from './actors';

export const errorParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export const appErrorSchema = z.object({
  /** Stable code: CJS-E-… from the issuer, ISSUE-/STORE-/ENROLL-/… from the client, IPC-… from the transport. */
  code: z.string().check(z.minLength(1), z.maxLength(64)),
  /** Who must act on it (a typo is the user's; CJS-E-LOCKED is the master's or the bank's). */
  actor: actorSchema,
  faq: z.array(faqRefSchema),
  /** Values the explanation needs (login ID, serial, days); never a password or key. */
  params: errorParamsSchema,
});
export type AppError = z.infer<typeof appErrorSchema>;

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export function resultSchema<T extends z.ZodMiniType>(value: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: appErrorSchema })]);
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: AppError): Result<never> => ({ ok: false, error });

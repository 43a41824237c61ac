// What a renewal without the password reports (channel `renewal.auto`, `cjs-cert renew --auto`
// --json): per login ID on this PC, renewed, not yet due, or due but needing the user, and why.
import * as z from 'zod/mini';
import { actorSchema } from './actors';
import { appErrorSchema } from './result';
import { certificateViewSchema, isoDateSchema } from './situation';

export const NEEDS_USER_REASONS = ['expired', 'revoked', 'no-key', 'not-yet-valid', 'refused', 'needs-password', 'no-journal'] as const;
export const needsUserReasonSchema = z.enum(NEEDS_USER_REASONS);
export type NeedsUserReason = z.infer<typeof needsUserReasonSchema>;

const serial = z.string().check(z.regex(/^[0-9A-F]+$/));

export const autoRenewItemSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('renewed'),
    loginId: z.string(),
    previousSerial: serial,
    certificate: certificateViewSchema,
    removedSerials: z.array(serial),
    resumed: z.boolean(),
  }),
  z.object({ kind: z.literal('not-due'), loginId: z.string(), serialNumber: serial, renewalOpensAt: isoDateSchema }),
  z.object({
    kind: z.literal('needs-user'),
    loginId: z.string(),
    serialNumber: serial,
    reason: needsUserReasonSchema,
    /** Who acts: the user (the password), the master (re-registration), IT (the vault). */
    actor: actorSchema,
    code: z.optional(z.string()),
    notAfter: isoDateSchema,
  }),
  /** Not tried to the end (network, store): tried again at the next check. */
  z.object({ kind: z.literal('failed'), loginId: z.string(), serialNumber: serial, error: appErrorSchema }),
]);
export type AutoRenewItemView = z.infer<typeof autoRenewItemSchema>;

export const autoRenewReportSchema = z.object({
  items: z.array(autoRenewItemSchema),
  /** False when the issuer's CRL could not be read. */
  revocationChecked: z.boolean(),
  checkedAt: isoDateSchema,
});
export type AutoRenewReportView = z.infer<typeof autoRenewReportSchema>;

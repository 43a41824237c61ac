// The user's situation on this PC: one truthful answer to "what do I have, and who must do what
// next?", computed by the core's situation model and shown by every surface (Status screen,
// `cjs-cert status`, enroll/renew refusals, the diagnosis' advice).
import * as z from 'zod/mini';
import { nextActionSchema } from './actions';
import { actorSchema, faqRefSchema } from './actors';

export const isoDateSchema = z.iso.datetime({ offset: true });

export const CERTIFICATE_STATES = ['valid', 'expiring', 'expired', 'not-yet-valid', 'revoked', 'no-key'] as const;
export const certificateStateSchema = z.enum(CERTIFICATE_STATES);
export type CertificateStateName = z.infer<typeof certificateStateSchema>;

/** A certificate of this system as the store holds it, assessed. Plain JSON. */
export const certificateViewSchema = z.object({
  loginId: z.nullable(z.string()),
  subject: z.string(),
  issuer: z.string(),
  /** Upper-case hex, as the issuer and `cjs-cert remove --serial` spell it. */
  serialNumber: z.string().check(z.regex(/^[0-9A-F]+$/)),
  /** SHA-1, upper-case hex without separators (Windows "拇印"/"Thumbprint"). */
  thumbprint: z.string().check(z.regex(/^[0-9A-F]{40}$/)),
  notBefore: isoDateSchema,
  notAfter: isoDateSchema,
  /** Whole days until notAfter, negative once expired. */
  daysLeft: z.int(),
  renewalOpensAt: isoDateSchema,
  state: certificateStateSchema,
  hasPrivateKey: z.boolean(),
});
export type CertificateView = z.infer<typeof certificateViewSchema>;

export const SITUATION_KINDS = [
  /** No certificate of this system on this PC, and none known to be lost: obtain one. */
  'no-certificate',
  /** Valid, outside the renewal window: nothing to do. */
  'valid',
  /** Inside the renewal window (P5, P6): renew. */
  'renewal-window',
  /** Expired (P7): obtain a new one with login ID + password. */
  'expired',
  /** Revoked by the issuer: the ID was deleted or re-registered (P9, P10). */
  'revoked',
  /** A certificate without its private key: corrupted (Q21(3), Q22(3)). */
  'no-key',
  /** Issued to this PC and still active at the issuer, but gone from the store (P8: deleted, repair, reinstall). */
  'lost',
  /** The store holds only another login ID's certificate (Q6, Q21(2)). */
  'other-user',
  /** Several usable certificates of this system: the browser may offer the wrong one (Q17). */
  'several-usable',
  /** notBefore is in the future: the PC clock is wrong (Q9, Q21). */
  'not-yet-valid',
  /** The issuer cannot be reached and its CA is not remembered: this system's certificates cannot be told apart. */
  'undetermined',
  /** Revoked, and the master has registered the login ID again since (P10): obtain a new one with the initial password. */
  'reregistered',
] as const;
export const situationKindSchema = z.enum(SITUATION_KINDS);
export type SituationKind = z.infer<typeof situationKindSchema>;

export const situationSchema = z.object({
  kind: situationKindSchema,
  /** Whose situation: the login ID asked about, or the one the store's certificate names. */
  loginId: z.nullable(z.string()),
  /** The certificate the situation is about, if any. */
  certificate: z.nullable(certificateViewSchema),
  /** Every certificate of this system in the store, newest expiry first. */
  certificates: z.array(certificateViewSchema),
  /** The next actions, the one to take first at index 0 (the primary button). */
  actions: z.array(nextActionSchema).check(z.minLength(1)),
  /** Who must take the first action. */
  actor: actorSchema,
  /** For a master user the bank acts where a general user's master would (P10). */
  actorIfMaster: z.nullable(actorSchema),
  faq: z.array(faqRefSchema),
  store: z.object({ kind: z.enum(['nss', 'windows', 'macos']), location: z.string() }),
  /** False when the CRL could not be fetched: "revoked" cannot be ruled out. */
  revocationChecked: z.boolean(),
  issuerReachable: z.boolean(),
  checkedAt: isoDateSchema,
});
export type Situation = z.infer<typeof situationSchema>;

// The one table of what the screens may ask of the core, held as values so both sides validate
// at run time: for each request channel a zod input and output, for each event a zod payload.
// Plain JSON only (ISO date strings, hex for bytes). Add a channel here first, then its handler.
import * as z from 'zod/mini';
import { actorSchema, faqRefSchema } from './actors';
import { diagnosisProgressSchema, diagnosisReportSchema, reportedCheckSchema } from './diagnosis';
import { CONSOLE_CHANNELS } from './console';
import { autoRenewReportSchema } from './renewal';
import { certificateViewSchema, isoDateSchema, situationSchema } from './situation';

/** A login ID as the issuer accepts it (subject CN); the issuer checks the rest. */
export const loginIdSchema = z
  .string()
  .check(z.trim(), z.minLength(1), z.maxLength(64), z.regex(/^[\x21-\x39\x3b-\x7e]+$/, 'printable ASCII without spaces or ":"'));
export const languageSchema = z.enum(['ja', 'en']);
export type Language = z.infer<typeof languageSchema>;

export const ENROLLMENT_STEPS = ['prepare', 'resume', 'keygen', 'request', 'issue', 'validate', 'install', 'cleanup'] as const;

export const enrollmentResultSchema = z.object({
  operation: z.enum(['enroll', 'renew']),
  loginId: z.string(),
  certificate: certificateViewSchema,
  resumed: z.boolean(),
  removedSerials: z.array(z.string()),
  store: z.object({ kind: z.enum(['nss', 'windows', 'macos']), location: z.string() }),
});

export const settingsSchema = z.object({
  language: languageSchema,
  /** OS notification 30 days before expiry and at expiry (P5). */
  notifications: z.boolean(),
  /**
   * Renew without the password once the renewal window opens (the current certificate is the
   * proof): checked at start and daily while the app runs, and by a daily scheduled task. On by
   * default; in effect from the first enrolment.
   */
  autoRenew: z.boolean(),
  /** Off by default: the app is opened when needed, or by the notification. */
  startAtLogin: z.boolean(),
  /** Shown, not edited in the app: set by the build or by IT (CJS_CONFIG). */
  issuerUrl: z.string(),
  loginUrl: z.string(),
  renewalWindowDays: z.int().check(z.positive()),
});
export type Settings = z.infer<typeof settingsSchema>;

export const helpEntrySchema = z.object({
  /** The bank's numbering, Q1–Q25. */
  id: faqRefSchema,
  /** The question in our own words. */
  title: z.string().check(z.minLength(1)),
  /** What the entry is about. */
  about: z.string().check(z.minLength(1)),
  /** What this app does about it. */
  appDoes: z.string().check(z.minLength(1)),
  /** What remains for the user, the master user or the bank. */
  remains: z.string().check(z.minLength(1)),
  /** Who acts on what remains. */
  actor: actorSchema,
  /** Extra search words (synonyms, error codes, check ids). */
  keywords: z.array(z.string()),
});
export type HelpEntry = z.infer<typeof helpEntrySchema>;

const empty = z.strictObject({});

export const CHANNELS = {
  /** The user's situation on this PC; `loginId` narrows it to the ID the user means. */
  'situation.get': { input: z.strictObject({ loginId: z.optional(loginIdSchema) }), output: situationSchema },
  /** Every certificate of this system in the store (Certificates screen, Q15). */
  'certificates.list': {
    input: empty,
    output: z.object({
      certificates: z.array(certificateViewSchema),
      store: z.object({ kind: z.enum(['nss', 'windows', 'macos']), location: z.string() }),
      revocationChecked: z.boolean(),
      /** When the store was read: what "days left" count from. */
      checkedAt: isoDateSchema,
    }),
  },
  /** Obtain (or renew) and install; emits `enrollment.progress`. The password is used once and dropped. */
  'enrollment.start': {
    input: z.strictObject({
      operation: z.enum(['enroll', 'renew']),
      loginId: loginIdSchema,
      password: z.string().check(z.minLength(1), z.maxLength(256)),
      keyAlgorithm: z.optional(z.enum(['rsa', 'ec'])),
      /** The user confirmed enrolling beside another login ID's usable certificate (Q6). */
      allowSecondUser: z.optional(z.boolean()),
    }),
    output: enrollmentResultSchema,
  },
  /**
   * Renew, without the password, every certificate of this system inside its renewal window (the
   * certificate itself is the proof); emits `enrollment.progress`. What cannot be renewed so is
   * reported with its reason and who acts, not thrown.
   */
  'renewal.auto': { input: empty, output: autoRenewReportSchema },
  /** Remove a certificate of this system and its key (does not revoke it at the issuer). */
  'certificate.remove': {
    input: z.strictObject({ serial: z.string().check(z.regex(/^[0-9A-F]+$/)) }),
    output: z.object({ removed: z.string() }),
  },
  /** Run the self-diagnosis; emits `diagnosis.progress` per finished check. */
  'diagnosis.run': {
    input: z.strictObject({ loginId: z.optional(loginIdSchema), only: z.optional(z.array(z.string().check(z.minLength(1)))) }),
    output: diagnosisReportSchema,
  },
  /** Apply one check's safe fix and check again. */
  'diagnosis.fix': { input: z.strictObject({ checkId: z.string().check(z.minLength(1)) }), output: reportedCheckSchema },
  /** The last report, masked (login IDs, subjects), ready to send to the bank. */
  'report.export': {
    input: z.strictObject({ format: z.enum(['json', 'text']), language: languageSchema }),
    output: z.object({ fileName: z.string().check(z.minLength(1)), mimeType: z.string(), content: z.string() }),
  },
  'settings.get': { input: empty, output: settingsSchema },
  'settings.set': {
    input: z.strictObject({
      language: z.optional(languageSchema),
      notifications: z.optional(z.boolean()),
      autoRenew: z.optional(z.boolean()),
      startAtLogin: z.optional(z.boolean()),
    }),
    output: settingsSchema,
  },
  /** The FAQ Q1–Q25 in our own words, in one language. */
  'help.get': {
    input: z.strictObject({ language: languageSchema }),
    output: z.object({ entries: z.array(helpEntrySchema).check(z.length(25)) }),
  },
  /** The master user's console (contract/console.ts): sign in, list, add, delete, re-register, unlock, reset a password. */
  ...CONSOLE_CHANNELS,
} as const;

export const EVENTS = {
  'enrollment.progress': z.object({
    step: z.enum(ENROLLMENT_STEPS),
    phase: z.enum(['start', 'done', 'failed']),
    ms: z.optional(z.number().check(z.nonnegative())),
  }),
  /** A warning during enrollment (no credential vault: cannot resume; a stale journal discarded). */
  'enrollment.warning': z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }),
  'diagnosis.progress': diagnosisProgressSchema,
  /** The store changed behind the screens (renewed in the background): read the situation again. */
  'situation.changed': z.strictObject({}),
  /** The user asked from outside the screens (the expiry notification, P5) to renew or obtain: open the wizard. */
  'enrollment.requested': z.strictObject({ operation: z.enum(['enroll', 'renew']), loginId: z.optional(loginIdSchema) }),
} as const;

export type ChannelName = keyof typeof CHANNELS;
export type EventName = keyof typeof EVENTS;
export type ChannelInput<C extends ChannelName> = z.input<(typeof CHANNELS)[C]['input']>;
export type ParsedInput<C extends ChannelName> = z.output<(typeof CHANNELS)[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.infer<(typeof CHANNELS)[C]['output']>;
export type EventPayload<E extends EventName> = z.infer<(typeof EVENTS)[E]>;

/** What the core implements: one async function per channel; `emit` sends events (parsed by the router). */
export type AppHandlers = {
  readonly [C in ChannelName]: (input: ParsedInput<C>, emit: EventEmitterFn) => Promise<ChannelOutput<C>>;
};
export type EventEmitterFn = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** `window.api`: exactly these two members, so any transport (Electron IPC, a test binding) can serve it. */
export interface WindowApi {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

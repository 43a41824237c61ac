// The master user's console (P2, P9, P10): the contract's users as the issuer lists them, and the
// messages of the console's channels. The master's password crosses once, on sign-in; the core
// holds it in memory for the session and never sends it back.
import * as z from 'zod/mini';
import { MAX_API_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, NEW_LOGIN_ID_PATTERN } from './login-id';
import { isoDateSchema } from './situation';

export { NEW_LOGIN_ID_PATTERN };
/**
 * A new user's login ID as the issuer accepts one (login-id.ts): checked before sending, so a
 * typo is explained at once instead of by the issuer's refusal.
 */
export const newLoginIdSchema = z.string().check(z.regex(NEW_LOGIN_ID_PATTERN));
/** The issuer's bounds of a password it sets through the master API. */
export const MIN_NEW_PASSWORD = MIN_PASSWORD_LENGTH;
export const newPasswordSchema = z.string().check(z.minLength(MIN_NEW_PASSWORD), z.maxLength(MAX_API_PASSWORD_LENGTH));
/** A password to sign in with: whatever the issuer's rules were when it was set. */
export const consolePasswordSchema = z.string().check(z.minLength(1), z.maxLength(MAX_PASSWORD_LENGTH));
/** A login ID already in the contract (the path of the issuer's /api/v1/users/:loginId). */
export const memberLoginIdSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9._-]+$/u));

export const CONTRACT_USER_STATES = ['no-certificate', 'active', 'renewable', 'expired', 'revoked', 'locked'] as const;
export const contractUserStateSchema = z.enum(CONTRACT_USER_STATES);
export type ContractUserState = z.infer<typeof contractUserStateSchema>;

export const contractUserSchema = z.object({
  loginId: z.string().check(z.minLength(1)),
  role: z.enum(['master', 'general']),
  /** 'locked' whatever the certificate while the ID is locked; else its newest certificate's state. */
  state: contractUserStateSchema,
  validUntil: z.nullable(isoDateSchema),
  lastIssuedAt: z.nullable(isoDateSchema),
  lockedUntil: z.nullable(isoDateSchema),
  serialNumber: z.nullable(z.string()),
});
export type ContractUser = z.infer<typeof contractUserSchema>;

export const consoleListSchema = z.object({
  contractId: z.string(),
  name: z.string(),
  /** P2: used counts the live users, the master included; max = 1 master + 10 general users. */
  seats: z.object({ used: z.int().check(z.nonnegative()), max: z.int().check(z.positive()) }),
  users: z.array(contractUserSchema),
  /** The master user signed in (the one row whose ID and certificate only the bank manages, P10). */
  signedInAs: z.string(),
  /** Minutes without a console request after which the password is forgotten. */
  idleMinutes: z.int().check(z.positive()),
});
export type ConsoleList = z.infer<typeof consoleListSchema>;

/** What a change answers: the list as it is now, and the certificate it revoked (P9), if any. */
export const consoleChangeSchema = z.object({
  list: consoleListSchema,
  revokedSerial: z.nullable(z.string()),
});
export type ConsoleChange = z.infer<typeof consoleChangeSchema>;

const target = z.strictObject({ loginId: memberLoginIdSchema });
const targetWithPassword = z.strictObject({ loginId: memberLoginIdSchema, password: newPasswordSchema });

/** The console's channels, spread into the contract's table (channels.ts). */
export const CONSOLE_CHANNELS = {
  /** Signs in as the contract's master user (the issuer checks the role) and lists its users. */
  'console.signIn': {
    input: z.strictObject({ loginId: memberLoginIdSchema, password: consolePasswordSchema }),
    output: consoleListSchema,
  },
  /** Forgets the password now. */
  'console.signOut': { input: z.strictObject({}), output: z.object({}) },
  'console.list': { input: z.strictObject({}), output: consoleListSchema },
  /** A new general user with its initial password (P2: refused when the seats are full). */
  'console.add': { input: z.strictObject({ loginId: newLoginIdSchema, password: newPasswordSchema }), output: consoleChangeSchema },
  /** Deletes a general user: its certificate is revoked at once (P9). */
  'console.delete': { input: target, output: consoleChangeSchema },
  /** Delete + add the same ID with an initial password, in one step (P10). */
  'console.reregister': { input: targetWithPassword, output: consoleChangeSchema },
  'console.unlock': { input: target, output: consoleChangeSchema },
  /** Sets a general user's new password (and lifts a lock). */
  'console.resetPassword': { input: targetWithPassword, output: consoleChangeSchema },
} as const;

/** The steps a link may prepare (`#/console/<step>/<loginId>`, e.g. from a user's request). */
export const CONSOLE_STEPS = ['reregister', 'unlock', 'reset-password'] as const;
export type ConsoleStep = (typeof CONSOLE_STEPS)[number];

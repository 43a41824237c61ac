// The master user's API of the issuing service (/api/v1/users): the contract's users, and the
// changes only the master may make (P2, P9, P10). It travels exactly as EST does (issuer-connection.ts:
// same address, TLS roots, proxy, deadline, login); a refusal becomes the IssuingError of the
// issuer's problem code (est-answer.ts refusalOf), an answer that is not what was asked for
// ISSUE-BAD-RESPONSE. Answers are checked field by field before anyone shows them.
import { z } from 'zod';
import { oneLine } from '../safe-text';
import { IssuingError } from './errors';
import { refusalOf, type EstAnswer } from './est-answer';
import type { EstCredentials } from './est-auth';
import { IssuerConnection, type IssuerConnectionOptions } from './issuer-connection';

export type MasterApiClientOptions = IssuerConnectionOptions;

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO date');
// The issuer's login ID shape (issuer/src/domain/user-policy.ts), which also keeps a hostile
// answer from carrying terminal control sequences into a listing.
const loginId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
const serial = z.string().regex(/^[0-9A-Fa-f]{1,64}$/);

const wireUserSchema = z.object({
  loginId,
  role: z.enum(['master', 'general']),
  locked: z.boolean(),
  // Absent from an issuer older than the console: read as "not known", not as an error.
  lockedUntil: isoDate.nullable().optional(),
  lastIssuedAt: isoDate.nullable().optional(),
  certificate: z
    .object({
      serialNumber: serial,
      state: z.enum(['none', 'active', 'renewable', 'expired', 'revoked']),
      notBefore: isoDate,
      notAfter: isoDate,
      revokedAt: isoDate.nullable(),
    })
    .nullable(),
});

const wireContractSchema = z.object({
  contractId: z.string().min(1).max(64),
  name: z.string().max(400),
  seats: z.object({ used: z.number().int().nonnegative(), max: z.number().int().positive() }),
  users: z.array(wireUserSchema).max(1000),
});

const reregisteredSchema = z.object({ user: wireUserSchema, revokedSerial: serial.nullable() });
const deletedSchema = z.object({ revokedSerial: serial.nullable() });

/** One user as the issuer describes it (today's fields of GET /api/v1/users). */
export interface MasterApiUser {
  readonly loginId: string;
  readonly role: 'master' | 'general';
  readonly locked: boolean;
  readonly lockedUntil: string | null;
  readonly lastIssuedAt: string | null;
  readonly certificate: null | {
    readonly serialNumber: string;
    readonly state: 'none' | 'active' | 'renewable' | 'expired' | 'revoked';
    readonly notBefore: string;
    readonly notAfter: string;
    readonly revokedAt: string | null;
  };
}

export interface MasterApiContract {
  readonly contractId: string;
  readonly name: string;
  readonly seats: { readonly used: number; readonly max: number };
  readonly users: readonly MasterApiUser[];
}

type Method = 'GET' | 'POST' | 'DELETE';

export class MasterApiClient {
  private readonly connection: IssuerConnection;

  constructor(options: MasterApiClientOptions) {
    this.connection = new IssuerConnection(options);
  }

  /** The master's contract: its name, the seats taken (P2) and every live user with its newest certificate. */
  async listUsers(master: EstCredentials): Promise<MasterApiContract> {
    const answer = await this.call('GET', '', master);
    const contract = parse(wireContractSchema, expectJson(answer, 200));
    return { ...contract, name: oneLine(contract.name), users: contract.users.map(toUser) };
  }

  /** A new general user with its initial password (P2: CJS-E-USER-LIMIT when the contract is full). */
  async addUser(master: EstCredentials, user: { readonly loginId: string; readonly password: string }): Promise<MasterApiUser> {
    const answer = await this.call('POST', '', master, { loginId: user.loginId, password: user.password });
    return toUser(parse(wireUserSchema, expectJson(answer, 201)));
  }

  /** Deletes a general user; the issuer revokes its certificate at once (P9). */
  async deleteUser(master: EstCredentials, id: string): Promise<{ revokedSerial: string | null }> {
    // RFC 7240: asks for the revoked serial in the answer; an issuer that ignores it answers 204.
    const answer = await this.call('DELETE', userPath(id), master, undefined, { prefer: 'return=representation' });
    if (answer.status === 204) return { revokedSerial: null };
    return parse(deletedSchema, expectJson(answer, 200));
  }

  /** P10 in one step: deleted (certificate revoked) and registered again with a new initial password. */
  async reregisterUser(
    master: EstCredentials,
    id: string,
    password: string,
  ): Promise<{ user: MasterApiUser; revokedSerial: string | null }> {
    const answer = await this.call('POST', `${userPath(id)}/reregister`, master, { password });
    const result = parse(reregisteredSchema, expectJson(answer, 200));
    return { user: toUser(result.user), revokedSerial: result.revokedSerial };
  }

  async unlockUser(master: EstCredentials, id: string): Promise<void> {
    // An empty JSON object: a POST without a body leaves its content type to the HTTP library.
    expectNoContent(await this.call('POST', `${userPath(id)}/unlock`, master, {}));
  }

  /** A general user's new password; the issuer lifts the user's lock with it. */
  async resetPassword(master: EstCredentials, id: string, password: string): Promise<void> {
    expectNoContent(await this.call('POST', `${userPath(id)}/password`, master, { password }));
  }

  private call(
    method: Method,
    path: string,
    master: EstCredentials,
    json?: Readonly<Record<string, string>>,
    extraHeaders: Readonly<Record<string, string>> = {},
  ): Promise<EstAnswer> {
    // Beside the CRL, at the issuer's origin: /api/v1/users.
    const url = new URL(`/api/v1/users${path}`, this.connection.base);
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      'user-agent': 'cjs-cert',
      ...extraHeaders,
    };
    if (json) headers['content-type'] = 'application/json';
    return this.connection.send({ method, url, headers, body: json ? JSON.stringify(json) : undefined }, master);
  }
}

/** The path of one user; the login ID is checked by the caller, and escaped here all the same. */
function userPath(id: string): string {
  return `/${encodeURIComponent(id)}`;
}

function expectJson(answer: EstAnswer, status: number): unknown {
  if (answer.status !== status) throw unexpected(answer);
  const contentType = (answer.headers['content-type'] ?? '').toLowerCase();
  if (!contentType.startsWith('application/json')) {
    throw new IssuingError('ISSUE-BAD-RESPONSE', `the service answered ${contentType || 'no content type'} instead of application/json`, {
      status: answer.status,
    });
  }
  try {
    return JSON.parse(answer.body.toString('utf8')) as unknown;
  } catch (cause) {
    throw new IssuingError('ISSUE-BAD-RESPONSE', 'the answer is not valid JSON', { status: answer.status, cause });
  }
}

function expectNoContent(answer: EstAnswer): void {
  if (answer.status !== 204 && answer.status !== 200) throw unexpected(answer);
}

/** An error status is the issuer's refusal (with its code); any other status is not an answer to this request. */
function unexpected(answer: EstAnswer): IssuingError {
  if (answer.status >= 300) return refusalOf(answer, { authenticated: true });
  return new IssuingError('ISSUE-BAD-RESPONSE', `the service answered HTTP ${answer.status}, not what the request asks for`, {
    status: answer.status,
  });
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => i.path.join('.') || '(answer)')
      .join(', ');
    throw new IssuingError('ISSUE-BAD-RESPONSE', `the answer of the master API is not what was expected (at ${where})`);
  }
  return parsed.data;
}

function toUser(user: z.infer<typeof wireUserSchema>): MasterApiUser {
  return {
    loginId: user.loginId,
    role: user.role,
    locked: user.locked,
    lockedUntil: user.lockedUntil ?? null,
    lastIssuedAt: user.lastIssuedAt ?? null,
    certificate: user.certificate,
  };
}

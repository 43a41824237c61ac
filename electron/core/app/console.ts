// The console's channels over the contract-administration use cases (contract-users.ts): each
// request takes the master's credentials from the session (console-session.ts), never from the
// screens, and answers with the list as it is after the change. A change that may concern this
// PC's user (a revocation, a new initial password, a lifted lock) makes the screens read the
// situation again.
import type { AppHandlers, EventEmitterFn } from '../../contract/channels';
import type { ConsoleList } from '../../contract/console';
import { isCjsError } from '../errors';
import type { ConsoleSession, MasterCredentials } from './console-session';
import type { AppServices } from './services';

/** The use cases as contract-users.ts exports them (the shared signatures of issue 11). */
export interface ContractUsersPort {
  listContractUsers(services: AppServices, who: MasterCredentials): Promise<ListedUsers>;
  addContractUser(services: AppServices, who: MasterCredentials, input: { loginId: string; password: string }): Promise<unknown>;
  deleteContractUser(services: AppServices, who: MasterCredentials, loginId: string): Promise<{ revokedSerial: string | null }>;
  reregisterContractUser(
    services: AppServices,
    who: MasterCredentials,
    loginId: string,
    password: string,
  ): Promise<{ revokedSerial: string | null }>;
  unlockContractUser(services: AppServices, who: MasterCredentials, loginId: string): Promise<void>;
  resetContractUserPassword(services: AppServices, who: MasterCredentials, loginId: string, password: string): Promise<void>;
}

export interface ListedUsers {
  readonly contractId: string;
  readonly name: string;
  readonly seats: { readonly used: number; readonly max: number };
  readonly users: readonly {
    readonly loginId: string;
    readonly role: 'master' | 'general';
    readonly state: ConsoleList['users'][number]['state'];
    readonly validUntil: string | null;
    readonly lastIssuedAt: string | null;
    readonly lockedUntil: string | null;
    readonly serialNumber: string | null;
  }[];
}

type ConsoleChannel = Extract<keyof AppHandlers, `console.${string}`>;
export type ConsoleHandlers = Pick<AppHandlers, ConsoleChannel>;

/** The issuer no longer takes these credentials: holding them would only fail again (or lock the ID). */
const CREDENTIALS_REFUSED = new Set(['CJS-E-AUTH', 'CJS-E-LOCKED', 'CJS-E-FORBIDDEN', 'CJS-E-USER-DELETED']);

export function createConsoleHandlers(deps: {
  readonly services: () => Promise<AppServices>;
  readonly users: ContractUsersPort;
  readonly session: ConsoleSession;
}): ConsoleHandlers {
  const { users, session } = deps;
  const view = (listed: ListedUsers, signedInAs: string): ConsoleList => ({
    contractId: listed.contractId,
    name: listed.name,
    seats: { used: listed.seats.used, max: listed.seats.max },
    users: listed.users.map((u) => ({
      loginId: u.loginId,
      role: u.role,
      state: u.state,
      validUntil: u.validUntil,
      lastIssuedAt: u.lastIssuedAt,
      lockedUntil: u.lockedUntil,
      serialNumber: u.serialNumber,
    })),
    signedInAs,
    idleMinutes: Math.round(session.idleMs / 60_000),
  });

  /** One console request with the session's credentials; a refusal of them ends the session. */
  const withSession = async <T>(work: (app: AppServices, who: MasterCredentials) => Promise<T>): Promise<T> => {
    const who = session.use();
    try {
      return await work(await deps.services(), who);
    } catch (err) {
      if (isCjsError(err) && CREDENTIALS_REFUSED.has(err.code)) session.end();
      throw err;
    }
  };

  /** A change, then the list as it is now; `concernsThisPc` re-reads the situation on every screen. */
  const change = (
    work: (app: AppServices, who: MasterCredentials) => Promise<string | null>,
    emit: EventEmitterFn,
    concernsThisPc: boolean,
  ) =>
    withSession(async (app, who) => {
      const revokedSerial = await work(app, who);
      if (concernsThisPc) emit('situation.changed', {});
      return { list: view(await users.listContractUsers(app, who), who.loginId), revokedSerial };
    });

  return {
    'console.signIn': async ({ loginId, password }) => {
      // A new sign-in replaces the old one, whatever its outcome: two masters' passwords are never held.
      session.end();
      const who = { loginId, password };
      const listed = await users.listContractUsers(await deps.services(), who);
      session.begin(who);
      return view(listed, loginId);
    },
    'console.signOut': () => {
      session.end();
      return Promise.resolve({});
    },
    'console.list': () => withSession(async (app, who) => view(await users.listContractUsers(app, who), who.loginId)),
    'console.add': (input, emit) =>
      change(
        async (app, who) => {
          await users.addContractUser(app, who, { loginId: input.loginId, password: input.password });
          return null;
        },
        emit,
        false,
      ),
    'console.delete': ({ loginId }, emit) =>
      change(async (app, who) => (await users.deleteContractUser(app, who, loginId)).revokedSerial, emit, true),
    'console.reregister': ({ loginId, password }, emit) =>
      change(async (app, who) => (await users.reregisterContractUser(app, who, loginId, password)).revokedSerial, emit, true),
    'console.unlock': ({ loginId }, emit) =>
      change(
        async (app, who) => {
          await users.unlockContractUser(app, who, loginId);
          return null;
        },
        emit,
        true,
      ),
    'console.resetPassword': ({ loginId, password }, emit) =>
      change(
        async (app, who) => {
          await users.resetContractUserPassword(app, who, loginId, password);
          return null;
        },
        emit,
        true,
      ),
  };
}

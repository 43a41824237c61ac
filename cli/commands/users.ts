// `cjs-cert users`: the master user's console for IT staff (P2, P9, P10): list the contract's
// users, add, delete (the certificate is revoked at once), re-register, unlock, reset a password.
// The master signs in with --login-id and its password from the no-echo prompt or the first line
// of stdin; a new password (add, reregister, reset-password) is never on the command line: the
// second line of stdin, or asked twice without echo. Who may do what is the issuer's to decide.
import type { TFunction } from 'i18next';
import { loginIdSchema } from '../../electron/contract/channels';
import { isValidNewLoginId, isValidNewPassword } from '../../electron/contract/login-id';
import {
  addContractUser,
  deleteContractUser,
  listContractUsers,
  reregisterContractUser,
  resetContractUserPassword,
  unlockContractUser,
  type ContractUser,
  type ContractUsers,
  type MasterCredentials,
} from '../../electron/core/app/contract-users';
import type { AppServices } from '../../electron/core/app/services';
import { UsageError } from '../errors';
import { EXIT, type ExitCode } from '../exit-codes';
import { formatDate } from '../format';
import { askYes, promptPassword, readPasswordLinesFromStdin } from '../password';
import { displayWidth, forTerminal } from '../terminal-text';

export const USERS_ACTIONS = ['list', 'add', 'delete', 'reregister', 'unlock', 'reset-password'] as const;
export type UsersAction = (typeof USERS_ACTIONS)[number];

/** The actions that set a user's password: they read a second one. */
const SETS_PASSWORD: ReadonlySet<UsersAction> = new Set(['add', 'reregister', 'reset-password']);
/** The actions that cannot be undone: confirmed, or --yes. */
const CONFIRMED: ReadonlySet<UsersAction> = new Set(['delete', 'reregister']);

export interface UsersRequest {
  readonly action: UsersAction;
  /** The user acted on; none for `list`. */
  readonly target: string | undefined;
  readonly masterLoginId: string;
  readonly passwordStdin: boolean;
  readonly yes: boolean;
  readonly json: boolean;
}

type Io = { readonly stdout: NodeJS.WritableStream; readonly stderr: NodeJS.WritableStream; readonly stdin: NodeJS.ReadableStream };

/**
 * The whole command line, checked before any password is asked for or anything is sent: the
 * action, the login IDs (the issuer's rules), and --yes where no one could answer a confirmation.
 */
export function parseUsersRequest(
  args: readonly string[],
  values: { readonly 'login-id'?: string | undefined; readonly 'password-stdin': boolean; readonly yes: boolean; readonly json: boolean },
  stdinIsTerminal: boolean,
): UsersRequest {
  const [actionName, target, ...extra] = args;
  if (!actionName) throw new UsageError('usersNeedsAction');
  const action = USERS_ACTIONS.find((a) => a === actionName);
  if (!action) throw new UsageError('usersUnknownAction', { action: actionName });
  if (extra.length > 0) throw new UsageError('unexpectedArgument', { argument: extra[0]! });
  if (action === 'list' && target !== undefined) throw new UsageError('unexpectedArgument', { argument: target });
  if (action !== 'list') {
    if (target === undefined) throw new UsageError('usersNeedsId', { action });
    if (!isValidNewLoginId(target)) throw new UsageError('usersBadId', { loginId: target });
  }
  const masterLoginId = values['login-id'];
  if (!masterLoginId) throw new UsageError('usersNeedsLoginId');
  if (!loginIdSchema.safeParse(masterLoginId).success) throw new UsageError('usersBadId', { loginId: masterLoginId });
  // A confirmation needs someone at a terminal; with --password-stdin, stdin is the passwords'.
  if (CONFIRMED.has(action) && !values.yes && (values['password-stdin'] || !stdinIsTerminal)) {
    throw new UsageError(action === 'delete' ? 'usersDeleteNeedsYes' : 'usersReregisterNeedsYes', { loginId: target! });
  }
  return { action, target, masterLoginId, passwordStdin: values['password-stdin'], yes: values.yes, json: values.json };
}

/** Runs the request against the issuer's master API; its exit status (a refusal is thrown, as everywhere). */
export async function runUsers(services: AppServices, request: UsersRequest, t: TFunction, io: Io): Promise<ExitCode> {
  const { action, json } = request;
  const target = request.target ?? '';
  const secrets = await readSecrets(request, t, io);
  const master: MasterCredentials = { loginId: request.masterLoginId, password: secrets.master };
  if (CONFIRMED.has(action) && !request.yes && !(await confirmed(t(`users.confirm.${action}`, { loginId: target })))) {
    io.stderr.write(`${t('users.cancelled')}\n`);
    return EXIT.FAILED;
  }
  const print = (result: object, text: string) =>
    io.stdout.write(json ? `${JSON.stringify({ ok: true, ...result }, null, 2)}\n` : forTerminal(`${text}\n`, io.stdout));

  switch (action) {
    case 'list': {
      const contract = await listContractUsers(services, master);
      print(contract, usersTable(contract, t));
      break;
    }
    case 'add': {
      const user = await addContractUser(services, master, { loginId: target, password: secrets.newPassword! });
      print({ user }, [t('users.added', { loginId: target }), t('users.nextEnroll', { loginId: target })].join('\n'));
      break;
    }
    case 'delete': {
      const { revokedSerial } = await deleteContractUser(services, master, target);
      print(
        { loginId: target, revokedSerial },
        revokedSerial
          ? t('users.deletedRevoked', { loginId: target, serial: revokedSerial })
          : t('users.deletedNoCertificate', { loginId: target }),
      );
      break;
    }
    case 'reregister': {
      const { user, revokedSerial } = await reregisterContractUser(services, master, target, secrets.newPassword!);
      const lines = [t('users.reregistered', { loginId: target })];
      if (revokedSerial) lines.push(t('users.revokedAtOnce', { serial: revokedSerial }));
      lines.push(t('users.nextEnroll', { loginId: target }));
      print({ user, revokedSerial }, lines.join('\n'));
      break;
    }
    case 'unlock': {
      await unlockContractUser(services, master, target);
      print({ loginId: target }, t('users.unlocked', { loginId: target }));
      break;
    }
    case 'reset-password': {
      await resetContractUserPassword(services, master, target, secrets.newPassword!);
      print({ loginId: target }, t('users.passwordReset', { loginId: target }));
      break;
    }
  }
  return EXIT.OK;
}

/**
 * The master's password and, for the actions that set one, the user's new password: the first
 * and second lines of stdin, or the no-echo prompt (the new one twice, the same both times).
 */
async function readSecrets(request: UsersRequest, t: TFunction, io: Io): Promise<{ master: string; newPassword?: string }> {
  const wantsNew = SETS_PASSWORD.has(request.action);
  let master: string;
  let newPassword: string | undefined;
  if (request.passwordStdin) {
    [master, newPassword] = await readPasswordLinesFromStdin(io.stdin, wantsNew ? 2 : 1);
  } else {
    master = await promptPassword(t('prompt.password', { loginId: request.masterLoginId }));
    if (wantsNew) {
      newPassword = await promptPassword(t('prompt.newPassword', { loginId: request.target }));
      const again = await promptPassword(t('prompt.newPasswordAgain', { loginId: request.target }));
      if (again !== newPassword) throw new UsageError('usersPasswordsDiffer');
    }
  }
  if (newPassword !== undefined && !isValidNewPassword(newPassword)) throw new UsageError('usersWeakPassword');
  return newPassword === undefined ? { master } : { master, newPassword };
}

/** Asks on the terminal; only "y" or "yes" go ahead. */
function confirmed(question: string): Promise<boolean> {
  // The terminal itself, not io.stderr: the line editor's cursor codes must reach it unescaped.
  return askYes(`${question} [y/N] `);
}

/** The contract, its seats, and one row per user: login ID, role, state, valid until, last issued, locked until. */
export function usersTable(contract: ContractUsers, t: TFunction): string {
  const header = [
    t('users.column.loginId'),
    t('users.column.role'),
    t('users.column.state'),
    t('users.column.validUntil'),
    t('users.column.lastIssued'),
    t('users.column.lockedUntil'),
  ];
  const rows = contract.users.map((u) => userRow(u, t));
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - displayWidth(c))))
      .join('  ')
      .trimEnd();
  return [
    t('users.contract', { contractId: contract.contractId, name: contract.name }),
    t('users.seats', { used: contract.seats.used, max: contract.seats.max }),
    '',
    line(header),
    ...rows.map(line),
  ].join('\n');
}

function userRow(user: ContractUser, t: TFunction): string[] {
  const date = (iso: string | null) => (iso ? formatDate(new Date(iso)) : '-');
  const time = (iso: string | null) => (iso ? `${formatDate(new Date(iso))} ${new Date(iso).toTimeString().slice(0, 5)}` : '-');
  return [
    user.loginId,
    t(`users.role.${user.role}`),
    t(`users.state.${user.state}`),
    date(user.validUntil),
    date(user.lastIssuedAt),
    time(user.lockedUntil),
  ];
}

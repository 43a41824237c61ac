// The bank's operator commands over the issuer's database. Works while the server runs (WAL);
// a revocation made here reaches the server's CRL and login checks at once.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadAuthority } from '../ca/load-authority';
import { databasePath } from '../db/database';
import { DEFAULT_POLICY } from '../domain/api';
import { systemClock, type Clock } from '../domain/clock';
import { IssuerError } from '../domain/errors';
import { IssuingService } from '../domain/issuing-service';
import type { OperatorRevocationReason } from '../domain/bank-operations';
import { formatContracts } from './format-contracts';

export const EXIT_OK = 0;
/** The service refused (unknown login ID, nothing to revoke...) or the data could not be read. */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: npm run operator -- --data DIR <command> [options]

Commands:
  add-contract --contract-id ID --name NAME --master-login-id LOGIN [--master-email E] --password-stdin [--json]
                                     onboard a member company: the contract and its master user; the
                                     master's initial password is read from stdin (never the command line)
  contracts [--json]                 list contracts, users and certificate states
  revoke --login-id ID [--reason R]  revoke the user's certificate (the only way for a master user, P10)
                                     R: keyCompromise | cessationOfOperation | unspecified (default)
  unlock --login-id ID               unlock a login ID locked after failed logins
  reset-password --login-id ID --password-stdin
                                     set a user's password (a master user's: only the bank does, P10) and
                                     lift its lock; the new password is read from stdin (never the command line)
`;

const REASONS: readonly OperatorRevocationReason[] = ['keyCompromise', 'cessationOfOperation', 'unspecified'];

export interface OperatorIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** All of standard input; read only by commands that take a secret (--password-stdin). */
  readonly readStdin?: () => Promise<string>;
  readonly clock?: Clock;
}

const COMMANDS = ['add-contract', 'contracts', 'revoke', 'unlock', 'reset-password'] as const;

class UsageError extends Error {}

/** Runs one operator command; returns the process exit code. Never throws. */
export async function runOperator(argv: readonly string[], io: OperatorIo): Promise<number> {
  let service: IssuingService | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        json: { type: 'boolean', default: false },
        'login-id': { type: 'string' },
        reason: { type: 'string' },
        'contract-id': { type: 'string' },
        name: { type: 'string' },
        'master-login-id': { type: 'string' },
        'master-email': { type: 'string' },
        // A flag, not a value: a password in argv would be visible in `ps` and shell history.
        'password-stdin': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const [command, ...extra] = positionals;
    if (!command) throw new UsageError('a command is required');
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
    if (!COMMANDS.some((c) => c === command)) throw new UsageError(`unknown command ${command}`);
    if (!values.data) throw new UsageError('--data DIR is required');
    // Checked before anything is opened or read, so a usage mistake costs nothing.
    const newContract = command === 'add-contract' ? requireContractOptions(values) : undefined;
    const resetLoginId = command === 'reset-password' ? requireResetOptions(values) : undefined;
    // Opening would create an empty database: a typo in DIR must not look like "no contracts".
    if (!existsSync(databasePath(values.data))) {
      io.stderr(`error: no issuer database in ${values.data} (start the issuing service once to create it)\n`);
      return EXIT_FAILED;
    }

    service = await IssuingService.open({
      dataDir: values.data,
      authority: await loadAuthority(values.data),
      clock: io.clock ?? systemClock,
      policy: DEFAULT_POLICY,
    });

    switch (command) {
      case 'add-contract': {
        const masterPassword = await readPassword(io);
        const contract = await service.operatorAddContract({ ...newContract!, masterPassword });
        io.stdout(
          values.json
            ? `${JSON.stringify(contract, null, 2)}\n`
            : `Created contract ${contract.contractId} (${contract.name}) with master user ${newContract!.masterLoginId}. ` +
                'The master can now obtain a certificate and register the general users.\n',
        );
        return EXIT_OK;
      }
      case 'contracts': {
        const contracts = service.listContracts();
        io.stdout(values.json ? `${JSON.stringify(contracts, null, 2)}\n` : formatContracts(contracts));
        return EXIT_OK;
      }
      case 'revoke': {
        const loginId = requireLoginId(values['login-id']);
        const reason = parseReason(values.reason);
        const { serialNumber } = service.operatorRevoke(loginId, reason);
        io.stdout(`Revoked certificate ${serialNumber} of ${loginId} (reason: ${reason}). ${loginId} can now obtain a new certificate.\n`);
        return EXIT_OK;
      }
      case 'reset-password': {
        await service.operatorResetPassword(resetLoginId!, await readPassword(io));
        io.stdout(`Set a new password for ${resetLoginId!} (its lock, if any, is lifted). Hand it over privately.\n`);
        return EXIT_OK;
      }
      default: {
        const loginId = requireLoginId(values['login-id']);
        service.operatorUnlock(loginId);
        io.stdout(`Unlocked ${loginId}.\n`);
        return EXIT_OK;
      }
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr(`error: ${(error as Error).message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    if (error instanceof IssuerError) {
      io.stderr(`error: ${error.message} [${error.code}]\n`);
      return EXIT_FAILED;
    }
    io.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILED;
  } finally {
    service?.close();
  }
}

type ContractOptions = { masterLoginId: string; contractId: string; name: string; masterEmail: string | undefined };

function requireContractOptions(values: {
  'contract-id'?: string | undefined;
  name?: string | undefined;
  'master-login-id'?: string | undefined;
  'master-email'?: string | undefined;
  'password-stdin'?: boolean | undefined;
}): ContractOptions {
  const contractId = values['contract-id'];
  const name = values.name;
  const masterLoginId = values['master-login-id'];
  if (!contractId) throw new UsageError('--contract-id ID is required');
  if (!name) throw new UsageError('--name NAME is required');
  if (!masterLoginId) throw new UsageError('--master-login-id LOGIN is required');
  if (!values['password-stdin'])
    throw new UsageError("--password-stdin is required: the master's initial password is read from standard input");
  return { contractId, name, masterLoginId, masterEmail: values['master-email'] };
}

function requireResetOptions(values: { 'login-id'?: string | undefined; 'password-stdin'?: boolean | undefined }): string {
  const loginId = requireLoginId(values['login-id']);
  if (!values['password-stdin']) throw new UsageError('--password-stdin is required: the new password is read from standard input');
  return loginId;
}

/** The whole of stdin minus one final line break (`echo`, `printf '%s\n'`, a file); one line only. */
async function readPassword(io: OperatorIo): Promise<string> {
  if (!io.readStdin) throw new UsageError('--password-stdin needs standard input');
  const password = (await io.readStdin()).replace(/\r?\n$/, '');
  if (password === '') throw new UsageError('no password on standard input');
  if (/[\r\n]/.test(password)) throw new UsageError('the password on standard input must be a single line');
  return password;
}

function requireLoginId(value: string | undefined): string {
  if (!value) throw new UsageError('--login-id ID is required');
  return value;
}

function parseReason(value: string | undefined): OperatorRevocationReason {
  if (value === undefined) return 'unspecified';
  const reason = REASONS.find((r) => r === value);
  if (!reason) throw new UsageError(`--reason must be one of ${REASONS.join(', ')}`);
  return reason;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

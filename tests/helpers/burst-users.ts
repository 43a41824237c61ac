// Many login IDs on a fresh issuer data directory, for load tests: contracts of one master and
// ten general users (the seat limit, P2), made with the service's own operations (the bank's
// add-contract, the master's add-user) in this process, before the service is started on the
// directory. Much cheaper than HTTP set-up: no TLS, no master login per user.
import { ensureIssuerPki } from '../../issuer/src/ca/bootstrap';
import { DEFAULT_POLICY } from '../../issuer/src/domain/api';
import { systemClock } from '../../issuer/src/domain/clock';
import { IssuingService } from '../../issuer/src/domain/issuing-service';
import { PASSWORD_COST, type ScryptCost } from '../../issuer/src/domain/passwords';

export interface BurstUsersOptions {
  readonly dataDir: string;
  readonly count: number;
  /** Every user gets this password. */
  readonly password: string;
  /** scrypt cost of the users' password hashes; the service checks each login at this cost. */
  readonly passwordCost?: ScryptCost;
  /** Login IDs start with this. */
  readonly prefix?: string;
}

const USERS_PER_CONTRACT = DEFAULT_POLICY.maxGeneralUsers + 1;

/** Creates the PKI, `count` users in ⌈count / 11⌉ contracts, and returns their login IDs. */
export async function createBurstUsers(options: BurstUsersOptions): Promise<string[]> {
  const prefix = options.prefix ?? 'burst';
  const pki = await ensureIssuerPki(options.dataDir, systemClock.now());
  const service = await IssuingService.open(
    { dataDir: options.dataDir, authority: pki.issuing, clock: systemClock, policy: DEFAULT_POLICY },
    { passwordCost: options.passwordCost ?? PASSWORD_COST },
  );
  try {
    const sizes = Array.from({ length: Math.ceil(options.count / USERS_PER_CONTRACT) }, (_, c) =>
      Math.min(USERS_PER_CONTRACT, options.count - c * USERS_PER_CONTRACT),
    );
    // Contracts side by side: the time is scrypt's, which runs in the thread pool.
    const contracts = await Promise.all(sizes.map((size, c) => addContract(service, options, prefix, c, size)));
    return contracts.flat();
  } finally {
    service.close();
  }
}

/** One contract: its master, then `size - 1` general users added by that master. */
async function addContract(
  service: IssuingService,
  options: BurstUsersOptions,
  prefix: string,
  index: number,
  size: number,
): Promise<string[]> {
  const contract = String(index).padStart(3, '0');
  const master = `${prefix}-m${contract}`;
  await service.operatorAddContract({
    contractId: `${prefix}-c${contract}`,
    name: `Burst ${contract}`,
    masterLoginId: master,
    masterPassword: options.password,
  });
  if (size === 1) return [master];
  const session = await service.authenticate(master, options.password);
  const generals = await Promise.all(
    Array.from({ length: size - 1 }, async (_, u) => {
      const loginId = `${prefix}-u${contract}-${String(u).padStart(2, '0')}`;
      await service.addUser(session, { loginId, password: options.password });
      return loginId;
    }),
  );
  return [master, ...generals];
}

// The master user's console as use cases (P2, P9, P10): the contract's users and the changes a
// master makes to them, over the issuer's master API. The master's password is used for each
// request and dropped: it is never stored, logged or put in an error. Who may do what is the
// issuer's to decide (a general user: CJS-E-FORBIDDEN; the master acting on itself:
// CJS-E-BANK-ONLY); what the answers mean to the screens and the CLI is decided here.
import type { MasterApiUser } from '../issuing';
import type { AppServices } from './services';

export interface MasterCredentials {
  readonly loginId: string;
  readonly password: string;
}

export type ContractUserState = 'no-certificate' | 'active' | 'renewable' | 'expired' | 'revoked' | 'locked';

export interface ContractUser {
  readonly loginId: string;
  readonly role: 'master' | 'general';
  readonly state: ContractUserState;
  readonly validUntil: string | null;
  readonly lastIssuedAt: string | null;
  readonly lockedUntil: string | null;
  readonly serialNumber: string | null;
}

export interface ContractUsers {
  readonly contractId: string;
  readonly name: string;
  readonly seats: { readonly used: number; readonly max: number };
  readonly users: readonly ContractUser[];
}

export async function listContractUsers(services: AppServices, who: MasterCredentials): Promise<ContractUsers> {
  const contract = await services.masterApi.listUsers(credentials(who));
  return { contractId: contract.contractId, name: contract.name, seats: contract.seats, users: contract.users.map(toContractUser) };
}

export async function addContractUser(
  services: AppServices,
  who: MasterCredentials,
  input: { loginId: string; password: string },
): Promise<ContractUser> {
  return toContractUser(await services.masterApi.addUser(credentials(who), { loginId: input.loginId, password: input.password }));
}

/** Deletes a general user: the issuer revokes its certificate at once (P9); the serial it revoked, if any. */
export function deleteContractUser(
  services: AppServices,
  who: MasterCredentials,
  loginId: string,
): Promise<{ revokedSerial: string | null }> {
  return services.masterApi.deleteUser(credentials(who), loginId);
}

/** P10 in one step: the user's certificate is revoked and the ID registered again with `password` as its initial password. */
export async function reregisterContractUser(
  services: AppServices,
  who: MasterCredentials,
  loginId: string,
  password: string,
): Promise<{ user: ContractUser; revokedSerial: string | null }> {
  const result = await services.masterApi.reregisterUser(credentials(who), loginId, password);
  return { user: toContractUser(result.user), revokedSerial: result.revokedSerial };
}

export function unlockContractUser(services: AppServices, who: MasterCredentials, loginId: string): Promise<void> {
  return services.masterApi.unlockUser(credentials(who), loginId);
}

/** Sets a general user's password (which lifts its lock). */
export function resetContractUserPassword(services: AppServices, who: MasterCredentials, loginId: string, password: string): Promise<void> {
  return services.masterApi.resetPassword(credentials(who), loginId, password);
}

/** Only the two fields the login needs: a caller's richer object does not travel further. */
function credentials(who: MasterCredentials): MasterCredentials {
  return { loginId: who.loginId, password: who.password };
}

/** A locked user is 'locked' whatever its certificate (the master's next step is to unlock); otherwise its newest certificate's state. */
export function toContractUser(user: MasterApiUser): ContractUser {
  const certificate = user.certificate;
  return {
    loginId: user.loginId,
    role: user.role,
    state: user.locked ? 'locked' : certificateState(certificate?.state),
    validUntil: certificate?.notAfter ?? null,
    lastIssuedAt: user.lastIssuedAt,
    lockedUntil: user.locked ? user.lockedUntil : null,
    serialNumber: certificate?.serialNumber ?? null,
  };
}

function certificateState(state: NonNullable<MasterApiUser['certificate']>['state'] | undefined): ContractUserState {
  return state === undefined || state === 'none' ? 'no-certificate' : state;
}

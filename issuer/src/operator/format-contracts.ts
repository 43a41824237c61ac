import type { ContractView, UserView } from '../domain/api';

/** The `contracts` listing for a terminal: one block per contract, one line per user. */
export function formatContracts(contracts: readonly ContractView[]): string {
  if (contracts.length === 0) return 'No contracts.\n';
  return (
    contracts.map((c) => [`${c.contractId}  ${c.name}  (${c.users.length} users)`, ...c.users.map(formatUser)].join('\n')).join('\n\n') +
    '\n'
  );
}

function formatUser(user: UserView): string {
  const cert = user.certificate;
  const columns = [
    user.loginId.padEnd(32),
    user.role.padEnd(7),
    (cert?.state ?? 'none').padEnd(9),
    cert ? `serial ${cert.serialNumber}` : '',
    cert ? `notAfter ${cert.notAfter}` : '',
    cert?.revokedAt ? `revokedAt ${cert.revokedAt}` : '',
    user.locked ? 'LOCKED' : '',
  ];
  return `  ${columns.filter((c) => c !== '').join('  ')}`;
}

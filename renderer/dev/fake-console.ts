// The console's side of the fake host (fake-api.ts): a demo contract the master user manages,
// with the issuer's answers and refusals (wrong password, a general user, the master itself).
import type { ChannelOutput } from '../../electron/contract/channels';
import type { ContractUser } from '../../electron/contract/console';
import type { AppError, Result } from '../../electron/contract/result';

const DAY = 86_400_000;
const PASSWORD = 'demo-password';

function user(loginId: string, role: ContractUser['role'], state: ContractUser['state'], issuedDaysAgo: number | null): ContractUser {
  const issued = issuedDaysAgo === null ? null : new Date(Date.now() - issuedDaysAgo * DAY);
  return {
    loginId,
    role,
    state,
    validUntil: issued ? new Date(issued.getTime() + 366 * DAY).toISOString() : null,
    lastIssuedAt: issued ? issued.toISOString() : null,
    lockedUntil: state === 'locked' ? new Date(Date.now() + 25 * 60_000).toISOString() : null,
    serialNumber: issued ? `5A${loginId.length}${issuedDaysAgo}C3`.toUpperCase() : null,
  };
}

const refusal = (code: string, actor: AppError['actor'], params: AppError['params'] = {}): Result<never> => ({
  ok: false,
  error: { code, actor, faq: code === 'CJS-E-BANK-ONLY' ? ['Q13'] : [], params },
});

export function createFakeConsole(options: { full?: boolean } = {}) {
  let signedIn: string | null = null;
  let users: ContractUser[] = [
    user('master01', 'master', 'active', 40),
    user('user01', 'general', 'active', 120),
    user('user02', 'general', 'renewable', 350),
    user('user03', 'general', 'locked', 200),
    user('user04', 'general', 'no-certificate', null),
    user('user05', 'general', 'expired', 400),
    user('user06', 'general', 'revoked', 90),
  ];
  if (options.full) for (let i = 7; i <= 10; i += 1) users.push(user(`user${String(i).padStart(2, '0')}`, 'general', 'active', i * 10));
  const max = 11;
  const list = (): ChannelOutput<'console.list'> => ({
    contractId: 'C-0001',
    name: '労金商事株式会社',
    seats: { used: users.length, max },
    users,
    signedInAs: signedIn ?? '',
    idleMinutes: 10,
  });
  const ok = <T>(value: T): Result<T> => ({ ok: true, value });
  const changed = (revokedSerial: string | null = null) => ok({ list: list(), revokedSerial });
  const find = (loginId: unknown) => users.find((u) => u.loginId === loginId);

  return function answer(channel: string, input: Record<string, unknown>): Result<unknown> | undefined {
    if (!channel.startsWith('console.')) return undefined;
    if (channel === 'console.signIn') {
      if (input.password !== PASSWORD) return refusal('CJS-E-AUTH', 'user');
      const who = find(input.loginId);
      if (!who) return refusal('CJS-E-AUTH', 'user');
      if (who.role !== 'master') return refusal('CJS-E-FORBIDDEN', 'master');
      signedIn = who.loginId;
      return ok(list());
    }
    if (channel === 'console.signOut') {
      signedIn = null;
      return ok({});
    }
    if (!signedIn) return refusal('CONSOLE-SIGNED-OUT', 'user');
    const target = find(input.loginId);
    switch (channel) {
      case 'console.list':
        return ok(list());
      case 'console.add':
        if (target) return refusal('CJS-E-USER-EXISTS', 'user');
        if (users.length >= max) return refusal('CJS-E-USER-LIMIT', 'master');
        users = [...users, user(String(input.loginId), 'general', 'no-certificate', null)];
        return changed();
      case 'console.delete':
      case 'console.reregister': {
        if (!target) return refusal('CJS-E-USER-NOT-FOUND', 'user');
        if (target.role === 'master') return refusal('CJS-E-BANK-ONLY', 'bank');
        const serial = target.state === 'active' || target.state === 'renewable' ? target.serialNumber : null;
        users = users.filter((u) => u !== target);
        if (channel === 'console.reregister') users = [...users, user(target.loginId, 'general', 'no-certificate', null)];
        return changed(serial);
      }
      case 'console.unlock':
      case 'console.resetPassword':
        if (!target) return refusal('CJS-E-USER-NOT-FOUND', 'user');
        if (channel === 'console.resetPassword' && target.role === 'master') return refusal('CJS-E-BANK-ONLY', 'bank');
        users = users.map((u) => (u === target ? { ...u, state: u.serialNumber ? 'active' : 'no-certificate', lockedUntil: null } : u));
        return changed();
    }
    return undefined;
  };
}

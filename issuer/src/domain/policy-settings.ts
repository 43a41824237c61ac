import type { PolicySettings } from './api';

/**
 * Refuses settings that would make the policies meaningless (a negative window, zero logins
 * before lockout), at start-up rather than at the first request.
 */
export function checkPolicy(policy: PolicySettings): void {
  const positive: (keyof PolicySettings)[] = [
    'validityDays',
    'maxFailedLogins',
    'lockMinutes',
    'throttleAfterFailures',
    'throttleBaseSeconds',
    'throttleMaxSeconds',
  ];
  const nonNegative: (keyof PolicySettings)[] = ['maxGeneralUsers', 'renewalWindowDays', 'backdateSeconds'];
  for (const key of positive) {
    if (!Number.isFinite(policy[key]) || policy[key] <= 0)
      throw new RangeError(`policy.${key} must be a positive number, got ${policy[key]}`);
  }
  for (const key of nonNegative) {
    if (!Number.isFinite(policy[key]) || policy[key] < 0) throw new RangeError(`policy.${key} must be zero or more, got ${policy[key]}`);
  }
  if (
    !Number.isInteger(policy.maxGeneralUsers) ||
    !Number.isInteger(policy.maxFailedLogins) ||
    !Number.isInteger(policy.throttleAfterFailures)
  ) {
    throw new RangeError('policy.maxGeneralUsers, policy.maxFailedLogins and policy.throttleAfterFailures must be whole numbers');
  }
}

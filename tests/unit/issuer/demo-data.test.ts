import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SigningAuthority } from '../../../electron/core/pki';
import { makeAuthority, openTestService, type TestService } from './issuer-fixture';

let authority: SigningAuthority;
let t: TestService;

beforeAll(async () => {
  authority = await makeAuthority();
});
afterEach(() => t.dispose());

describe('seedDemoData', () => {
  it('creates the demo contract once, with master01, user01, user02 / demo-password', async () => {
    t = await openTestService(authority, { seed: false });
    expect(await t.service.seedDemoData()).toBe(true);
    expect(await t.service.seedDemoData()).toBe(false);
    const [demo, ...others] = t.service.listContracts();
    expect(others).toEqual([]);
    expect(demo?.name).toBe('デモ株式会社');
    expect(demo?.users.map((u) => [u.loginId, u.role, u.email])).toEqual([
      ['master01', 'master', 'master01@example.jp'],
      ['user01', 'general', 'user01@example.jp'],
      ['user02', 'general', 'user02@example.jp'],
    ]);
    for (const loginId of ['master01', 'user01', 'user02']) expect((await t.login(loginId)).loginId).toBe(loginId);
  });

  it('does nothing when a contract exists, even after a restart', async () => {
    t = await openTestService(authority);
    const again = await t.openAnother();
    expect(await again.seedDemoData()).toBe(false);
  });
});

// What this PC remembers between runs: the enrollments that make a lost certificate recognisable
// (P8) and the app's preferences. Never a secret; a torn or foreign file is as good as none.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPreferences, updatePreferences } from '../../../electron/core/app/preferences';
import {
  preferencesPath,
  readRememberedEnrollments,
  recordEnrollment,
  rememberedEnrollmentsPath,
} from '../../../electron/core/app/state-files';

let home: string;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'cjs-state-'));
  env = { HOME: home, XDG_STATE_HOME: join(home, 'state') };
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const ISSUER = 'https://est.rokin.example.jp';
const may = { loginId: 'user01', serialNumber: '5A1F03', notAfter: new Date('2027-05-02T03:00:00Z') };

describe('remembered enrollments', () => {
  it('live next to last-issuer.json, readable by this user only, and hold no secret', async () => {
    await recordEnrollment(env, ISSUER, may);
    expect(rememberedEnrollmentsPath(env)).toBe(join(home, 'state', 'cjs-cert', 'enrollments.json'));
    expect((await stat(rememberedEnrollmentsPath(env))).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(rememberedEnrollmentsPath(env), 'utf8'))).toEqual({
      enrollments: [{ issuer: ISSUER, loginId: 'user01', serialNumber: '5A1F03', notAfter: '2027-05-02T03:00:00.000Z' }],
    });
  });

  it('keep the latest certificate per login ID and issuer; another issuer’s are not this one’s', async () => {
    await recordEnrollment(env, ISSUER, may);
    await recordEnrollment(env, `${ISSUER}/.well-known/est/`, { ...may, serialNumber: '6B20', notAfter: new Date('2028-05-02T03:00:00Z') });
    await recordEnrollment(env, ISSUER, { loginId: 'user02', serialNumber: '7C31', notAfter: may.notAfter });
    await recordEnrollment(env, 'https://other.example.jp', { loginId: 'user01', serialNumber: '99', notAfter: may.notAfter });
    expect(await readRememberedEnrollments(env, ISSUER)).toEqual([
      { loginId: 'user01', serialNumber: '6B20', notAfter: new Date('2028-05-02T03:00:00Z') },
      { loginId: 'user02', serialNumber: '7C31', notAfter: may.notAfter },
    ]);
  });

  it('a torn file, or records that do not look like ours, count as nothing remembered', async () => {
    await recordEnrollment(env, ISSUER, may);
    await writeFile(rememberedEnrollmentsPath(env), '{"enrollments": [{"issuer"');
    expect(await readRememberedEnrollments(env, ISSUER)).toEqual([]);
    await writeFile(
      rememberedEnrollmentsPath(env),
      JSON.stringify({ enrollments: [{ issuer: ISSUER, loginId: 'user01', serialNumber: 'not hex', notAfter: 'soon' }] }),
    );
    expect(await readRememberedEnrollments(env, ISSUER)).toEqual([]);
  });
});

describe('preferences', () => {
  it('default to Japanese, notifications on, automatic renewal on, start at login off', async () => {
    expect(await readPreferences(env)).toEqual({ language: 'ja', notifications: true, autoRenew: true, startAtLogin: false });
  });

  it('a change keeps the other values and survives a restart; foreign values fall back to the default', async () => {
    expect(await updatePreferences(env, { notifications: false, language: undefined })).toEqual({
      language: 'ja',
      notifications: false,
      autoRenew: true,
      startAtLogin: false,
    });
    expect(await readPreferences(env)).toMatchObject({ notifications: false });
    await writeFile(preferencesPath(env), JSON.stringify({ language: 'fr', notifications: 'yes', startAtLogin: true }));
    expect(await readPreferences(env)).toEqual({ language: 'ja', notifications: true, autoRenew: true, startAtLogin: true });
  });
});

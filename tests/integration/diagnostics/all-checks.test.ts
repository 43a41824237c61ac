// Every registered check together, through the engine with its default timeouts, against the
// healthy reference issuing service, after `cjs-cert enroll` put user01's certificate in a
// throw-away HOME's NSS store: the state of a PC where everything works. Catches checks that
// pass alone but trip over each other (shared facts, dependencies, the store being listed
// concurrently) and any check that would wrongly fail a healthy setup.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../../electron/core/diagnostics/checks';
import { runChecks, type DiagnosticsEvent } from '../../../electron/core/diagnostics/engine';
import { NssStore } from '../../../electron/core/stores';
import { freshHome, runCliProcess } from '../../helpers/cli-process';
import { createDiagnosticsContext } from '../../helpers/diagnostics-context';
import { DEMO_PASSWORD, startTestIssuer, type TestIssuer } from '../../helpers/issuer';
import { unmarkedEvidence } from '../../unit/diagnostics/helpers/message-text';

const WINDOWS_ONLY = ['windows-tls-settings', 'trusted-sites', 'browser-extensions', 'legacy-addons', 'cache-ssl-state', 'os-updates'];

let issuer: TestIssuer;
let home: string;

beforeAll(async () => {
  issuer = await startTestIssuer();
  home = await freshHome('cjs-all-checks-');
  const res = await runCliProcess(
    ['enroll', '--json', '--issuer', issuer.estUrl, '--trust', issuer.tlsCaCertPath, '--login-id', 'user01', '--password-stdin'],
    { home, stdin: `${DEMO_PASSWORD}\n`, timeoutMs: 60_000 },
  );
  expect(res.exitCode, res.stdout + res.stderr).toBe(0);
}, 90_000);

afterAll(async () => {
  await issuer?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('ALL_CHECKS on a healthy Linux PC', () => {
  it('every check that applies here passes; the Windows ones are not applicable; progress reaches total', async () => {
    const events: DiagnosticsEvent[] = [];
    const context = createDiagnosticsContext({ issuer, store: new NssStore({ home }), loginId: 'user01', platform: 'linux' });
    const outcomes = await runChecks(ALL_CHECKS, context, { onEvent: (e) => events.push(e) });

    expect(outcomes.map((o) => o.id)).toEqual(ALL_CHECKS.map((c) => c.id));
    for (const o of outcomes) {
      const expected = WINDOWS_ONLY.includes(o.id) ? 'not-applicable' : 'pass';
      expect(o.result.status, `${o.id}: ${JSON.stringify(o.result)}`).toBe(expected);
      // Every result can be traced back to the FAQ entry a user would read.
      expect(o.faq.length, o.id).toBeGreaterThan(0);
    }
    expect(outcomes.filter((o) => o.result.status === 'pass').length).toBe(ALL_CHECKS.length - WINDOWS_ONLY.length);
    const login = outcomes.find((o) => o.id === 'client-cert-login');
    expect(unmarkedEvidence(login!.result.evidence)).toMatchObject({ tool: 'tstclnt', httpStatus: 200, loginId: 'user01' });
    // Each check is shown in its group on the screen: network first, then certificate, then Windows.
    expect(outcomes.map((o) => o.group)).toEqual([
      ...Array<string>(6).fill('network'),
      ...Array<string>(7).fill('certificate'),
      ...Array<string>(6).fill('windows'),
    ]);
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'check-finished', completed: ALL_CHECKS.length, total: ALL_CHECKS.length });
  }, 60_000);
});

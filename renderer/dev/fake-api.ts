// A fake host for looking at the screens during development (dev/index.html) and for the
// screenshot script: every channel answered with plausible data for one scenario. Never part of
// the production bundle (renderer/index.html does not import it).
import type { ChannelName, ChannelOutput, EventName, WindowApi } from '../../electron/contract/channels';
import type { CheckStatusName, ReportedCheckView } from '../../electron/contract/diagnosis';
import type { NextAction } from '../../electron/contract/actions';
import type { AppError, Result } from '../../electron/contract/result';
import type { CertificateView, Situation, SituationKind } from '../../electron/contract/situation';
import { createFakeConsole } from './fake-console';
import { fakeHelpEntries } from './fake-help';

export const SCENARIOS = [
  'valid',
  'renewal',
  'none',
  'expired',
  'lost',
  'revoked',
  'no-key',
  'several',
  'other-user',
  'not-yet-valid',
  'undetermined',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface FakeOptions {
  readonly scenario: Scenario;
  /** Pause per step, so progress can be watched. */
  readonly stepMs?: number;
  /** The enrollment fails with this error (after the key step). */
  readonly enrollError?: AppError | undefined;
  /** How the host misbehaves: answers junk, never answers, or rejects. */
  readonly broken?: 'junk' | 'silent' | 'reject' | undefined;
  readonly language?: 'ja' | 'en';
}

const DAY = 86_400_000;
const CA = 'CN=Rokin CJS Issuing CA 1,O=Rokin,C=JP';

function certificate(
  loginId: string,
  serial: string,
  daysLeft: number,
  state: CertificateView['state'],
  hasPrivateKey = true,
): CertificateView {
  const now = Date.now();
  const notAfter = new Date(now + daysLeft * DAY + 3_600_000);
  return {
    loginId,
    subject: `CN=${loginId}`,
    issuer: CA,
    serialNumber: serial,
    thumbprint: `${serial}A3F29C0D5E7B18C4D2E9F0A1B3C5D7E9F1A2B4C6`.slice(0, 40).padEnd(40, '0'),
    notBefore: new Date(notAfter.getTime() - 366 * DAY).toISOString(),
    notAfter: notAfter.toISOString(),
    daysLeft,
    renewalOpensAt: new Date(notAfter.getTime() - 30 * DAY).toISOString(),
    state,
    hasPrivateKey,
  };
}

interface SituationSpec {
  readonly kind: SituationKind;
  readonly certificates: CertificateView[];
  readonly subject: number | null;
  readonly actions: [NextAction, ...NextAction[]];
  readonly actor: Situation['actor'];
  readonly faq: string[];
  readonly loginId?: string | null;
}

function spec(scenario: Scenario): SituationSpec {
  switch (scenario) {
    case 'valid':
      return {
        kind: 'valid',
        certificates: [certificate('user01', '5A1F03', 365, 'valid')],
        subject: 0,
        actions: [{ kind: 'none' }],
        actor: 'none',
        faq: ['Q7', 'Q15'],
      };
    case 'renewal':
      return {
        kind: 'renewal-window',
        certificates: [certificate('user01', '5A1F03', 21, 'expiring')],
        subject: 0,
        actions: [{ kind: 'renew', loginId: 'user01' }],
        actor: 'user',
        faq: ['Q7', 'Q8'],
      };
    case 'none':
      return {
        kind: 'no-certificate',
        certificates: [],
        subject: null,
        actions: [{ kind: 'enroll' }],
        actor: 'user',
        faq: ['Q1', 'Q2', 'Q22'],
        loginId: null,
      };
    case 'expired':
      return {
        kind: 'expired',
        certificates: [certificate('user01', '5A1F03', -12, 'expired')],
        subject: 0,
        actions: [{ kind: 'enroll', loginId: 'user01' }],
        actor: 'user',
        faq: ['Q9', 'Q10'],
      };
    case 'lost':
      return {
        kind: 'lost',
        certificates: [],
        subject: null,
        actions: [
          { kind: 'contact', actor: 'master', reason: 'lost' },
          { kind: 'reissue', loginId: 'user01' },
        ],
        actor: 'master',
        faq: ['Q11', 'Q13', 'Q22', 'Q23'],
        loginId: 'user01',
      };
    case 'revoked':
      return {
        kind: 'revoked',
        certificates: [certificate('user01', '5A1F03', 200, 'revoked')],
        subject: 0,
        actions: [
          { kind: 'contact', actor: 'master', reason: 'revoked' },
          { kind: 'enroll', loginId: 'user01' },
        ],
        actor: 'master',
        faq: ['Q12', 'Q13'],
      };
    case 'no-key':
      return {
        kind: 'no-key',
        certificates: [certificate('user01', '5A1F03', 200, 'no-key', false)],
        subject: 0,
        actions: [
          { kind: 'contact', actor: 'master', reason: 'no-key' },
          { kind: 'reissue', loginId: 'user01' },
        ],
        actor: 'master',
        faq: ['Q21(3)', 'Q22(3)', 'Q13'],
      };
    case 'several':
      return {
        kind: 'several-usable',
        certificates: [certificate('user01', '7C2E11', 360, 'valid'), certificate('user01', '5A1F03', 25, 'expiring')],
        subject: 0,
        actions: [{ kind: 'remove', serial: '5A1F03' }],
        actor: 'user',
        faq: ['Q17', 'Q6'],
      };
    case 'other-user':
      return {
        kind: 'other-user',
        certificates: [certificate('user02', '6B0D42', 300, 'valid')],
        subject: null,
        actions: [
          { kind: 'enroll', loginId: 'user01' },
          { kind: 'faq', faq: 'Q21(2)' },
        ],
        actor: 'user',
        faq: ['Q6', 'Q21(2)'],
        loginId: 'user01',
      };
    case 'not-yet-valid':
      return {
        kind: 'not-yet-valid',
        certificates: [certificate('user01', '5A1F03', 400, 'not-yet-valid')],
        subject: 0,
        actions: [{ kind: 'diagnose' }, { kind: 'contact', actor: 'it', reason: 'clock' }],
        actor: 'user',
        faq: ['Q9', 'Q21(1)'],
      };
    case 'undetermined':
      return {
        kind: 'undetermined',
        certificates: [],
        subject: null,
        actions: [{ kind: 'diagnose' }],
        actor: 'user',
        faq: ['Q18(8)', 'Q24'],
        loginId: null,
      };
  }
}

const STORE = { kind: 'windows', location: 'Cert:\\CurrentUser\\My' } as const;

function situationOf(s: SituationSpec): Situation {
  const certificate = s.subject === null ? null : (s.certificates[s.subject] ?? null);
  return {
    kind: s.kind,
    loginId: s.loginId !== undefined ? s.loginId : (certificate?.loginId ?? null),
    certificate,
    certificates: s.certificates,
    actions: s.actions,
    actor: s.actor,
    actorIfMaster: s.actor === 'master' ? 'bank' : null,
    faq: s.faq,
    store: STORE,
    revocationChecked: s.kind !== 'undetermined',
    issuerReachable: s.kind !== 'undetermined',
    checkedAt: new Date().toISOString(),
  };
}

interface FakeCheck {
  readonly id: string;
  readonly group: ReportedCheckView['group'];
  readonly status: CheckStatusName;
  readonly faq: string[];
  /** The summary's case in diagnostics.json, its values, and the advice's case for a problem. */
  readonly summary: [string, Record<string, string | number>];
  readonly advice?: [string, Record<string, string | number>];
  /** After the fix: the summary a re-check gives. */
  readonly fixed?: [string, Record<string, string | number>];
  readonly codes?: string[];
  readonly actions?: NextAction[];
}

const TARGET = 'www.cjs-rokin.jp:443';
const CHECKS: readonly FakeCheck[] = [
  { id: 'https-address', group: 'network', status: 'pass', faq: ['Q18(1)', 'Q19(2)'], summary: ['ok', { host: 'www.cjs-rokin.jp' }] },
  {
    id: 'network',
    group: 'network',
    status: 'pass',
    faq: ['Q18(8)', 'Q24'],
    summary: ['connectedDirect', { target: TARGET, address: '203.0.113.10' }],
  },
  {
    id: 'tls-handshake',
    group: 'network',
    status: 'pass',
    faq: ['Q20', 'Q24(2)'],
    summary: ['ok', { version: 'TLS 1.3', cipher: 'TLS_AES_256_GCM_SHA384' }],
  },
  {
    id: 'server-certificate',
    group: 'network',
    status: 'warn',
    faq: ['Q18(8)', 'Q24(4)'],
    summary: ['untrusted', { target: TARGET, issuer: 'Example Security HTTPS Scanning CA' }],
    advice: ['untrusted', { issuer: 'Example Security HTTPS Scanning CA', host: 'www.cjs-rokin.jp' }],
    actions: [{ kind: 'contact', actor: 'it', reason: 'interception' }],
  },
  { id: 'clock', group: 'network', status: 'pass', faq: ['Q9', 'Q21'], summary: ['accurate', { unit: 'seconds', seconds: 2 }] },
  { id: 'certificate-present', group: 'certificate', status: 'pass', faq: ['Q19(1)', 'Q22'], summary: ['count', { count: 1 }] },
  {
    id: 'certificate-validity',
    group: 'certificate',
    status: 'pass',
    faq: ['Q7', 'Q8', 'Q15'],
    summary: [
      'valid',
      {
        daysLeft: 365,
        notAfter: new Date(Date.now() + 365 * DAY).toISOString(),
        renewalOpensAt: new Date(Date.now() + 335 * DAY).toISOString(),
      },
    ],
  },
  { id: 'private-key', group: 'certificate', status: 'pass', faq: ['Q21(3)', 'Q22(3)'], summary: ['present', {}] },
  { id: 'revocation', group: 'certificate', status: 'pass', faq: ['Q12', 'Q13'], summary: ['notRevoked', {}] },
  { id: 'duplicates', group: 'certificate', status: 'pass', faq: ['Q17'], summary: ['one', {}] },
  { id: 'right-user', group: 'certificate', status: 'pass', faq: ['Q21(2)'], summary: ['mine', { loginId: 'user01' }] },
  { id: 'client-cert-login', group: 'certificate', status: 'pass', faq: ['Q19', 'Q21'], summary: ['loggedIn', { loginId: 'user01' }] },
  { id: 'windows-tls-settings', group: 'windows', status: 'pass', faq: ['Q20', 'Q24(2)'], summary: ['ok', { list: 'TLS 1.2, TLS 1.3' }] },
  {
    id: 'trusted-sites',
    group: 'windows',
    status: 'fail',
    faq: ['Q25'],
    summary: ['notListed', { site: 'https://www.cjs-rokin.jp', managed: 'no' }],
    advice: ['add', { site: 'https://www.cjs-rokin.jp' }],
    fixed: ['trusted', { site: 'https://www.cjs-rokin.jp' }],
    codes: ['WIN-ZONE'],
  },
  { id: 'browser-extensions', group: 'windows', status: 'pass', faq: ['Q18(6)'], summary: ['disabled', {}] },
  {
    id: 'legacy-addons',
    group: 'windows',
    status: 'not-applicable',
    faq: ['Q18(2)'],
    summary: ['notNeeded', { x509: 'notRegistered', cenroll: 'notRegistered' }],
  },
  {
    id: 'cache-ssl-state',
    group: 'windows',
    status: 'warn',
    faq: ['Q17', 'Q18(7)'],
    summary: ['cached', { files: 214, megabytes: 38 }],
    advice: ['cached', {}],
    fixed: ['empty', {}],
  },
  { id: 'os-updates', group: 'windows', status: 'pass', faq: ['Q24(1)'], summary: ['windows11', { version: '24H2', build: '26100.2605' }] },
];

function reportedCheck(check: FakeCheck, fixed = false): ReportedCheckView {
  const fixable = check.fixed !== undefined && !fixed;
  const [summaryCase, summaryParams] = fixed && check.fixed ? check.fixed : check.summary;
  const message = (part: string, [name, params]: [string, Record<string, string | number>]) => ({
    key: `diagnostics:check.${check.id}.${part}.${name}`,
    params,
  });
  return {
    id: check.id,
    group: check.group,
    status: fixed ? 'pass' : check.status,
    faq: check.faq,
    summary: message('summary', [summaryCase, summaryParams]),
    advice: !fixed && check.advice ? message('advice', check.advice) : null,
    evidence: check.id === 'server-certificate' ? { issuer: 'Example Security HTTPS Scanning CA', host: 'www.cjs-rokin.jp' } : {},
    codes: fixed ? [] : (check.codes ?? []),
    actions: fixable ? [{ kind: 'fix', checkId: check.id }] : (check.actions ?? []),
    durationMs: 42,
    fixable,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createFakeApi(options: FakeOptions): WindowApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const emit = (event: EventName, payload: unknown): void => listeners.get(event)?.forEach((listener) => listener(payload));
  const stepMs = options.stepMs ?? 250;
  let current = spec(options.scenario);
  let settings: ChannelOutput<'settings.get'> = {
    language: options.language ?? 'ja',
    notifications: true,
    autoRenew: true,
    startAtLogin: false,
    issuerUrl: 'https://cert.cjs-rokin.jp/.well-known/est',
    loginUrl: 'https://www.cjs-rokin.jp/',
    renewalWindowDays: 30,
  };
  const ok = <T>(value: T): Result<T> => ({ ok: true, value });
  const consoleAnswer = createFakeConsole();

  async function enroll(input: { operation: 'enroll' | 'renew'; loginId: string }): Promise<Result<ChannelOutput<'enrollment.start'>>> {
    const steps = ['prepare', 'keygen', 'request', 'issue', 'validate', 'install'] as const;
    for (const step of steps) {
      emit('enrollment.progress', { step, phase: 'start' });
      await sleep(stepMs);
      if (options.enrollError && step === 'issue') {
        emit('enrollment.progress', { step, phase: 'failed' });
        return { ok: false, error: options.enrollError };
      }
      emit('enrollment.progress', { step, phase: 'done', ms: stepMs });
    }
    const issued = certificate(input.loginId, '8D4A77', 366, 'valid');
    current = { kind: 'valid', certificates: [issued], subject: 0, actions: [{ kind: 'none' }], actor: 'none', faq: ['Q7', 'Q15'] };
    return ok({
      operation: input.operation,
      loginId: input.loginId,
      certificate: issued,
      resumed: false,
      removedSerials: [],
      store: STORE,
    });
  }

  /** Renews what is inside its window, as the core would with the certificate as the proof. */
  async function autoRenew(): Promise<Result<ChannelOutput<'renewal.auto'>>> {
    const items: ChannelOutput<'renewal.auto'>['items'] = [];
    for (const c of current.certificates) {
      if (!c.loginId) continue;
      if (c.state === 'valid')
        items.push({ kind: 'not-due', loginId: c.loginId, serialNumber: c.serialNumber, renewalOpensAt: c.renewalOpensAt });
      if (c.state !== 'expiring') continue;
      const renewed = await enroll({ operation: 'renew', loginId: c.loginId });
      if (!renewed.ok) return renewed;
      items.push({
        kind: 'renewed',
        loginId: c.loginId,
        previousSerial: c.serialNumber,
        certificate: renewed.value.certificate,
        removedSerials: [c.serialNumber],
        resumed: false,
      });
    }
    return ok({ items, revocationChecked: true, checkedAt: new Date().toISOString() });
  }

  async function diagnose(): Promise<Result<ChannelOutput<'diagnosis.run'>>> {
    const checks: ReportedCheckView[] = [];
    for (const entry of CHECKS) {
      await sleep(stepMs / 3);
      const check = reportedCheck(entry);
      checks.push(check);
      emit('diagnosis.progress', { checkId: check.id, status: check.status, completed: checks.length, total: CHECKS.length });
    }
    const summary = { pass: 0, warn: 0, fail: 0, 'not-applicable': 0, error: 0 };
    for (const check of checks) summary[check.status] += 1;
    return ok({
      createdAt: new Date().toISOString(),
      platform: 'win32 10.0.22631',
      issuerUrl: settings.issuerUrl,
      loginUrl: settings.loginUrl,
      loginId: 'u****1',
      summary,
      checks,
    });
  }

  async function answer(channel: ChannelName, input: Record<string, unknown>): Promise<unknown> {
    switch (channel) {
      case 'situation.get':
        return ok(situationOf(current));
      case 'certificates.list':
        return ok({ certificates: current.certificates, store: STORE, revocationChecked: true, checkedAt: new Date().toISOString() });
      case 'enrollment.start':
        return enroll(input as { operation: 'enroll' | 'renew'; loginId: string });
      case 'renewal.auto':
        return autoRenew();
      case 'certificate.remove': {
        const serial = String(input.serial);
        current = { ...current, certificates: current.certificates.filter((c) => c.serialNumber !== serial) };
        return ok({ removed: serial });
      }
      case 'diagnosis.run':
        return diagnose();
      case 'diagnosis.fix': {
        await sleep(stepMs);
        const entry = CHECKS.find((check) => check.id === input.checkId);
        return entry
          ? ok(reportedCheck(entry, true))
          : { ok: false, error: { code: 'DIAG-UNKNOWN-CHECK', actor: 'user', faq: [], params: {} } };
      }
      case 'report.export': {
        const json = input.format === 'json';
        return ok({
          fileName: json ? 'cjs-diagnosis.json' : 'cjs-diagnosis.txt',
          mimeType: json ? 'application/json' : 'text/plain',
          content: json ? '{"checks":[]}' : '自己診断の結果\n',
        });
      }
      case 'settings.get':
        return ok(settings);
      case 'settings.set':
        settings = { ...settings, ...input };
        return ok(settings);
      case 'help.get':
        return ok({ entries: fakeHelpEntries(input.language === 'en' ? 'en' : 'ja') });
      default:
        return consoleAnswer(channel, input);
    }
  }

  return {
    invoke(channel, input) {
      if (options.broken === 'silent') return new Promise(() => undefined);
      if (options.broken === 'reject') return Promise.reject(new Error('host went away'));
      if (options.broken === 'junk') return Promise.resolve({ ok: true, value: { unexpected: 'junk' } });
      return answer(channel as ChannelName, (input ?? {}) as Record<string, unknown>);
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}

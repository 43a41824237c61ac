// The app's composition: one handler per channel of the contract, over the same use cases the
// CLI calls. Electron's main process and the browser tests serve these through the router.
import type { AppHandlers, EventEmitterFn } from '../../contract/channels';
import { resolveSettings, type ClientSettings } from '../config';
import type { EnrollmentEvent, JournalPort } from '../enrollment/workflow';
import { CjsError } from '../errors';
import type { KeyAlgorithm } from '../pki';
import type { CertificateStore } from '../stores/certificate-store';
import type { StoreTlsClient } from '../stores/client-certificate-transport';
import type { LoginProber } from '../diagnostics/checks/client-cert-login';
import { autoRenewView, renewAutomatically } from './auto-renew';
import { createConsoleHandlers, type ContractUsersPort } from './console';
import { ConsoleSession } from './console-session';
import * as contractUsers from './contract-users';
import { createDiagnosisUseCases } from './diagnosis';
import { enroll } from './enroll';
import { loadHelp } from './help';
import { readPreferences, settingsView, updatePreferences } from './preferences';
import { findRemovable, removeCertificates } from './remove';
import { createServices, type AppServices } from './services';
import { readRememberedEnrollments, readRememberedIssuer } from './state-files';
import { collectStatus } from './status';

export interface CreateAppOptions {
  /** HOME / XDG_STATE_HOME / LOCALAPPDATA (per-user state), CJS_CONFIG and CJS_* settings. */
  readonly env: NodeJS.ProcessEnv;
  /** Like the CLI's flags: win over the configuration file and the environment. */
  readonly overrides?: { readonly issuerUrl?: string; readonly loginUrl?: string; readonly trustFiles?: readonly string[] };
  readonly now?: () => Date;
  /** Tests inject a store (an NSS database in a temporary HOME) and a journal. */
  readonly store?: CertificateStore;
  readonly journal?: JournalPort;
  /** The app's login check through Chromium's own network stack (electron/main/login-probe.ts). */
  readonly loginProbe?: LoginProber;
  /**
   * Makes the daily renewal task exist exactly when wanted (platform/renewal-task.ts; the main
   * process knows the app's executable). Wanted: automatic renewal on and a certificate enrolled.
   */
  readonly renewalTask?: (wanted: boolean) => Promise<unknown>;
  /** Renewal without the password through Chromium's network stack (electron/main/renewal-transport.ts). */
  readonly storeTls?: StoreTlsClient;
  /** The master's console: its session (tests give one with a clock) and its use cases. */
  readonly console?: { readonly session?: ConsoleSession; readonly users?: ContractUsersPort };
}

const KEY_ALGORITHMS: Record<'rsa' | 'ec', KeyAlgorithm> = { rsa: 'rsa-2048', ec: 'ecdsa-p256' };

export function createApp(options: CreateAppOptions): AppHandlers {
  const now = options.now ?? (() => new Date());
  const { env } = options;
  // Composed on first use: a broken CJS_CONFIG becomes an error result of the first call, not a crash at start.
  let composed: Promise<AppServices> | undefined;
  const services = (): Promise<AppServices> => (composed ??= compose(options).then(keepTaskInStep));
  // Never a reason to fail what the user asked: while the app runs, its own daily check renews.
  const syncTask = async (app: AppServices): Promise<void> => {
    if (!options.renewalTask) return;
    const { autoRenew } = await readPreferences(env);
    const enrolled = (await readRememberedEnrollments(env, app.settings.issuerUrl)).length > 0;
    await options.renewalTask(autoRenew && enrolled).catch(() => undefined);
  };
  const keepTaskInStep = (app: AppServices): AppServices => {
    void syncTask(app);
    return app;
  };
  let diagnosis: Promise<ReturnType<typeof createDiagnosisUseCases>> | undefined;
  const diagnosisUseCases = () => (diagnosis ??= services().then((s) => createDiagnosisUseCases(s, { loginProbe: options.loginProbe })));

  return {
    'situation.get': async ({ loginId }) => (await collectStatus(await services(), now(), loginId)).situation,

    'certificates.list': async () => {
      const { situation } = await collectStatus(await services(), now());
      const { certificates, store, revocationChecked, checkedAt } = situation;
      return { certificates, store, revocationChecked, checkedAt };
    },

    'enrollment.start': async ({ operation, loginId, password, keyAlgorithm, allowSecondUser }, emit) => {
      const app = await services();
      const result = await enroll(
        app,
        { operation, loginId, password, keyAlgorithm: keyAlgorithm ? KEY_ALGORITHMS[keyAlgorithm] : undefined, allowSecondUser },
        {
          now,
          onEvent: (event) => forwardEnrollmentEvent(event, emit),
          onRedirect: () => emit('enrollment.warning', { code: 'ENROLL-RENEWING', params: { loginId } }),
        },
      );
      if (result.kind === 'enrolled') await syncTask(app);
      if (result.kind === 'nothing-to-do') {
        const { certificate } = result.situation;
        throw new CjsError('ENROLL-ALREADY-VALID', 'a valid certificate of this login ID is installed', {
          params: { loginId, notAfter: certificate?.notAfter ?? null, daysLeft: certificate?.daysLeft ?? null },
        });
      }
      return {
        operation: result.operation,
        loginId,
        certificate: result.certificate,
        resumed: result.outcome.resumed,
        removedSerials: [...result.outcome.removedSerials],
        store: { kind: app.store.kind, location: app.store.location },
      };
    },

    'renewal.auto': async (_input, emit) => {
      const report = await renewAutomatically(await services(), { now, onEvent: (_loginId, event) => forwardEnrollmentEvent(event, emit) });
      return autoRenewView(report);
    },

    'certificate.remove': async ({ serial }) => {
      const app = await services();
      const [removed] = await removeCertificates(app, await findRemovable(app, { serial }, now()));
      return { removed: removed! };
    },

    'diagnosis.run': async (input, emit) => (await diagnosisUseCases()).run(input, emit),
    'diagnosis.fix': async (input, emit) => (await diagnosisUseCases()).fix(input, emit),
    'report.export': async (input) => (await diagnosisUseCases()).exportReport(input),

    'settings.get': async () => settingsView(await readPreferences(env), await clientSettings(options)),
    'settings.set': async (change) => {
      const preferences = await updatePreferences(env, change);
      if (change.autoRenew !== undefined) await syncTask(await services());
      return settingsView(preferences, await clientSettings(options));
    },

    'help.get': async ({ language }) => loadHelp(language),

    ...createConsoleHandlers({
      services,
      users: options.console?.users ?? contractUsers,
      session: options.console?.session ?? new ConsoleSession(),
    }),
  };
}

async function clientSettings(options: CreateAppOptions): Promise<ClientSettings> {
  return resolveSettings(options.env, options.overrides ?? {}, await readRememberedIssuer(options.env));
}

async function compose(options: CreateAppOptions): Promise<AppServices> {
  return createServices(await clientSettings(options), options.env, {
    store: options.store,
    journal: options.journal,
    storeTls: options.storeTls,
  });
}

function warningParams(event: Extract<EnrollmentEvent, { type: 'warning' }>): Record<string, string> {
  if (event.code === 'JOURNAL-DISCARDED') return { code: event.detail };
  if (event.code === 'JOURNAL-REVOKED') return { serial: event.detail };
  return {};
}

/** The workflow's step events become `enrollment.progress`; its warnings `enrollment.warning` (codes, no text). */
function forwardEnrollmentEvent(event: EnrollmentEvent, emit: EventEmitterFn): void {
  if (event.type === 'step') {
    emit('enrollment.progress', { step: event.step, phase: event.phase, ...(event.ms === undefined ? {} : { ms: event.ms }) });
  } else if (event.type === 'warning') {
    // The detail is a technical English message: only the refusal's code (JOURNAL-DISCARDED) or
    // the revoked certificate's serial (JOURNAL-REVOKED) is passed on.
    emit('enrollment.warning', { code: event.code, params: warningParams(event) });
  } else {
    emit('enrollment.warning', { code: 'ENROLL-SUPERSEDED-REMOVED', params: { serial: event.serialNumber } });
  }
}

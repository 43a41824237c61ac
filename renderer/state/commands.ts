// What the screens ask for: each command calls the host through the api client and reports what
// happened as events. No React here, so the flows are unit-tested with a fake client.
import type { ChannelOutput, Language } from '../../electron/contract/channels';
import type { ApiClient } from '../api/client';
import type { AppEvent, AppState } from './app';
import type { ExportFormat } from './diagnosis';

export type Dispatch = (event: AppEvent) => void;
export type ExportedReport = ChannelOutput<'report.export'>;

export interface Commands {
  loadStatus(): Promise<void>;
  /** Loads the situation unless it is loaded or on its way: several screens need it at start, the host is asked once. */
  ensureStatus(): Promise<void>;
  loadCertificates(): Promise<void>;
  /** Removes the certificate whose removal the user has confirmed. */
  removeCertificate(): Promise<void>;
  /** The password is passed through to the host and kept nowhere. */
  startEnrollment(password: string, allowSecondUser?: boolean): Promise<void>;
  runDiagnosis(): Promise<void>;
  fixCheck(checkId: string): Promise<void>;
  /** The masked report in the given format, or null when the host refused (the error is in the state). */
  exportReport(format: ExportFormat): Promise<ExportedReport | null>;
  loadSettings(): Promise<void>;
  chooseLanguage(language: Language): Promise<void>;
  setOption(option: { notifications: boolean } | { autoRenew: boolean } | { startAtLogin: boolean }): Promise<void>;
  /** Renews what is inside its window without the password, then reloads what the screens show. */
  renewAutomatically(): Promise<void>;
  loadHelp(language: Language): Promise<void>;
  /** The master's console: the password goes to the host (held there, in memory) and nowhere else. */
  consoleSignIn(loginId: string, password: string): Promise<void>;
  consoleSignOut(): Promise<void>;
  consoleRefresh(): Promise<void>;
  /**
   * Sends the change prepared in the console (`console.action`); `password` is the initial or new
   * password where the change sets one, `loginId` the new ID for an add.
   */
  consoleApply(input: { readonly loginId?: string; readonly password?: string }): Promise<void>;
}

/**
 * Forwards the host's events into the state; returns the unsubscribe. `showWizard` brings the
 * wizard on screen when the host asks for it (a click on the expiry notification).
 */
export function connectEvents(
  client: ApiClient,
  dispatch: Dispatch,
  showWizard: () => void = () => undefined,
  onSituationChanged: () => void = () => undefined,
): () => void {
  const stops = [
    client.subscribe('enrollment.requested', ({ operation, loginId }) => {
      dispatch({ type: 'enrollment/opened', operation, loginId });
      showWizard();
    }),
    client.subscribe('enrollment.progress', (progress) => dispatch({ type: 'enrollment/progress', progress })),
    client.subscribe('enrollment.warning', (warning) => dispatch({ type: 'enrollment/warning', warning })),
    client.subscribe('diagnosis.progress', (progress) => dispatch({ type: 'diagnosis/progress', progress })),
    client.subscribe('situation.changed', () => onSituationChanged()),
  ];
  return () => stops.forEach((stop) => stop());
}

export function createCommands(client: ApiClient, dispatch: Dispatch, getState: () => AppState): Commands {
  const loadStatus = async (): Promise<void> => {
    dispatch({ type: 'status/requested' });
    const result = await client.call('situation.get', {});
    dispatch(result.ok ? { type: 'status/loaded', situation: result.value } : { type: 'status/failed', error: result.error });
  };

  const loadCertificates = async (): Promise<void> => {
    dispatch({ type: 'certificates/requested' });
    const result = await client.call('certificates.list', {});
    dispatch(result.ok ? { type: 'certificates/loaded', list: result.value } : { type: 'certificates/failed', error: result.error });
  };

  /** Runs the diagnosis again behind the results on screen (after a fix), with the same login ID. */
  async function refreshDiagnosis(): Promise<void> {
    const { diagnosis } = getState();
    if (diagnosis.phase !== 'done' || diagnosis.fixing.length > 0) return;
    dispatch({ type: 'diagnosis/refreshStarted' });
    const loginId = diagnosis.report?.loginId;
    const result = await client.call('diagnosis.run', loginId ? { loginId } : {});
    dispatch({ type: 'diagnosis/refreshed', report: result.ok ? result.value : null });
  }

  return {
    loadStatus,
    loadCertificates,

    async ensureStatus() {
      if (getState().status.phase === 'idle') await loadStatus();
    },

    async removeCertificate() {
      const removal = getState().certificates.removal;
      if (removal?.phase !== 'confirming') return;
      dispatch({ type: 'certificates/removeConfirmed' });
      const result = await client.call('certificate.remove', { serial: removal.serial });
      if (!result.ok) return dispatch({ type: 'certificates/removeFailed', error: result.error });
      dispatch({ type: 'certificates/removed', serial: result.value.removed });
      await Promise.all([loadCertificates(), loadStatus()]);
    },

    async startEnrollment(password, allowSecondUser = false) {
      const { phase, operation, loginId } = getState().enrollment;
      if (phase !== 'form') return;
      dispatch({ type: 'enrollment/submitted' });
      // Confirmed in the form (Q6): enrolling beside another login ID's usable certificate.
      const input = { operation, loginId: loginId.trim(), password, ...(allowSecondUser ? { allowSecondUser } : {}) };
      const result = await client.call('enrollment.start', input);
      if (!result.ok) return dispatch({ type: 'enrollment/failed', error: result.error });
      dispatch({ type: 'enrollment/succeeded', result: result.value });
      await Promise.all([loadStatus(), loadCertificates()]);
    },

    async renewAutomatically() {
      if (getState().renewal.phase === 'running') return;
      dispatch({ type: 'renewal/started' });
      const result = await client.call('renewal.auto', {});
      dispatch(result.ok ? { type: 'renewal/finished', report: result.value } : { type: 'renewal/failed', error: result.error });
      await Promise.all([loadStatus(), loadCertificates()]);
    },

    async runDiagnosis() {
      const { diagnosis, status } = getState();
      if (diagnosis.phase === 'running') return;
      dispatch({ type: 'diagnosis/started' });
      // The login ID the situation names, so the checks that need one (whose certificate this
      // is, Q21) run instead of reporting "no login ID given" to a user who was never asked.
      const loginId = status.situation?.loginId;
      const result = await client.call('diagnosis.run', loginId ? { loginId } : {});
      dispatch(result.ok ? { type: 'diagnosis/finished', report: result.value } : { type: 'diagnosis/failed', error: result.error });
    },

    async fixCheck(checkId) {
      if (getState().diagnosis.fixing.includes(checkId)) return;
      dispatch({ type: 'diagnosis/fixStarted', checkId });
      const result = await client.call('diagnosis.fix', { checkId });
      if (!result.ok) return dispatch({ type: 'diagnosis/fixFailed', checkId, error: result.error });
      dispatch({ type: 'diagnosis/fixed', check: result.value });
      // The fix changed the PC: what every screen shows may have changed with it.
      await Promise.all([loadStatus(), loadCertificates(), refreshDiagnosis()]);
    },

    async exportReport(format) {
      dispatch({ type: 'diagnosis/exportStarted', format });
      const result = await client.call('report.export', { format, language: getState().settings.language });
      dispatch(result.ok ? { type: 'diagnosis/exported' } : { type: 'diagnosis/exportFailed', error: result.error });
      return result.ok ? result.value : null;
    },

    async loadSettings() {
      dispatch({ type: 'settings/requested' });
      const result = await client.call('settings.get', {});
      dispatch(result.ok ? { type: 'settings/loaded', settings: result.value } : { type: 'settings/failed', error: result.error });
    },

    async chooseLanguage(language) {
      dispatch({ type: 'settings/languageChosen', language });
      dispatch({ type: 'settings/saveStarted' });
      const result = await client.call('settings.set', { language });
      dispatch(result.ok ? { type: 'settings/saved', settings: result.value } : { type: 'settings/saveFailed', error: result.error });
    },

    async setOption(option) {
      dispatch({ type: 'settings/saveStarted' });
      const result = await client.call('settings.set', option);
      dispatch(result.ok ? { type: 'settings/saved', settings: result.value } : { type: 'settings/saveFailed', error: result.error });
    },

    async consoleSignIn(loginId, password) {
      if (getState().console.phase === 'signing-in') return;
      dispatch({ type: 'console/signInStarted', loginId: loginId.trim() });
      const result = await client.call('console.signIn', { loginId: loginId.trim(), password });
      dispatch(result.ok ? { type: 'console/signedIn', list: result.value } : { type: 'console/signInFailed', error: result.error });
    },

    async consoleSignOut() {
      dispatch({ type: 'console/signedOut', expired: false });
      await client.call('console.signOut', {});
    },

    async consoleRefresh() {
      dispatch({ type: 'console/refreshStarted' });
      const result = await client.call('console.list', {});
      dispatch(result.ok ? { type: 'console/listed', list: result.value } : { type: 'console/failed', error: result.error });
    },

    async consoleApply(input) {
      const action = getState().console.action;
      if (action?.phase !== 'editing') return;
      const loginId = action.kind === 'add' ? (input.loginId ?? '').trim() : action.loginId;
      const password = input.password ?? '';
      dispatch({ type: 'console/actionSent', loginId });
      const result = await (() => {
        switch (action.kind) {
          case 'add':
            return client.call('console.add', { loginId, password });
          case 'delete':
            return client.call('console.delete', { loginId });
          case 'reregister':
            return client.call('console.reregister', { loginId, password });
          case 'unlock':
            return client.call('console.unlock', { loginId });
          case 'reset-password':
            return client.call('console.resetPassword', { loginId, password });
        }
      })();
      dispatch(
        result.ok
          ? { type: 'console/actionDone', list: result.value.list, revokedSerial: result.value.revokedSerial }
          : { type: 'console/actionFailed', error: result.error },
      );
    },

    async loadHelp(language) {
      dispatch({ type: 'help/requested', language });
      const result = await client.call('help.get', { language });
      dispatch(result.ok ? { type: 'help/loaded', language, entries: result.value.entries } : { type: 'help/failed', error: result.error });
    },
  };
}

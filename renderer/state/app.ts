// The whole renderer state and its one update function: each event goes to the slice its
// type names (`status/…` → status). Pure: the zustand store only holds the result.
import { initialCertificates, updateCertificates, type CertificatesEvent, type CertificatesState } from './certificates';
import { initialConsole, updateConsole, type ConsoleEvent, type ConsoleState } from './console';
import { initialDiagnosis, updateDiagnosis, type DiagnosisEvent, type DiagnosisState } from './diagnosis';
import { initialEnrollment, updateEnrollment, type EnrollmentEvent, type EnrollmentState } from './enrollment';
import { initialHelp, updateHelp, type HelpEvent, type HelpState } from './help';
import { initialRenewal, updateRenewal, type RenewalEvent, type RenewalState } from './renewal';
import { initialSettings, updateSettings, type SettingsEvent, type SettingsState } from './settings';
import { initialStatus, updateStatus, type StatusEvent, type StatusState } from './status';

export interface AppState {
  readonly status: StatusState;
  readonly certificates: CertificatesState;
  readonly enrollment: EnrollmentState;
  readonly renewal: RenewalState;
  readonly diagnosis: DiagnosisState;
  readonly help: HelpState;
  readonly settings: SettingsState;
  readonly console: ConsoleState;
}

export type AppEvent =
  StatusEvent | CertificatesEvent | EnrollmentEvent | RenewalEvent | DiagnosisEvent | HelpEvent | SettingsEvent | ConsoleEvent;

export const initialAppState: AppState = {
  status: initialStatus,
  certificates: initialCertificates,
  enrollment: initialEnrollment,
  renewal: initialRenewal,
  diagnosis: initialDiagnosis,
  help: initialHelp,
  settings: initialSettings,
  console: initialConsole,
};

/** Narrows an event to one slice's events by the prefix of its type. */
function isOf<P extends string>(event: AppEvent, slice: P): event is Extract<AppEvent, { type: `${P}/${string}` }> {
  return event.type.startsWith(`${slice}/`);
}

export function updateApp(state: AppState, event: AppEvent): AppState {
  if (isOf(event, 'status')) return { ...state, status: updateStatus(state.status, event) };
  if (isOf(event, 'certificates')) return { ...state, certificates: updateCertificates(state.certificates, event) };
  if (isOf(event, 'enrollment')) return { ...state, enrollment: updateEnrollment(state.enrollment, event) };
  if (isOf(event, 'renewal')) return { ...state, renewal: updateRenewal(state.renewal, event) };
  if (isOf(event, 'diagnosis')) return { ...state, diagnosis: updateDiagnosis(state.diagnosis, event) };
  if (isOf(event, 'help')) return { ...state, help: updateHelp(state.help, event) };
  if (isOf(event, 'settings')) return { ...state, settings: updateSettings(state.settings, event) };
  if (isOf(event, 'console')) return { ...state, console: updateConsole(state.console, event) };
  return state;
}

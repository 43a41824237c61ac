// Every screen but Status, as one file of the build (renderer/app/screens.tsx loads it): one
// file rather than five keeps the bundle's total small (each file compresses on its own).
export { ConsoleScreen } from '../screens/console/ConsoleScreen';
export { CertificatesScreen } from '../screens/certificates/CertificatesScreen';
export { DiagnosisScreen } from '../screens/diagnosis/DiagnosisScreen';
export { EnrollScreen } from '../screens/enroll/EnrollScreen';
export { HelpScreen } from '../screens/help/HelpScreen';
export { SettingsScreen } from '../screens/settings/SettingsScreen';

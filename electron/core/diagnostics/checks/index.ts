// Every self-diagnosis check, in the order the report lists them (docs/product.md's table).
// Each lives in its own file in this folder; add a check by adding its file and one line here.
import type { DiagnosticCheck } from '../check';
import { certificatePresentCheck } from './certificate-present';
import { certificateValidityCheck } from './certificate-validity';
import { clientCertLoginCheck } from './client-cert-login';
import { duplicatesCheck } from './duplicates';
import { privateKeyCheck } from './private-key';
import { revocationCheck } from './revocation';
import { rightUserCheck } from './right-user';
import { clockCheck } from './clock';
import { httpsAddressCheck } from './https-address';
import { networkCheck } from './network';
import { serverCertificateCheck } from './server-certificate';
import { serverResponseCheck } from './server-response';
import { tlsHandshakeCheck } from './tls-handshake';
import { browserExtensionsCheck } from './browser-extensions';
import { cacheSslStateCheck } from './cache-ssl-state';
import { legacyAddonsCheck } from './legacy-addons';
import { osUpdatesCheck } from './os-updates';
import { trustedSitesCheck } from './trusted-sites';
import { windowsTlsSettingsCheck } from './windows-tls-settings';

export const ALL_CHECKS: readonly DiagnosticCheck[] = [
  httpsAddressCheck,
  networkCheck,
  tlsHandshakeCheck,
  serverCertificateCheck,
  serverResponseCheck,
  clockCheck,
  certificatePresentCheck,
  certificateValidityCheck,
  privateKeyCheck,
  revocationCheck,
  duplicatesCheck,
  rightUserCheck,
  clientCertLoginCheck,
  windowsTlsSettingsCheck,
  trustedSitesCheck,
  browserExtensionsCheck,
  legacyAddonsCheck,
  cacheSslStateCheck,
  osUpdatesCheck,
];

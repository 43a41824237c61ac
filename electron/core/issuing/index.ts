// The issuing client: EST over HTTPS (direct or through a proxy), its errors, and the checks of
// an issued certificate before it is installed. Pure Node; no Electron, no UI.
export * from './errors';
export * from './est-client';
export * from './master-api-client';
export { csrAttributesRefusal, unmetCsrAttributes } from './csr-requirements';
export * from './proxy';
export * from './response-validation';
export { buildCaList, LINUX_SYSTEM_BUNDLE, type TrustSources } from './trust';

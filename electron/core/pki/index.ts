// The PKI core: pure functions over keys, requests and certificates, shared by the app and the
// reference issuing service. No I/O beyond the CPU; no Electron, no UI.
export * from './errors';
export * from './encoding';
export * from './keys';
export * from './csr';
export * from './csr-attributes';
export * from './certificate';
export * from './pkcs7';
export * from './pkcs12';
export * from './authority';

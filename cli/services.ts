// The CLI composes the same services as the app (electron/core/app/services.ts); these names stay
// for the callers that import them from here (the doctor command, the benchmarks).
export { createServices, type AppServices as CliServices } from '../electron/core/app/services';
export { readRememberedIssuer, rememberedIssuerPath } from '../electron/core/app/state-files';

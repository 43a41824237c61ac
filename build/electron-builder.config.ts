// electron-builder: the Windows installer a payroll clerk double-clicks (`npm run dist:win`).
//
// TypeScript rather than YAML/JSON: the `Configuration` type catches a misspelt option at
// `tsc` time, the constants below are shared with the offline validation
// (scripts/validate-builder-config.ts) and its test, and electron-builder 26 loads .ts configs
// itself (jiti). Everything that makes the package safe is decided here and asserted there:
// - per-user, one-click NSIS (no administrator, no questions; Japanese and English);
// - only the built app in the archive: dist/electron, dist/renderer, the packaged entry and its
//   production settings, and the one native module the main bundle requires — never sources,
//   tests, the issuer or its keys;
// - fuses flipped at package time: no Node mode, no NODE_OPTIONS, no inspector, encrypted
//   cookies, the app only from its archive and the archive's integrity checked;
// - the issuing service of build/production-config.json, never the local reference service.
// See build/README.md for the layout of the package and how the CLI ships.
import type { Configuration } from 'electron-builder';

export const APP_ID = 'jp.cjs-rokin.certificate-assistant';
export const PRODUCT_NAMES = { ja: 'ろうきん 電子証明書アシスタント', en: 'Rokin Certificate Assistant' } as const;
/**
 * ASCII: the executable and the installer's file name. (The per-user installation folder is named
 * after the package: %LOCALAPPDATA%\Programs\cjs-cert.)
 */
export const EXECUTABLE_NAME = 'cjs-cert-assistant';
export const ICON = 'resources/icons/icon.ico';
/** The packaged app's settings (issuer, login page): read by build/app/entry.js through CJS_CONFIG. */
export const PRODUCTION_CONFIG = 'build/production-config.json';
/** The packaged entry point: starts the desktop app, or the command line with `--cli`. */
export const PACKAGED_MAIN = 'app/entry.js';

const config: Configuration = {
  appId: APP_ID,
  productName: PRODUCT_NAMES.ja,
  executableName: EXECUTABLE_NAME,
  copyright: 'Copyright © 2026 the cjs-cert authors',
  directories: { buildResources: 'build', output: 'out/installer' },
  // The repository's package.json has no `main` (the source checkout starts through scripts).
  extraMetadata: { main: PACKAGED_MAIN },

  asar: true,
  // Native addons cannot be loaded from inside the archive; electron-builder unpacks them anyway,
  // this says so explicitly.
  asarUnpack: ['**/*.node'],
  files: [
    'dist/electron/**/*',
    'dist/renderer/**/*',
    // The command line (`--cli`): cli/main.ts and the chunks it loads when a command runs.
    'dist/cli/**/*.mjs',
    '!**/*.map',
    // Key material never belongs in the app, whatever a build step leaves in dist/.
    '!**/*.{pem,key,p12,pfx}',
    // Left to `require` by the main bundle (scripts/build-electron.ts MAIN_EXTERNALS): the
    // credential vault's N-API addon and its prebuilt binary for the target platform. Every other
    // production dependency is bundled (or belongs to the issuer and the tests) and stays out.
    'node_modules/@napi-rs/keyring/**/*',
    'node_modules/@napi-rs/keyring-*/**/*',
    { from: 'build/app', to: 'app', filter: ['entry.js', 'package.json'] },
    { from: 'build', to: 'app', filter: ['production-config.json'] },
  ],
  // The command line for IT staff: resources\bin\cjs-cert.cmd runs the app's executable with --cli.
  extraResources: [{ from: 'build/cli', to: 'bin', filter: ['cjs-cert.cmd'] }],
  // The app shows Japanese and English only: Chromium's other UI locales are dead weight.
  electronLanguages: ['ja', 'en-US'],
  // The one native addon is N-API (ABI-stable across Node and Electron) and prebuilt: nothing to
  // rebuild (the issuer, which is not packaged, uses Node's built-in node:sqlite).
  npmRebuild: false,
  nodeGypRebuild: false,
  // No auto-update feed: new versions are installed by running the new installer.
  publish: null,

  electronFuses: {
    // The CLI runs in the app's own main process (`--cli`), so Electron never needs to act as Node.
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    // The screens are served by the app:// scheme, never file://.
    grantFileProtocolExtraPrivileges: false,
  },

  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: ICON,
    // Runs as the clerk: the certificate store, the registry fixes and the vault are all per-user.
    requestedExecutionLevel: 'asInvoker',
    // Release builds are signed by the bank's Authenticode certificate (WIN_CSC_LINK /
    // WIN_CSC_KEY_PASSWORD in the release environment); unsigned packages are for testing only.
    forceCodeSigning: false,
  },
  nsis: {
    // "Installs with a double click": one-click, per-user (%LOCALAPPDATA%\Programs), no elevation
    // prompt, no pages to understand. The installer follows Windows' display language, Japanese
    // when it is neither Japanese nor English (1041).
    oneClick: true,
    perMachine: false,
    installerLanguages: ['ja_JP', 'en_US'],
    language: '1041',
    multiLanguageInstaller: true,
    unicode: true,
    shortcutName: PRODUCT_NAMES.ja,
    // "Apps & features" lists both names, so English-speaking IT staff find it too.
    uninstallDisplayName: `${PRODUCT_NAMES.ja} (${PRODUCT_NAMES.en})`,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    runAfterFinish: true,
    // Preferences and the remembered issuer survive an uninstall + reinstall (FAQ Q21's repair);
    // the certificate itself lives in the Windows store either way.
    deleteAppDataOnUninstall: false,
    installerIcon: ICON,
    uninstallerIcon: ICON,
    installerHeaderIcon: ICON,
    artifactName: `${EXECUTABLE_NAME}-setup-\${version}.\${ext}`,
  },
};

export default config;

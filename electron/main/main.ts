// The Electron main process, kept thin: lifecycle, one hardened window, the app:// scheme, the
// contract served through the router, the expiry notifications and the login probe's choice of
// client certificate. Everything testable without Electron lives in the small modules beside
// this file; the use cases are the core's (createApp), the same the CLI calls.
// Bundled to CommonJS (scripts/build-electron.ts) so that everything above `whenReady` runs
// before Electron is ready, as registerSchemesAsPrivileged and enableSandbox require.
import { randomUUID } from 'node:crypto';
import { app, BrowserWindow, ipcMain, Notification, protocol, session, shell, type Certificate } from 'electron';
import type { AppHandlers, EventEmitterFn } from '../contract/channels';
import { createRouter } from '../contract/router';
import type { Notice } from '../core/app/notifications';
import { createApp } from '../core/app/create-app';
import { renewalProgram, syncRenewalTask } from '../core/platform/renewal-task';
import { platformStoreKind } from '../core/stores';
import { toAppError } from '../core/app/errors';
import { APP_ENTRY_URL, APP_SCHEME } from './app-origin';
import { appProtocolHandler } from './app-protocol';
import { startExpiryNotifications } from './expiry-notifications';
import { createExternalOpener, externalOrigins } from './external-links';
import { denyPermissions, hardenWebContents } from './hardening';
import { forwardEvents, sendEvent, serveRouter } from './ipc-bridge';
import { createChromiumLoginProbe } from './login-probe';
import { createChromiumRenewal } from './renewal-transport';
import { missingParts, shellPaths } from './shell-paths';
import { appWindowOptions } from './window-options';

const WINDOW_TITLE = 'ろうきん 電子証明書アシスタント';
/**
 * Windows shows a notification only for an app whose id its Start-menu shortcut carries: the
 * installer's appId (build/electron-builder.config.ts APP_ID; the main tests hold them equal).
 */
const APP_USER_MODEL_ID = 'jp.cjs-rokin.certificate-assistant';

// Before `ready`: app:// behaves like https (standard, secure origin, fetch, code cache). No
// `corsEnabled`: the page's own module scripts are same-origin, and nothing else may read app://.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);
app.enableSandbox();

const paths = shellPaths(import.meta.dirname);
const noEvents: EventEmitterFn = () => undefined;
let mainWindow: BrowserWindow | undefined;
// A second start or `activate` can arrive before `ready`, when no window may be created yet;
// start() opens the window then.
let started = false;
// Until the settings are read: the bank's site only.
let allowedOrigins = externalOrigins(undefined);
// Set once the core is composed: the console's password is forgotten when its window closes.
let forgetConsole: () => void = () => undefined;
const openExternal = createExternalOpener(
  (url) => shell.openExternal(url),
  () => allowedOrigins,
);
const loginProbe = createChromiumLoginProbe<Certificate>({
  newSession: () => session.fromPartition(`login-probe-${randomUUID()}`, { cache: false }),
});
const renewal = createChromiumRenewal<Certificate>({
  kind: platformStoreKind(process.platform),
  newSession: () => session.fromPartition(`renewal-${randomUUID()}`, { cache: false }),
});

function showWindow(): BrowserWindow | undefined {
  if (!started) return undefined;
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return mainWindow;
  }
  const win = new BrowserWindow(appWindowOptions(paths.preload, WINDOW_TITLE));
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    mainWindow = undefined;
    forgetConsole();
  });
  win.loadURL(APP_ENTRY_URL).catch((err: unknown) => {
    // A page that failed to load is never ready-to-show: without this the app would run
    // invisible, with no window to close and so no way to quit.
    console.error(`cjs-cert: the app's screens could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
    if (!win.isDestroyed()) win.show();
  });
  return win;
}

/** Only the app's own window may call the core. */
const isKnownWindow = (sender: unknown): boolean =>
  mainWindow !== undefined && !mainWindow.isDestroyed() && sender === mainWindow.webContents;

/** The notification's click: the window up, the wizard open (once the screens are there to listen). */
function openWizard(open: Notice['open']): void {
  const contents = showWindow()?.webContents;
  if (!contents || !open) return;
  const send = () => sendEvent(contents, 'enrollment.requested', open);
  if (contents.isLoading()) contents.once('did-finish-load', send);
  else send();
}

function showNotification(text: { title: string; body: string }, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: text.title, body: text.body });
  notification.on('click', onClick);
  notification.show();
}

function startServices(handlers: AppHandlers): void {
  handlers['settings.get']({}, noEvents)
    .then((settings) => (allowedOrigins = externalOrigins(settings.loginUrl)))
    .catch(() => undefined); // A broken configuration is shown by the screens; the bank's site stays allowed.
  startExpiryNotifications(handlers, process.env, {
    show: showNotification,
    openWizard,
    situationChanged: () => {
      const contents = mainWindow?.webContents;
      if (contents && !contents.isDestroyed()) sendEvent(contents, 'situation.changed', {});
    },
  });
}

function start(): void {
  const missing = missingParts(paths);
  if (missing.length > 0) {
    console.error(`cjs-cert: the desktop app is not built; missing ${missing.join(', ')}`);
    app.exit(1);
    return;
  }
  denyPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, appProtocolHandler(paths.renderer));
  const handlers = createApp({
    env: process.env,
    loginProbe: loginProbe.probe,
    storeTls: renewal.client,
    // Only an installed app has an executable that answers `--cli` (build/README.md).
    ...(app.isPackaged
      ? { renewalTask: (wanted: boolean) => syncRenewalTask(wanted, renewalProgram(process.execPath), { platform: process.platform }) }
      : {}),
  });
  forgetConsole = () => void handlers['console.signOut']({}, noEvents).catch(() => undefined);
  const router = createRouter(handlers, { toAppError, onEvent: forwardEvents(() => mainWindow?.webContents) });
  serveRouter(ipcMain, router, isKnownWindow);
  started = true;
  showWindow();
  startServices(handlers);
}

// One instance per user: a second start (a shortcut, the notification) shows the first one's window.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setAppUserModelId(APP_USER_MODEL_ID);
  app.on('second-instance', () => showWindow());
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));
  // A renewal's request is answered by the renewal (its certificate by thumbprint); any other by the login probe.
  app.on('select-client-certificate', (event, webContents, url, offered, callback) => {
    if (!renewal.selectClientCertificate(event, webContents, url, offered, callback)) {
      loginProbe.selectClientCertificate(event, webContents, url, offered, callback);
    }
  });
  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => showWindow());
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      console.error('cjs-cert: the app could not start', err);
      app.exit(1);
    });
}

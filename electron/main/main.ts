// The Electron main process, kept thin: lifecycle, one hardened window, the app:// scheme and the
// contract served through the router. Everything testable without Electron lives in the small
// modules beside this file; the use cases are the core's (createApp), the same the CLI calls.
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import { createRouter } from '../contract/router';
import { createApp } from '../core/app/create-app';
import { toAppError } from '../core/app/errors';
import { APP_ENTRY_URL, APP_SCHEME } from './app-origin';
import { appProtocolHandler } from './app-protocol';
import { denyPermissions, hardenWebContents } from './hardening';
import { forwardEvents, serveRouter } from './ipc-bridge';
import { shellPaths } from './shell-paths';
import { appWindowOptions } from './window-options';

const WINDOW_TITLE = 'ろうきん 電子証明書アシスタント';

// Before `ready`: app:// behaves like https (standard, secure origin, fetch, code cache).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);
app.enableSandbox();

let window: BrowserWindow | undefined;

function showWindow(): void {
  if (window && !window.isDestroyed()) {
    if (window.isMinimized()) window.restore();
    window.focus();
    return;
  }
  const paths = shellPaths(app.getAppPath());
  window = new BrowserWindow(appWindowOptions(paths.preload, WINDOW_TITLE));
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => (window = undefined));
  void window.loadURL(APP_ENTRY_URL);
}

function start(): void {
  const paths = shellPaths(app.getAppPath());
  denyPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, appProtocolHandler(paths.renderer));
  const router = createRouter(createApp({ env: process.env }), {
    toAppError,
    onEvent: forwardEvents(() => window?.webContents),
  });
  serveRouter(ipcMain, router);
  showWindow();
}

// One instance per user: a second start (the notification, a shortcut) shows the first one's window.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showWindow);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('activate', showWindow);
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      console.error('cjs-cert: the app could not start', err);
      app.exit(1);
    });
}

// The Electron main process, kept thin: lifecycle, one hardened window, the app:// scheme and the
// contract served through the router. Everything testable without Electron lives in the small
// modules beside this file; the use cases are the core's (createApp), the same the CLI calls.
// Bundled to CommonJS (scripts/build-electron.ts) so that everything above `whenReady` runs
// before Electron is ready, as registerSchemesAsPrivileged and enableSandbox require.
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import { createRouter } from '../contract/router';
import { createApp } from '../core/app/create-app';
import { toAppError } from '../core/app/errors';
import { APP_ENTRY_URL, APP_SCHEME } from './app-origin';
import { appProtocolHandler } from './app-protocol';
import { denyPermissions, hardenWebContents } from './hardening';
import { forwardEvents, serveRouter } from './ipc-bridge';
import { missingParts, shellPaths } from './shell-paths';
import { appWindowOptions } from './window-options';

const WINDOW_TITLE = 'ろうきん 電子証明書アシスタント';

// Before `ready`: app:// behaves like https (standard, secure origin, fetch, code cache). No
// `corsEnabled`: the page's own module scripts are same-origin, and nothing else may read app://.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);
app.enableSandbox();

const paths = shellPaths(import.meta.dirname);
let mainWindow: BrowserWindow | undefined;
// A second start or `activate` can arrive before `ready`, when no window may be created yet;
// start() opens the window then.
let started = false;

function showWindow(): void {
  if (!started) return;
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return;
  }
  const win = new BrowserWindow(appWindowOptions(paths.preload, WINDOW_TITLE));
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => (mainWindow = undefined));
  win.loadURL(APP_ENTRY_URL).catch((err: unknown) => {
    // A page that failed to load is never ready-to-show: without this the app would run
    // invisible, with no window to close and so no way to quit.
    console.error(`cjs-cert: the app's screens could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
    if (!win.isDestroyed()) win.show();
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
  const router = createRouter(createApp({ env: process.env }), {
    toAppError,
    onEvent: forwardEvents(() => mainWindow?.webContents),
  });
  serveRouter(ipcMain, router);
  started = true;
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

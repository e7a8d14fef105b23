// The desktop app's entry point (package.json "main" points at its bundle, dist/desktop/main.js).
// One instance per user: a second launch shows the first one's window and exits.
import path from 'node:path';
import { app, dialog } from 'electron';
import { startShell } from './main.ts';
import { registerAppScheme } from './protocol.ts';

registerAppScheme();
if (process.platform === 'win32') app.setAppUserModelId('ua.zvit.agent');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const root = app.getAppPath();
  startShell({
    uiDir: path.join(root, 'dist', 'renderer'),
    preload: path.join(root, 'dist', 'desktop', 'preload.cjs'),
    execDir: app.isPackaged ? path.dirname(process.execPath) : null,
    hidden: process.argv.includes('--hidden'),
    ...(process.env.ZVIT_DATA_DIR ? { dataDir: path.resolve(process.env.ZVIT_DATA_DIR) } : {}),
  }).then(
    (shell) => {
      // The packaged-app smoke test (Playwright's _electron) drives the tray through these.
      if (process.env.ZVIT_TEST_HOOKS === '1') Object.assign(globalThis, { zvitShell: shell });
    },
    (error: unknown) => {
      // A tray app has no terminal: say it in a window too (another agent on the same data,
      // a database from a newer Zvit, ...), then go.
      console.error(`Zvit could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      dialog.showErrorBox('Zvit could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    },
  );
}

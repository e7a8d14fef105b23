// Auto-update from the enrolled hub: electron-updater's platform updater (NSIS, dmg/zip,
// AppImage) run by the UpdateController, which holds the rules. An update problem is logged and
// reported to the hub (the manager has nothing to do about it); it never stops the app.
import electronUpdater from 'electron-updater';
import { app } from 'electron';
import { reportUpdateFailure, UpdateController, type HubAccess, type UpdateState } from '../update/controller.ts';

export interface ShellUpdaterOptions {
  version: string;
  channel: string;
  hub: () => HubAccess | null;
  clockedIn: () => boolean;
  log: (message: string) => void;
  onChange: (state: UpdateState) => void;
  env?: NodeJS.ProcessEnv;
}

export function startUpdater(options: ShellUpdaterOptions): UpdateController | null {
  // electron-updater only updates an installed app; a development run has nothing to replace.
  if (!app.isPackaged || (options.env ?? process.env).ZVIT_NO_UPDATES === '1') {
    options.log('updates: off (not an installed build, or ZVIT_NO_UPDATES=1)');
    return null;
  }
  try {
    const controller = new UpdateController({ updater: electronUpdater.autoUpdater, ...options, report: reportUpdateFailure });
    controller.start();
    return controller;
  } catch (error) {
    // Even an updater that cannot be made (a broken app-update.yml) leaves the app running.
    options.log(`updates: off: ${(error as Error).message}`);
    return null;
  }
}

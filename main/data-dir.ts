// Where a user profile's data lives. The same folder Electron's app.getPath('userData') gives
// for an app named Zvit, so the headless agent and the desktop app share one store.
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Zvit');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Zvit');
    default:
      return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'Zvit');
  }
}

export const databaseFile = (dataDir: string) => path.join(dataDir, 'zvit.db');
/** Port, token and pid of the running agent; 0600, since the token is the key to the local API. */
export const agentInfoFile = (dataDir: string) => path.join(dataDir, 'agent.json');

// The update feed as one piece of the hub: the agents' feed and the admins' release API over
// one store of installers.
import path from 'node:path';
import type { HubApp, HubContext } from '../context.ts';
import { registerFeed } from './feed.ts';
import type { UpdatesContext } from './releases.ts';
import { registerReleaseRoutes } from './routes.ts';
import { UpdateStore } from './store.ts';

export interface UpdatesOptions {
  /** Where installers are kept; default `<data-dir>/updates`. */
  dir: string;
}

export function updatesDirFor(dataDir: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.ZVIT_UPDATES_DIR || path.join(dataDir ?? 'data', 'updates'));
}

export function registerUpdates(app: HubApp, ctx: HubContext, options: UpdatesOptions): UpdatesContext {
  const updates: UpdatesContext = { db: ctx.db, now: ctx.now, store: new UpdateStore(options.dir) };
  registerFeed(app, ctx, updates);
  registerReleaseRoutes(app, ctx, updates);
  return updates;
}

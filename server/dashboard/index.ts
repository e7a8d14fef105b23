// The lead's dashboard API (shared/dashboard-api.ts), one module per area. Live data (team now,
// days, the grid, exports, the event stream) registers beside these.
import type { HubApp, HubContext } from '../context.ts';
import { registerDashboardAuth } from './auth.ts';
import { registerDeviceAdmin } from './devices.ts';
import { registerInvites } from './invites.ts';
import { registerPeople } from './people.ts';
import { registerPolicy } from './policy.ts';

export function registerDashboard(app: HubApp, ctx: HubContext): void {
  registerDashboardAuth(app, ctx);
  registerInvites(app, ctx);
  registerPeople(app, ctx);
  registerDeviceAdmin(app, ctx);
  registerPolicy(app, ctx);
}

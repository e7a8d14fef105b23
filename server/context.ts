// What every route module gets: the database, the clock and the deployment's settings.
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Dialect } from './db/connect.ts';
import type { DB } from './db/schema.ts';
import type { Live } from './dashboard/live/streams.ts';

export type HubApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export interface Limits {
  /** Pushes and pulls per device per minute; beyond it 429 with Retry-After. */
  syncPerMinute: number;
  /** Enrollment and login attempts per client address per minute (code and password guessing). */
  authPerMinute: number;
}

export const DEFAULT_LIMITS: Limits = { syncPerMinute: 120, authPerMinute: 20 };

export interface HubContext {
  db: Kysely<DB>;
  dialect: Dialect;
  now(): number;
  /** Set the Secure flag on cookies (the hub is behind HTTPS). */
  secureCookies: boolean;
  limits: Limits;
  /** Tell this instance's job runner that something was enqueued (it looks at once). */
  wakeJobs?: () => void;
  /** Live events to dashboards and agents (dashboard/live/). */
  live?: Live;
}

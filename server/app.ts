// Builds the hub: database (opened and migrated), Fastify with its plugins, and the routes.
// Nothing here listens; cli.ts does, and tests use inject() or listen on port 0.
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { MAX_BATCH_BYTES } from '../shared/sync.ts';
import { DEFAULT_LIMITS, type HubApp, type HubContext, type Limits } from './context.ts';
import { openDatabase, type DatabaseOptions, type HubDatabase } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { handleError } from './errors.ts';
import { DEFAULT_CONNECTION_LIMITS, fastifyTimeouts, limitConnectionsPerAddress, type ConnectionLimits } from './http/connections.ts';
import { gunzipRequestBody, type InflateStats } from './http/gzip.ts';
import { boundedJsonParser, refuseNul } from './http/json.ts';
import { contentSecurityPolicy, securityHeaders, securityHeadersHook } from './http/security-headers.ts';
import { registerDevices } from './routes/devices.ts';
import { registerHealth } from './routes/health.ts';
import { registerOrg } from './routes/org.ts';
import { registerRecords } from './routes/records.ts';
import { registerSync } from './routes/sync.ts';
import type { PushQueueStats } from './sync/push-queue.ts';
import { registerUpdates, updatesDirFor } from './updates/index.ts';
import { registerActuals } from './actuals/routes.ts';
import { registerDashboard } from './dashboard/index.ts';
import { registerDays } from './dashboard/days.ts';
import { registerExports } from './dashboard/exports-routes.ts';
import { registerDashboardStatic } from './http/dashboard-static.ts';
import { registerLive } from './dashboard/live-routes.ts';
import { memoryBus, postgresBus } from './dashboard/live/bus.ts';
import { Live } from './dashboard/live/streams.ts';
import { startBackfill, type Backfill } from './dashboard/rollups/backfill.ts';
import { amoJobs } from './crm/amocrm/jobs.ts';
import { bitrix24Jobs } from './crm/bitrix24/jobs.ts';
import type { Integrations } from './crm/integrations.ts';
import { registerCrm } from './crm/routes.ts';
import { secretBox } from './crm/secrets.ts';
import { crmSessions } from './crm/session.ts';
import { scheduleRecurring } from './crm/schedule.ts';
import { registerJobs } from './jobs/routes.ts';
import { JobRunner, type RunnerOptions } from './jobs/runner.ts';
import { deliverJob, plainSessions } from './webhooks/deliver.ts';
import { emitJob } from './webhooks/events.ts';
import { webhooksDoc } from './webhooks/openapi.ts';
import { registerWebhooks } from './webhooks/routes.ts';

export interface HubOptions extends DatabaseOptions {
  /** A pino logger; without one the hub logs nothing (tests). */
  logger?: FastifyBaseLogger;
  now?: () => number;
  secureCookies?: boolean;
  limits?: Partial<Limits>;
  /** The built dashboard (index.html and assets); default dist/dashboard. */
  dashboardDir?: string;
  /** Time bounds on requests and connections per address (http/connections.ts). */
  connections?: Partial<ConnectionLimits>;
  /** Where release installers are kept; default ZVIT_UPDATES_DIR or `<dataDir>/updates`. */
  updatesDir?: string;
  /** ZVIT_SECRET_KEY: seals CRM credentials and webhook secrets; without it none can be saved. */
  secretKey?: string | undefined;
  /** ZVIT_WEBHOOK_ALLOW: private hosts and CIDR ranges outgoing calls may reach. */
  webhookAllow?: string | undefined;
  /** Extra trusted CA certificates (PEM) for outgoing TLS. */
  outboundCa?: string | undefined;
  /** The hub's address as the outside world reaches it (ZVIT_PUBLIC_URL). */
  publicUrl?: string | undefined;
  /** The job runner: its options, or false for none in this process (a read-only instance). */
  jobs?: false | (Partial<Omit<RunnerOptions, 'db' | 'dialect' | 'now'>> & { autostart?: boolean });
}

export interface HubStats extends InflateStats {
  push: PushQueueStats | null;
}

export interface Hub {
  app: HubApp;
  database: HubDatabase;
  ctx: HubContext;
  integrations: Integrations;
  /** Counters for tests and benchmarks: bytes inflated, and the push queue's groups and refusals. */
  stats: HubStats;
  /** Rolling up the days stored before there were rollups (rollups/backfill.ts); null on a read-only instance. */
  backfill: Backfill | null;
  /** Every route the hub registered (HEAD twins left out): access tests enumerate it, so a route missing from their tables fails. */
  routes: readonly { method: string; url: string }[];
  /** Stops taking requests, lets those in flight finish, then closes the database. */
  close(): Promise<void>;
}

export async function createHub(options: HubOptions): Promise<Hub> {
  const database = await openDatabase(options);
  try {
    await migrate(database.db, database.dialect);
  } catch (error) {
    await database.close();
    throw error;
  }
  // Several instances on one PostgreSQL hear each other's events through it; SQLite has one.
  let bus;
  try {
    bus = options.databaseUrl ? await postgresBus(options.databaseUrl, options.pgSchema, (m) => options.logger?.warn(m)) : memoryBus();
  } catch (error) {
    await database.close();
    throw error;
  }
  const now = options.now ?? Date.now;
  const live = new Live(bus, database.db, now);
  const ctx: HubContext & { live: Live } = {
    live,
    db: database.db,
    dialect: database.dialect,
    now,
    secureCookies: options.secureCookies ?? false,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  };
  const integrations: Integrations = {
    box: secretBox(options.secretKey),
    allowFromEnvironment: options.webhookAllow ?? '',
    ca: options.outboundCa,
    publicUrl: (options.publicUrl ?? 'http://127.0.0.1:8787').replace(/\/+$/, ''),
    runner: null,
  };
  if (options.jobs !== false) {
    const { autostart: _autostart, ...runnerOptions } = options.jobs ?? {};
    const runner = new JobRunner({ db: database.db, dialect: database.dialect, now: ctx.now, ...(options.logger ? { log: options.logger } : {}), ...runnerOptions });
    for (const handler of [...bitrix24Jobs, ...amoJobs, emitJob as never, deliverJob as never]) runner.register(handler);
    const sleep = runnerOptions.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    runner.sessions(crmSessions({ db: database.db, integrations, now: ctx.now, sleep, instanceId: runner.instanceId }));
    runner.sessions(plainSessions('webhook:', integrations));
    runner.sessions(plainSessions('local:', integrations));
    integrations.runner = runner;
    ctx.wakeJobs = () => runner.wake();
  }

  const connections = { ...DEFAULT_CONNECTION_LIMITS, ...options.connections };
  const timeouts = fastifyTimeouts(connections);
  const stats: HubStats = { inflatedBytes: 0, push: null };
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: MAX_BATCH_BYTES,
    ...timeouts,
    // Requests in flight at shutdown finish; idle keep-alive sockets are closed at once so the
    // process does not wait for clients to hang up.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // electron-updater's differential download asks for up to 1,000 byte ranges in one Range
    // header (about 24 KB for a large installer); Node's default limit for all headers is 16 KB.
    http: { maxHeaderSize: 64 * 1024, ...timeouts.http },
    // A URL that does not decode (/api/v1/users/%ff) gets the hub's error shape and headers too
    // (this answer is sent before routing, without the onSend hooks).
    frameworkErrors: (error, request, reply) => {
      void reply.headers(securityHeaders());
      handleError(error, request, reply);
    },
  }).withTypeProvider<ZodTypeProvider>() as HubApp;
  limitConnectionsPerAddress(app.server, connections.connectionsPerAddress);
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  boundedJsonParser(app);
  app.addHook('onSend', securityHeadersHook());
  app.addHook('preValidation', refuseNul);
  app.addHook('preParsing', gunzipRequestBody(stats));
  app.addHook('onClose', async () => database.close());
  // Once closing, answers carry `Connection: close`: a keep-alive socket that was busy when
  // close() began would otherwise stay open until its idle timeout and hold the shutdown.
  let closing = false;
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      // 3.1 for `webhooks`: the bodies of the events the hub sends.
      openapi: '3.1.0',
      webhooks: webhooksDoc() as never,
      info: { title: 'Zvit hub', version: '1', description: 'Sync API for Zvit agents and the JSON API of the dashboard. Errors: {"error":{"code","message"}}.' },
      components: {
        securitySchemes: {
          device: { type: 'http', scheme: 'bearer', description: 'Device token from /api/v1/enroll' },
          session: { type: 'apiKey', in: 'cookie', name: 'zvit_session' },
          apiToken: { type: 'http', scheme: 'bearer', description: 'API token (zvt_…) made by an admin, with its scopes' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  // Swagger UI's script inserts a <style> element; its pages alone allow that (scripts stay 'self').
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: contentSecurityPolicy({ inlineStyles: true }) });

  registerHealth(app, ctx);
  stats.push = registerSync(app, ctx);
  registerDashboard(app, ctx);
  await registerDashboardStatic(app, options.dashboardDir);
  registerDays(app, ctx);
  registerExports(app, ctx);
  registerLive(app, ctx, ctx.live);
  registerOrg(app, ctx);
  registerDevices(app, ctx);
  registerRecords(app, ctx);
  registerUpdates(app, ctx, { dir: options.updatesDir ?? updatesDirFor(options.dataDir) });
  registerCrm(app, ctx, integrations);
  registerJobs(app, ctx, integrations);
  registerWebhooks(app, ctx, integrations);
  registerActuals(app, ctx);
  await app.ready();
  const runner = integrations.runner;
  const recurring = runner ? scheduleRecurring(database.db, ctx.now, () => runner.wake(), options.logger) : null;
  if (runner && (options.jobs === undefined || (options.jobs !== false && options.jobs.autostart !== false))) runner.start();
  // After the start, not in the migration: a large database would hold the start for long.
  const backfill = options.jobs === false ? null : startBackfill(database.db, database.dialect, ctx.now, (error) => options.logger?.warn({ err: error }, 'rollup backfill: will retry'));

  return {
    app,
    database,
    ctx,
    integrations,
    stats,
    backfill,
    routes,
    close: async () => {
      closing = true;
      recurring?.stop();
      await backfill?.stop();
      // Jobs in flight finish (or their leases expire) before the database closes.
      await runner?.stop();
      return app.close();
    },
  };
}

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
import { errorBody, handleError } from './errors.ts';
import { gunzipRequestBody } from './gzip-body.ts';
import { registerAuth } from './routes/auth.ts';
import { registerDevices } from './routes/devices.ts';
import { registerHealth } from './routes/health.ts';
import { registerOrg } from './routes/org.ts';
import { registerRecords } from './routes/records.ts';
import { registerSync } from './routes/sync.ts';
import { registerUpdates, updatesDirFor } from './updates/index.ts';

export interface HubOptions extends DatabaseOptions {
  /** A pino logger; without one the hub logs nothing (tests). */
  logger?: FastifyBaseLogger;
  now?: () => number;
  secureCookies?: boolean;
  limits?: Partial<Limits>;
  /** Where release installers are kept; default ZVIT_UPDATES_DIR or `<dataDir>/updates`. */
  updatesDir?: string;
}

export interface Hub {
  app: HubApp;
  database: HubDatabase;
  ctx: HubContext;
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
  const ctx: HubContext = {
    db: database.db,
    dialect: database.dialect,
    now: options.now ?? Date.now,
    secureCookies: options.secureCookies ?? false,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  };

  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: MAX_BATCH_BYTES,
    // Requests in flight at shutdown finish; idle keep-alive sockets are closed at once so the
    // process does not wait for clients to hang up.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // electron-updater's differential download asks for up to 1,000 byte ranges in one Range
    // header (about 24 KB for a large installer); Node's default limit for all headers is 16 KB.
    http: { maxHeaderSize: 64 * 1024 },
  }).withTypeProvider<ZodTypeProvider>() as HubApp;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => reply.code(404).send(errorBody('not_found', `No such endpoint: ${request.method} ${request.url.split('?')[0]}.`)));
  app.addHook('preParsing', gunzipRequestBody);
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
      info: { title: 'Zvit hub', version: '1', description: 'Sync API for Zvit agents and the JSON API of the dashboard. Errors: {"error":{"code","message"}}.' },
      components: {
        securitySchemes: {
          device: { type: 'http', scheme: 'bearer', description: 'Device token from /api/v1/enroll' },
          session: { type: 'apiKey', in: 'cookie', name: 'zvit_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerHealth(app, ctx);
  registerSync(app, ctx);
  registerAuth(app, ctx);
  registerOrg(app, ctx);
  registerDevices(app, ctx);
  registerRecords(app, ctx);
  registerUpdates(app, ctx, { dir: options.updatesDir ?? updatesDirFor(options.dataDir) });
  await app.ready();

  return {
    app,
    database,
    ctx,
    close: () => {
      closing = true;
      return app.close();
    },
  };
}

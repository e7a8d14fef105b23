// `zvit hub …`: run the hub, and the set-up commands an admin scripts from the server's shell.
// bin/zvit.js hands over everything after `hub`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import pino from 'pino';
import { HEARTBEAT_INTERVAL_MS } from '../shared/dashboard-api.ts';
import { createUser, DEFAULT_ORG, ensureOrg, ensureTeam, findUserByEmail, hasAdmin, ROLES } from './accounts.ts';
import { demoHeartbeats } from './dashboard/demo/presence.ts';
import { seedDemo, type SeedResult } from './dashboard/demo/seed.ts';
import { createHub } from './app.ts';
import { hashPassword, passwordProblem } from './auth/passwords.ts';
import { ensureFirstAdmin } from './bootstrap.ts';
import { openDatabase } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import type { Role } from './db/schema.ts';
import { createEnrollmentCode, parseDuration, revokeDevice } from './devices.ts';
import { HubError } from './errors.ts';
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './http/connections.ts';
import { DEFAULT_DASHBOARD_DIR } from './http/dashboard-static.ts';
import { RELEASE_USAGE, ReleaseUsageError, releaseMain } from './updates/cli.ts';
import { integrationsCommand } from './crm/cli.ts';
import { newSecretKey } from './crm/secrets.ts';

const USAGE = `Usage: zvit hub [command] [options]

  (no command)                         run the hub in the foreground (Ctrl+C stops it)
      [--port P] [--host H]            default port 8787 on all interfaces
      [--demo]                         with demo data: two teams, 12 managers, 90 working days
                                       (seeded once; prints every demo account). Its default
                                       --data-dir is ./data-demo
  user add --email E --role manager|lead|admin [--team T] [--org O] [--password-stdin]
                                       add a user (a manager needs a team; a lead leads it)
  code --user E [--uses N] [--expires 7d]
                                       print an enrollment code for the user's agent
  device revoke ID                     disconnect a device; its agent is told to enroll again
  secret-key                           print a new ZVIT_SECRET_KEY (credentials at rest are sealed with it)
  crm show [--org O]                   the organization's CRM connector (never its credentials)
  crm bitrix24 --webhook-url URL [--org O] [--plan standard|enterprise]
                                       connect Bitrix24 through an incoming webhook
  crm bitrix24-app --portal URL --client-id ID --client-secret-stdin [--org O]
                                       connect a Bitrix24 local application (prints its install URLs)
  crm amocrm --address URL --token-stdin [--org O]
                                       connect amoCRM/Kommo with a long-lived token
  crm amocrm --oauth --address URL --client-id ID --redirect-uri URI --code CODE --client-secret-stdin [--org O]
                                       connect amoCRM/Kommo by OAuth (the code is exchanged at once)
  crm test [--org O]                   call the CRM and say what the credentials may do
  crm match [--org O]                  link hub users to CRM users by email
  crm link --user EMAIL --crm-user ID [--locale uk|ru|en] [--org O]
                                       link one user by hand
  crm off | on [--org O]               pause or resume sending to the CRM
  jobs [--dead] [--org O]              the job queue (dead letters with the CRM's answer)
  jobs retry (ID… | --all) [--org O]   run dead letters again
  webhook add --url URL --events E1,E2 [--org O]
                                       add an endpoint; prints its id and its whsec_ secret
  webhook list [--org O]               endpoints with their state
  token add --name N [--scope kpi:write] [--org O]
                                       an API token for another system (printed once)
  token revoke ID [--org O]            stop a token working
${RELEASE_USAGE}

Every command takes --data-dir DIR (default ./data, the SQLite file is DIR/hub.db) or uses
PostgreSQL when DATABASE_URL is set. First run: ZVIT_ADMIN_EMAIL and ZVIT_ADMIN_PASSWORD create
the admin; without them the hub prints a one-time set-up link.
`;

const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
const common: Options = { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } };

export function parse(argv: string[], options: Options) {
  try {
    return parseArgs({ args: argv, options: { ...common, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** parseArgs types values loosely when the option table is built up; every option here is a string or a flag. */
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function databaseOptions(values: Record<string, unknown>) {
  return {
    dataDir: path.resolve(typeof values['data-dir'] === 'string' ? values['data-dir'] : 'data'),
    databaseUrl: process.env.DATABASE_URL || undefined,
    // For running several hubs (or test runs) in one PostgreSQL database side by side.
    pgSchema: process.env.ZVIT_PG_SCHEMA || undefined,
  };
}

export async function hubMain(argv: string[]): Promise<number> {
  const [command] = argv;
  try {
    if (command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(USAGE);
      return EXIT.ok;
    }
    if (command === undefined || command.startsWith('-')) return await serve(argv);
    if (command === 'user' && argv[1] === 'add') return await userAdd(argv.slice(2));
    if (command === 'code') return await code(argv.slice(1));
    if (command === 'device' && argv[1] === 'revoke') return await deviceRevoke(argv.slice(2));
    if (command === 'release') return await releaseMain(argv.slice(1), databaseOptions);
    if (command === 'secret-key') {
      process.stdout.write(`${newSecretKey()}\n`);
      process.stderr.write('Set it as ZVIT_SECRET_KEY for every hub instance and keep a copy: without it saved credentials cannot be read.\n');
      return EXIT.ok;
    }
    if (command === 'crm' || command === 'jobs' || command === 'webhook' || command === 'token') return await integrationsCommand(argv, { parse, withDatabase, readStdin, UsageError, EXIT });
    throw new UsageError(`Unknown command: hub ${argv.slice(0, 2).join(' ')}`);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ReleaseUsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    process.stderr.write(`zvit hub: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}

async function serve(argv: string[]): Promise<number> {
  const { values } = parse(argv, { port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  const demo = values.demo === true;
  if (demo && values['data-dir'] === undefined) values['data-dir'] = DEMO_DATA_DIR;
  // A newcomer's two commands are `npm ci` and this: the dashboard is built here if it is not yet.
  if (demo && process.env.ZVIT_DEMO_BUILD !== '0') ensureDashboardBuilt((message) => process.stderr.write(`${message}\n`));
  const port = Number(str(values.port) ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: not a port number: ${str(values.port)}`);
  const host = str(values.host) ?? '0.0.0.0';
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] });

  const syncPerMinute = process.env.ZVIT_SYNC_PER_MINUTE ? Number(process.env.ZVIT_SYNC_PER_MINUTE) : undefined;
  if (syncPerMinute !== undefined && !(Number.isInteger(syncPerMinute) && syncPerMinute > 0)) throw new UsageError('ZVIT_SYNC_PER_MINUTE must be a positive whole number');
  const connections = connectionLimitsFromEnv(process.env);
  const leaseMs = process.env.ZVIT_JOB_LEASE_MS ? Number(process.env.ZVIT_JOB_LEASE_MS) : undefined;
  const hub = await createHub({
    ...databaseOptions(values),
    logger,
    secretKey: process.env.ZVIT_SECRET_KEY,
    webhookAllow: process.env.ZVIT_WEBHOOK_ALLOW,
    publicUrl: process.env.ZVIT_PUBLIC_URL ?? `http://127.0.0.1:${port}`,
    ...(process.env.ZVIT_JOBS === '0' ? { jobs: false as const } : leaseMs ? { jobs: { leaseMs, pollMs: Math.min(1000, leaseMs / 4) } } : {}),
    secureCookies: process.env.ZVIT_SECURE_COOKIES === '1',
    ...(syncPerMinute ? { limits: { syncPerMinute } } : {}),
    connections,
  });
  let address: string;
  let first: Awaited<ReturnType<typeof ensureFirstAdmin>>;
  let seeded: SeedResult | null = null;
  let heartbeats: NodeJS.Timeout | null = null;
  try {
    // Before listening: a bad ZVIT_ADMIN_PASSWORD must stop the start, not leave a hub running.
    const envAdmin = Boolean(process.env.ZVIT_ADMIN_EMAIL?.trim() && process.env.ZVIT_ADMIN_PASSWORD);
    if (demo && envAdmin) await ensureFirstAdmin(hub.database.db, process.env);
    if (demo) {
      const db = hub.database.db;
      logger.info('demo: seeding the demo organization (once)…');
      seeded = await seedDemo(db, hub.database.dialect, {
        ...DEMO_SIZE,
        now: demoNow(process.env.ZVIT_DEMO_NOW),
        demoAdmin: !envAdmin && !(await hasAdmin(db)),
        log: (message) => logger.info(`demo: ${message}`),
      });
    }
    first = await ensureFirstAdmin(hub.database.db, process.env);
    address = await hub.app.listen({ port, host });
  } catch (error) {
    await hub.close();
    throw error;
  }
  if (demo) {
    // The demo's agents keep sending heartbeats, so team now stays alive while it runs.
    const beat = () => demoHeartbeats(hub.database.db, Date.now()).catch((error: unknown) => logger.warn({ err: error }, 'demo heartbeats failed'));
    await beat();
    heartbeats = setInterval(beat, HEARTBEAT_INTERVAL_MS);
    heartbeats.unref();
  }
  const stopped = new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down: finishing requests in flight');
      if (heartbeats) clearInterval(heartbeats);
      hub.close().then(
        () => {
          logger.info('hub stopped; database closed');
          resolve(EXIT.ok);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          resolve(EXIT.failed);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });

  const bound = hub.app.server.address();
  const actualPort = bound && typeof bound === 'object' ? bound.port : port;
  logger.info({ address, port: actualPort, database: hub.database.dialect, location: hub.database.location }, 'hub listening');
  if (first.kind === 'created') logger.info({ email: first.email }, 'first admin created from ZVIT_ADMIN_EMAIL');
  if (seeded) {
    const base = process.env.ZVIT_PUBLIC_URL ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actualPort}`;
    process.stdout.write(demoBanner(base, seeded, process.env.ZVIT_ADMIN_EMAIL?.trim() || null, databaseOptions(values)));
  }
  if (first.kind === 'setup') {
    const base = process.env.ZVIT_PUBLIC_URL ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actualPort}`;
    logger.warn(
      { setupUrl: `${base}/setup#${first.token}`, expiresAt: new Date(first.expiresAt).toISOString() },
      `No admin yet. Create one within 24 h: POST ${base}/api/v1/setup with {"token":"${first.token}","email":…,"password":…} (the dashboard's /setup page will do this)`,
    );
  }
  return stopped;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds the dashboard with Vite (as `npm run build:dashboard`) when missing or older than its sources. */
function ensureDashboardBuilt(log: (message: string) => void): void {
  const index = path.join(DEFAULT_DASHBOARD_DIR, 'index.html');
  const root = path.join(import.meta.dirname, '..');
  const sources = ['dashboard', 'ui', 'shared'].map((d) => path.join(root, d)).filter((d) => fs.existsSync(d));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!fs.existsSync(vite)) {
    log('The dashboard is not built and Vite is not installed here: the API works, the pages will say how to build them.');
    return;
  }
  log('Building the dashboard…');
  const result = spawnSync(process.execPath, [vite, 'build', '-c', 'vite.dashboard.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('The dashboard build failed (see the output above).');
}

/** Where `--demo` keeps its data unless told otherwise. */
export const DEMO_DATA_DIR = 'data-demo';
const DEMO_SIZE = { managers: 12, days: 90, spansPerDay: 80 };

/**
 * The instant the demo's history runs up to: now, or ZVIT_DEMO_NOW (an ISO time in the past), so
 * a test gets the same days whatever hour it runs at.
 */
function demoNow(text: string | undefined): number {
  if (!text) return Date.now();
  const at = Date.parse(text);
  if (!Number.isFinite(at) || at > Date.now()) throw new UsageError('ZVIT_DEMO_NOW must be an ISO date and time, not in the future');
  return at;
}

/** What a demo start prints: where to go, and every account to sign in with. */
export function demoBanner(base: string, seeded: SeedResult, envAdmin: string | null, db: ReturnType<typeof databaseOptions>): string {
  const where = db.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : path.join(db.dataDir, 'hub.db');
  const lines = [
    '',
    `Zvit demo is running: open ${base}/`,
    seeded.seeded
      ? `Seeded ${seeded.stats.managers} managers × ${DEMO_SIZE.days} working days (${seeded.stats.records} records) in ${(seeded.stats.storeMs / 1000 + seeded.stats.generateMs / 1000).toFixed(1)} s into ${where}.`
      : `The demo data was seeded before (${where}); nothing was added.`,
    '',
    'Sign in with any of these accounts:',
  ];
  if (envAdmin) lines.push(`  admin    ${envAdmin.padEnd(34)} (the password in ZVIT_ADMIN_PASSWORD)`);
  for (const a of seeded.accounts) {
    lines.push(`  ${a.role.padEnd(8)} ${a.email.padEnd(34)} ${a.password.padEnd(16)} ${a.name}${a.team ? ` — ${a.team}` : ''}`);
  }
  lines.push('', 'A lead sees their team; the admin sees both. Ctrl+C stops the hub; the data stays for the next start.', '');
  return lines.join('\n');
}

/** ZVIT_REQUEST_TIMEOUT_MS, ZVIT_HEADERS_TIMEOUT_MS, ZVIT_IDLE_TIMEOUT_MS, ZVIT_CONNECTIONS_PER_ADDRESS. */
export function connectionLimitsFromEnv(env: NodeJS.ProcessEnv): Partial<ConnectionLimits> {
  const names: [keyof ConnectionLimits, string][] = [
    ['requestTimeoutMs', 'ZVIT_REQUEST_TIMEOUT_MS'],
    ['headersTimeoutMs', 'ZVIT_HEADERS_TIMEOUT_MS'],
    ['idleTimeoutMs', 'ZVIT_IDLE_TIMEOUT_MS'],
    ['connectionsPerAddress', 'ZVIT_CONNECTIONS_PER_ADDRESS'],
  ];
  const limits: Partial<ConnectionLimits> = {};
  for (const [key, name] of names) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    if (!(Number.isInteger(value) && value > 0)) throw new UsageError(`${name} must be a positive whole number`);
    limits[key] = value;
  }
  const merged = { ...DEFAULT_CONNECTION_LIMITS, ...limits };
  if (merged.headersTimeoutMs > merged.requestTimeoutMs) throw new UsageError('ZVIT_HEADERS_TIMEOUT_MS must not be longer than ZVIT_REQUEST_TIMEOUT_MS');
  return limits;
}

export async function withDatabase<T>(values: Record<string, unknown>, run: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const database = await openDatabase(databaseOptions(values));
  try {
    await migrate(database.db, database.dialect);
    return await run(database.db);
  } finally {
    await database.close();
  }
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function userAdd(argv: string[]): Promise<number> {
  const { values } = parse(argv, { email: { type: 'string' }, role: { type: 'string' }, team: { type: 'string' }, org: { type: 'string' }, 'password-stdin': { type: 'boolean' } });
  const email = str(values.email);
  const team = str(values.team);
  if (!email) throw new UsageError('user add needs --email');
  const role = str(values.role) as Role | undefined;
  if (!role || !ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  if (role !== 'admin' && !team) throw new UsageError(`a ${role} needs --team`);
  let passwordHash: string | null = null;
  if (values['password-stdin']) {
    // Read from stdin, never from argv: arguments are visible to every user in `ps`.
    const password = await readStdin();
    const problem = passwordProblem(password);
    if (problem) throw new Error(problem);
    passwordHash = await hashPassword(password);
  }
  const user = await withDatabase(values, async (db) => {
    const now = Date.now();
    const orgId = await ensureOrg(db, str(values.org) ?? DEFAULT_ORG, now);
    const teamId = team ? await ensureTeam(db, orgId, team, now) : null;
    return createUser(db, { orgId, email, role, teamId, passwordHash }, now);
  });
  process.stdout.write(`${user.id}\n`);
  process.stderr.write(`Added ${user.role} ${user.email}${team ? ` (team ${team})` : ''}.\n`);
  return EXIT.ok;
}

async function code(argv: string[]): Promise<number> {
  const { values } = parse(argv, { user: { type: 'string' }, uses: { type: 'string' }, expires: { type: 'string' } });
  const email = str(values.user);
  if (!email) throw new UsageError('code needs --user EMAIL');
  const uses = values.uses === undefined ? 1 : Number(str(values.uses));
  if (!Number.isInteger(uses) || uses < 1) throw new UsageError('--uses must be a whole number of at least 1');
  const expires = str(values.expires);
  const ttlMs = expires === undefined ? undefined : parseDuration(expires);
  if (ttlMs === null) throw new UsageError('--expires takes a duration like 30m, 12h or 7d');
  const created = await withDatabase(values, async (db) => {
    const user = await findUserByEmail(db, email);
    if (!user) throw new HubError(404, 'not_found', `No user with the email ${email}.`);
    return createEnrollmentCode(db, { userId: user.id, createdBy: null, uses, ...(ttlMs !== undefined ? { ttlMs } : {}) });
  });
  // The code alone on stdout, so a script can capture it; the details go to stderr.
  process.stdout.write(`${created.code}\n`);
  process.stderr.write(`For ${email}: ${created.uses} use(s), expires ${new Date(created.expiresAt).toISOString()}.\n`);
  return EXIT.ok;
}

async function deviceRevoke(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {});
  const id = positionals[0];
  if (!id || positionals.length > 1) throw new UsageError('device revoke takes one device id');
  const found = await withDatabase(values, (db) => revokeDevice(db, id));
  if (!found) throw new Error(`No device with the id ${id}.`);
  process.stderr.write(`Device ${id} revoked.\n`);
  return EXIT.ok;
}

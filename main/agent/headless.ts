// The agent wired together and torn down in order: store, platform sources, policy file,
// tracking core, sync and the local API. `zvit agent` runs this in the foreground; the desktop
// shell runs the same, passing its own secret store and idle source, and adds its windows.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describeTrackingIssue } from '../../shared/api.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { startApiServer, type ApiServer } from '../api/server.ts';
import { agentInfoFile, databaseFile } from '../data-dir.ts';
import { AgentAlreadyRunningError, runningAgent, type AgentInfo } from './running.ts';
import { openPlatformSources } from '../platform/sources.ts';
import type { PlatformSources } from '../platform/types.ts';
import { PolicyFile } from '../policy-file.ts';
import { DRAFT_KEEP_MS } from '../store/drafts.ts';
import { LocalStore } from '../store/local-store.ts';
import { Agent } from './agent.ts';
import { createHandlers } from './handlers.ts';
import { Planning } from './planning.ts';
import { HubPolicy } from '../sync/hub-policy.ts';
import { HubCrm } from '../sync/hub-crm.ts';
import { HubStanding } from '../sync/hub-standing.ts';
import { Outbox } from '../sync/outbox.ts';
import { enrollFromPreset, type Preset } from '../sync/preset.ts';
import { FileSecretStore, type SecretStore } from '../sync/secret-store.ts';
import { SyncLoop } from '../sync/sync-loop.ts';
import { Heartbeat } from '../sync/heartbeat.ts';
import { EventStream } from '../sync/event-stream.ts';
import { packageVersion } from '../version.ts';
import type { AgentHandlers } from '../../shared/api.ts';

export interface HeadlessOptions {
  dataDir: string;
  /** A policy JSON file; default `<dataDir>/policy.json` (absent = the defaults). */
  policyFile?: string;
  port?: number;
  /** The built UI to serve at / (browser mode). */
  staticDir?: string;
  clock?: Clock;
  sources?: PlatformSources;
  /** Where the device token is kept; default a 0600 file in the data dir. */
  secrets?: SecretStore;
  log?: (message: string) => void;
  /** This build's version, told to the hub; default package.json's. */
  version?: string;
  /** A fleet preset: enroll with it on the first start (see sync/preset.ts). */
  preset?: Preset | null;
}

export interface HeadlessAgent {
  agent: Agent;
  sync: SyncLoop;
  store: LocalStore;
  api: ApiServer;
  info: AgentInfo;
  /** The contract, for transports other than the local API (the shell's IPC). */
  handlers: AgentHandlers;
  secrets: SecretStore;
  version: string;
  stop(): Promise<void>;
}

export async function startHeadlessAgent(options: HeadlessOptions): Promise<HeadlessAgent> {
  const log = options.log ?? ((m: string) => console.error(m));
  const clock = options.clock ?? systemClock;
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  await refuseSecondAgent(options.dataDir);

  const store = LocalStore.open(databaseFile(options.dataDir), () => clock.now());
  if (store.corruption) log(`Warning: ${store.corruption.message}`);

  const policyFile = new PolicyFile(options.policyFile ?? path.join(options.dataDir, 'policy.json'));
  const loaded = await policyFile.load();
  if (!loaded.ok) log(`Policy not applied: ${loaded.error}`);

  let sources: PlatformSources;
  try {
    sources = options.sources ?? (await openPlatformSources());
  } catch (error) {
    store.close();
    throw error;
  }
  for (const issue of sources.unavailable) log(`Note: ${describeTrackingIssue(issue)}`);

  // Once enrolled, the hub's policy is the one in force (kept locally, so it holds offline);
  // the file is for machines not enrolled yet.
  const hubPolicy = new HubPolicy(store);
  const hubCrm = new HubCrm(store);
  const hubStanding = new HubStanding(store);
  const effectivePolicy = () => hubPolicy.current ?? policyFile.current;

  const agent = new Agent({ store, clock, sources, policy: effectivePolicy(), policyError: loaded.ok || hubPolicy.current ? null : loaded.error, log });
  const planning = new Planning(agent, store, clock, effectivePolicy, hubCrm);
  planning.drafts.prune(clock.now() - DRAFT_KEEP_MS);
  const outbox = new Outbox(store);
  const version = options.version ?? packageVersion();
  const secrets = options.secrets ?? new FileSecretStore(path.join(options.dataDir, 'device-token'));
  const sync = new SyncLoop({
    store,
    outbox,
    clock,
    secrets,
    agentVersion: version,
    log,
    onChange: () => {
      agent.notify();
      // Enrolled (again) or refused: the heartbeat and the event stream start afresh or stop.
      const key = sync.clientKey();
      if (key !== hubKey) {
        hubKey = key;
        heartbeat.reset();
        stream.poke(true);
      }
    },
    awaitingReview: () => planning.awaitingReview(),
    onPull: (pull) => {
      if (hubPolicy.apply(pull, policyFile.current)) agent.setPolicy(hubPolicy.current!);
      if (hubCrm.apply(pull, new Date(clock.now()).toISOString().slice(0, 10))) agent.notify();
      if (hubStanding.apply(pull)) agent.notify();
      for (const review of pull.reviews) {
        try {
          planning.recordReview(review.date, review.status, review.comment || null);
        } catch (error) {
          log(`sync: a review for ${review.date} does not match a local report: ${(error as Error).message}`);
        }
      }
    },
  });
  // "Working now" for the lead between pushes, and reviews within seconds (main/sync/heartbeat.ts,
  // main/sync/event-stream.ts); both go through the sync's client, so the same token and version.
  const heartbeat = new Heartbeat({
    client: () => sync.client(),
    presence: () => agent.presence(),
    agentVersion: version,
    now: () => clock.now(),
    clockOffsetMs: () => sync.clockOffsetMs,
    onAnswer: (answer) => sync.hint(answer.latestChange),
    log,
  });
  const stream = new EventStream({
    client: () => sync.client(),
    onChange: (event) => sync.hint(event.latestChange),
    onConnected: (on) => sync.setStreaming(on),
    log,
  });
  let hubKey = sync.clientKey();
  agent.syncStatus = () => sync.status();
  agent.start();
  sync.start();
  const stopHeartbeatWatch = agent.subscribe(() => heartbeat.changed());
  heartbeat.start();
  stream.start();
  const presetEnrollment = options.preset ? enrollFromPreset({ sync, store, preset: options.preset, now: () => clock.now(), log }) : null;
  const stopWatching = policyFile.watch(
    (policy) => {
      if (hubPolicy.current) return log(`Policy file changed; the hub's policy stays in force.`);
      agent.setPolicy(policy);
      log(`Policy reloaded from ${policyFile.path}`);
    },
    (error) => {
      if (hubPolicy.current) return;
      agent.setPolicyError(error);
      log(`Policy not applied (the previous one stays in force): ${error}`);
    },
  );

  const token = crypto.randomBytes(32).toString('base64url');
  const handlers = createHandlers({ agent, planning, store, clock, dayStart: () => effectivePolicy().dayStart, sync: { loop: sync, outbox }, standing: hubStanding });
  const api = await startApiServer({
    handlers,
    token,
    port: options.port ?? 0,
    log,
    subscribe: (listener) => agent.subscribe(listener),
    ...(options.staticDir ? { staticDir: options.staticDir } : {}),
  });
  const info: AgentInfo = { pid: process.pid, port: api.port, token, startedAt: new Date(clock.now()).toISOString(), ui: options.staticDir !== undefined };
  writePrivateFile(agentInfoFile(options.dataDir), JSON.stringify(info, null, 2) + '\n');

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      presetEnrollment?.stop();
      await presetEnrollment?.done;
      stopWatching();
      await api.close();
      stopHeartbeatWatch();
      await Promise.all([heartbeat.stop(), stream.stop()]);
      await sync.stop();
      await agent.stop();
      await Promise.allSettled([sources.window?.close(), sources.idle?.close()]);
      store.close();
      removeIfOurs(agentInfoFile(options.dataDir), token);
    })());
  return { agent, store, api, info, sync, handlers, secrets, version, stop };
}

/** Written to a temporary name and renamed, so a reader never sees half a token. */
function writePrivateFile(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

function removeIfOurs(file: string, token: string): void {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as AgentInfo;
    if (info.token === token) fs.rmSync(file);
  } catch {
    // Already gone, or replaced by another agent: not ours to remove.
  }
}

async function refuseSecondAgent(dataDir: string): Promise<void> {
  const info = await runningAgent(dataDir);
  if (info && info.pid !== process.pid) {
    throw new AgentAlreadyRunningError(`Another Zvit agent (pid ${info.pid}) is already running for ${dataDir}. Stop it first, or use another --data-dir.`, info, dataDir);
  }
}

export { AgentAlreadyRunningError, runningAgent, uiUrl, type AgentInfo } from './running.ts';

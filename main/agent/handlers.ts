// The agent behind the shared contract: one object that every transport calls.
import { ApiError, type AgentHandlers } from '../../shared/api.ts';
import { addDays } from '../../shared/time.ts';
import { workingDayBounds } from '../../shared/working-days.ts';
import { TransitionError } from '../../shared/worktime.ts';
import type { Agent } from './agent.ts';
import { periodRange } from '../../shared/periods.ts';
import { renderExport } from '../export/render.ts';
import type { LocalStore } from '../store/local-store.ts';
import type { Planning } from './planning.ts';
import { HubError } from '../sync/hub-client.ts';
import type { Outbox } from '../sync/outbox.ts';
import type { SyncLoop } from '../sync/sync-loop.ts';
import type { HubStanding } from '../sync/hub-standing.ts';

/** The longest export one call may ask for; more is a year's worth of records in one string. */
const MAX_EXPORT_DAYS = 400;

export interface HandlerDeps {
  /** The hub's ranking of this manager (main/sync/hub-standing.ts); none before enrolling. */
  standing?: Pick<HubStanding, 'available' | 'current'> | null;
  agent: Agent;
  planning: Planning;
  store: LocalStore;
  clock: { zone(): string; now(): number };
  dayStart: () => string;
  /** The sync loop and its outbox; null where the agent runs without one (some tests). */
  sync?: { loop: SyncLoop; outbox: Outbox } | null;
}

export function createHandlers({ agent, planning, store, clock, dayStart, sync = null, standing = null }: HandlerDeps): AgentHandlers {
  const needSync = () => {
    if (!sync) throw new ApiError('sync_unavailable', 'This agent runs without syncing.', 409);
    return sync;
  };
  const guard = async <T>(fn: () => T | Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof TransitionError) throw new ApiError(error.code, error.message, 409);
      if (error instanceof RangeError) throw new ApiError('invalid_input', error.message, 400);
      if (error instanceof HubError) {
        // The hub's own code (code_expired, device_revoked, ...) or network / not_a_hub.
        throw new ApiError(error.code, error.message, error.kind === 'http' && error.status < 500 ? 400 : 502);
      }
      throw error;
    }
  };
  /** A write outside the work-event log: the prompts may have changed, tell the live UI. */
  const changing = async <T>(fn: () => T | Promise<T>): Promise<T> => {
    const result = await guard(fn);
    agent.notify();
    return result;
  };
  return {
    status: () => guard(() => agent.status()),
    clockIn: () => guard(() => agent.clockIn()),
    startBreak: () => guard(() => agent.startBreak()),
    resume: () => guard(() => agent.resume()),
    clockOut: () => guard(() => agent.clockOut()),
    setLabel: ({ label }) => guard(() => agent.setLabel(label)),
    setPrivate: ({ on, countsAsWork }) => guard(() => agent.setPrivate(on, countsAsWork)),
    resolveIdle: ({ decision, label, gapId }) =>
      guard(async () => {
        const target = gapId ?? agent.pendingIdle()[0]?.gapId;
        const status = await agent.resolveIdle(decision, label ?? null, gapId);
        if (target) planning.drafts.discard({ kind: 'idle', key: target });
        return status;
      }),
    systemEvent: ({ kind }) => guard(() => agent.systemEvent(kind)),
    dismissNotice: ({ id }) =>
      guard(() => {
        store.dismissNotice(id);
        return agent.status();
      }),
    day: ({ date }) => guard(() => agent.day(date)),
    prompts: () => guard(() => planning.prompts()),
    snoozePlan: () => changing(() => planning.snoozePlan()),
    getPlan: ({ date }) => guard(() => planning.getPlan(date)),
    savePlan: (input) => changing(() => planning.savePlan(input)),
    getReport: ({ date }) => guard(() => planning.getReport(date)),
    submitReport: (input) => changing(() => planning.submitReport(input)),
    getSettings: () => guard(() => planning.settings()),
    saveSettings: (change) => changing(() => planning.saveSettings(change)),
    saveDraft: (draft) => guard(() => ({ savedAt: planning.drafts.save(draft, clock.now()).savedAt })),
    getDraft: (key) => guard(() => planning.drafts.get(key)),
    discardDraft: (key) => guard(() => ({ discarded: planning.drafts.discard(key) })),
    standing: () =>
      guard(() => {
        const plan = planning.getPlan();
        return { available: standing?.available ?? false, standing: standing?.current ?? null, kpis: plan.kpis, currency: plan.currency };
      }),
    rawRecords: ({ date }) => guard(() => planning.rawRecords(date)),
    enroll: ({ hubUrl, code }) => changing(() => needSync().loop.enroll(hubUrl, code)),
    syncNow: () => changing(() => needSync().loop.syncNow()),
    refusedRecords: () => guard(() => (sync ? sync.outbox.deadLetters() : [])),
    retryRefused: ({ id }) =>
      changing(() => {
        const { loop, outbox } = needSync();
        if (!outbox.retry(id)) throw new ApiError('not_found', `No refused record ${id}.`, 404);
        return loop.syncNow();
      }),
    export: ({ from: given, to: until, format, language }) =>
      guard(async () => {
        const zone = clock.zone();
        const today = planning.today();
        // Without dates: the current week, Monday to today.
        const to = until ?? today;
        const from = given ?? periodRange('week', to).from;
        if (from > to) throw new ApiError('invalid_input', 'from must not be after to');
        if (addDays(from, MAX_EXPORT_DAYS) < to) throw new ApiError('range_too_large', `Export at most ${MAX_EXPORT_DAYS} days at a time.`);
        // Whole sessions: one that started on the last day is exported to its clock-out.
        const sessions = agent.sessions();
        const start = workingDayBounds(from, zone, dayStart(), sessions).from;
        const end = workingDayBounds(to, zone, dayStart(), sessions).to;
        const segments = agent
          .segments()
          .filter((s) => s.end > start && s.start < end)
          .map((s) => ({ ...s, start: Math.max(s.start, start), end: Math.min(s.end, end) }));
        const gaps = new Set(segments.flatMap((s) => (s.gapId ? [s.gapId] : [])));
        const spans = start < end ? store.spans.between(start, Math.min(end, Number.MAX_SAFE_INTEGER)).filter((s) => s.end > start) : [];
        const decisions = store.idleDecisions.latest().filter((d) => gaps.has(d.gapId));
        const data = { from, to, zone, dayStart: dayStart(), deviceId: store.deviceId, segments, decisions, spans, sessions, ...planning.exportDays(from, to) };
        return renderExport(data, format, language ?? planning.settings().language);
      }),
  };
}

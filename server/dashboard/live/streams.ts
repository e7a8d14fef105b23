// Server-Sent Events to dashboards and agents. A dashboard stream gets the bus's events that its
// caller may see; an agent stream gets `change` when its user's latest change moves beyond what
// it was last told (reviews, targets, settings), which the hub notices by watching the shared
// change counter, so a review made on any instance reaches an agent connected to any other.
import type { ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { Actor } from '../../access.ts';
import type { DB } from '../../db/schema.ts';
import type { Bus, BusMessage } from './bus.ts';
import { latestChangeFor } from './changes.ts';
import { currentSeq } from '../../changes.ts';
import type { RolledDays } from '../rollups/ingest.ts';

/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 25_000;
/** How often the change counter is read while agent streams are open. */
export const CHANGE_POLL_MS = 500;

export function openStream(res: ServerResponse): { send(event: string, data: unknown): void; close(): void; closed: Promise<void> } {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  keepalive.unref();
  const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
  void closed.then(() => clearInterval(keepalive));
  return {
    send(event, data) {
      if (!res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      clearInterval(keepalive);
      if (!res.writableEnded) res.end();
    },
    closed,
  };
}

/** Whether the caller may see an event: an admin their organization, a lead their teams, anyone their own. */
export function maySee(actor: Actor, m: BusMessage): boolean {
  if (m.orgId !== actor.orgId) return false;
  if (actor.role === 'admin') return true;
  if (m.userId !== null && m.userId === actor.userId) return true;
  if (actor.role !== 'lead') return false;
  if (m.event.type === 'roster') return true;
  return m.teamId !== null && actor.ledTeams.includes(m.teamId);
}

/** The live side of one hub instance: its open streams and what feeds them. */
export class Live {
  private readonly streams = new Set<{ close(): void }>();
  private readonly agents = new Map<string, Set<{ sent: string; send(event: string, data: unknown): void }>>();
  private timer: NodeJS.Timeout | null = null;
  private seq = -1;
  private polling = false;

  readonly bus: Bus;
  private readonly db: Kysely<DB>;
  private readonly now: () => number;

  constructor(bus: Bus, db: Kysely<DB>, now: () => number) {
    this.bus = bus;
    this.db = db;
    this.now = now;
  }

  publish(message: BusMessage): void {
    this.bus.publish(message);
  }

  /** A push rolled up some of a manager's days again. */
  dayChanged(device: { orgId: string; teamId: string | null }, rolled: RolledDays): void {
    if (!rolled.dates.length) return;
    const at = this.now();
    this.publish({ orgId: device.orgId, teamId: device.teamId, userId: rolled.userId, event: { type: 'day', userId: rolled.userId, teamId: device.teamId, dates: rolled.dates, at } });
  }

  /**
   * A lead reviewed a report (approved, returned, or approved in bulk): the other dashboards that
   * show it (the inbox, team now, the day) refetch, on this instance and, through the bus, others.
   */
  async reportReviewed(db: Kysely<DB>, review: { userId: string; date: string; reportId: string; state: 'approved' | 'returned' }): Promise<void> {
    const owner = await db.selectFrom('users').select(['org_id', 'team_id']).where('id', '=', review.userId).executeTakeFirst();
    if (!owner) return;
    this.publish({
      orgId: owner.org_id,
      teamId: owner.team_id,
      userId: review.userId,
      event: { type: 'report', userId: review.userId, teamId: owner.team_id, date: review.date, reportId: review.reportId, state: review.state, at: this.now() },
    });
  }

  /** A dashboard's stream: hello, then what the caller may see, until they hang up. */
  async dashboard(res: ServerResponse, actor: Actor, hello: unknown): Promise<void> {
    const stream = openStream(res);
    this.streams.add(stream);
    stream.send('hello', hello);
    const off = this.bus.subscribe((m) => {
      if (maySee(actor, m)) stream.send(m.event.type, m.event);
    });
    await stream.closed;
    off();
    this.streams.delete(stream);
  }

  /** An agent's stream: `change` at once with the latest change, then whenever it moves. */
  async agent(res: ServerResponse, userId: string): Promise<void> {
    const stream = openStream(res);
    this.streams.add(stream);
    const entry = { sent: await latestChangeFor(this.db, userId), send: stream.send };
    stream.send('change', { latestChange: entry.sent });
    let set = this.agents.get(userId);
    if (!set) this.agents.set(userId, (set = new Set()));
    set.add(entry);
    this.watch();
    await stream.closed;
    set.delete(entry);
    if (!set.size) this.agents.delete(userId);
    this.streams.delete(stream);
    if (!this.agents.size) this.unwatch();
  }

  private watch(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), CHANGE_POLL_MS);
    this.timer.unref();
  }

  private unwatch(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.seq = -1;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const seq = await currentSeq(this.db);
      if (seq === this.seq) return;
      this.seq = seq;
      for (const [userId, set] of this.agents) {
        const latest = await latestChangeFor(this.db, userId);
        for (const entry of set) {
          if (Number(latest) > Number(entry.sent)) {
            entry.sent = latest;
            entry.send('change', { latestChange: latest });
          }
        }
      }
    } catch {
      // The database is away for a moment (restart, failover): try again on the next tick.
    } finally {
      this.polling = false;
    }
  }

  /** Ends every stream (the hub is shutting down) and the bus. */
  async close(): Promise<void> {
    this.unwatch();
    for (const s of this.streams) s.close();
    await this.bus.close();
  }
}

// What happened, told to every hub instance: in-process on SQLite (one instance), through
// PostgreSQL's LISTEN/NOTIFY when several instances share one database, so a push that lands on
// instance A reaches a dashboard connected to instance B without any other broker.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { DashboardEvent } from '../../../shared/dashboard-api.ts';

/** An event with who it concerns, so each stream can keep what its caller may see. */
export interface BusMessage {
  orgId: string;
  teamId: string | null;
  userId: string | null;
  event: DashboardEvent;
}

export interface Bus {
  publish(message: BusMessage): void;
  subscribe(listener: (message: BusMessage) => void): () => void;
  close(): Promise<void>;
}

function emitterBus(): { bus: Omit<Bus, 'publish' | 'close'>; emit(m: BusMessage): void } {
  const emitter = new EventEmitter();
  // Every open stream listens; hundreds are normal.
  emitter.setMaxListeners(0);
  return {
    bus: {
      subscribe(listener) {
        emitter.on('message', listener);
        return () => emitter.off('message', listener);
      },
    },
    emit: (m) => emitter.emit('message', m),
  };
}

export function memoryBus(): Bus {
  const { bus, emit } = emitterBus();
  return { ...bus, publish: emit, close: async () => {} };
}

const RETRY_MS = 1000;

/**
 * One connection per instance LISTENs on a channel named after the schema (instances of other
 * hubs on the same server do not hear each other) and also sends the NOTIFYs; an instance hears
 * its own notifications like everyone else's, so there is one path for all.
 */
export async function postgresBus(url: string, schema: string | undefined, log: (message: string) => void = () => {}): Promise<Bus> {
  const channel = `zvit_events_${schema ?? 'public'}`;
  const { bus, emit } = emitterBus();
  let client: pg.Client | null = null;
  let closed = false;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel !== channel || !n.payload) return;
      try {
        emit(JSON.parse(n.payload) as BusMessage);
      } catch {
        log(`bus: unreadable notification on ${channel}`);
      }
    });
    c.on('error', (error) => {
      log(`bus: ${error.message}; reconnecting`);
      if (client === c) client = null;
      void c.end().catch(() => {});
      if (!closed) setTimeout(() => void connect().catch((e: Error) => log(`bus: ${e.message}`)), RETRY_MS).unref();
    });
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    client = c;
  };
  await connect();
  return {
    ...bus,
    publish(message) {
      // Dashboards fall back to polling every 60 s, so a notification lost while reconnecting
      // costs a delay, not data.
      client?.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify(message)]).catch((e: Error) => log(`bus: ${e.message}`));
    },
    async close() {
      closed = true;
      await client?.end().catch(() => {});
      client = null;
    },
  };
}

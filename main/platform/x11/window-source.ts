// The foreground window on X11, kept current by PropertyNotify events on one persistent
// connection instead of polling: `current()` is called every second and between switches it
// only hands back what the last event brought.
//
// Reads EWMH (_NET_ACTIVE_WINDOW, _NET_WM_NAME, _NET_WM_PID), so it needs a window manager that
// maintains them; every common one does. X11 has no notion of a browser's URL, so `domain` is
// always null here.
import { realpath } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import type { ForegroundWindow, WindowSource } from '../types.ts';
import { decodeCompoundText } from './compound-text.ts';
import { X11Connection, type X11Property } from './connection.ts';

const ATOM_NAMES = [
  '_NET_ACTIVE_WINDOW',
  '_NET_WM_NAME',
  '_NET_WM_PID',
  'WM_NAME',
  'WM_CLASS',
  'WM_CLIENT_MACHINE',
  'STRING',
  'UTF8_STRING',
  'COMPOUND_TEXT',
] as const;
type Atoms = Record<(typeof ATOM_NAMES)[number], number>;

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

type Pending = 'switch' | 'title';

export class X11WindowSource implements WindowSource {
  readonly name = 'x11';
  private readonly connection: X11Connection;
  private readonly atoms: Atoms;
  private readonly listeners = new Set<() => void>();
  private cached: ForegroundWindow | null = null;
  /** The window whose title changes this client has asked to hear about (0: none). */
  private watched = 0;
  private pending: Pending | null = null;
  private refreshing: Promise<void> | null = null;
  private closed = false;

  private constructor(connection: X11Connection, atoms: Atoms) {
    this.connection = connection;
    this.atoms = atoms;
    connection.onPropertyNotify((window, atom) => {
      if (window === connection.root && atom === atoms._NET_ACTIVE_WINDOW) this.schedule('switch');
      else if (window === this.watched && (atom === atoms._NET_WM_NAME || atom === atoms.WM_NAME)) {
        this.schedule('title');
      }
    });
    connection.onLost(() => {
      // Listeners learn of it the way they learn of a switch; their next current() says why.
      if (!this.closed) this.notify();
    });
  }

  /** Connects to `display` (e.g. ":0") and reads the foreground window once. */
  static async open(display: string): Promise<X11WindowSource> {
    const connection = await X11Connection.open(display);
    try {
      const atoms = Object.fromEntries(
        await Promise.all(ATOM_NAMES.map(async (name) => [name, await connection.atom(name)] as const)),
      ) as Atoms;
      const source = new X11WindowSource(connection, atoms);
      // Subscribe before the first read, so a switch in between is not missed.
      await connection.watchProperties(connection.root, true);
      source.schedule('switch');
      await source.refreshing;
      if (connection.lost) throw connection.lost;
      return source;
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  async current(): Promise<ForegroundWindow | null> {
    if (this.refreshing) await this.refreshing;
    if (this.connection.lost) throw this.connection.lost;
    return this.cached;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the active window and its properties from the server now, bypassing the cache. */
  async queryActiveWindow(): Promise<ForegroundWindow | null> {
    const window = await this.activeWindowId();
    return window === 0 ? null : this.describeOrNull(window);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await this.connection.close();
  }

  /** Coalesces bursts of events into one refresh at a time; a switch subsumes a title change. */
  private schedule(kind: Pending): void {
    this.pending = this.pending === 'switch' ? 'switch' : kind;
    this.refreshing ??= this.drain().finally(() => {
      this.refreshing = null;
    });
  }

  private async drain(): Promise<void> {
    while (this.pending !== null && !this.connection.lost) {
      const kind = this.pending;
      this.pending = null;
      const before = this.cached;
      try {
        this.cached = kind === 'switch' || before === null ? await this.follow() : await this.retitle(before);
      } catch {
        // Only a lost connection gets here (window errors are handled below); current() reports
        // it, and onLost has told the listeners.
        this.cached = null;
        return;
      }
      if (!sameWindow(before, this.cached)) this.notify();
    }
  }

  /** Moves the title subscription to the newly active window and describes it. */
  private async follow(): Promise<ForegroundWindow | null> {
    const window = await this.activeWindowId();
    if (window !== this.watched) {
      // The old window may be gone already (BadWindow) and then has no selection to undo.
      if (this.watched !== 0) this.connection.watchProperties(this.watched, false).catch(() => undefined);
      this.watched = window;
    }
    if (window === 0) return null;
    // Requests are processed in order, so the subscription is in place before the reads.
    const [subscribed, described] = await Promise.all([
      this.connection.watchProperties(window, true).then(
        () => true,
        () => false,
      ),
      this.describeOrNull(window),
    ]);
    if (!subscribed && this.watched === window) this.watched = 0;
    return subscribed ? described : null;
  }

  private async retitle(window: ForegroundWindow): Promise<ForegroundWindow | null> {
    const watched = this.watched;
    try {
      const [netName, name] = await Promise.all([
        this.connection.getProperty(watched, this.atoms._NET_WM_NAME),
        this.connection.getProperty(watched, this.atoms.WM_NAME),
      ]);
      return Object.freeze({ ...window, title: this.text(netName) ?? this.text(name) });
    } catch (error) {
      if (this.connection.lost) throw error;
      return null; // destroyed since its last event; the window manager's switch event follows
    }
  }

  private async activeWindowId(): Promise<number> {
    const property = await this.connection.getProperty(this.connection.root, this.atoms._NET_ACTIVE_WINDOW, 4);
    return property?.format === 32 && property.data.length >= 4 ? property.data.readUInt32LE(0) : 0;
  }

  /** Describes `window`, or null when it was destroyed meanwhile (an X error such as BadWindow). */
  private async describeOrNull(window: number): Promise<ForegroundWindow | null> {
    const { atoms, connection } = this;
    let properties: (X11Property | null)[];
    try {
      // All five go out at once: one round trip, not five.
      properties = await Promise.all(
        [atoms._NET_WM_NAME, atoms.WM_NAME, atoms.WM_CLASS, atoms._NET_WM_PID, atoms.WM_CLIENT_MACHINE].map((atom) =>
          connection.getProperty(window, atom),
        ),
      );
    } catch (error) {
      if (connection.lost) throw error;
      return null;
    }
    const [netName, name, wmClass, pidProperty, machine] = properties;
    // A pid from another machine (a window forwarded over ssh -X) would name a stranger here.
    const local = machine == null || isThisHost(latin1Items(machine)[0] ?? '');
    const pid = local && pidProperty?.format === 32 && pidProperty.data.length >= 4 ? pidProperty.data.readUInt32LE(0) : null;
    const exe = pid === null ? null : await realpath(`/proc/${pid}/exe`).catch(() => null);
    const [instance, windowClass] = wmClass ? latin1Items(wmClass) : [];
    return Object.freeze({
      app: windowClass || instance || (exe ? basename(exe) : ''),
      exe,
      pid,
      title: this.text(netName ?? null) ?? this.text(name ?? null),
      domain: null,
    });
  }

  /** A text property's first item by its type, or null when absent, empty or of another type. */
  private text(property: X11Property | null): string | null {
    if (property === null || property.format !== 8) return null;
    const end = property.data.indexOf(0);
    const bytes = end < 0 ? property.data : property.data.subarray(0, end);
    let text: string;
    if (property.type === this.atoms.UTF8_STRING) text = utf8.decode(bytes);
    else if (property.type === this.atoms.STRING) text = bytes.toString('latin1');
    else if (property.type === this.atoms.COMPOUND_TEXT) text = decodeCompoundText(bytes);
    else return null;
    return text === '' ? null : text;
  }

  private notify(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        // One faulty listener must not stop the others or the event stream.
        console.error('X11WindowSource: onChange listener failed', error);
      }
    }
  }
}

/** STRING list items (WM_CLASS is "instance\0class\0"). */
function latin1Items(property: X11Property): string[] {
  return property.data.toString('latin1').split('\0');
}

function isThisHost(machine: string): boolean {
  const short = (name: string): string => name.toLowerCase().split('.')[0]!;
  return machine === '' || short(machine) === short(hostname()) || machine === 'localhost';
}

function sameWindow(a: ForegroundWindow | null, b: ForegroundWindow | null): boolean {
  if (a === null || b === null) return a === b;
  return a.app === b.app && a.pid === b.pid && a.exe === b.exe && a.title === b.title;
}

// One X11 connection over the pure-JS `x11` package, narrowed to the few typed calls the
// window and idle sources need, with promises instead of callbacks.
//
// The package has sharp edges this file exists to file off:
// - a request error whose callback returns falsy is re-emitted as 'error' on the client, and
//   an 'error' nobody listens to kills the process; every callback here returns true;
// - when the server goes away, callbacks of requests in flight are never called; the
//   connection rejects them itself, and every later call, with one clear error;
// - `close()` pings first and so never finishes on a dead server; closing here does not wait.
import x11 from 'x11';

/** Raised for an X protocol error answering one request, e.g. BadWindow for a closed window. */
export class X11RequestError extends Error {
  readonly code: number;

  constructor(message: string, code: number) {
    super(message);
    this.name = 'X11RequestError';
    this.code = code;
  }
}

export const BAD_WINDOW = 3;
const ANY_PROPERTY_TYPE = 0;
const PROPERTY_CHANGE_MASK = x11.eventMask.PropertyChange as number;

export interface X11Property {
  type: number;
  format: number;
  data: Buffer;
}

type Callback<T> = (error: unknown, value?: T) => boolean | void;

/** The part of the x11 package's client that this file drives. */
interface RawClient {
  screenNum: string | number;
  display: { screen: { root: number }[] };
  stream: { destroy(): void; on(event: string, listener: () => void): void };
  on(event: 'event', listener: (event: { name: string; wid: number; atom: number }) => void): void;
  on(event: 'error', listener: (error: Error & { error?: number }) => void): void;
  on(event: 'end', listener: () => void): void;
  InternAtom(onlyIfExists: boolean, name: string, callback: Callback<number>): void;
  GetAtomName(atom: number, callback: Callback<string>): void;
  GetProperty(
    del: number,
    window: number,
    property: number,
    type: number,
    longOffset: number,
    longLength: number,
    callback: Callback<{ type: number; format: number; data: Buffer }>,
  ): void;
  ChangeWindowAttributes(window: number, values: { eventMask: number }, callback: Callback<void>): void;
  require(extension: string, callback: (error: Error | null, extension?: unknown) => void): void;
  close(callback?: () => void): void;
}

interface Pending {
  reject(error: Error): void;
}

export class X11Connection {
  readonly display: string;
  readonly root: number;
  /** The raw client, for extension requests through `request()`. */
  readonly client: RawClient;
  private readonly pending = new Set<Pending>();
  private readonly propertyListeners = new Set<(window: number, atom: number) => void>();
  private readonly lostListeners = new Set<(error: Error) => void>();
  private lostError: Error | null = null;

  private constructor(display: string, client: RawClient) {
    this.display = display;
    this.client = client;
    // ":0.1" names screen 1, and each screen has its own root with its own EWMH properties.
    const screens = client.display.screen;
    this.root = (screens[Number(client.screenNum)] ?? screens[0]!).root;
    client.on('event', (event) => {
      if (event.name !== 'PropertyNotify') return;
      for (const listener of this.propertyListeners) listener(event.wid, event.atom);
    });
    client.on('error', (error) => {
      // Protocol errors all have callbacks that handle them; anything else is the socket.
      if (typeof error.error !== 'number') this.markLost(`X11 display ${display} is not available: ${error.message}`);
    });
    const gone = (): void => this.markLost(`X11 display ${display} is not available: the X server closed the connection`);
    client.on('end', gone);
    client.stream.on('close', gone);
  }

  static open(display: string): Promise<X11Connection> {
    return new Promise((resolve, reject) => {
      let settled = false;
      // shm: false keeps the connection a plain socket; the fd-passing one the package would
      // build for MIT-SHM reaches into Node internals and has no use here.
      const client = x11.createClient({ display, shm: false }, (error: Error | undefined) => {
        if (settled) return;
        settled = true;
        if (error) reject(new Error(`cannot connect to X11 display ${display}: ${error.message}`));
        else resolve(new X11Connection(display, client as RawClient));
      });
      // A refused handshake arrives as an 'error' event, not through the callback.
      client.on('error', (error: Error) => {
        if (settled) return;
        settled = true;
        reject(new Error(`cannot connect to X11 display ${display}: ${error.message}`));
      });
    });
  }

  /** Why the connection is gone, or null while it is up. */
  get lost(): Error | null {
    return this.lostError;
  }

  /** Requests in flight; a test can check nothing is left hanging. */
  get pendingRequests(): number {
    return this.pending.size;
  }

  onPropertyNotify(listener: (window: number, atom: number) => void): void {
    this.propertyListeners.add(listener);
  }

  onLost(listener: (error: Error) => void): void {
    this.lostListeners.add(listener);
  }

  /** Runs one request whose callback follows the package's (error, value) convention. */
  request<T>(issue: (callback: Callback<T>) => void): Promise<T> {
    if (this.lostError) return Promise.reject(this.lostError);
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { reject };
      this.pending.add(entry);
      const callback: Callback<T> = (error, value) => {
        if (!this.pending.delete(entry)) return true; // already rejected when the link went down
        if (error) reject(toRequestError(error));
        else resolve(value as T);
        return true;
      };
      try {
        issue(callback);
      } catch (error) {
        this.pending.delete(entry);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  atom(name: string): Promise<number> {
    return this.request<number>((callback) => this.client.InternAtom(false, name, callback));
  }

  atomName(atom: number): Promise<string> {
    return this.request<string>((callback) => this.client.GetAtomName(atom, callback));
  }

  /** A property's value, up to `maxBytes`; null when the window does not have it. */
  async getProperty(window: number, property: number, maxBytes = 4096): Promise<X11Property | null> {
    const reply = await this.request<{ type: number; format: number; data: Buffer }>((callback) =>
      this.client.GetProperty(0, window, property, ANY_PROPERTY_TYPE, 0, Math.ceil(maxBytes / 4), callback),
    );
    return reply.type === 0 ? null : { type: reply.type, format: reply.format, data: reply.data };
  }

  /** Asks for PropertyNotify events on `window` (this client's own selection; others keep theirs). */
  watchProperties(window: number, on: boolean): Promise<void> {
    return this.request<void>((callback) =>
      this.client.ChangeWindowAttributes(window, { eventMask: on ? PROPERTY_CHANGE_MASK : 0 }, callback),
    );
  }

  /** The extension's request object, or null when the server lacks it. */
  extension<T>(name: string): Promise<T | null> {
    return this.request<T | null>((callback) =>
      this.client.require(name, (error, extension) => callback(null, error ? null : (extension as T))),
    );
  }

  close(): Promise<void> {
    if (this.lostError) return Promise.resolve();
    this.markLost(`the X11 connection to ${this.display} was closed`);
    return new Promise((resolve) => {
      // A clean close flushes and waits for the server; a dead one would never answer.
      const timer = setTimeout(() => {
        this.client.stream.destroy();
        resolve();
      }, 1000);
      try {
        this.client.close(() => {
          clearTimeout(timer);
          resolve();
        });
      } catch {
        clearTimeout(timer);
        this.client.stream.destroy();
        resolve();
      }
    });
  }

  private markLost(message: string): void {
    if (this.lostError) return;
    this.lostError = new Error(message);
    for (const entry of this.pending) entry.reject(this.lostError);
    this.pending.clear();
    for (const listener of this.lostListeners) listener(this.lostError);
  }
}

function toRequestError(error: unknown): Error {
  const x = error as { error?: unknown; message?: string; badParam?: number };
  if (typeof x.error !== 'number') return error instanceof Error ? error : new Error(String(error));
  const resource = typeof x.badParam === 'number' ? ` (resource 0x${x.badParam.toString(16)})` : '';
  return new X11RequestError(`X11 ${x.message ?? `error ${x.error}`}${resource}`, x.error);
}

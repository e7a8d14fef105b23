// The tracking policy read from a JSON file an admin edits by hand (until the hub sends it).
// A broken edit must never change how the agent tracks: the last valid policy stays in force
// and the error says which file, which field and why, so it can be shown and fixed.

import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { defaultPolicy, parsePolicy, type Policy } from '../shared/policy.ts';

export type PolicyLoad =
  /** source 'defaults': there is no file, which is a valid state (nothing configured yet). */
  | { ok: true; policy: Policy; source: 'file' | 'defaults' }
  /** policy: the one still in force, i.e. the last valid one (the defaults before any). */
  | { ok: false; error: string; policy: Policy };

export interface PolicyFileOptions {
  /** Quiet time after the last change event before the file is read again. */
  debounceMs?: number;
}

export class PolicyFile {
  readonly path: string;
  readonly #debounceMs: number;
  #current: Policy = defaultPolicy();
  #error: string | null = null;
  // Reads run one after another, so a slow read can never overwrite a newer one's result.
  #queue: Promise<unknown> = Promise.resolve();

  constructor(path: string, options: PolicyFileOptions = {}) {
    this.path = path;
    this.#debounceMs = options.debounceMs ?? 100;
  }

  /** The policy in force. */
  get current(): Policy {
    return this.#current;
  }

  /** Why the last read was rejected, or null when it was accepted. */
  get error(): string | null {
    return this.#error;
  }

  load(): Promise<PolicyLoad> {
    const next = this.#queue.then(() => this.#read());
    this.#queue = next.catch(() => {});
    return next;
  }

  /**
   * Re-reads the file whenever it changes. onChange gets the new policy only when it differs
   * from the one in force; onError gets each new error once. Returns the stop function.
   */
  watch(onChange: (policy: Policy) => void, onError: (error: string) => void): () => void {
    const name = basename(this.path);
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The caller has already seen the error its own load() returned.
    let reported = this.#error;

    const reload = async (): Promise<void> => {
      const before = JSON.stringify(this.#current);
      const result = await this.load();
      if (stopped) return;
      if (!result.ok) {
        if (result.error !== reported) onError(result.error);
        reported = result.error;
        return;
      }
      reported = null;
      if (JSON.stringify(result.policy) !== before) onChange(result.policy);
    };
    const schedule = (): void => {
      clearTimeout(timer);
      // Editors save in bursts (truncate + write, or write a temp file + rename + chmod);
      // reading once the burst is over avoids reporting a half-written file as broken.
      timer = setTimeout(() => {
        reload().catch((e: unknown) => onError(`${this.path}: ${describe(e)}`));
      }, this.#debounceMs);
    };

    let watcher: FSWatcher;
    try {
      // The directory, not the file: an editor that saves by renaming a new file over the old
      // one replaces the inode, and a watch on the file itself would go silent after that.
      // Not persistent: watching a policy is never a reason to keep the process alive.
      watcher = fsWatch(dirname(this.path), { persistent: false }, (_event, filename) => {
        // Some platforms do not say which file changed; then it may have been ours.
        if (filename === null || filename === name) schedule();
      });
    } catch (e) {
      onError(`${this.path}: cannot watch ${dirname(this.path)}: ${describe(e)}`);
      return () => {};
    }
    watcher.on('error', (e) => {
      if (!stopped) onError(`${this.path}: stopped watching for changes: ${describe(e)}`);
    });
    // The file may have changed between the caller's load() and the watch starting.
    schedule();

    return () => {
      stopped = true;
      clearTimeout(timer);
      watcher.close();
    };
  }

  async #read(): Promise<PolicyLoad> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if (isErrno(e) && e.code === 'ENOENT') return this.#accept(defaultPolicy(), 'defaults');
      return this.#reject(`cannot read the file: ${describe(e)}`);
    }

    let json: unknown;
    try {
      // Notepad on Windows saves UTF-8 with a byte-order mark, which JSON.parse rejects.
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      return this.#reject(`invalid JSON: ${describe(e)}`);
    }

    const parsed = parsePolicy(json);
    if (!parsed.ok) return this.#reject(parsed.error);
    return this.#accept(parsed.policy, 'file');
  }

  #accept(policy: Policy, source: 'file' | 'defaults'): PolicyLoad {
    this.#current = policy;
    this.#error = null;
    return { ok: true, policy, source };
  }

  #reject(reason: string): PolicyLoad {
    // One line per problem, each naming the file, so a line read alone in a log still says where.
    this.#error = reason
      .split('\n')
      .map((line) => `${this.path}: ${line}`)
      .join('\n');
    return { ok: false, error: this.#error, policy: this.#current };
  }
}

function isErrno(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && 'code' in e;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

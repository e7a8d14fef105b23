// Password guessing against one account, spread over many addresses: the per-address limit does
// not see it, so failures are also counted per account (by the email as typed, known or not, so
// the answer does not tell which emails exist). After a few failures each further attempt must
// wait, the wait doubling with every failure up to a ceiling; a success clears the count.
// Kept in memory: a restart forgets it, and several hub instances count separately.

export interface LoginLimitOptions {
  failuresBeforeBackoff: number;
  backoffMs: number;
  backoffMaxMs: number;
}

interface Entry {
  failures: number;
  /** No attempt is taken before this time. */
  blockedUntil: number;
  lastFailureAt: number;
}

/** Entries idle this long are forgotten (and the count starts over). */
const FORGET_AFTER_MS = 24 * 3600 * 1000;
const MAX_ENTRIES = 100_000;

export class LoginLimiter {
  private readonly entries = new Map<string, Entry>();
  private readonly options: LoginLimitOptions;
  constructor(options: LoginLimitOptions) {
    this.options = options;
  }

  /** Milliseconds the account must still wait, or 0 when an attempt may be made now. */
  waitMs(account: string, now: number): number {
    const entry = this.entries.get(account);
    if (!entry) return 0;
    if (now - entry.lastFailureAt > FORGET_AFTER_MS) {
      this.entries.delete(account);
      return 0;
    }
    return Math.max(0, entry.blockedUntil - now);
  }

  failed(account: string, now: number): void {
    const entry = this.entries.get(account) ?? { failures: 0, blockedUntil: 0, lastFailureAt: now };
    entry.failures += 1;
    entry.lastFailureAt = now;
    const over = entry.failures - this.options.failuresBeforeBackoff;
    if (over >= 0) entry.blockedUntil = now + Math.min(this.options.backoffMaxMs, this.options.backoffMs * 2 ** Math.min(over, 30));
    this.entries.delete(account);
    this.entries.set(account, entry);
    // Oldest first in a Map: a flood of made-up emails cannot grow it without bound.
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }

  succeeded(account: string): void {
    this.entries.delete(account);
  }
}

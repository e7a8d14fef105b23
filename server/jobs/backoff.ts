// When a failed job runs again. CRM jobs back off exponentially with jitter up to an hour, for
// long enough (48 attempts, about two days) that a CRM down for a day loses nothing. Webhook
// deliveries follow the Standard Webhooks schedule.

export interface RetryPolicy {
  maxAttempts: number;
  /** Delay (ms) after the given failed attempt (1 = the first). */
  delay(attempt: number, random?: () => number): number;
}

/** ±20 % so that many jobs failing together do not come back together. */
function jitter(ms: number, random: () => number): number {
  return Math.round(ms * (0.8 + 0.4 * random()));
}

export function exponential(options: { baseMs: number; capMs: number; maxAttempts: number }): RetryPolicy {
  return {
    maxAttempts: options.maxAttempts,
    delay: (attempt, random = Math.random) => jitter(Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt - 1)), random),
  };
}

export const CRM_RETRY = exponential({ baseMs: 10_000, capMs: 3600_000, maxAttempts: 48 });

/** Standard Webhooks: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
export const WEBHOOK_SCHEDULE_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000] as const;

export const WEBHOOK_RETRY: RetryPolicy = {
  maxAttempts: WEBHOOK_SCHEDULE_MS.length + 1,
  delay: (attempt, random = Math.random) => jitter(WEBHOOK_SCHEDULE_MS[Math.min(attempt, WEBHOOK_SCHEDULE_MS.length) - 1]!, random),
};

/** Internal jobs (fan-out of events): quick retries, few. */
export const LOCAL_RETRY = exponential({ baseMs: 2_000, capMs: 600_000, maxAttempts: 10 });

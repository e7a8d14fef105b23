// How late the event loop runs now. A request that arrives while the loop is busy waits in the
// socket before any of the hub's code sees it, so its own timings cannot show that wait; a timer
// that should fire every TICK_MS and fires late by L has waited L too, as has everything that
// arrived meanwhile. Under overload (SQLite runs on this thread) that wait was most of a push's
// latency: seconds, with the hub's own timings of each request under half a second.
const TICK_MS = 10;
/** A late tick counts fully at once and fades over about this long (ms), so one quiet tick does not hide a busy loop. */
const FADE_MS = 100;

let lagMs = 0;
let last = 0;
let timer: NodeJS.Timeout | null = null;

function tick(): void {
  const now = performance.now();
  const late = Math.max(0, now - last - TICK_MS);
  const faded = lagMs * Math.exp(-(now - last) / FADE_MS);
  lagMs = Math.max(late, faded);
  last = now;
}

/** The event loop's recent lateness in ms (0 when idle); the monitor starts at the first call. */
export function loopLagMs(): number {
  if (!timer) {
    last = performance.now();
    timer = setInterval(tick, TICK_MS);
    timer.unref(); // never the reason the process stays alive
  }
  // A loop blocked right now has not ticked yet: the time since the last tick counts too.
  return Math.max(lagMs, performance.now() - last - TICK_MS);
}

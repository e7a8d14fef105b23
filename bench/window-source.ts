// CPU per foreground-window read on X11, three ways, in one X session with real windows:
// get-windows' activeWindow() (spawns xprop twice and xwininfo per call), X11WindowSource's full
// uncached queryActiveWindow(), and its cached current() — what the tracker pays every second.
//
// CPU is this process's (process.cpuUsage) plus its waited-for children's (cutime + cstime in
// /proc/self/stat), since get-windows' work happens in child processes. The X server's own CPU
// is in neither figure, for any of the three.
//
//   node bench/window-source.ts
import { readFileSync } from 'node:fs';
import { activeWindow } from 'get-windows';
import { X11WindowSource } from '../main/platform/x11/window-source.ts';
import { startX11Session } from '../test/x11-session.ts';
import { median } from './stats.ts';

const TICKS_PER_SECOND = 100; // USER_HZ, the unit of /proc/<pid>/stat times on Linux

interface Cost {
  ownUs: number;
  childrenUs: number;
  totalUs: number;
  wallUs: number;
}

function childrenCpuUs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1e6) / TICKS_PER_SECOND;
}

async function measure(call: () => Promise<unknown>, calls: number): Promise<Cost> {
  const cpu = process.cpuUsage();
  const children = childrenCpuUs();
  const start = performance.now();
  for (let i = 0; i < calls; i++) await call();
  const wallUs = ((performance.now() - start) * 1000) / calls;
  const own = process.cpuUsage(cpu);
  const ownUs = (own.user + own.system) / calls;
  const childrenUs = (childrenCpuUs() - children) / calls;
  return { ownUs, childrenUs, totalUs: ownUs + childrenUs, wallUs };
}

function medianCost(costs: Cost[]): Cost {
  const of = (key: keyof Cost): number => median(costs.map((cost) => cost[key]));
  return { ownUs: of('ownUs'), childrenUs: of('childrenUs'), totalUs: of('totalUs'), wallUs: of('wallUs') };
}

export async function benchWindowSources(rounds = 5, calls = 200): Promise<Record<string, unknown>> {
  const x = await startX11Session();
  const display = process.env.DISPLAY;
  let source: X11WindowSource | null = null;
  try {
    await x.openWindow({ title: 'Угода з ТОВ Ромашка', className: 'LegacyCrm', compoundText: true });
    await x.openWindow({ title: 'Inbox (3) - Mail', className: 'Mail' });
    // A UTF-8 titled window in front, one every reader gets right, so the three do equal work.
    const front = await x.openWindow({ title: 'Звіт за тиждень - Report', className: 'Report' });
    await x.activate(front.id);
    process.env.DISPLAY = x.display; // get-windows runs xprop with this process's environment
    source = await X11WindowSource.open(x.display);
    const own = source;

    const methods: Record<string, () => Promise<{ title: string | null } | null | undefined>> = {
      'get-windows activeWindow()': () => activeWindow(),
      'X11 queryActiveWindow()': () => own.queryActiveWindow(),
      'X11 current() (cached)': () => own.current(),
    };
    const titles = Object.fromEntries(
      await Promise.all(Object.entries(methods).map(async ([name, call]) => [name, (await call())?.title ?? null])),
    );

    const costs: Record<string, Cost[]> = Object.fromEntries(Object.keys(methods).map((name) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      // Interleaved, so that whatever else the machine does weighs on all three alike.
      for (const [name, call] of Object.entries(methods)) costs[name]!.push(await measure(call, calls));
    }
    const results = Object.fromEntries(Object.entries(costs).map(([name, list]) => [name, medianCost(list)]));
    const getWindows = results['get-windows activeWindow()']!.totalUs;
    const ratios = {
      getWindowsOverQuery: getWindows / results['X11 queryActiveWindow()']!.totalUs,
      getWindowsOverCurrent: getWindows / results['X11 current() (cached)']!.totalUs,
    };
    return { rounds, callsPerRound: calls, titles, perCallMedian: results, ratios };
  } finally {
    if (display === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = display;
    await source?.close();
    await x.stop();
  }
}

export function printTable(result: Record<string, unknown>): void {
  const rows = result.perCallMedian as Record<string, Cost>;
  const ratios = result.ratios as Record<string, number>;
  const fmt = (value: number): string => value.toFixed(value < 10 ? 2 : 0).padStart(11);
  console.log(`CPU per call, median of ${result.rounds} rounds × ${result.callsPerRound} calls (µs)`);
  console.log(`${'method'.padEnd(28)}${'own'.padStart(11)}${'children'.padStart(11)}${'total'.padStart(11)}${'wall'.padStart(11)}`);
  for (const [name, cost] of Object.entries(rows)) {
    console.log(`${name.padEnd(28)}${fmt(cost.ownUs)}${fmt(cost.childrenUs)}${fmt(cost.totalUs)}${fmt(cost.wallUs)}`);
  }
  console.log(`get-windows / queryActiveWindow(): ×${ratios.getWindowsOverQuery!.toFixed(1)}`);
  console.log(`get-windows / current():           ×${ratios.getWindowsOverCurrent!.toFixed(0)}`);
  console.log('titles read:', result.titles);
}

if (import.meta.main) printTable(await benchWindowSources());

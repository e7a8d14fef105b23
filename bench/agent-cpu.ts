// The whole headless agent's CPU over a minute of work at 1 Hz: a real `zvit agent` process in
// a real X11 session, clocked in, with a window switch every 10 s. CPU is read from
// /proc/<pid>/stat (user + system, the process and any children it waited for).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startX11Session } from '../test/x11-session.ts';
import { exited, startAgentProcess, zvit } from '../test/cli.ts';
import { median } from './stats.ts';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
  return ((utime! + stime! + cutime! + cstime!) * 1000) / TICKS_PER_SECOND;
}

export async function benchAgentCpu(seconds = 60): Promise<Record<string, number>> {
  const x = await startX11Session();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-bench-cpu-'));
  try {
    const ids = [];
    for (const [title, className] of [
      ['Угода з ТОВ «Ромашка» — Бітрікс24', 'Firefox'],
      ['Inbox - Thunderbird', 'Thunderbird'],
      ['Telegram', 'Telegram'],
    ] as const) {
      ids.push((await x.openWindow({ title, className })).id);
    }
    const agent = await startAgentProcess(dir, [], x.env);
    const pid = agent.pid!;
    await zvit(['clock-in', '--data-dir', dir]);
    // Let start-up work (module loading, JIT) settle before measuring.
    await new Promise((r) => setTimeout(r, 3000));
    const perTen: number[] = [];
    const start = cpuMs(pid);
    let last = start;
    for (let s = 0; s < seconds; s += 10) {
      await x.activate(ids[(s / 10) % ids.length]!);
      await new Promise((r) => setTimeout(r, 10_000));
      const now = cpuMs(pid);
      perTen.push(now - last);
      last = now;
    }
    const total = last - start;
    agent.kill('SIGTERM');
    await exited(agent);
    return {
      seconds,
      cpuMs: total,
      shareOfOneCorePercent: (total / (seconds * 1000)) * 100,
      medianCpuMsPer10s: median(perTen),
    };
  } finally {
    await x.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const r = await benchAgentCpu();
  console.log(`agent: ${r.cpuMs} ms CPU over ${r.seconds} s = ${r.shareOfOneCorePercent!.toFixed(3)} % of one core (median ${r.medianCpuMsPer10s} ms per 10 s)`);
}

// `npm run bench`: every benchmark of the project, figures printed, nothing asserted. Pass names
// to run some: `npm run bench -- window store`.
import { benchAgentCpu } from './agent-cpu.ts';
import { benchCrm } from './crm.ts';
import { benchDashboard, formatDashboardBench } from './dashboard.ts';
import { printStoreSize } from './store-size.ts';
import { benchHub, formatHubBench, hubBenchOptionsFromEnv } from './hub.ts';
import { benchHubCpu, formatHubCpu } from './hub-cpu.ts';
import { benchSync, printSync } from './sync.ts';
import { benchUi } from './ui.ts';
import { benchUpdates, formatUpdatesBench } from './updates.ts';
import { benchWindowSources, printTable } from './window-source.ts';

const benches: Record<string, () => Promise<unknown>> = {
  window: async () => printTable(await benchWindowSources()),
  store: printStoreSize,
  agent: async () => {
    const r = await benchAgentCpu();
    console.log(
      `agent: ${r.cpuMs} ms of CPU over ${r.seconds} s of work (1 s sampling policy, X11 window events) = ${r.shareOfOneCorePercent!.toFixed(3)} % of one core ` +
        `(median ${r.medianCpuMsPer10s} ms per 10 s)`,
    );
  },
  sync: async () => printSync(await benchSync()),
  hub: async () => {
    const { options, databases } = hubBenchOptionsFromEnv();
    console.log(formatHubBench(await benchHub(options, databases), options));
  },
  'hub-cpu': async () => console.log(formatHubCpu(await benchHubCpu())),
  ui: async () => void (await benchUi()),
  updates: async () => console.log(formatUpdatesBench(await benchUpdates())),
  crm: benchCrm,
  dashboard: async () => console.log(formatDashboardBench(await benchDashboard())),
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`\n== ${name}`);
  await run();
}

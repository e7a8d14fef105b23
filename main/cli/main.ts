// `zvit <command>`: the headless agent and a CLI over its local API.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ApiError, type AgentClient, type AgentStatus } from '../../shared/api.ts';
import { defaultDataDir } from '../data-dir.ts';
import { DatabaseTooNewError, MigrationHistoryError } from '../store/migrations.ts';
import { AgentAlreadyRunningError, startHeadlessAgent } from '../agent/headless.ts';
import { loadPreset } from '../sync/preset.ts';
import { agentClient, NoAgentError } from './client.ts';
import { formatDay, formatPlan, formatReport, formatStatus, formatSync } from './format.ts';
import { electronBinary, electronUnavailable, ensureDesktopBuilt, ensureUiBuilt, runElectron, UI_DIR } from './start.ts';

const USAGE = `Usage: zvit <command> [options]

Agent
  agent [--policy FILE] [--port N] [--ui DIR]
                                       run the tracking agent in the foreground (Ctrl+C stops it);
                                       with --ui, also serve that built UI to the browser

Work time
  status [--json]                      state, today's time, the window in front, problems
  clock-in | break | resume | clock-out
  idle resolve keep|break|discard [--label L] [--gap ID]
                                       decide what an idle gap was (keep: a call, a meeting, ...)
  label TEXT | --clear                 what you are working on now
  private on [--not-work] | off        stop recording apps (and, with --not-work, the clock)

Agent with its UI
  start                                the app: Electron where it can run, else the agent serving
                                       the UI to your browser (prints the address)

Hub
  enroll --hub URL --code CODE         connect this device to your team's hub
  sync                                 send what is waiting now and show the sync state
  refused [retry ID]                   records the hub refused, with its reason; send one again

Records
  day [--date YYYY-MM-DD] [--json]     one working day: time, apps, categories, labels
  plan [--date YYYY-MM-DD] [--json]    the day's plan
  report [--date YYYY-MM-DD] [--json]  the day's self-report with its revisions
  export --from D --to D --format json|csv [--out FILE]

The hub (central service): zvit hub --help

Every command takes --data-dir DIR (default: ${defaultDataDir()}).
`;

const EXIT = { ok: 0, failed: 1, usage: 2, noAgent: 3 } as const;

class UsageError extends Error {}

type Options = ParseArgsConfig['options'];
const common: Options = { 'data-dir': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } };

function parse(argv: string[], options: Options = {}) {
  try {
    return parseArgs({ args: argv, options: { ...common, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(USAGE);
      return command ? EXIT.ok : EXIT.usage;
    }
    if (command === 'agent') return await runAgent(rest);
    if (command === 'start') return await runStart(rest);
    return await runClientCommand(command, rest);
  } catch (error) {
    return report(error);
  }
}

function report(error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (error instanceof NoAgentError) {
    console.error(error.message);
    return EXIT.noAgent;
  }
  if (error instanceof ApiError || error instanceof DatabaseTooNewError || error instanceof MigrationHistoryError || error instanceof AgentAlreadyRunningError) {
    console.error(error.message);
    return EXIT.failed;
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return EXIT.failed;
}

const dataDirOf = (values: Record<string, unknown>) => path.resolve((values['data-dir'] as string | undefined) ?? defaultDataDir());

async function runStart(argv: string[]): Promise<number> {
  const why = electronUnavailable();
  const binary = why === null ? electronBinary() : null;
  if (binary) {
    const { values } = parse(argv);
    ensureDesktopBuilt();
    console.log('Starting Zvit (Electron); it lives in the tray. Quit it from the tray menu.');
    return runElectron(binary, values['data-dir'] ? dataDirOf(values) : null);
  }
  console.log(`Electron is not used: ${why}. Running in browser mode instead.`);
  ensureUiBuilt();
  return runAgent(argv, UI_DIR);
}

async function runAgent(argv: string[], staticDir?: string): Promise<number> {
  const { values } = parse(argv, { policy: { type: 'string' }, port: { type: 'string' }, ui: { type: 'string' } });
  // --ui serves an already built UI as it is (tests, several agents at once: no rebuilds racing).
  if (values.ui !== undefined) {
    const ui = path.resolve(String(values.ui));
    if (!fs.existsSync(path.join(ui, 'index.html'))) throw new UsageError(`--ui: no index.html in ${ui} (build it with: npm run build:ui)`);
    staticDir = ui;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not ${values.port}`);
  const dataDir = dataDirOf(values);
  const running = await startHeadlessAgent({
    dataDir,
    port,
    ...(staticDir ? { staticDir } : {}),
    ...(values.policy ? { policyFile: path.resolve(String(values.policy)) } : {}),
    // ZVIT_HUB_URL and ZVIT_ENROLLMENT_CODE: enroll by itself on the first start.
    preset: loadPreset(process.env, null),
  });
  console.log(`Zvit agent running. Data: ${dataDir}. Local API: ${running.api.origin} (token in ${path.join(dataDir, 'agent.json')}). Ctrl+C stops it.`);
  if (staticDir) console.log(`Open Zvit in your browser: ${running.api.origin}/#token=${running.info.token}`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await running.stop();
  console.log('Zvit agent stopped; the session, if clocked in, goes on when it starts again.');
  return EXIT.ok;
}

async function runClientCommand(command: string, argv: string[]): Promise<number> {
  const extra: Options = {
    label: { type: 'string' },
    gap: { type: 'string' },
    clear: { type: 'boolean' },
    'not-work': { type: 'boolean' },
    date: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    hub: { type: 'string' },
    code: { type: 'string' },
  };
  const { values, positionals } = parse(argv, extra);
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  const call: AgentClient = agentClient(dataDirOf(values));
  const json = Boolean(values.json);
  const printStatus = async (promise: Promise<AgentStatus>) => {
    const status = await promise;
    console.log(json ? JSON.stringify(status, null, 2) : formatStatus(status));
    return EXIT.ok;
  };

  switch (command) {
    case 'status':
      return printStatus(call('status', {}));
    case 'clock-in':
      return printStatus(call('clockIn', {}));
    case 'break':
      return printStatus(call('startBreak', {}));
    case 'resume':
      return printStatus(call('resume', {}));
    case 'clock-out':
      return printStatus(call('clockOut', {}));
    case 'label': {
      const text = positionals.join(' ').trim();
      if (!values.clear && !text) throw new UsageError('label needs a text, or --clear');
      return printStatus(call('setLabel', { label: values.clear ? null : text }));
    }
    case 'private': {
      const [mode] = positionals;
      if (mode !== 'on' && mode !== 'off') throw new UsageError('private takes on or off');
      return printStatus(call('setPrivate', { on: mode === 'on', ...(values['not-work'] ? { countsAsWork: false } : {}) }));
    }
    case 'idle': {
      const [sub, decision] = positionals;
      if (sub !== 'resolve' || (decision !== 'keep' && decision !== 'break' && decision !== 'discard')) {
        throw new UsageError('idle resolve takes keep, break or discard');
      }
      if (values.label !== undefined && decision !== 'keep') throw new UsageError('--label goes with keep');
      return printStatus(
        call('resolveIdle', {
          decision,
          ...(values.label !== undefined ? { label: String(values.label) } : {}),
          ...(values.gap !== undefined ? { gapId: String(values.gap) } : {}),
        }),
      );
    }
    case 'enroll': {
      if (!values.hub || !values.code) throw new UsageError('enroll needs --hub URL and --code CODE');
      const sync = await call('enroll', { hubUrl: String(values.hub), code: String(values.code) });
      console.log(json ? JSON.stringify(sync, null, 2) : `Enrolled with ${sync.hubUrl} as ${sync.user}. ${formatSync(sync)}`);
      return EXIT.ok;
    }
    case 'sync': {
      const sync = await call('syncNow', {});
      console.log(json ? JSON.stringify(sync, null, 2) : formatSync(sync));
      return sync.lastError ? EXIT.failed : EXIT.ok;
    }
    case 'refused': {
      const [sub, id] = positionals;
      if (sub === 'retry') {
        if (!id || !/^\d+$/.test(id)) throw new UsageError('refused retry takes the number shown by "zvit refused"');
        console.log(formatSync(await call('retryRefused', { id: Number(id) })));
        return EXIT.ok;
      }
      const refused = await call('refusedRecords', {});
      if (json) console.log(JSON.stringify(refused, null, 2));
      else if (!refused.length) console.log('The hub has refused nothing.');
      else for (const r of refused) console.log(`${r.id}. ${r.kind} ${r.recordId}: ${r.code}: ${r.message}`);
      return EXIT.ok;
    }
    case 'report': {
      const view = await call('getReport', values.date ? { date: String(values.date) } : {});
      console.log(json ? JSON.stringify(view, null, 2) : formatReport(view));
      return EXIT.ok;
    }
    case 'plan': {
      const view = await call('getPlan', values.date ? { date: String(values.date) } : {});
      console.log(json ? JSON.stringify(view, null, 2) : formatPlan(view));
      return EXIT.ok;
    }
    case 'day': {
      const day = await call('day', values.date ? { date: String(values.date) } : {});
      console.log(json ? JSON.stringify(day, null, 2) : formatDay(day));
      return EXIT.ok;
    }
    case 'export': {
      const format = values.format ?? 'json';
      if (!values.from || !values.to) throw new UsageError('export needs --from and --to (YYYY-MM-DD)');
      if (format !== 'json' && format !== 'csv') throw new UsageError('--format is json or csv');
      const result = await call('export', { from: String(values.from), to: String(values.to), format });
      if (values.out) fs.writeFileSync(String(values.out), result.body);
      else process.stdout.write(result.body);
      return EXIT.ok;
    }
    default:
      throw new UsageError(`Unknown command: ${command}`);
  }
}

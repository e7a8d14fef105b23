// `zvit <command>`: the headless agent and a CLI over its local API. It speaks the terminal's
// language (words/index.ts: --lang, else LC_ALL/LC_MESSAGES/LANG); --json prints the contract's
// shapes, keys and all, for programs.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ApiError, type AgentClient, type AgentStatus } from '../../shared/api.ts';
import { errorCodeText, syncErrorText } from '../../shared/i18n/errors.ts';
import { isLocale } from '../../shared/i18n/locales.ts';
import type { TaskTitle } from '../../shared/i18n/labels.ts';
import { RECORD_KINDS, type RecordKind } from '../../shared/sync.ts';
import { defaultDataDir, agentInfoFile } from '../data-dir.ts';
import { DatabaseTooNewError, MigrationHistoryError } from '../store/migrations.ts';
import { AgentAlreadyRunningError, runningAgent, uiUrl } from '../agent/running.ts';
import { loadPreset } from '../sync/preset.ts';
import { agentClient, NoAgentError } from './client.ts';
import { formatDay, formatPlan, formatReport, formatStatus, formatSync } from './format.ts';
import { openInBrowser } from './open-browser.ts';
import { electronBinary, electronUnavailable, ensureDesktopBuilt, ensureUiBuilt, runElectron, UI_DIR } from './start.ts';
import { cliI18n, systemLocale, type CliI18n } from './words/index.ts';

const EXIT = { ok: 0, failed: 1, usage: 2, noAgent: 3 } as const;

/** A wrong invocation; `message` is already in the terminal's language. */
class UsageError extends Error {}

type Options = ParseArgsConfig['options'];
const common: Options = { 'data-dir': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, lang: { type: 'string' } };

/** --lang from anywhere in argv (before parsing, so even a usage error speaks the right language). */
function chosenLocale(argv: readonly string[]) {
  const at = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const value = at < 0 ? undefined : argv[at]!.includes('=') ? argv[at]!.split('=')[1] : argv[at + 1];
  return { value, locale: isLocale(value) ? value : systemLocale() };
}

function usage(i18n: CliI18n): string {
  return i18n.t('cli.usage', { dataDir: defaultDataDir() });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const lang = chosenLocale(argv);
  const i18n = cliI18n(lang.locale);
  try {
    if (lang.value !== undefined && !isLocale(lang.value)) throw new UsageError(i18n.t('cli.badLang'));
    if (!command || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(usage(i18n));
      return command ? EXIT.ok : EXIT.usage;
    }
    if (command === 'agent') return await runAgent(i18n, rest);
    if (command === 'start') return await runStart(i18n, rest);
    if (command === 'open') return await runOpen(i18n, rest);
    return await runClientCommand(i18n, command, rest);
  } catch (error) {
    return report(i18n, error);
  }
}

function report(i18n: CliI18n, error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${usage(i18n)}`);
    return EXIT.usage;
  }
  if (error instanceof NoAgentError) {
    console.error(i18n.t('cli.noAgent', { dataDir: error.dataDir }));
    return EXIT.noAgent;
  }
  if (error instanceof ApiError) {
    console.error(i18n.t('cli.failed', { reason: errorCodeText(i18n, error.code) }));
    return EXIT.failed;
  }
  if (error instanceof AgentAlreadyRunningError) {
    console.error(i18n.t('cli.secondAgent', { dataDir: error.dataDir, pid: error.info.pid }));
    return EXIT.failed;
  }
  if (error instanceof DatabaseTooNewError) {
    console.error(i18n.t('cli.dbTooNew', { file: error.file }));
    return EXIT.failed;
  }
  if (error instanceof MigrationHistoryError) {
    console.error(i18n.t('cli.dbHistory', { file: error.file }));
    return EXIT.failed;
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return EXIT.failed;
}

function parse(i18n: CliI18n, argv: string[], options: Options = {}) {
  try {
    return parseArgs({ args: argv, options: { ...common, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(i18n.t('cli.usageError', { detail: (error as Error).message }));
  }
}

const dataDirOf = (values: Record<string, unknown>) => path.resolve((values['data-dir'] as string | undefined) ?? defaultDataDir());

async function runStart(i18n: CliI18n, argv: string[]): Promise<number> {
  const { values } = parse(i18n, argv, { policy: { type: 'string' }, port: { type: 'string' }, ui: { type: 'string' } });
  const why = electronUnavailable();
  const binary = why === null ? electronBinary() : null;
  if (binary) {
    // A second desktop app hands over to the first (single-instance lock) and shows its window.
    ensureDesktopBuilt();
    console.log(i18n.t('cli.startingDesktop'));
    return runElectron(binary, values['data-dir'] ? dataDirOf(values) : null);
  }
  // A second `npm start` in browser mode finds the first: it says where it is rather than refusing.
  const running = await runningAgent(dataDirOf(values));
  if (running) {
    console.log(running.ui ? i18n.t('cli.alreadyRunning', { url: uiUrl(running) }) : i18n.t('cli.noUi'));
    return running.ui ? EXIT.ok : EXIT.failed;
  }
  console.log(i18n.t('cli.electronUnavailable', { why: why ?? '' }));
  ensureUiBuilt(() => console.log(i18n.t('cli.building')));
  return runAgent(i18n, argv, UI_DIR);
}

/** `zvit open`: the running agent's address again, opened in the default browser. */
async function runOpen(i18n: CliI18n, argv: string[]): Promise<number> {
  const { values } = parse(i18n, argv);
  const dataDir = dataDirOf(values);
  const running = await runningAgent(dataDir);
  if (!running) throw new NoAgentError(dataDir);
  if (!running.ui) {
    console.error(i18n.t('cli.noUi'));
    return EXIT.failed;
  }
  console.log(i18n.t('cli.opening', { url: uiUrl(running) }));
  openInBrowser(uiUrl(running));
  return EXIT.ok;
}

async function runAgent(i18n: CliI18n, argv: string[], staticDir?: string): Promise<number> {
  const { values } = parse(i18n, argv, { policy: { type: 'string' }, port: { type: 'string' }, ui: { type: 'string' } });
  // --ui serves an already built UI as it is (tests, several agents at once: no rebuilds racing).
  if (values.ui !== undefined) {
    const ui = path.resolve(String(values.ui));
    if (!fs.existsSync(path.join(ui, 'index.html'))) throw new UsageError(i18n.t('cli.uiNoIndex', { dir: ui }));
    staticDir = ui;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(i18n.t('cli.portNumber', { value: String(values.port) }));
  const dataDir = dataDirOf(values);
  // The agent itself loads only here: the commands that talk to a running one start quickly.
  const { startHeadlessAgent } = await import('../agent/headless.ts');
  const running = await startHeadlessAgent({
    dataDir,
    port,
    ...(staticDir ? { staticDir } : {}),
    ...(values.policy ? { policyFile: path.resolve(String(values.policy)) } : {}),
    // ZVIT_HUB_URL and ZVIT_ENROLLMENT_CODE: enroll by itself on the first start.
    preset: loadPreset(process.env, null),
  });
  console.log(i18n.t('cli.agentRunning', { dataDir, origin: running.api.origin, file: agentInfoFile(dataDir) }));
  if (staticDir) console.log(i18n.t('cli.openInBrowser', { url: uiUrl(running.info) }));
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
  console.log(i18n.t('cli.agentStopped'));
  return EXIT.ok;
}

async function runClientCommand(i18n: CliI18n, command: string, argv: string[]): Promise<number> {
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
  const { values, positionals } = parse(i18n, argv, extra);
  if (values.help) {
    process.stdout.write(usage(i18n));
    return EXIT.ok;
  }
  const call: AgentClient = agentClient(dataDirOf(values));
  const json = Boolean(values.json);
  /** Today's tasks, so a label `task:<id>` is shown by its title. */
  const tasks = async (date?: string): Promise<TaskTitle[]> => (await call('getPlan', date ? { date } : {})).plan?.items ?? [];
  const printStatus = async (promise: Promise<AgentStatus>) => {
    const status = await promise;
    if (json) console.log(JSON.stringify(status, null, 2));
    else console.log(formatStatus(i18n, status, status.label?.startsWith('task:') ? await tasks() : []));
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
      if (!values.clear && !text) throw new UsageError(i18n.t('cli.labelNeedsText'));
      return printStatus(call('setLabel', { label: values.clear ? null : text }));
    }
    case 'private': {
      const [mode] = positionals;
      if (mode !== 'on' && mode !== 'off') throw new UsageError(i18n.t('cli.privateOnOff'));
      return printStatus(call('setPrivate', { on: mode === 'on', ...(values['not-work'] ? { countsAsWork: false } : {}) }));
    }
    case 'idle': {
      const [sub, decision] = positionals;
      if (sub !== 'resolve' || (decision !== 'keep' && decision !== 'break' && decision !== 'discard')) throw new UsageError(i18n.t('cli.idleResolve'));
      if (values.label !== undefined && decision !== 'keep') throw new UsageError(i18n.t('cli.labelWithKeep'));
      return printStatus(
        call('resolveIdle', {
          decision,
          ...(values.label !== undefined ? { label: String(values.label) } : {}),
          ...(values.gap !== undefined ? { gapId: String(values.gap) } : {}),
        }),
      );
    }
    case 'enroll': {
      if (!values.hub || !values.code) throw new UsageError(i18n.t('cli.enrollNeeds'));
      const sync = await call('enroll', { hubUrl: String(values.hub), code: String(values.code) });
      const zone = (await call('status', {})).zone;
      console.log(json ? JSON.stringify(sync, null, 2) : `${i18n.t('cli.enrolled', { hub: sync.hubUrl ?? '', user: sync.user ?? '' })} ${formatSync(i18n, sync, zone)}`);
      return EXIT.ok;
    }
    case 'sync': {
      const sync = await call('syncNow', {});
      console.log(json ? JSON.stringify(sync, null, 2) : formatSync(i18n, sync, (await call('status', {})).zone));
      return sync.lastError ? EXIT.failed : EXIT.ok;
    }
    case 'refused': {
      const [sub, id] = positionals;
      if (sub === 'retry') {
        if (!id || !/^\d+$/.test(id)) throw new UsageError(i18n.t('cli.refusedRetry'));
        const sync = await call('retryRefused', { id: Number(id) });
        console.log(formatSync(i18n, sync, (await call('status', {})).zone));
        return EXIT.ok;
      }
      const refused = await call('refusedRecords', {});
      if (json) console.log(JSON.stringify(refused, null, 2));
      else if (!refused.length) console.log(i18n.t('cli.refusedNone'));
      else {
        for (const r of refused) {
          const kind = (RECORD_KINDS as readonly string[]).includes(r.kind) ? i18n.t(`cli.kind.${r.kind as RecordKind}`) : r.kind;
          console.log(i18n.t('cli.refusedLine', { n: r.id, kind, reason: syncErrorText(i18n, r.code) }));
        }
      }
      return EXIT.ok;
    }
    case 'report': {
      const view = await call('getReport', values.date ? { date: String(values.date) } : {});
      console.log(json ? JSON.stringify(view, null, 2) : formatReport(i18n, view));
      return EXIT.ok;
    }
    case 'plan': {
      const view = await call('getPlan', values.date ? { date: String(values.date) } : {});
      console.log(json ? JSON.stringify(view, null, 2) : formatPlan(i18n, view));
      return EXIT.ok;
    }
    case 'day': {
      const day = await call('day', values.date ? { date: String(values.date) } : {});
      console.log(json ? JSON.stringify(day, null, 2) : formatDay(i18n, day, await tasks(day.date)));
      return EXIT.ok;
    }
    case 'export': {
      const format = values.format ?? 'csv';
      if (format !== 'json' && format !== 'csv' && format !== 'xlsx') throw new UsageError(i18n.t('cli.exportFormat'));
      const result = await call('export', {
        ...(values.from ? { from: String(values.from) } : {}),
        ...(values.to ? { to: String(values.to) } : {}),
        format,
        language: i18n.locale,
      });
      const bytes = Buffer.from(result.body, result.encoding);
      // A spreadsheet is never poured into a terminal: without --out it is saved under its own name.
      const out = values.out ? String(values.out) : format === 'xlsx' ? result.fileName : null;
      if (out) {
        fs.writeFileSync(out, bytes);
        if (!values.out || process.stdout.isTTY) console.error(i18n.t('cli.saved', { file: path.resolve(out) }));
      } else process.stdout.write(bytes);
      return EXIT.ok;
    }
    default:
      throw new UsageError(i18n.t('cli.unknownCommand', { command }));
  }
}

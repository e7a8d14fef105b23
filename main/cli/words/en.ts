// English. Keys follow uk.ts (the source); the type makes a missing or extra key a compile error.
import type { CliCatalogue } from './index.ts';

export const en: CliCatalogue = {
  'cli.usage': `Usage: zvit <command> [options]

Agent
  agent [--policy FILE] [--port N] [--ui DIR]
                                       run the tracking agent in the foreground (Ctrl+C stops it);
                                       with --ui, also serve that built UI to the browser
  start                                the app: Electron where it can run, else the agent serving
                                       the UI to your browser (prints the address)
  open                                 print the running Zvit's address and open it in the browser

Work time
  status [--json]                      state, today's time, the window in front, problems
  clock-in | break | resume | clock-out
  idle resolve keep|break|discard [--label L] [--gap ID]
                                       decide what an idle gap was (keep: a call, a meeting, ...)
  label TEXT | --clear                 what you are working on now
  private on [--not-work] | off        stop recording apps (and, with --not-work, the clock)

Hub
  enroll --hub URL --code CODE         connect this device to your team's hub
  sync                                 send what is waiting now and show the sync state
  refused [retry N]                    records the hub refused, with its reason; send one again

Records
  day [--date YYYY-MM-DD] [--json]     one working day: time, apps, categories, labels
  plan [--date YYYY-MM-DD] [--json]    the day's plan
  report [--date YYYY-MM-DD] [--json]  the day's self-report with its revisions
  export [--from D] [--to D] [--format csv|xlsx|json] [--out FILE]
                                       the records of a range of days (default: this week, CSV)

The hub (central service): zvit hub --help

Every command takes --data-dir DIR (default: {dataDir}) and --lang uk|ru|en
(default: the system's language).
`,
  'cli.usageError': 'Wrong usage: {detail}',
  'cli.unknownCommand': 'Unknown command: {command}',
  'cli.badLang': '--lang is uk, ru or en',
  'cli.portNumber': '--port must be a port number, not {value}',
  'cli.uiNoIndex': '--ui: no index.html in {dir} (build it with: npm run build:ui)',
  'cli.labelNeedsText': 'label needs a text, or --clear',
  'cli.privateOnOff': 'private takes on or off',
  'cli.idleResolve': 'idle resolve takes keep, break or discard',
  'cli.labelWithKeep': '--label goes with keep',
  'cli.enrollNeeds': 'enroll needs --hub URL and --code CODE',
  'cli.refusedRetry': 'refused retry takes the number shown by "zvit refused"',
  'cli.exportFormat': '--format is csv, xlsx or json',

  'cli.noAgent': 'No Zvit agent is running for {dataDir}. Start one with: npm start (or npx zvit agent --data-dir {dataDir}).',
  'cli.secondAgent': 'Another Zvit agent (pid {pid}) is already running for {dataDir}. Stop it first, or use another --data-dir.',
  'cli.dbTooNew': 'The data file {file} was written by a newer version of Zvit. Update Zvit to open it; the file was left untouched.',
  'cli.dbHistory': 'The data file {file} has a history of changes this version of Zvit does not know; the file was left untouched.',
  'cli.failed': 'Failed: {reason}',

  'cli.agentRunning': 'Zvit agent running. Data: {dataDir}. Local API: {origin} (token in {file}). Ctrl+C stops it.',
  'cli.openInBrowser': 'Open Zvit in your browser: {url}',
  'cli.agentStopped': 'Zvit agent stopped; the session, if clocked in, goes on when it starts again.',
  'cli.electronUnavailable': 'Electron is not used ({why}), so Zvit runs in your browser.',
  'cli.startingDesktop': 'Starting Zvit (Electron); it lives in the tray. Quit it from the tray menu.',
  'cli.building': 'Building the UI…',
  'cli.alreadyRunning': 'Zvit is already running. Open it in your browser: {url}',
  'cli.opening': 'Opening Zvit in your browser: {url}',
  'cli.noUi': 'The Zvit agent runs without its UI (it was started with zvit agent). Stop it and run npm start.',

  'cli.since': '{state} since {time} ({duration})',
  'cli.labelNow': 'on: {label}',
  'cli.privateMode': 'private mode',
  'cli.privateNotWork': 'private mode, not counted as work',
  'cli.today': 'Today, {date}: worked {worked}, breaks {breaks}',
  'cli.todayPending': ', awaiting a decision {pending}',
  'cli.now': 'Now: {app}',
  'cli.idleGap': 'Away {from}–{to} ({duration}) waits for a decision: zvit idle resolve keep --label call | break | discard',
  'cli.idleNow': 'now',
  'cli.tracking': 'Tracking: windows {windows}, idle {idle}',
  'cli.off': 'off',
  'cli.policyError': 'Policy not applied: {error}',

  'cli.syncNotConnected': 'Sync: not connected to a hub (zvit enroll --hub URL --code CODE); records are kept on this computer.',
  'cli.syncAll': 'Sync: all sent',
  'cli.syncWaiting': 'Sync: {waiting}',
  'cli.syncRefused': '{n} refused by the hub (zvit refused)',
  'cli.syncLast': 'last success {time}',
  'cli.syncError': 'error: {reason}',
  'cli.clockAhead': 'this computer’s clock is {duration} ahead of the hub',
  'cli.clockBehind': 'this computer’s clock is {duration} behind the hub',
  'cli.enrolled': 'Enrolled with {hub} as {user}.',
  'cli.refusedNone': 'The hub has refused nothing.',
  'cli.refusedLine': '{n}. {kind}: {reason}',
  'cli.kind.work_event': 'work-time event',
  'cli.kind.activity_span': 'app',
  'cli.kind.idle_decision': 'time-away decision',
  'cli.kind.day_plan': 'plan',
  'cli.kind.report_revision': 'report',

  'cli.dayHead': '{date} ({zone})',
  'cli.dayTotals': 'Worked {worked}; breaks {breaks}; screen locked {paused}; agent not running {gap}',
  'cli.dayIdle': 'Time away: kept as work {kept}, taken as a break {breaks}, not counted {discarded}, awaiting a decision {pending}',
  'cli.dayFirstLast': 'First activity {first}, last {last}',
  'cli.dayProductivity': 'Apps: productive {productive}, neutral {neutral}, unproductive {unproductive}',
  'cli.dayLabels': 'Worked on:',

  'cli.noPlan': '{date}: no plan yet',
  'cli.carryOver': '{tasks} from the last plan can be carried over',
  'cli.planHead': 'Plan for {date} (revision {n})',
  'cli.estimate': 'estimate {duration}',
  'cli.carriedFrom': 'from {date}',
  'cli.noReport': '{date}: no report filed yet',
  'cli.reportHead': 'Report for {date}: {status}, revision {n} of {total}',
  'cli.leadComment': 'Lead’s comment: {comment}',
  'cli.unplanned': 'unplanned',
  'cli.kpiOf': '{actual} of {target}',
  'cli.kpiMissed': 'missed: {reason}',
  'cli.blockers': 'Blockers: {text}',
  'cli.note': 'Note: {text}',
  'cli.saved': 'Saved: {file}',
};

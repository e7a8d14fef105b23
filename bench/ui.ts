// The UI in browser mode, measured as a manager meets it: the built UI served by a real headless
// agent (which tracks a real X11 session), in Debian's Chromium.
//  - popover interactive: from navigation start to the UI's own mark `zvit:popover-interactive`
//    (set once the first status has arrived and the clock button is rendered enabled); cold =
//    a fresh browser context each run (no HTTP cache), warm = a reload in the same context.
//  - plan submit round trip: from the click on "Save the plan" to the form showing the stored
//    revision (request, agent, SQLite, response, re-render); and the bare savePlan API call.
// Targets (issue 4 §7): popover within 300 ms; plan submit 50 ms median.
import { chromium, type Browser, type Page } from '@playwright/test';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { ensureUiBuilt } from '../main/cli/start.ts';
import { openDesk } from '../e2e/desk.ts';
import { median } from './stats.ts';

const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
};
const MARK = 'zvit:popover-interactive'; // renderer/stores/boot.ts

/** Where a cold load's time went, ms from navigation start (medians are printed). */
export interface LoadPhases {
  /** The module script has run (DOMContentLoaded waits for it). */
  scriptDone: number;
  /** The first status answer arrived. */
  statusAnswered: number;
  /** The popover was committed with that status. */
  rendered: number;
}

export interface UiBenchResult {
  coldPhases: LoadPhases[];
  popoverColdMs: number[];
  popoverWarmMs: number[];
  planSubmitUiMs: number[];
  planSubmitApiMs: number[];
}

// Code run inside the page, as source text: this file is type-checked for Node, without the DOM.

/** Clicks "Save" and resolves when the form shows the next stored revision (ms since the click). */
const SUBMIT_ONCE = `new Promise((resolve) => {
  const form = () => document.querySelector('form[data-revision]');
  const before = form().dataset.revision;
  const observer = new MutationObserver(() => {
    if (form() && form().dataset.revision !== before) {
      observer.disconnect();
      resolve(performance.now() - start);
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  const start = performance.now();
  form().querySelector('button[type=submit]').click();
})`;

/** Resubmits today's plan n times with fetch, as http.ts does; returns each round trip in ms. */
const SAVE_PLAN_API = `async (n) => {
  const token = sessionStorage.getItem('zvit.token');
  const post = async (method, body) => {
    const res = await fetch('/api/' + method, { method: 'POST', headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()).result;
  };
  const view = await post('getPlan', {});
  const times = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await post('savePlan', view.plan);
    times.push(performance.now() - start);
  }
  return times;
}`;

async function popoverMark(page: Page): Promise<number> {
  const handle = await page.waitForFunction((mark) => performance.getEntriesByName(mark)[0]?.startTime, MARK, { timeout: 10_000 });
  return (await handle.jsonValue()) as number;
}

const PHASES = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const status = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/status'));
  return { scriptDone: nav.domContentLoadedEventEnd, statusAnswered: status ? status.responseEnd : NaN, rendered: performance.getEntriesByName('zvit:popover-rendered')[0].startTime };
})()`;

async function measurePopover(browser: Browser, url: string, runs: number): Promise<{ cold: number[]; warm: number[]; phases: LoadPhases[] }> {
  const phases: LoadPhases[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    cold.push(await popoverMark(page));
    phases.push(await page.evaluate<LoadPhases>(PHASES));
    // The token moved to sessionStorage, so a plain reload is the manager reopening the window.
    await page.reload();
    warm.push(await popoverMark(page));
    await context.close();
  }
  return { cold, warm, phases };
}

async function measurePlanSubmit(browser: Browser, url: string, submits: number): Promise<{ ui: number[]; api: number[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await popoverMark(page);
  await page.getByRole('button', { name: 'План', exact: true }).click();
  const titles = ['Передзвонити ТОВ «Ромашка»', 'Надіслати КП «Будмайстер»', 'Оновити угоди в CRM'];
  for (const [i, title] of titles.entries()) {
    if (i > 0) await page.getByRole('button', { name: 'Додати завдання' }).click();
    await page.getByLabel(`Завдання ${i + 1}`, { exact: true }).fill(title);
  }
  const ui: number[] = [];
  for (let i = 0; i < submits; i++) ui.push(await page.evaluate<number>(SUBMIT_ONCE));
  // The same plan through the contract alone, as the UI's transport sends it.
  const api = await page.evaluate<number[]>(`(${SAVE_PLAN_API})(${submits})`);
  await context.close();
  return { ui, api };
}

export async function benchUi(runs = 9, submits = 30): Promise<UiBenchResult> {
  ensureUiBuilt();
  const desk = await openDesk({});
  const browser = await chromium.launch(LAUNCH);
  try {
    // One throwaway load: the first Chromium page of a process pays for its own start-up.
    const warmup = await browser.newPage();
    await warmup.goto(desk.url);
    await popoverMark(warmup);
    await warmup.close();
    const popover = await measurePopover(browser, desk.url, runs);
    const submit = await measurePlanSubmit(browser, desk.url, submits);
    const result = { coldPhases: popover.phases, popoverColdMs: popover.cold, popoverWarmMs: popover.warm, planSubmitUiMs: submit.ui, planSubmitApiMs: submit.api };
    printUiBench(result);
    return result;
  } finally {
    await browser.close();
    await desk.stop();
  }
}

export function printUiBench(r: UiBenchResult): void {
  // Timings on a busy machine say more about the machine: print how busy it was.
  console.log(`ui: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`);
  const f = (values: number[]) => `median ${median(values).toFixed(1)} ms (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)}, n=${values.length})`;
  console.log(`ui: popover interactive, cold load: ${f(r.popoverColdMs)}  [target 300 ms]`);
  const phase = (k: keyof LoadPhases) => median(r.coldPhases.map((p) => p[k])).toFixed(0);
  console.log(`ui:   cold, medians from navigation start: script run ${phase('scriptDone')} ms, status answered ${phase('statusAnswered')} ms, popover rendered ${phase('rendered')} ms`);
  console.log(`ui: popover interactive, reload:    ${f(r.popoverWarmMs)}  [target 300 ms]`);
  console.log(`ui: plan submit, click → stored revision shown: ${f(r.planSubmitUiMs)}  [target 50 ms]`);
  console.log(`ui: savePlan API round trip (fetch):            ${f(r.planSubmitApiMs)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchUi();

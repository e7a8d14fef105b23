// Reads a screen the way a person does and fails on what must never be there: a raw message key
// ("report.status.submitted"), a placeholder left unfilled ("{date}"), a UUID or a task:<id>
// label, English words in a Ukrainian or Russian screen, and text smaller than 12 px.
import { expect, type Page, type TestInfo } from '@playwright/test';
import type { Locale } from '../shared/locale.ts';
import { CATALOGUES } from '../renderer/i18n/translate.ts';
import { CATALOGUES as DASHBOARD_CATALOGUES } from '../dashboard/i18n/translate.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const KEYS = new Set([...Object.keys(CATALOGUES.uk), ...Object.keys(DASHBOARD_CATALOGUES.uk)]);
/** Latin words that belong in any language's screen: the product, formats, and the data itself. */
const LATIN_OK = new Set(['zvit', 'crm', 'csv', 'excel', 'xlsx', 'npx', 'npm', 'start', 'open', 'wayland', 'utc', 'ok', 'kpi', 'json', 'ics', 'icalendar', 'api', 'oauth', 'utf', 'amocrm', 'kommo']);

interface Found {
  texts: string[];
  small: string[];
}

/** Every piece of text on the page a person can see or hear: text nodes, and the attributes read out. */
async function collect(page: Page): Promise<Found> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const small: string[] = [];
    const visible = (el: Element) => {
      const style = getComputedStyle(el);
      return style.visibility !== 'hidden' && style.display !== 'none' && (el as HTMLElement).offsetParent !== null;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('script, style') || !visible(parent)) continue;
      // What the manager typed and what the computer reported (app names, titles, paths) is data:
      // marked with data-verbatim or set in <code>, it is read for ids but not for language.
      const verbatim = parent.closest('code, [data-verbatim], input, textarea, option[data-verbatim]') !== null;
      texts.push(`${verbatim ? '\u0000' : ''}${text}`);
      const size = parseFloat(getComputedStyle(parent).fontSize);
      if (size < 12) small.push(`${size}px: ${text.slice(0, 40)}`);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      for (const attribute of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = el.getAttribute(attribute)?.trim();
        if (value) texts.push(value);
      }
    }
    // What fields hold is shown too (a select shows its chosen option's text, already a text node).
    for (const el of document.querySelectorAll('input:not([type=hidden]):not([type=radio]):not([type=checkbox]), textarea')) {
      const value = (el as HTMLInputElement).value;
      if (value) texts.push(`\u0000${value}`);
    }
    texts.push(document.title);
    return { texts, small };
  });
}

/**
 * Scans the page and saves its screenshot as `<name>-<locale>.png` in the test's output folder.
 * `data` lists words that are the test's own data (titles, app names) and may be in any script.
 */
export async function scanScreen(page: Page, testInfo: TestInfo, locale: Locale, name: string, data: readonly string[] = []): Promise<void> {
  // The event stream keeps the network busy for good: wait for fonts and a settled frame instead.
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
  const { texts, small } = await collect(page);
  const problems: string[] = [];
  const dataWords = new Set(data.flatMap((d) => d.toLowerCase().match(/[a-z]{3,}/g) ?? []));
  for (const raw of texts) {
    const verbatim = raw.startsWith('\u0000');
    const text = verbatim ? raw.slice(1) : raw;
    if (UUID.test(text)) problems.push(`a UUID: ${text}`);
    if (/\btask:/.test(text)) problems.push(`a raw label: ${text}`);
    if (verbatim) continue;
    for (const word of text.split(/[\s,;:()«»“”"]+/)) if (KEYS.has(word.replace(/[.…]+$/, ''))) problems.push(`a raw key: ${word} in "${text}"`);
    if (/\{[a-zA-Z]+\}/.test(text)) problems.push(`an unfilled placeholder: ${text}`);
    if (locale !== 'en') {
      // Latin words in a Cyrillic screen: allowed only for the product's own names and the data.
      for (const word of text.toLowerCase().match(/[a-z]{3,}/g) ?? []) {
        if (!LATIN_OK.has(word) && !dataWords.has(word)) problems.push(`English "${word}" in "${text}"`);
      }
    }
  }
  for (const s of small) problems.push(`text under 12 px: ${s}`);
  const file = testInfo.outputPath(`${name}-${locale}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(`${name}-${locale}`, { path: file, contentType: 'image/png' });
  expect([...new Set(problems)], `${name} in ${locale}`).toEqual([]);
}

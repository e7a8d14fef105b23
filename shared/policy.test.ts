import { describe, expect, it } from 'vitest';
import {
  CategoryRuleSchema,
  compilePolicy,
  DEFAULT_CATEGORY_RULES,
  defaultPolicy,
  parsePolicy,
  type ForegroundWindowLike,
  type Policy,
  type PolicyInput,
} from './policy.ts';

function policy(input: PolicyInput): Policy {
  const r = parsePolicy(input);
  if (!r.ok) throw new Error(r.error);
  return r.policy;
}

function errorOf(input: unknown): string {
  const r = parsePolicy(input);
  if (r.ok) throw new Error('expected the policy to be rejected');
  return r.error;
}

function win(w: Partial<ForegroundWindowLike>): ForegroundWindowLike {
  return { app: 'unknown', exe: null, title: null, domain: null, ...w };
}

const browser = (domain: string | null, title: string | null = null) =>
  win({ app: 'Google Chrome', exe: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', domain, title });

describe('parsePolicy defaults', () => {
  it('accepts {} and fills every default', () => {
    expect(policy({})).toEqual({
      sampleIntervalSec: 1,
      idleThresholdSec: 300,
      dayStart: '04:00',
      flushIntervalSec: 10,
      titles: { capture: 'full', redact: [] },
      excludedApps: [],
      categories: [],
      privateModeCountsAsWork: true,
      schedule: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
      kpis: [],
      kpiTargets: {},
      currency: 'UAH',
      planSnooze: { times: 2, minutes: 15 },
    });
    expect(defaultPolicy()).toEqual(policy({}));
  });

  it('takes the organization’s currency as an ISO 4217 code Intl knows', () => {
    expect(policy({ currency: 'EUR' }).currency).toBe('EUR');
    for (const bad of ['uah', 'UA', 'XYZ', 'ГРН']) {
      const result = parsePolicy({ currency: bad });
      expect(result.ok, bad).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/^currency: /);
    }
  });

  it('names the field of a bad KPI definition or target', () => {
    const bad = parsePolicy({ kpis: [{ key: 'Calls!', names: { uk: 'a', ru: 'b', en: 'c' }, unit: 'count', direction: 'higher' }], kpiTargets: { calls_total: -1 } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error).toMatch(/^kpis\[0\]\.key: /m);
      expect(bad.error).toMatch(/^kpiTargets\.calls_total: /m);
    }
  });

  it('fills defaults inside partly given objects', () => {
    const p = policy({ titles: { capture: 'off' }, schedule: { days: [6, 7] } });
    expect(p.titles).toEqual({ capture: 'off', redact: [] });
    expect(p.schedule).toEqual({ start: '09:00', end: '18:00', days: [6, 7] });
    expect(policy({ titles: { redact: [{ pattern: 'x' }] } }).titles.redact[0]?.replacement).toBe('…');
  });

  // A newer hub may send fields this agent does not know yet; rejecting the whole policy for
  // that would leave the agent on a stale one.
  it('ignores fields it does not know', () => {
    expect(parsePolicy({ futureField: 1, titles: { futureToo: true } })).toEqual({ ok: true, policy: defaultPolicy() });
  });

  it('accepts every built-in category rule as a valid rule', () => {
    for (const rule of DEFAULT_CATEGORY_RULES) expect(CategoryRuleSchema.safeParse(rule).success).toBe(true);
  });
});

describe('parsePolicy errors name the field', () => {
  it.each([
    [{ sampleIntervalSec: 0 }, /^sampleIntervalSec: /],
    [{ sampleIntervalSec: 61 }, /^sampleIntervalSec: /],
    [{ sampleIntervalSec: 1.5 }, /^sampleIntervalSec: /],
    [{ idleThresholdSec: 29 }, /^idleThresholdSec: /],
    [{ idleThresholdSec: 7201 }, /^idleThresholdSec: /],
    [{ flushIntervalSec: 11 }, /^flushIntervalSec: /],
    [{ dayStart: '4:00' }, /^dayStart: expected a time of day as HH:MM/],
    [{ dayStart: '24:00' }, /^dayStart: /],
    [{ titles: { capture: 'some' } }, /^titles\.capture: /],
    [{ titles: { redact: [{ pattern: 'a' }, { pattern: '(' }] } }, /^titles\.redact\[1\]\.pattern: invalid regular expression: .*\(/],
    [{ titles: { redact: [{ pattern: '' }] } }, /^titles\.redact\[0\]\.pattern: empty pattern$/],
    [{ titles: { redact: [{ pattern: '\\d*' }] } }, /^titles\.redact\[0\]\.pattern: pattern matches the empty string/],
    [{ titles: { redact: [{ pattern: 'a', flags: 'x' }] } }, /^titles\.redact\[0\]\.flags: /],
    [{ titles: { redact: [{ pattern: 'a', flags: 'uv' }] } }, /^titles\.redact\[0\]\.flags: /],
    [{ excludedApps: [{ app: 'ok' }, {}] }, /^excludedApps\[1\]: empty matcher/],
    [{ excludedApps: [{ title: '[' }] }, /^excludedApps\[0\]\.title: invalid regular expression/],
    [{ excludedApps: [{ app: '' }] }, /^excludedApps\[0\]\.app: empty pattern$/],
    [
      { categories: [{ match: { domain: '(' }, category: 'crm', productivity: 'productive' }] },
      /^categories\[0\]\.match\.domain: invalid regular expression/,
    ],
    [{ categories: [{ match: {}, category: 'crm', productivity: 'productive' }] }, /^categories\[0\]\.match: empty matcher/],
    [{ categories: [{ match: { app: 'x' }, category: ' ', productivity: 'productive' }] }, /^categories\[0\]\.category: /],
    [{ categories: [{ match: { app: 'x' }, category: 'crm', productivity: 'busy' }] }, /^categories\[0\]\.productivity: /],
    [{ privateModeCountsAsWork: 'yes' }, /^privateModeCountsAsWork: /],
    [{ schedule: { end: '18:60' } }, /^schedule\.end: /],
    [{ schedule: { days: [1, 8] } }, /^schedule\.days\[1\]: /],
    [{ schedule: { days: [0] } }, /^schedule\.days\[0\]: /],
    [{ schedule: { days: [1, 1] } }, /^schedule\.days: a weekday is listed twice/],
  ])('%j', (input, expected) => {
    expect(errorOf(input)).toMatch(expected);
  });

  it('lists every problem, one per line', () => {
    const lines = errorOf({ idleThresholdSec: 1, titles: { redact: [{ pattern: ')' }] } }).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^idleThresholdSec: /);
    expect(lines[1]).toMatch(/^titles\.redact\[0\]\.pattern: invalid regular expression: /);
  });

  it('rejects something that is not an object', () => {
    expect(errorOf(null)).toMatch(/expected object/);
    expect(errorOf([])).toMatch(/expected object/);
  });
});

describe('classify', () => {
  it('uses the first matching rule', () => {
    const c = compilePolicy(
      policy({
        categories: [
          { match: { app: 'chrome', domain: 'crm\\.example\\.com' }, category: 'crm', productivity: 'productive' },
          { match: { app: 'chrome' }, category: 'browsing', productivity: 'neutral' },
          { match: { app: 'chrome' }, category: 'never', productivity: 'unproductive' },
        ],
      }),
    );
    expect(c.classify(browser('crm.example.com'))).toEqual({ category: 'crm', productivity: 'productive' });
    expect(c.classify(browser('example.com'))).toEqual({ category: 'browsing', productivity: 'neutral' });
  });

  it("tries the team's rules before the built-in ones", () => {
    const youtube = browser('www.youtube.com', 'Product demo - YouTube - Google Chrome');
    expect(compilePolicy(defaultPolicy()).classify(youtube)).toEqual({
      category: 'entertainment',
      productivity: 'unproductive',
    });
    const c = compilePolicy(
      policy({
        categories: [{ match: { domain: '(^|\\.)youtube\\.com$' }, category: 'marketing', productivity: 'productive' }],
      }),
    );
    expect(c.classify(youtube)).toEqual({ category: 'marketing', productivity: 'productive' });
  });

  it('requires every given field of a matcher to match', () => {
    const c = compilePolicy(
      policy({
        categories: [
          { match: { app: '^firefox$', title: 'kp-', domain: 'drive' }, category: 'proposals', productivity: 'productive' },
        ],
      }),
    );
    const all = win({ app: 'firefox', title: 'kp-2026-041.pdf', domain: 'drive.example.com' });
    expect(c.classify(all).category).toBe('proposals');
    expect(c.classify({ ...all, app: 'chromium' }).category).not.toBe('proposals');
    expect(c.classify({ ...all, title: 'notes.txt' }).category).not.toBe('proposals');
    // A field the window does not have cannot match.
    expect(c.classify({ ...all, domain: null }).category).not.toBe('proposals');
  });

  it('matches case-insensitively, Cyrillic included', () => {
    const c = compilePolicy(
      policy({
        categories: [
          { match: { title: 'угода №\\d+' }, category: 'deals', productivity: 'productive' },
          { match: { app: 'ПРОГРАМА' }, category: 'ua-app', productivity: 'neutral' },
        ],
      }),
    );
    expect(c.classify(win({ title: 'УГОДА №123 — Битрикс24' })).category).toBe('deals');
    expect(c.classify(win({ app: 'Моя програма' })).category).toBe('ua-app');
    expect(c.classify(win({ app: 'TELEGRAM' })).category).toBe('messengers');
  });

  it('matches exe against the path as given', () => {
    const c = compilePolicy(
      policy({
        categories: [{ match: { exe: '^C:\\\\Tools\\\\' }, category: 'tools', productivity: 'neutral' }],
      }),
    );
    expect(c.classify(win({ exe: 'C:\\Tools\\thing.exe' })).category).toBe('tools');
    expect(c.classify(win({ exe: 'C:/Tools/thing.exe' })).category).toBe('other');
  });

  it("matches titles before redaction, so the team's rules need not know the redaction", () => {
    const c = compilePolicy(
      policy({
        titles: { capture: 'redacted', redact: [{ pattern: '.+', replacement: '[hidden]' }] },
        categories: [{ match: { title: 'invoice' }, category: 'billing', productivity: 'productive' }],
      }),
    );
    const w = win({ title: 'Invoice 42' });
    expect(c.titleFor(w.title)).toBe('[hidden]');
    expect(c.classify(w).category).toBe('billing');
  });

  describe('built-in rules', () => {
    const c = compilePolicy(defaultPolicy());
    const category = (w: ForegroundWindowLike) => c.classify(w).category;

    it.each<[string, ForegroundWindowLike]>([
      ['crm', browser(null, 'Угода №123 — Битрикс24 - Google Chrome')],
      ['crm', browser('mycompany.bitrix24.ua')],
      ['crm', browser('acme.amocrm.ru')],
      ['crm', browser('acme.kommo.com')],
      ['crm', browser('acme.lightning.force.com')],
      ['crm', browser('app.hubspot.com')],
      ['crm', browser('acme.pipedrive.com')],
      ['crm', browser('acme.keycrm.app')],
      ['crm', win({ app: '1С:Предприятие', exe: 'C:\\Program Files\\1cv8\\8.3.24\\bin\\1cv8c.exe' })],
      ['crm', win({ app: 'Bitrix24' })],
      ['telephony', win({ app: 'MicroSIP', exe: 'C:\\Program Files\\MicroSIP\\microsip.exe' })],
      ['telephony', win({ app: 'Zoiper' })],
      ['telephony', win({ app: 'Linphone' })],
      ['telephony', browser('my.zadarma.com')],
      ['telephony', browser('my.binotel.ua')],
      ['telephony', browser('app.ringostat.com')],
      ['mail', win({ app: 'Thunderbird' })],
      ['mail', win({ app: 'Microsoft Outlook' })],
      ['mail', browser('mail.google.com')],
      ['messengers', win({ app: 'Telegram Desktop' })],
      ['messengers', win({ app: 'Viber' })],
      ['messengers', win({ app: 'WhatsApp' })],
      ['messengers', win({ app: 'Slack' })],
      ['messengers', win({ app: 'Microsoft Teams' })],
      ['messengers', win({ app: 'zoom.us' })],
      ['messengers', browser('web.telegram.org')],
      ['documents', win({ app: 'libreoffice-calc' })],
      ['documents', win({ app: 'Microsoft Excel' })],
      ['documents', win({ app: 'WINWORD', exe: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE' })],
      ['documents', win({ app: 'Evince' })],
      ['documents', browser('docs.google.com')],
      ['entertainment', browser('www.youtube.com')],
      ['entertainment', browser('www.netflix.com')],
      ['entertainment', browser('www.twitch.tv')],
      ['entertainment', browser('www.tiktok.com')],
      ['entertainment', browser(null, 'Bitrix24 tutorial - YouTube - Google Chrome')],
      ['entertainment', win({ app: 'Steam' })],
      ['other', browser('rozetka.com.ua')],
      ['other', browser('www.instagram.com')],
      ['other', win({ app: 'gnome-terminal' })],
      ['other', browser(null, 'YouTube ads plan.xlsx — notes - Google Chrome')],
    ])('%s: %j', (expected, w) => {
      expect(category(w)).toBe(expected);
    });

    it('does not let a look-alike domain in', () => {
      expect(category(browser('youtube.com.evil.example'))).toBe('other');
      expect(category(browser('notyoutube.com'))).toBe('other');
    });

    it('marks entertainment unproductive, the work categories productive and the rest neutral', () => {
      expect(c.classify(browser('youtube.com')).productivity).toBe('unproductive');
      expect(c.classify(browser('mail.google.com')).productivity).toBe('productive');
      expect(c.classify(win({ app: 'gnome-terminal' })).productivity).toBe('neutral');
    });
  });
});

describe('isExcluded', () => {
  const c = compilePolicy(
    policy({
      excludedApps: [{ app: '^keepassxc$' }, { app: 'chrome', domain: '(^|\\.)privatbank\\.ua$' }],
    }),
  );

  it('excludes windows matching any excluded matcher', () => {
    expect(c.isExcluded(win({ app: 'KeePassXC' }))).toBe(true);
    expect(c.isExcluded(browser('online.privatbank.ua'))).toBe(true);
  });

  it('keeps windows that match only part of a matcher', () => {
    expect(c.isExcluded(browser('bitrix24.ua'))).toBe(false);
    expect(c.isExcluded(win({ app: 'Firefox', domain: 'online.privatbank.ua' }))).toBe(false);
    expect(c.isExcluded(win({ app: 'keepassxc-proxy' }))).toBe(false);
  });

  it('excludes nothing by default', () => {
    expect(compilePolicy(defaultPolicy()).isExcluded(win({ app: 'KeePassXC' }))).toBe(false);
  });
});

describe('titleFor', () => {
  it('keeps the title with capture full, even when redaction rules exist', () => {
    const c = compilePolicy(policy({ titles: { capture: 'full', redact: [{ pattern: '\\d+' }] } }));
    expect(c.titleFor('Угода №123')).toBe('Угода №123');
    expect(c.titleFor(null)).toBeNull();
  });

  it('returns null with capture off', () => {
    const c = compilePolicy(policy({ titles: { capture: 'off' } }));
    expect(c.titleFor('Угода №123 — Битрикс24')).toBeNull();
    expect(c.titleFor(null)).toBeNull();
  });

  it('applies the redaction rules in order, each to the previous one’s output', () => {
    const c = compilePolicy(
      policy({
        titles: {
          capture: 'redacted',
          redact: [
            // Phone numbers first, so the digit rule below never sees them.
            { pattern: '\\+?380\\s?\\d{2}\\s?\\d{3}\\s?\\d{2}\\s?\\d{2}', replacement: '[phone]' },
            { pattern: '\\d+', replacement: '#' },
          ],
        },
      }),
    );
    expect(c.titleFor('Дзвінок +380 67 123 45 67, угода 123')).toBe('Дзвінок [phone], угода #');
  });

  it('replaces every match and supports capture groups and flags', () => {
    const c = compilePolicy(
      policy({
        titles: {
          capture: 'redacted',
          redact: [
            { pattern: '([\\w.]+)@([\\w.]+)', replacement: '…@$2' },
            { pattern: 'клієнт (\\S+)', flags: 'i', replacement: 'клієнт …' },
          ],
        },
      }),
    );
    expect(c.titleFor('Re: a@x.ua, b@y.ua — Thunderbird')).toBe('Re: …@x.ua, …@y.ua — Thunderbird');
    expect(c.titleFor('КЛІЄНТ Петренко — КЛІЄНТ Іваненко')).toBe('клієнт … — клієнт …');
  });

  it('uses the default replacement', () => {
    const c = compilePolicy(policy({ titles: { capture: 'redacted', redact: [{ pattern: 'secret' }] } }));
    expect(c.titleFor('my secret plan')).toBe('my … plan');
    expect(c.titleFor('my secret plan')).toBe('my … plan');
  });
});

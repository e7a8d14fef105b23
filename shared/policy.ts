// The tracking policy: how often to sample, what counts as idle, which windows are never
// recorded, how titles are captured and how each window is categorised. An admin sets it; for
// now it arrives as a JSON file, later from the hub. Validation and matching live here so the
// agent, the hub and the dashboard's editor all agree on what a valid policy is.

import { z } from 'zod';
import { KpiDefinitionSchema } from './kpi.ts';
import type { Productivity } from './model.ts';

/** What the matcher needs from a foreground window; main's ForegroundWindow satisfies it. */
export interface ForegroundWindowLike {
  app: string;
  exe: string | null;
  title: string | null;
  domain: string | null;
}

export interface Classification {
  category: string;
  productivity: Productivity;
}

/** What a window gets when no rule matches. */
export const FALLBACK_CLASSIFICATION: Readonly<Classification> = Object.freeze({
  category: 'other',
  productivity: 'neutral',
});

// Matchers are written by admins who think "telegram" matches "Telegram Desktop" and
// "Битрикс24" matches "БИТРИКС24". 'u' makes `.` and \p{…} work on whole code points (titles
// carry emoji and Cyrillic) and rejects sloppy escapes at validation time rather than silently.
const MATCH_FLAGS = 'iu';

// A mapped type so that adding a value to Productivity in model.ts fails to compile here.
const PRODUCTIVITY: { [P in Productivity]: P } = {
  productive: 'productive',
  neutral: 'neutral',
  unproductive: 'unproductive',
};
const ProductivitySchema = z.enum(PRODUCTIVITY);

function regexError(source: string, flags: string): string | null {
  try {
    new RegExp(source, flags);
    return null;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return message.replace(/^Invalid regular expression/, 'invalid regular expression');
  }
}

const RegexSourceSchema = z
  .string()
  .min(1, 'empty pattern')
  .superRefine((source, ctx) => {
    const error = regexError(source, MATCH_FLAGS);
    if (error) ctx.addIssue({ code: 'custom', message: error });
  });

function isKnownCurrency(code: string): boolean {
  // Intl accepts any well-formed code; the list it supports is the one it can name and format.
  return Intl.supportedValuesOf('currency').includes(code);
}

const TimeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM (00:00–23:59)');

const MATCHER_FIELDS = ['app', 'exe', 'title', 'domain'] as const;
type MatcherField = (typeof MATCHER_FIELDS)[number];

export const MatcherSchema = z
  .object({
    app: RegexSourceSchema.optional(),
    exe: RegexSourceSchema.optional(),
    title: RegexSourceSchema.optional(),
    domain: RegexSourceSchema.optional(),
  })
  // An empty matcher would match every window: in excludedApps that silently stops all tracking.
  .refine((m) => MATCHER_FIELDS.some((f) => m[f] !== undefined), {
    message: `empty matcher: give at least one of ${MATCHER_FIELDS.join(', ')}`,
  });
export type Matcher = z.infer<typeof MatcherSchema>;

export const CategoryRuleSchema = z.object({
  match: MatcherSchema,
  category: z.string().trim().min(1, 'empty category'),
  productivity: ProductivitySchema,
});
export type CategoryRule = z.infer<typeof CategoryRuleSchema>;

const VALID_FLAGS = /^[gimsuv]*$/;

export const RedactRuleSchema = z
  .object({
    pattern: z.string().min(1, 'empty pattern'),
    // 'y' and 'd' are left out: sticky matching would make a rule silently skip most titles.
    flags: z
      .string()
      .regex(VALID_FLAGS, 'flags may only contain g, i, m, s, u, v')
      .optional(),
    replacement: z.string().default('…'),
  })
  .superRefine((rule, ctx) => {
    // zod runs this even when a field check above failed; that failure is report enough.
    if (rule.pattern === '' || (rule.flags !== undefined && !VALID_FLAGS.test(rule.flags))) return;
    const flags = redactFlags(rule.flags);
    // Flags that conflict with each other (u with v, a repeated letter) are the flags' fault.
    if (regexError('', flags)) {
      ctx.addIssue({
        code: 'custom',
        path: ['flags'],
        message: `invalid regular expression flags "${rule.flags}": a letter is repeated, or u and v are both given`,
      });
      return;
    }
    const error = regexError(rule.pattern, flags);
    if (error) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: error });
    } else if (new RegExp(rule.pattern, flags).test('')) {
      // With replace-all, `\d*` would put the replacement between every character of a title.
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: 'pattern matches the empty string; it must match at least one character',
      });
    }
  });
export type RedactRule = z.infer<typeof RedactRuleSchema>;

// Redaction exists for privacy: replacing only the first match would leak the second phone
// number in a title, so every rule replaces all matches whether or not the admin wrote 'g'.
function redactFlags(flags: string | undefined): string {
  const given = flags ?? '';
  return given.includes('g') ? given : given + 'g';
}

export const PolicySchema = z.object({
  sampleIntervalSec: z.int().min(1).max(60).default(1),
  idleThresholdSec: z.int().min(30).max(7200).default(300),
  /** Local time at which one work day ends and the next begins (night owls clock out at 01:00). */
  dayStart: TimeOfDaySchema.default('04:00'),
  flushIntervalSec: z.int().min(1).max(10).default(10),
  titles: z
    .object({
      capture: z.enum(['full', 'redacted', 'off']).default('full'),
      redact: z.array(RedactRuleSchema).default([]),
    })
    // prefault, not default: zod 4's default skips parsing, so inner defaults would be lost.
    .prefault({}),
  excludedApps: z.array(MatcherSchema).default([]),
  /** The team's own rules; DEFAULT_CATEGORY_RULES are tried after them. */
  categories: z.array(CategoryRuleSchema).default([]),
  privateModeCountsAsWork: z.boolean().default(true),
  schedule: z
    .object({
      start: TimeOfDaySchema.default('09:00'),
      end: TimeOfDaySchema.default('18:00'),
      days: z
        .array(z.int().min(1).max(7))
        .refine((days) => new Set(days).size === days.length, 'a weekday is listed twice')
        .default([1, 2, 3, 4, 5]),
    })
    .prefault({}),
  /** The team's own KPIs; the defaults (shared/kpi.ts) are there unless redefined by key. */
  kpis: z.array(KpiDefinitionSchema).default([]),
  /** The lead's daily targets by KPI key. */
  kpiTargets: z.record(z.string(), z.number().min(0).max(1e12)).default({}),
  /** The organization's currency (ISO 4217): money KPIs are shown and exported in it. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code such as UAH, EUR or USD')
    .refine(isKnownCurrency, 'not a currency this system knows')
    .default('UAH'),
  /** The morning plan may be put off this many times, this long each time. */
  planSnooze: z
    .object({ times: z.int().min(0).max(10).default(2), minutes: z.int().min(1).max(240).default(15) })
    .prefault({}),
});

export type Policy = z.infer<typeof PolicySchema>;
/** What an admin may write: every field optional. */
export type PolicyInput = z.input<typeof PolicySchema>;

export type ParsePolicyResult = { ok: true; policy: Policy } | { ok: false; error: string };

/** Validates a policy; the error has one line per problem, `field.path[1]: reason`. */
export function parsePolicy(input: unknown): ParsePolicyResult {
  const result = PolicySchema.safeParse(input);
  if (result.success) return { ok: true, policy: result.data };
  return { ok: false, error: result.error.issues.map(formatIssue).join('\n') };
}

export function defaultPolicy(): Policy {
  return PolicySchema.parse({});
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const path = formatPath(issue.path);
  return path ? `${path}: ${issue.message}` : issue.message;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Built-in categories. Tried after the team's rules, so a team overrides any of them by writing
// its own rule for the same window. Order matters (first match wins):
//   1. desktop apps by name and executable — the most reliable signal;
//   2. browser tabs by domain;
//   3. browser tabs by title, for platforms that give no domain. Entertainment comes first there
//      because "Bitrix24 tutorial - YouTube" is a video, not CRM work; its patterns require the
//      " - YouTube" suffix browsers put in titles, so a deal named "YouTube ads" stays CRM.
// Sources are case-insensitive regexes tested with search semantics, so anchor where a short
// name would otherwise match inside a longer one.

const exe = (names: string): string => `(^|[\\\\/])(${names})(\\.exe)?$`;
const domain = (names: string): string => `(^|\\.)(${names})$`;

type Category = 'crm' | 'telephony' | 'mail' | 'messengers' | 'documents' | 'entertainment';

const rule = (category: Category, match: Matcher): CategoryRule => ({
  match,
  category,
  productivity: category === 'entertainment' ? 'unproductive' : 'productive',
});

// "1С" is usually written with a Cyrillic С, and the Ukrainian UI says "Підприємство".
const ONE_C = '1[cс]\\s?:\\s?(enterprise|предприятие|підприємство)';

export const DEFAULT_CATEGORY_RULES: readonly CategoryRule[] = Object.freeze([
  // 1. Desktop apps.
  rule('crm', { app: `bitrix\\s?24|битрикс\\s?24|amocrm|kommo|${ONE_C}|^1cv8c?$` }),
  rule('crm', { exe: exe('bitrix24|1cv8c?') }),
  rule('telephony', {
    app: '\\b(zadarma|binotel|ringostat|microsip|zoiper|linphone|3cx|bria|x-?lite|phoner(lite)?)\\b',
  }),
  rule('telephony', { exe: exe('microsip|zoiper5?|linphone|3cxphone|3cxsoftphone|bria|phonerlite') }),
  rule('mail', { app: '\\b(thunderbird|betterbird|outlook)\\b|^(mail|evolution|mailspring)$' }),
  rule('mail', { exe: exe('outlook|olk|thunderbird|betterbird') }),
  rule('messengers', {
    app: '\\b(telegram|viber|whatsapp|slack|teams|zoom|skype)\\b|^zoom\\.us$|^signal$',
  }),
  rule('messengers', { exe: exe('telegram|viber|whatsapp|slack|ms-teams|teams|zoom|skype|signal') }),
  rule('documents', {
    app:
      'libreoffice|^soffice|onlyoffice|wps office|microsoft (word|excel|powerpoint)' +
      '|acrobat|adobe reader|sumatra\\s?pdf|foxit|^(evince|okular|atril|xreader|preview|zathura)$',
  }),
  rule('documents', {
    exe: exe('winword|excel|powerpnt|soffice(\\.bin)?|acrord32|acrobat|sumatrapdf|foxitpdfreader|foxitreader'),
  }),
  rule('entertainment', {
    app:
      '^steam$|epic games|battle\\.net|gog galaxy|minecraft|roblox|world of tanks' +
      '|^(dota 2|counter-strike 2|league of legends|solitaire|minesweeper)$',
  }),
  rule('entertainment', {
    exe: exe(
      'steam|steamwebhelper|epicgameslauncher|battle\\.net|robloxplayerbeta|minecraft(launcher)?' +
        '|worldoftanks|wotlauncher|dota2|cs2|leagueclient',
    ),
  }),

  // 2. Browser tabs by domain. Self-hosted CRMs (boxed Bitrix24 on the company's own domain)
  //    cannot be known here: that is what the team's own rules are for.
  rule('crm', {
    domain: domain(
      'bitrix24\\.[a-z]{2,3}|amocrm\\.(ru|com)|kommo\\.com|salesforce\\.com|force\\.com' +
        '|hubspot\\.com|pipedrive\\.com|keycrm\\.app|1cfresh\\.com',
    ),
  }),
  rule('telephony', {
    domain: domain('zadarma\\.com|binotel\\.(ua|com)|ringostat\\.(com|net|ua)|3cx\\.[a-z]{2,3}'),
  }),
  rule('mail', {
    domain: domain(
      'mail\\.google\\.com|outlook\\.(live|office|office365)\\.com|mail\\.ukr\\.net' +
        '|mail\\.yandex\\.[a-z]{2,3}|e\\.mail\\.ru|mail\\.proton\\.me',
    ),
  }),
  rule('messengers', {
    domain: domain(
      'web\\.telegram\\.org|web\\.whatsapp\\.com|slack\\.com|teams\\.microsoft\\.com' +
        '|teams\\.live\\.com|zoom\\.us|meet\\.google\\.com',
    ),
  }),
  rule('documents', {
    domain: domain(
      'docs\\.google\\.com|sheets\\.google\\.com|drive\\.google\\.com|onedrive\\.live\\.com' +
        '|sharepoint\\.com|office\\.com',
    ),
  }),
  // Instagram, Facebook and VK are left neutral on purpose: many teams sell through them.
  rule('entertainment', {
    domain: domain(
      'youtube\\.com|youtu\\.be|netflix\\.com|twitch\\.tv|tiktok\\.com|megogo\\.net|sweet\\.tv' +
        '|kyivstar\\.tv|rutube\\.ru|vkvideo\\.ru|kinopoisk\\.ru|ivi\\.(ru|tv)|okko\\.tv' +
        '|hdrezka\\.[a-z]{2,3}|9gag\\.com|pikabu\\.ru|store\\.steampowered\\.com|steamcommunity\\.com',
    ),
  }),

  // 3. Browser tabs by title, when the platform gives no domain.
  rule('entertainment', {
    title: '\\s[-—–]\\s(youtube|netflix|twitch|tiktok|megogo|rutube)(\\s[-—–]\\s|$)',
  }),
  rule('crm', {
    title: `bitrix\\s?24|битрикс\\s?24|amocrm|kommo|salesforce|hubspot|pipedrive|keycrm|${ONE_C}`,
  }),
  rule('mail', { title: '\\s[-—–]\\s(gmail|outlook)(\\s[-—–]\\s|$)' }),
  rule('messengers', { title: '^(telegram web|whatsapp)(\\s[-—–]\\s|$)' }),
  rule('documents', {
    title: '\\s[-—–]\\s(google (docs|sheets|slides)|google (документи|таблиці)|google (документы|таблицы))(\\s[-—–]\\s|$)',
  }),
]);

// ---------------------------------------------------------------------------------------------
// Compilation. The tracker asks about the foreground window every second, so every regex is
// built once here rather than per call.

export interface CompiledPolicy {
  readonly policy: Policy;
  /** True for windows that must never be recorded at all, not even as an app name. */
  isExcluded(w: ForegroundWindowLike): boolean;
  /** The first matching team rule, then the first matching built-in rule, else 'other'. */
  classify(w: ForegroundWindowLike): Readonly<Classification>;
  /** The title as the policy allows it to be stored: as is, redacted, or not at all. */
  titleFor(title: string | null): string | null;
}

type CompiledMatcher = readonly (readonly [MatcherField, RegExp])[];

function compileMatcher(m: Matcher): CompiledMatcher {
  const out: (readonly [MatcherField, RegExp])[] = [];
  for (const field of MATCHER_FIELDS) {
    const source = m[field];
    if (source !== undefined) out.push([field, new RegExp(source, MATCH_FLAGS)]);
  }
  return out;
}

// Every given field must match; a field the window lacks (no exe, no domain) cannot match. The
// regexes carry no 'g' flag, so test() keeps no state between calls.
function matches(m: CompiledMatcher, w: ForegroundWindowLike): boolean {
  for (const [field, re] of m) {
    const value = w[field];
    if (value === null || !re.test(value)) return false;
  }
  return true;
}

/** Builds the matchers; the policy must come from parsePolicy (invalid regexes throw here). */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const excluded = policy.excludedApps.map(compileMatcher);
  const rules = [...policy.categories, ...DEFAULT_CATEGORY_RULES].map((r) => ({
    match: compileMatcher(r.match),
    result: Object.freeze({ category: r.category, productivity: r.productivity }),
  }));
  const redactions = policy.titles.redact.map((r) => ({
    re: new RegExp(r.pattern, redactFlags(r.flags)),
    replacement: r.replacement,
  }));
  const capture = policy.titles.capture;

  return {
    policy,
    isExcluded: (w) => excluded.some((m) => matches(m, w)),
    classify: (w) => rules.find((r) => matches(r.match, w))?.result ?? FALLBACK_CLASSIFICATION,
    titleFor: (title) => {
      if (title === null || capture === 'off') return null;
      if (capture === 'full') return title;
      // Each rule sees the previous rule's output, so later rules can tidy up earlier ones.
      return redactions.reduce((t, r) => t.replace(r.re, r.replacement), title);
    },
  };
}

/** One matcher on its own (a policy preview asks which of the team's rules a window meets first). */
export function matcherTest(m: Matcher): (w: ForegroundWindowLike) => boolean {
  const compiled = compileMatcher(m);
  return (w) => matches(compiled, w);
}

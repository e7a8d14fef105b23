// Expected totals are added up by hand from the fixtures (sums noted beside them).
import { describe, expect, it } from 'vitest';
import type { ActivitySpan, IdleDecision, Productivity, Segment } from './model.ts';
import fc from 'fast-check';
import { appendSpans, spanTotals, summarizeDay, summarizeDayWith, summarizeRange, summaryBounds, type DaySummaryInput } from './days.ts';

const H = 3_600_000;
const M = 60_000;
const KYIV = 'Europe/Kyiv';
const at = (iso: string): number => Date.parse(iso);

// 2026-03-02 is a Monday in winter (Kyiv +02): the 04:00 working day is 02:00Z → 02:00Z next day.
const D = '2026-03-02';
const t = (hhmm: string, date = D): number => at(`${date}T${hhmm}:00Z`);

function seg(kind: Segment['kind'], from: string, to: string, extra: Partial<Segment> = {}): Segment {
  return { kind, start: t(from), end: t(to), zone: KYIV, ...extra };
}

let spanId = 0;
function span(app: string, from: string, to: string, category: string, productivity: Productivity): ActivitySpan {
  return { id: `s${++spanId}`, start: t(from), end: t(to), app, exe: null, title: null, domain: null, category, productivity };
}

function day(partial: Partial<DaySummaryInput>): ReturnType<typeof summarizeDay> {
  return summarizeDay({ date: D, zone: KYIV, segments: [], decisions: [], spans: [], ...partial });
}

describe('summarizeDay: segments and idle decisions', () => {
  const segments: Segment[] = [
    seg('work', '07:00', '09:00'),
    seg('break', '09:00', '09:15'),
    seg('work', '09:15', '10:00', { label: 'task' }),
    seg('work', '10:00', '11:00', { label: 'task' }),
    seg('idle', '11:00', '11:20', { gapId: 'g1', reason: 'idle' }),
    seg('idle', '11:20', '11:30', { gapId: 'g2', reason: 'idle' }),
    seg('idle', '11:30', '11:40', { gapId: 'g3', reason: 'idle' }),
    seg('idle', '11:40', '11:45', { gapId: 'g4', reason: 'idle' }),
    seg('paused', '12:00', '12:30', { reason: 'lock' }),
    seg('gap', '13:00', '13:10'),
    seg('private', '14:00', '14:20'),
    seg('work', '14:20', '16:00', { label: 'call' }),
  ];
  const decisions: IdleDecision[] = [
    { gapId: 'g1', decision: 'keep', label: 'call' },
    { gapId: 'g2', decision: 'break' },
    { gapId: 'g3', decision: 'discard' },
    { gapId: 'other', decision: 'keep' }, // refers to no segment here
  ];
  const s = day({ segments, decisions });

  it('has the working-day bounds', () => {
    expect(s.from).toBe(t('02:00'));
    expect(s.to).toBe(t('02:00', '2026-03-03'));
  });

  it('counts work, breaks and each idle decision', () => {
    // work 2h + 45m + 1h + 1h40m, plus idle kept 20m
    expect(s.workedMs).toBe(5 * H + 45 * M);
    // break 15m + idle taken as break 10m
    expect(s.breakMs).toBe(25 * M);
    expect(s.idle).toEqual({ keptMs: 20 * M, breakMs: 10 * M, discardedMs: 10 * M, pendingMs: 5 * M });
    expect(s.pausedMs).toBe(30 * M);
    expect(s.gapMs).toBe(10 * M);
    expect(s.privateMs).toBe(20 * M);
    expect(s.firstActivity).toBe(t('07:00'));
    expect(s.lastActivity).toBe(t('16:00'));
  });

  it('totals labels of work and of idle kept with a label', () => {
    // call: 20m kept + 1h40m worked; task: 45m + 1h
    expect(s.byLabel).toEqual([
      { label: 'call', ms: 2 * H },
      { label: 'task', ms: H + 45 * M },
    ]);
  });

  it('draws the state layer with idle shown as decided, merging equal neighbours', () => {
    expect(s.timeline).toEqual([
      { kind: 'work', start: t('07:00'), end: t('09:00') },
      { kind: 'break', start: t('09:00'), end: t('09:15') },
      { kind: 'work', start: t('09:15'), end: t('11:00'), label: 'task' },
      { kind: 'work', start: t('11:00'), end: t('11:20'), label: 'call' },
      { kind: 'break', start: t('11:20'), end: t('11:30') },
      { kind: 'discarded', start: t('11:30'), end: t('11:40') },
      { kind: 'idle', start: t('11:40'), end: t('11:45') },
      { kind: 'paused', start: t('12:00'), end: t('12:30') },
      { kind: 'gap', start: t('13:00'), end: t('13:10') },
      { kind: 'private', start: t('14:00'), end: t('14:20') },
      { kind: 'work', start: t('14:20'), end: t('16:00'), label: 'call' },
    ]);
  });

  it('lets the latest decision for a gap win, and treats idle without a decision as pending', () => {
    const r = day({
      segments: [
        seg('idle', '08:00', '08:30', { gapId: 'a' }),
        seg('idle', '09:00', '09:10'), // no gapId: nothing can decide it
        seg('idle', '10:00', '10:05', { gapId: 'b' }),
      ],
      decisions: [
        { gapId: 'a', decision: 'discard' },
        { gapId: 'a', decision: 'keep', label: 'meeting' },
        { gapId: 'b', decision: 'keep' }, // kept without a label: work, but no label row
      ],
    });
    expect(r.workedMs).toBe(35 * M);
    expect(r.idle).toEqual({ keptMs: 35 * M, breakMs: 0, discardedMs: 0, pendingMs: 10 * M });
    expect(r.byLabel).toEqual([{ label: 'meeting', ms: 30 * M }]);
    expect(r.breakMs).toBe(0);
  });

  it('is empty for a day with nothing in it', () => {
    const r = day({});
    expect(r.workedMs).toBe(0);
    expect(r.firstActivity).toBeNull();
    expect(r.lastActivity).toBeNull();
    expect(r.byApp).toEqual([]);
    expect(r.timeline).toEqual([]);
    expect(r.byProductivity).toEqual({ productive: 0, neutral: 0, unproductive: 0 });
  });
});

describe('summarizeDay: clipping', () => {
  it('splits a segment across the 04:00 boundary between the two days', () => {
    // 01:00Z-03:00Z on the 3rd is 03:00-05:00 Kyiv: 1 h before 04:00, 1 h after.
    const segments = [{ kind: 'work' as const, start: t('01:00', '2026-03-03'), end: t('03:00', '2026-03-03'), zone: KYIV }];
    const [mon, tue] = summarizeRange('2026-03-02', '2026-03-03', { zone: KYIV, segments, decisions: [], spans: [] });
    expect(mon?.date).toBe('2026-03-02');
    expect(mon?.workedMs).toBe(H);
    expect(mon?.lastActivity).toBe(t('02:00', '2026-03-03'));
    expect(tue?.date).toBe('2026-03-03');
    expect(tue?.workedMs).toBe(H);
    expect(tue?.firstActivity).toBe(t('02:00', '2026-03-03'));
  });

  it('counts each of two overlapping segments once (wall clock moved back)', () => {
    const r = day({
      segments: [seg('work', '10:00', '11:00'), seg('work', '10:30', '11:30'), seg('break', '10:45', '11:15')],
    });
    expect(r.workedMs).toBe(2 * H);
    expect(r.breakMs).toBe(30 * M);
    expect(r.firstActivity).toBe(t('10:00'));
    expect(r.lastActivity).toBe(t('11:30'));
    // The chart draws the union of the two work stretches.
    expect(r.timeline.filter((e) => e.kind === 'work')).toEqual([{ kind: 'work', start: t('10:00'), end: t('11:30') }]);
  });

  it('never counts a negative or NaN duration', () => {
    const r = day({
      segments: [
        seg('work', '11:00', '10:00'),
        seg('break', '12:00', '12:00'),
        { kind: 'work', start: Number.NaN, end: t('12:00'), zone: KYIV },
        seg('work', '13:00', '13:30'),
      ],
      spans: [span('Chrome', '15:00', '14:00', 'web', 'neutral')],
    });
    expect(r.workedMs).toBe(30 * M);
    expect(r.breakMs).toBe(0);
    expect(r.byApp).toEqual([]);
    expect(r.timeline).toEqual([{ kind: 'work', start: t('13:00'), end: t('13:30') }]);
  });

  it('cuts only the open stretch at now: closed ones past it (the clock was moved back) still count', () => {
    const r = day({
      now: t('09:00'),
      segments: [
        seg('work', '07:00', '08:00'),
        // Recorded before the wall clock was set back from 11:00 to 08:00.
        seg('work', '10:00', '11:00'),
        { kind: 'work', start: t('08:00'), end: Infinity, zone: KYIV, open: true },
      ],
      spans: [span('Bitrix24', '10:00', '10:30', 'crm', 'productive')],
    });
    // 07:00-08:00, 10:00-11:00 and the open stretch 08:00-09:00
    expect(r.workedMs).toBe(3 * H);
    expect(r.lastActivity).toBe(t('11:00'));
    expect(r.byApp).toEqual([
      { app: 'Bitrix24', ms: 30 * M, productivity: 'productive', categories: [{ category: 'crm', productivity: 'productive', ms: 30 * M }], top: [] },
    ]);
    expect(r.to).toBe(t('02:00', '2026-03-03')); // the day's bounds are not cut short
  });

  it('rejects an invalid date, zone, dayStart or now', () => {
    expect(() => day({ date: '2026-02-30' })).toThrow('Invalid date "2026-02-30"');
    expect(() => day({ zone: 'Europe/Kyev' })).toThrow('Invalid time zone "Europe/Kyev"');
    expect(() => day({ dayStart: '25:00' })).toThrow('Invalid day start "25:00"');
    expect(() => day({ now: Number.NaN })).toThrow(RangeError);
    expect(() => summarizeRange('2026-03-05', '2026-03-02', { zone: KYIV, segments: [], decisions: [], spans: [] })).toThrow(
      /end is before the start/,
    );
  });
});

describe('summarizeDay: across DST and in other zones', () => {
  it('counts the true elapsed time of work across the spring change (Kyiv)', () => {
    // 00:30Z-01:30Z reads 02:30 EET → 04:30 EEST: two hours on the wall, one hour worked.
    const segments: Segment[] = [{ kind: 'work', start: at('2026-03-29T00:30:00Z'), end: at('2026-03-29T01:30:00Z'), zone: KYIV }];
    const r = summarizeDay({ date: '2026-03-29', zone: KYIV, dayStart: '00:00', segments, decisions: [], spans: [] });
    expect(r.workedMs).toBe(H);
    // With dayStart 04:00 the day boundary (04:00 EEST = 01:00Z) cuts it in half.
    const [sat, sun] = summarizeRange('2026-03-28', '2026-03-29', { zone: KYIV, segments, decisions: [], spans: [] });
    expect(sat?.workedMs).toBe(30 * M);
    expect(sun?.workedMs).toBe(30 * M);
  });

  it('counts the true elapsed time of work across the autumn change (Kyiv)', () => {
    // 00:30Z-01:30Z reads 03:30 EEST → 03:30 EET: no time on the wall, one hour worked.
    const segments: Segment[] = [{ kind: 'work', start: at('2026-10-25T00:30:00Z'), end: at('2026-10-25T01:30:00Z'), zone: KYIV }];
    const r = summarizeDay({ date: '2026-10-25', zone: KYIV, dayStart: '00:00', segments, decisions: [], spans: [] });
    expect(r.workedMs).toBe(H);
  });

  it('a segment covering everything is clipped to the 23 h and 25 h days', () => {
    const segments: Segment[] = [{ kind: 'work', start: at('2026-01-01T00:00:00Z'), end: at('2027-01-01T00:00:00Z'), zone: KYIV }];
    const input = { zone: KYIV, segments, decisions: [], spans: [] };
    expect(summarizeDay({ ...input, date: '2026-03-29', dayStart: '00:00' }).workedMs).toBe(23 * H);
    expect(summarizeDay({ ...input, date: '2026-10-25', dayStart: '00:00' }).workedMs).toBe(25 * H);
    expect(summarizeDay({ ...input, date: '2026-03-28' }).workedMs).toBe(23 * H);
    expect(summarizeDay({ ...input, date: '2026-10-24' }).workedMs).toBe(25 * H);
    const ny = { ...input, zone: 'America/New_York' };
    expect(summarizeDay({ ...ny, date: '2026-11-01', dayStart: '00:00' }).workedMs).toBe(25 * H);
    expect(summarizeDay({ ...ny, date: '2026-03-08', dayStart: '00:00' }).workedMs).toBe(23 * H);
    const lh = { ...input, zone: 'Australia/Lord_Howe' };
    expect(summarizeDay({ ...lh, date: '2026-04-05', dayStart: '00:00' }).workedMs).toBe(24.5 * H);
    expect(summarizeDay({ ...lh, date: '2026-10-04', dayStart: '00:00' }).workedMs).toBe(23.5 * H);
    // Every hour of the year is counted once across the range (2026 has 365 days, no leap).
    const all = summarizeRange('2026-01-01', '2026-12-31', { ...input, dayStart: '00:00' });
    const sum = all.reduce((acc, d) => acc + d.workedMs, 0);
    // The days span 2025-12-31T22:00Z → 2026-12-31T22:00Z (00:00 Kyiv to 00:00 Kyiv); the
    // segment starts 2 h into that and runs past its end.
    expect(sum).toBe(365 * 24 * H - 2 * H);
  });

  it('Asia/Kolkata: a segment across the 04:00 (22:30Z) boundary', () => {
    const segments: Segment[] = [{ kind: 'work', start: at('2026-06-09T22:00:00Z'), end: at('2026-06-09T23:00:00Z'), zone: 'Asia/Kolkata' }];
    const r = summarizeDay({ date: '2026-06-10', zone: 'Asia/Kolkata', segments, decisions: [], spans: [] });
    expect(r.workedMs).toBe(30 * M);
    expect(r.firstActivity).toBe(at('2026-06-09T22:30:00Z'));
  });

  it('Australia/Lord_Howe: work across the 30-minute spring change counts elapsed time', () => {
    // 15:00Z-16:00Z on 3 Oct reads 01:30 +10:30 → 03:00 +11: 1.5 h on the wall, 1 h worked.
    const segments: Segment[] = [{ kind: 'work', start: at('2026-10-03T15:00:00Z'), end: at('2026-10-03T16:00:00Z'), zone: 'Australia/Lord_Howe' }];
    const r = summarizeDay({ date: '2026-10-04', zone: 'Australia/Lord_Howe', dayStart: '00:00', segments, decisions: [], spans: [] });
    expect(r.workedMs).toBe(H);
  });
});

describe('summarizeDay: activity', () => {
  const spans: ActivitySpan[] = [
    span('Bitrix24', '01:00', '02:30', 'crm', 'productive'), // before 04:00 local: only 02:00-02:30 counts
    span('Bitrix24', '07:00', '08:00', 'crm', 'productive'),
    span('Chrome', '08:00', '08:30', 'entertainment', 'unproductive'),
    span('Chrome', '08:30', '08:40', 'crm', 'productive'),
    span('Telegram', '08:40', '09:00', 'messengers', 'productive'),
    span('Viber', '09:00', '09:10', 'messengers', 'productive'),
    span('Files', '09:15', '09:45', 'other', 'neutral'),
    span('Files', '01:00', '01:59', 'other', 'neutral'), // entirely the previous working day
  ];
  const r = day({ spans });

  it('totals apps with their dominant productivity', () => {
    // Bitrix24 30m + 60m; Chrome 30m unproductive + 10m productive; Files 30m; Telegram 20m; Viber 10m
    expect(r.byApp.map(({ app, ms, productivity }) => ({ app, ms, productivity }))).toEqual([
      { app: 'Bitrix24', ms: 90 * M, productivity: 'productive' },
      { app: 'Chrome', ms: 40 * M, productivity: 'unproductive' },
      { app: 'Files', ms: 30 * M, productivity: 'neutral' },
      { app: 'Telegram', ms: 20 * M, productivity: 'productive' },
      { app: 'Viber', ms: 10 * M, productivity: 'productive' },
    ]);
  });

  it('splits an app’s time by category from its spans, not one category per app', () => {
    // Chrome was entertainment for 30 minutes and CRM for 10: both show, each with its own time.
    expect(r.byApp.find((a) => a.app === 'Chrome')!.categories).toEqual([
      { category: 'entertainment', productivity: 'unproductive', ms: 30 * M },
      { category: 'crm', productivity: 'productive', ms: 10 * M },
    ]);
  });

  it('lists what each app’s time went to: domains first, else window titles, the largest three', () => {
    const titled = (app: string, from: string, to: string, title: string | null, domain: string | null): ActivitySpan => ({
      ...span(app, from, to, domain ? 'crm' : 'other', domain ? 'productive' : 'neutral'),
      title,
      domain,
    });
    const x = day({
      spans: [
        titled('XTerm', '07:00', '07:20', 'ssh crm01', null),
        titled('XTerm', '07:20', '07:25', 'top', null),
        titled('XTerm', '07:25', '07:55', 'ssh crm01', null),
        titled('XTerm', '08:00', '08:02', 'vim notes', null),
        titled('XTerm', '08:02', '08:03', 'htop', null),
        titled('XTerm', '08:03', '08:04', null, null),
        titled('Chrome', '09:00', '09:30', 'Deal #42 — Bitrix24', 'crm.example.com'),
        titled('Chrome', '09:30', '09:40', 'Inbox', 'mail.example.com'),
      ],
    });
    expect(x.byApp.find((a) => a.app === 'XTerm')!.top).toEqual([
      { kind: 'title', text: 'ssh crm01', ms: 50 * M },
      { kind: 'title', text: 'top', ms: 5 * M },
      { kind: 'title', text: 'vim notes', ms: 2 * M },
    ]);
    expect(x.byApp.find((a) => a.app === 'Chrome')!.top).toEqual([
      { kind: 'domain', text: 'crm.example.com', ms: 30 * M },
      { kind: 'domain', text: 'mail.example.com', ms: 10 * M },
    ]);
  });

  it('totals categories and productivity, each adding up to the clipped spans', () => {
    // crm 30 + 60 + 10; entertainment 30; messengers 20 + 10; other 30 (ties by name)
    expect(r.byCategory).toEqual([
      { category: 'crm', productivity: 'productive', ms: 100 * M },
      { category: 'entertainment', productivity: 'unproductive', ms: 30 * M },
      { category: 'messengers', productivity: 'productive', ms: 30 * M },
      { category: 'other', productivity: 'neutral', ms: 30 * M },
    ]);
    expect(r.byProductivity).toEqual({ productive: 130 * M, neutral: 30 * M, unproductive: 30 * M });
    const clipped = 190 * M; // 30 + 60 + 30 + 10 + 20 + 10 + 30
    const sum = (xs: { ms: number }[]): number => xs.reduce((a, x) => a + x.ms, 0);
    expect(sum(r.byApp)).toBe(clipped);
    expect(sum(r.byCategory)).toBe(clipped);
    expect(r.byProductivity.productive + r.byProductivity.neutral + r.byProductivity.unproductive).toBe(clipped);
  });

  it('draws the activity layer by category, merging neighbours of one category', () => {
    expect(r.timeline).toEqual([
      { kind: 'activity', start: t('02:00'), end: t('02:30'), category: 'crm', productivity: 'productive' },
      { kind: 'activity', start: t('07:00'), end: t('08:00'), category: 'crm', productivity: 'productive' },
      { kind: 'activity', start: t('08:00'), end: t('08:30'), category: 'entertainment', productivity: 'unproductive' },
      { kind: 'activity', start: t('08:30'), end: t('08:40'), category: 'crm', productivity: 'productive' },
      { kind: 'activity', start: t('08:40'), end: t('09:10'), category: 'messengers', productivity: 'productive' },
      { kind: 'activity', start: t('09:15'), end: t('09:45'), category: 'other', productivity: 'neutral' },
    ]);
  });

  it('interleaves the two layers by start, state first', () => {
    const both = day({ segments: [seg('work', '07:00', '08:00')], spans: [span('Bitrix24', '07:00', '07:30', 'crm', 'productive')] });
    expect(both.timeline.map((e) => e.kind)).toEqual(['work', 'activity']);
  });
});

describe('span totals kept and appended to', () => {
  const apps = [
    { app: 'Google Chrome', category: 'crm', productivity: 'productive' as const, domain: 'acme.bitrix24.ua', title: null },
    { app: 'Google Chrome', category: 'video', productivity: 'unproductive' as const, domain: 'youtube.com', title: null },
    { app: 'Telegram', category: 'messengers', productivity: 'productive' as const, domain: null, title: 'Іван' },
    { app: 'Telegram', category: 'messengers', productivity: 'productive' as const, domain: null, title: 'Олена' },
    { app: 'Calc', category: 'documents', productivity: 'neutral' as const, domain: null, title: null },
  ];
  // A day's spans in time order, one device: back to back or with gaps, some across the day's ends.
  const daySpans = fc
    .array(fc.record({ gap: fc.integer({ min: 0, max: 20 * M }), length: fc.integer({ min: 1, max: 30 * M }), app: fc.integer({ min: 0, max: apps.length - 1 }) }), { maxLength: 60 })
    .map((steps) => {
      let clock = t('01:00');
      return steps.map(({ gap, length, app }, i) => {
        clock += gap;
        const s: ActivitySpan = { id: `p${i}`, start: clock, end: clock + length, exe: null, ...apps[app]! };
        clock += length;
        return s;
      });
    });

  it('equal, appended in any pieces, to the spans summed at once (property)', () => {
    fc.assert(
      fc.property(daySpans, fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 6 }), (spans, cuts) => {
        const input = { date: D, zone: KYIV, segments: [], decisions: [] };
        const bounds = summaryBounds(input);
        const points = [...new Set([0, ...cuts.map((c) => Math.min(c, spans.length)), spans.length])].sort((a, b) => a - b);
        let totals = spanTotals(bounds, spans.slice(0, points[1] ?? 0));
        for (let i = 1; i < points.length - 1; i++) {
          const next = appendSpans(totals, spans.slice(points[i], points[i + 1]));
          expect(next).not.toBeNull();
          totals = next!;
        }
        expect(JSON.parse(JSON.stringify(totals))).toEqual(totals);
        expect(summarizeDayWith(input, totals)).toEqual(summarizeDay({ ...input, spans }));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a span that starts before the end of what was counted', () => {
    const a = span('Calc', '08:00', '09:00', 'documents', 'neutral');
    const b = span('Calc', '08:30', '08:45', 'documents', 'neutral');
    const totals = spanTotals(summaryBounds({ date: D, zone: KYIV }), [a]);
    expect(appendSpans(totals, [b])).toBeNull();
    // Outside the day it is clipped away and changes nothing.
    const yesterday = span('Calc', '00:00', '00:30', 'documents', 'neutral');
    expect(appendSpans(totals, [yesterday])).toEqual(totals);
  });

  it('refuses totals made for other bounds', () => {
    const totals = spanTotals({ from: t('02:00'), to: t('10:00') }, []);
    expect(() => summarizeDayWith({ date: D, zone: KYIV, segments: [], decisions: [] }, totals)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultPolicy, PolicySchema } from '../../../../shared/policy.ts';
import { checkDraft, emptyMatch, fromDraft, toDraft } from './draft.ts';

const saved = PolicySchema.parse({
  planSnooze: { times: 3, minutes: 20 },
  currency: 'EUR',
  excludedApps: [{ app: 'keepass' }, { exe: 'secret\\.exe' }],
  categories: [{ match: { domain: 'crm\\.acme\\.ua' }, category: 'crm', productivity: 'productive' }],
  titles: { capture: 'redacted', redact: [{ pattern: '\\d{6,}', flags: 'i', replacement: '#' }] },
});

describe('the policy form draft', () => {
  it('gives back what it was given, the fields it does not edit included', () => {
    const checked = checkDraft(toDraft(saved), saved);
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(checked.policy).toEqual(saved);
  });

  it('sends the fields it does not edit only where they differ from the defaults', () => {
    const input = fromDraft(toDraft(defaultPolicy()), defaultPolicy());
    expect(Object.keys(input).sort()).toEqual(['categories', 'currency', 'dayStart', 'excludedApps', 'idleThresholdSec', 'schedule', 'titles']);
    expect(fromDraft(toDraft(saved), saved)).toMatchObject({ planSnooze: { times: 3, minutes: 20 } });
  });

  it('reads times as people type them', () => {
    const checked = checkDraft({ ...toDraft(saved), start: '8', end: '1730', dayStart: '4.30' }, saved);
    expect(checked.ok && checked.policy.schedule).toMatchObject({ start: '08:00', end: '17:30' });
    expect(checked.ok && checked.policy.dayStart).toBe('04:30');
  });

  it('puts each problem on its field, as a message key', () => {
    const d = toDraft(saved);
    const checked = checkDraft(
      {
        ...d,
        idleMinutes: '0.2',
        start: '25:00',
        end: 'x',
        excluded: [...d.excluded, emptyMatch()],
        categories: [{ ...d.categories[0]!, app: 'tele(gram' }, { ...emptyMatch(), title: 'deal', category: ' ', productivity: 'neutral' }],
        redact: [{ id: 1, pattern: '\\d*', replacement: '' }, { id: 2, pattern: '', replacement: '' }],
      },
      saved,
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.fromEntries(checked.problems.map((p) => [p.field, p.key]))).toEqual({
      idleMinutes: 'policy.err.idle',
      start: 'policy.err.time',
      end: 'policy.err.time',
      'excluded.2': 'policy.err.emptyMatch',
      'categories.0.app': 'policy.err.pattern',
      'categories.1.category': 'policy.err.category',
      'redact.0.pattern': 'policy.err.matchesEmpty',
      'redact.1.pattern': 'policy.err.required',
    });
  });

  it('says an end before the start and an idle threshold that is not a number', () => {
    const checked = checkDraft({ ...toDraft(saved), start: '18:00', end: '09:00', idleMinutes: 'five' }, saved);
    expect(checked.ok ? [] : checked.problems.map((p) => `${p.field} ${p.key}`)).toEqual(['idleMinutes policy.err.idle', 'end policy.err.endBeforeStart']);
  });
});

// A notification for every prompt, once, in the UI's language; clicking opens its screen.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/electron-stand-in.ts'));

import type { Prompt } from '../../shared/api.ts';
import { standIn } from '../../test/electron-stand-in.ts';
import { noticeFor, PromptNotifier } from './notifications.ts';

const plan: Prompt = { kind: 'plan', date: '2026-03-02', snoozesLeft: 2 };
const report: Prompt = { kind: 'report', date: '2026-03-01', overdue: true, returned: false, comment: null };
const away: Prompt = { kind: 'idle', gapId: '0190a1b2-0000-7000-8000-000000000001', start: 0, end: 25 * 60_000, open: false };

describe('prompt notifications', () => {
  it('words each prompt in the UI language and opens its screen', () => {
    expect(noticeFor(plan, 'uk', null)).toMatchObject({ title: 'Ваш план на сьогодні', open: { screen: 'plan' } });
    expect(noticeFor(report, 'ru', null)).toMatchObject({ title: 'Время отчёта за день', body: 'Отчёт за 2026-03-01 ещё не сдан.', open: { screen: 'report', date: '2026-03-01' } });
    expect(noticeFor(report, 'en', { report: { date: '2026-03-01', status: 'returned', reviewComment: 'Add the calls to Romashka.', revisions: [] } })).toMatchObject({ title: 'Your lead returned the report', body: 'Add the calls to Romashka.' });
    expect(noticeFor(away, 'uk', null)).toMatchObject({ body: 'Вас не було 25 хв. Що це було?', open: { screen: 'idle' } });
    // Still away: no notification yet; it comes when the person is back.
    expect(noticeFor({ ...away, open: true }, 'uk', null)).toBeNull();
  });

  it('notifies once per prompt, again after it was put off, and a click opens the screen', () => {
    standIn.reset();
    const opened: unknown[] = [];
    const notifier = new PromptNotifier((r) => opened.push(r), () => {});
    expect(notifier.update([plan], 'uk', () => null)).toHaveLength(1);
    expect(notifier.update([plan], 'uk', () => null)).toHaveLength(0);
    // Snoozed (gone from the prompts), then asked again.
    notifier.update([], 'uk', () => null);
    expect(notifier.update([plan, away], 'uk', () => null).map((n) => n.open.screen)).toEqual(['plan', 'idle']);
    expect(standIn.notifications.map((n) => n.options.urgency)).toEqual(['normal', 'normal', 'normal']);
    standIn.notifications[2]!.emit('click');
    expect(opened).toEqual([{ screen: 'idle' }]);
  });
});

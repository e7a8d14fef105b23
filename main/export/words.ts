// The export's own words (column headers, record kinds, sheet names) in each language. The words
// both UIs use (states, categories, outcomes, reasons) come from shared/i18n/common.
import type { Locale } from '../../shared/locale.ts';

export interface ExportWords {
  sheets: { time: string; apps: string; tasks: string; kpis: string; reports: string };
  columns: {
    record: string;
    date: string;
    start: string;
    end: string;
    zone: string;
    minutes: string;
    what: string;
    detail: string;
    category: string;
    state: string;
    priority: string;
    estimate: string;
    target: string;
    commitment: string;
    actual: string;
    reason: string;
    comment: string;
  };
  records: { time: string; app: string; task: string; unplanned: string; kpi: string; report: string; blockers: string; note: string };
  keptAway: string;
  carriedFrom: string;
  leadComment: string;
  notFiled: string;
}

export const EXPORT_WORDS: Record<Locale, ExportWords> = {
  uk: {
    sheets: { time: 'Робочий час', apps: 'Програми', tasks: 'Завдання', kpis: 'Показники', reports: 'Звіти' },
    columns: {
      record: 'Запис',
      date: 'Дата',
      start: 'Початок',
      end: 'Кінець',
      zone: 'Часовий пояс',
      minutes: 'Тривалість, хв',
      what: 'Що',
      detail: 'Подробиці',
      category: 'Категорія',
      state: 'Стан / результат',
      priority: 'Пріоритет',
      estimate: 'Оцінка, хв',
      target: 'Ціль',
      commitment: 'Зобов’язання',
      actual: 'Факт',
      reason: 'Причина',
      comment: 'Коментар',
    },
    records: { time: 'Робочий час', app: 'Програма', task: 'Завдання', unplanned: 'Позапланова робота', kpi: 'Показник', report: 'Звіт', blockers: 'Що заважало', note: 'Нотатка' },
    keptAway: 'час відсутності',
    carriedFrom: 'перенесено з {date}',
    leadComment: 'Коментар керівника',
    notFiled: 'не подано',
  },
  ru: {
    sheets: { time: 'Рабочее время', apps: 'Программы', tasks: 'Задачи', kpis: 'Показатели', reports: 'Отчёты' },
    columns: {
      record: 'Запись',
      date: 'Дата',
      start: 'Начало',
      end: 'Конец',
      zone: 'Часовой пояс',
      minutes: 'Длительность, мин',
      what: 'Что',
      detail: 'Подробности',
      category: 'Категория',
      state: 'Состояние / результат',
      priority: 'Приоритет',
      estimate: 'Оценка, мин',
      target: 'Цель',
      commitment: 'Обязательство',
      actual: 'Факт',
      reason: 'Причина',
      comment: 'Комментарий',
    },
    records: { time: 'Рабочее время', app: 'Программа', task: 'Задача', unplanned: 'Внеплановая работа', kpi: 'Показатель', report: 'Отчёт', blockers: 'Что мешало', note: 'Заметка' },
    keptAway: 'время отсутствия',
    carriedFrom: 'перенесено с {date}',
    leadComment: 'Комментарий руководителя',
    notFiled: 'не отправлен',
  },
  en: {
    sheets: { time: 'Working time', apps: 'Apps', tasks: 'Tasks', kpis: 'KPIs', reports: 'Reports' },
    columns: {
      record: 'Record',
      date: 'Date',
      start: 'Start',
      end: 'End',
      zone: 'Time zone',
      minutes: 'Duration, min',
      what: 'What',
      detail: 'Details',
      category: 'Category',
      state: 'State / outcome',
      priority: 'Priority',
      estimate: 'Estimate, min',
      target: 'Target',
      commitment: 'Commitment',
      actual: 'Actual',
      reason: 'Reason',
      comment: 'Comment',
    },
    records: { time: 'Working time', app: 'App', task: 'Task', unplanned: 'Unplanned work', kpi: 'KPI', report: 'Report', blockers: 'Blockers', note: 'Note' },
    keptAway: 'time away',
    carriedFrom: 'carried over from {date}',
    leadComment: 'Lead’s comment',
    notFiled: 'not filed',
  },
};

// The end-of-day report as the CRM receives it, in the manager's language: a chat message in
// Bitrix24's BB-code, or plain text for an amoCRM note. It ends with the report's id, which is
// how the hub finds its own message again after an answer was lost.
import { mergeKpis, type KpiDefinition } from '../../shared/kpi.ts';
import type { Locale } from '../../shared/locale.ts';
import type { ReportContent } from '../../shared/plan.ts';
import { commonText } from '../../shared/i18n/common-text.ts';
import { formatDate } from '../../shared/i18n/format.ts';

const WORDS = {
  uk: { title: 'Звіт за {date}', revision: 'редакція {n}', tasks: 'Задачі', unplanned: 'Поза планом', kpis: 'Показники', of: 'з', reason: 'причина', blockers: 'Перешкоди', note: 'Нотатка', min: 'хв', none: 'немає', crm: 'CRM' },
  ru: { title: 'Отчёт за {date}', revision: 'редакция {n}', tasks: 'Задачи', unplanned: 'Вне плана', kpis: 'Показатели', of: 'из', reason: 'причина', blockers: 'Препятствия', note: 'Заметка', min: 'мин', none: 'нет', crm: 'CRM' },
  en: { title: 'Report for {date}', revision: 'revision {n}', tasks: 'Tasks', unplanned: 'Unplanned', kpis: 'KPIs', of: 'of', reason: 'reason', blockers: 'Blockers', note: 'Note', min: 'min', none: 'none', crm: 'CRM' },
} as const satisfies Record<Locale, Record<string, string>>;

/** Why an event went with TIME (Bitrix24 shows it to the supervisor who approves the change). */
export function lateReason(locale: Locale, time: string): string {
  return {
    uk: `Zvit: записано офлайн о ${time}, надіслано пізніше`,
    ru: `Zvit: записано офлайн в ${time}, отправлено позже`,
    en: `Zvit: recorded offline at ${time}, sent later`,
  }[locale];
}

/** The marker the report's message carries; the hub searches for it before sending again. */
export const reportMarker = (reportId: string) => `Zvit · ${reportId}`;

export interface ReportForText {
  reportId: string;
  revision: number;
  date: string;
  who: string;
  content: ReportContent;
  /** Plan item titles by id. */
  titles: Map<string, string>;
  kpis: readonly KpiDefinition[];
  /** The CRM's figures beside the reported ones. */
  crmActuals?: Map<string, number>;
}

export function reportText(locale: Locale, r: ReportForText, format: 'bbcode' | 'plain'): string {
  const w = WORDS[locale];
  const b = (s: string) => (format === 'bbcode' ? `[b]${s}[/b]` : s);
  const lines: string[] = [];
  lines.push(`${b(`${w.title.replace('{date}', formatDate(locale, r.date, false))} — ${r.who}`)}${r.revision > 1 ? ` (${w.revision.replace('{n}', String(r.revision))})` : ''}`);
  if (r.content.items.length) {
    lines.push('', b(`${w.tasks}:`));
    for (const item of r.content.items) {
      const title = r.titles.get(item.itemId) ?? item.itemId;
      lines.push(`• ${title} — ${commonText.text(locale, `outcome.${item.outcome}`)}, ${item.minutes} ${w.min}${item.comment ? ` — ${item.comment}` : ''}`);
    }
  }
  if (r.content.unplanned.length) {
    lines.push('', b(`${w.unplanned}:`));
    for (const u of r.content.unplanned) lines.push(`• ${u.title}, ${u.minutes} ${w.min}${u.comment ? ` — ${u.comment}` : ''}`);
  }
  if (r.content.kpis.length) {
    lines.push('', b(`${w.kpis}:`));
    const names = new Map(mergeKpis(r.kpis).map((d) => [d.key, d.names[locale]]));
    for (const k of r.content.kpis) {
      const crm = r.crmActuals?.get(k.key);
      const reason = k.reason ? ` — ${w.reason}: ${k.reason === 'other' ? k.reasonText : commonText.text(locale, `reason.${k.reason}`)}${k.reason !== 'other' && k.reasonText ? ` (${k.reasonText})` : ''}` : '';
      lines.push(`• ${names.get(k.key) ?? k.key}: ${k.actual}${k.target !== null ? ` ${w.of} ${k.target}` : ''}${crm !== undefined ? ` (${w.crm}: ${crm})` : ''}${reason}`);
    }
  }
  if (r.content.blockers.trim()) lines.push('', `${b(`${w.blockers}:`)} ${r.content.blockers.trim()}`);
  if (r.content.note.trim()) lines.push('', `${b(`${w.note}:`)} ${r.content.note.trim()}`);
  lines.push('', reportMarker(r.reportId));
  return lines.join('\n');
}

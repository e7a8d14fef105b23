// KPIs a team lead sets targets for and a manager reports against. The defaults are the ones the
// sales-department articles name (PRODUCT.md, "KPIs named in the articles"); a team may add its own.
import { z } from 'zod';

export { LOCALES, type Locale } from './locale.ts';
export { crmDiffers, isMissed, MISS_REASONS, needsReason, type MissReason } from './kpi-rules.ts';

export const KpiDefinitionSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,47}$/, 'a key is lowercase letters, digits and _'),
    names: z.object({ uk: z.string().min(1).max(100), ru: z.string().min(1).max(100), en: z.string().min(1).max(100) }),
    unit: z.enum(['count', 'minutes', 'money', 'percent']),
    direction: z.enum(['higher', 'lower']),
    period: z.enum(['day', 'month']).default('day'),
  })
  .strict();
export type KpiDefinition = z.infer<typeof KpiDefinitionSchema>;

const k = (key: string, uk: string, ru: string, en: string, unit: KpiDefinition['unit'] = 'count', direction: KpiDefinition['direction'] = 'higher'): KpiDefinition => ({
  key,
  names: { uk, ru, en },
  unit,
  direction,
  period: 'day',
});

export const DEFAULT_KPIS: readonly KpiDefinition[] = Object.freeze([
  k('calls_total', 'Дзвінки, усього', 'Звонки, всего', 'Calls, total'),
  k('calls_outgoing', 'Вихідні дзвінки', 'Исходящие звонки', 'Outgoing calls'),
  k('calls_incoming', 'Вхідні дзвінки', 'Входящие звонки', 'Incoming calls'),
  k('calls_missed', 'Пропущені дзвінки', 'Пропущенные звонки', 'Missed calls', 'count', 'lower'),
  k('calls_over_30s', 'Дзвінки довші за 30 с', 'Звонки дольше 30 с', 'Calls over 30 s'),
  k('talk_minutes', 'Хвилини розмов', 'Минуты разговоров', 'Talk minutes', 'minutes'),
  k('meetings', 'Зустрічі та презентації', 'Встречи и презентации', 'Meetings and presentations'),
  k('proposals_sent', 'Надіслані КП', 'Отправленные КП', 'Commercial proposals sent'),
  k('chat_sessions', 'Сесії в месенджерах', 'Сессии в мессенджерах', 'Chat sessions'),
  k('leads_processed', 'Оброблені ліди', 'Обработанные лиды', 'Leads processed'),
  k('deals_closed', 'Закриті угоди', 'Закрытые сделки', 'Deals closed'),
  k('payments_count', 'Оплати, кількість', 'Оплаты, количество', 'Payments received'),
  k('payments_amount', 'Оплати, сума', 'Оплаты, сумма', 'Payments, amount', 'money'),
  k('revenue', 'Виручка', 'Выручка', 'Revenue', 'money'),
  k('refusals', 'Відмови', 'Отказы', 'Refusals', 'count', 'lower'),
  k('repeat_sales', 'Повторні продажі', 'Повторные продажи', 'Repeat sales'),
  k('upsell_sales', 'Допродажі', 'Допродажи', 'Upsell sales'),
  k('cross_sell_sales', 'Крос-продажі', 'Кросс-продажи', 'Cross-sell sales'),
  k('unpaid_invoices', 'Неоплачені рахунки', 'Неоплаченные счета', 'Unpaid invoices', 'count', 'lower'),
  k('payments_overdue_5d', 'Оплати, прострочені понад 5 днів', 'Оплаты, просроченные более 5 дней', 'Payments overdue over 5 days', 'count', 'lower'),
  k('late_projects', 'Прострочені проєкти', 'Просроченные проекты', 'Late projects', 'count', 'lower'),
]);

/** The team's definitions: its own first, then the defaults it does not redefine. */
export function mergeKpis(own: readonly KpiDefinition[]): KpiDefinition[] {
  const keys = new Set(own.map((d) => d.key));
  return [...own, ...DEFAULT_KPIS.filter((d) => !keys.has(d.key))];
}

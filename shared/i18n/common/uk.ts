// Ukrainian words every part of Zvit a person reads uses (the agent UI, the lead's dashboard, the
// CLI): work states, task outcomes, miss reasons, categories, durations and the day charts. The
// source of the common key set; each app adds its own catalogue on top (an app may not redefine a
// common key).
import type { PluralForms } from '../types.ts';

export const uk = {
  'state.clocked_out': 'Не на роботі',
  'state.working': 'Працюю',
  'state.break': 'Перерва',
  'state.paused': 'Пауза',

  'pause.idle': 'немає активності',
  'pause.lock': 'екран заблоковано',
  'pause.suspend': 'сон',

  'plan.kpiName': 'Показник',
  'plan.noTargets': 'Керівник не задав цілей на сьогодні.',

  'priority.1': 'Високий',
  'priority.2': 'Звичайний',
  'priority.3': 'Низький',

  'outcome.done': 'Виконано',
  'outcome.partial': 'Частково',
  'outcome.not_done': 'Не виконано',
  'outcome.moved': 'Перенесено на завтра',

  'reason.few_leads': 'Мало лідів',
  'reason.clients_unreachable': 'Клієнти не відповідали',
  'reason.client_postponed': 'Клієнт переніс',
  'reason.client_refused': 'Клієнт відмовився',
  'reason.technical_issue': 'Технічна проблема',
  'reason.other_tasks': 'Інші завдання',
  'reason.absence': 'Відсутність',
  'reason.other': 'Інше (поясніть)',

  'day.timeline': 'Хронологія дня',
  'day.timelineState': 'Стан',
  'day.timelineApps': 'Програми',
  'day.timelineTable': 'Хронологія таблицею',
  'day.noActivity': 'Сьогодні ще нічого не записано.',
  'day.noPlan': 'Плану на сьогодні немає.',
  'day.tracked': 'Відстежено, хв',
  'day.estimate': 'Оцінка, хв',
  'day.target': 'Ціль',
  'day.commitment': 'Зобов’язання',
  'day.actual': 'Факт',
  'day.kpiNoActuals': 'Фактичні значення з’являться, коли ви подасте звіт.',
  'day.from': 'Початок',
  'day.to': 'Кінець',
  'day.what': 'Що',

  'kind.work': 'Робота',
  'kind.break': 'Перерва',
  'kind.idle': 'Без активності (чекає рішення)',
  'kind.discarded': 'Не враховано',
  'kind.paused': 'Пауза',
  'kind.gap': 'Агент не працював',
  'kind.private': 'Приватний режим',
  'kind.activity': 'Програма',

  'productivity.productive': 'Продуктивно',
  'productivity.neutral': 'Нейтрально',
  'productivity.unproductive': 'Непродуктивно',

  'category.crm': 'CRM',
  'category.telephony': 'Телефонія',
  'category.mail': 'Пошта',
  'category.messengers': 'Месенджери',
  'category.documents': 'Документи',
  'category.entertainment': 'Розваги',
  'category.other': 'Інше',

  'decision.keep': 'робота',
  'decision.break': 'перерва',
  'decision.discard': 'не враховано',

  'duration.hm': '{h} год {m} хв',
  'duration.m': '{m} хв',
  'duration.s': '{s} с',

  'plural.minutes': { one: '{n} хвилина', few: '{n} хвилини', many: '{n} хвилин', other: '{n} хвилини' },
  'plural.seconds': { one: '{n} секунда', few: '{n} секунди', many: '{n} секунд', other: '{n} секунди' },
} satisfies Record<string, string | PluralForms>;

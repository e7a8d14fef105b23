// Russian words both UIs use. Keys follow uk.ts (the source); the type makes a missing or extra key a compile error.
import type { CommonCatalogue } from './index.ts';

export const ru: CommonCatalogue = {
  'state.clocked_out': 'Не на работе',
  'state.working': 'Работаю',
  'state.break': 'Перерыв',
  'state.paused': 'Пауза',

  'pause.idle': 'нет активности',
  'pause.lock': 'экран заблокирован',
  'pause.suspend': 'сон',

  'plan.kpiName': 'Показатель',
  'plan.noTargets': 'Руководитель не задал целей на сегодня.',

  'priority.1': 'Высокий',
  'priority.2': 'Обычный',
  'priority.3': 'Низкий',

  'outcome.done': 'Выполнено',
  'outcome.partial': 'Частично',
  'outcome.not_done': 'Не выполнено',
  'outcome.moved': 'Перенесено на завтра',

  'reason.few_leads': 'Мало лидов',
  'reason.clients_unreachable': 'Клиенты не отвечали',
  'reason.client_postponed': 'Клиент перенёс',
  'reason.client_refused': 'Клиент отказался',
  'reason.technical_issue': 'Техническая проблема',
  'reason.other_tasks': 'Другие задачи',
  'reason.absence': 'Отсутствие',
  'reason.other': 'Другое (поясните)',

  'day.timeline': 'Хронология дня',
  'day.timelineState': 'Состояние',
  'day.timelineApps': 'Программы',
  'day.timelineTable': 'Хронология таблицей',
  'day.noActivity': 'Сегодня ещё ничего не записано.',
  'day.noPlan': 'Плана на сегодня нет.',
  'day.tracked': 'Отслежено, мин',
  'day.estimate': 'Оценка, мин',
  'day.target': 'Цель',
  'day.commitment': 'Обязательство',
  'day.actual': 'Факт',
  'day.kpiNoActuals': 'Фактические значения появятся, когда вы сдадите отчёт.',
  'day.from': 'Начало',
  'day.to': 'Конец',
  'day.what': 'Что',

  'kind.work': 'Работа',
  'kind.break': 'Перерыв',
  'kind.idle': 'Без активности (ждёт решения)',
  'kind.discarded': 'Не учтено',
  'kind.paused': 'Пауза',
  'kind.gap': 'Агент не работал',
  'kind.private': 'Приватный режим',
  'kind.activity': 'Программа',

  'productivity.productive': 'Продуктивно',
  'productivity.neutral': 'Нейтрально',
  'productivity.unproductive': 'Непродуктивно',

  'category.crm': 'CRM',
  'category.telephony': 'Телефония',
  'category.mail': 'Почта',
  'category.messengers': 'Мессенджеры',
  'category.documents': 'Документы',
  'category.entertainment': 'Развлечения',
  'category.other': 'Другое',

  'decision.keep': 'работа',
  'decision.break': 'перерыв',
  'decision.discard': 'не учтено',

  'duration.hm': '{h} ч {m} мин',
  'duration.m': '{m} мин',
  'duration.s': '{s} с',

  'plural.minutes': { one: '{n} минута', few: '{n} минуты', many: '{n} минут', other: '{n} минуты' },
  'plural.seconds': { one: '{n} секунда', few: '{n} секунды', many: '{n} секунд', other: '{n} секунды' },
};

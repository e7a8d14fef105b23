// What the manager types in the end-to-end day, in each language (Cyrillic in uk and ru on
// purpose: it must survive the form, the API, SQLite and the CLI unchanged).
import type { Locale } from '../shared/kpi.ts';

type Outcome = 'done' | 'partial' | 'not_done' | 'moved';

export interface TypedDay {
  tasks: { title: string; priority: 1 | 2 | 3; estimate: number }[];
  windows: [string, string];
  outcomes: { outcome: Outcome; comment: string; minutes: number }[];
  unplanned: { title: string; minutes: number; comment: string };
  reasonText: string;
  blockers: string;
  note: string;
}

const outcomes = (comments: [string, string, string]): TypedDay['outcomes'] => [
  { outcome: 'done', comment: comments[0], minutes: 25 },
  { outcome: 'partial', comment: comments[1], minutes: 40 },
  { outcome: 'moved', comment: comments[2], minutes: 0 },
];

export const typed: Record<Locale, TypedDay> = {
  uk: {
    tasks: [
      { title: 'Передзвонити ТОВ «Ромашка»', priority: 1, estimate: 30 },
      { title: 'Надіслати КП «Будмайстер»', priority: 2, estimate: 45 },
      { title: 'Оновити угоди в CRM', priority: 3, estimate: 20 },
    ],
    windows: ['Угода №42 — Bitrix24', 'Чат з клієнтом'],
    outcomes: outcomes(['Домовились на вівторок', 'Чекаю ціни від постачальника', 'Не встиг']),
    unplanned: { title: 'Рахунок для ФОП Коваль', minutes: 15, comment: 'Терміново' },
    reasonText: 'Половина клієнтів не брала слухавку',
    blockers: 'CRM зависала після обіду',
    note: 'Завтра почну з «Будмайстра»',
  },
  ru: {
    tasks: [
      { title: 'Перезвонить ООО «Ромашка»', priority: 1, estimate: 30 },
      { title: 'Отправить КП «Строймастер»', priority: 2, estimate: 45 },
      { title: 'Обновить сделки в CRM', priority: 3, estimate: 20 },
    ],
    windows: ['Сделка №42 — Bitrix24', 'Чат с клиентом'],
    outcomes: outcomes(['Договорились на вторник', 'Жду цены от поставщика', 'Не успел']),
    unplanned: { title: 'Счёт для ИП Ковалёв', minutes: 15, comment: 'Срочно' },
    reasonText: 'Половина клиентов не брала трубку',
    blockers: 'CRM зависала после обеда',
    note: 'Завтра начну со «Строймастера»',
  },
  en: {
    tasks: [
      { title: 'Call back Romashka Ltd', priority: 1, estimate: 30 },
      { title: 'Send the proposal to Budmaister', priority: 2, estimate: 45 },
      { title: 'Update deals in the CRM', priority: 3, estimate: 20 },
    ],
    windows: ['Deal #42 — Bitrix24', 'Chat with a client'],
    outcomes: outcomes(['Agreed on Tuesday', 'Waiting for supplier prices', 'No time left']),
    unplanned: { title: 'Invoice for Koval', minutes: 15, comment: 'Urgent' },
    reasonText: 'Half the clients did not pick up',
    blockers: 'The CRM froze after lunch',
    note: 'Start with Budmaister tomorrow',
  },
};

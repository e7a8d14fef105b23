// Ukrainian: the source of the CLI's own words (the common ones come from shared/i18n/common).
// The other languages are typed against it, so a missing or extra key is a compile error there.
import type { PluralForms } from '../../../shared/i18n/types.ts';

export const uk = {
  'cli.usage': `Використання: zvit <команда> [параметри]

Агент
  agent [--policy ФАЙЛ] [--port N] [--ui ТЕКА]
                                       запустити агент у цьому вікні (Ctrl+C зупиняє);
                                       з --ui він також показує цей зібраний інтерфейс у браузері
  start                                програма: Electron, де він є, інакше агент з інтерфейсом
                                       у браузері (показує адресу)
  open                                 показати адресу запущеного Zvit і відкрити його в браузері

Робочий час
  status [--json]                      стан, час за сьогодні, вікно на передньому плані
  clock-in | break | resume | clock-out
  idle resolve keep|break|discard [--label L] [--gap ID]
                                       що це був за час відсутності (keep: дзвінок, зустріч…)
  label ТЕКСТ | --clear                над чим ви зараз працюєте
  private on [--not-work] | off        не записувати програми (з --not-work — і не рахувати час)

Хаб
  enroll --hub АДРЕСА --code КОД       під’єднати цей комп’ютер до хабу вашої команди
  sync                                 надіслати все, що чекає, і показати стан синхронізації
  refused [retry N]                    записи, які хаб відхилив, і чому; надіслати запис знову

Записи
  day [--date РРРР-ММ-ДД] [--json]     робочий день: час, програми, категорії, мітки
  plan [--date РРРР-ММ-ДД] [--json]    план на день
  report [--date РРРР-ММ-ДД] [--json]  звіт за день з редакціями
  export [--from Д] [--to Д] [--format csv|xlsx|json] [--out ФАЙЛ]
                                       записи за період (типово — цей тиждень, CSV)

Хаб (центральний сервіс): zvit hub --help

Кожна команда приймає --data-dir ТЕКА (типово: {dataDir}) і --lang uk|ru|en
(типово — мова системи).
`,
  'cli.usageError': 'Неправильний виклик: {detail}',
  'cli.unknownCommand': 'Невідома команда: {command}',
  'cli.badLang': '--lang буває uk, ru або en',
  'cli.portNumber': '--port має бути номером порту, а не {value}',
  'cli.uiNoIndex': '--ui: у {dir} немає index.html (зберіть інтерфейс: npm run build:ui)',
  'cli.labelNeedsText': 'label потребує тексту або --clear',
  'cli.privateOnOff': 'private приймає on або off',
  'cli.idleResolve': 'idle resolve приймає keep, break або discard',
  'cli.labelWithKeep': '--label буває лише з keep',
  'cli.enrollNeeds': 'enroll потребує --hub АДРЕСА і --code КОД',
  'cli.refusedRetry': 'refused retry приймає номер, який показує «zvit refused»',
  'cli.exportFormat': '--format буває csv, xlsx або json',

  'cli.noAgent': 'Для {dataDir} агент Zvit не запущено. Запустіть його: npm start (або npx zvit agent --data-dir {dataDir}).',
  'cli.secondAgent': 'Для {dataDir} уже працює інший агент Zvit (pid {pid}). Спершу зупиніть його або виберіть інший --data-dir.',
  'cli.dbTooNew': 'Файл даних {file} записала новіша версія Zvit. Оновіть Zvit, щоб відкрити його; файл не змінено.',
  'cli.dbHistory': 'Історія змін файлу даних {file} незнайома цій версії Zvit; файл не змінено.',
  'cli.failed': 'Не вдалося: {reason}',

  'cli.agentRunning': 'Агент Zvit працює. Дані: {dataDir}. Локальний API: {origin} (ключ у {file}). Ctrl+C зупиняє.',
  'cli.openInBrowser': 'Відкрийте Zvit у браузері: {url}',
  'cli.agentStopped': 'Агент Zvit зупинено; якщо день не завершено, він продовжиться після запуску.',
  'cli.electronUnavailable': 'Electron не використовується ({why}), тож Zvit працює в браузері.',
  'cli.startingDesktop': 'Запускаю Zvit (Electron); він живе в треї. Закрити його можна з меню в треї.',
  'cli.building': 'Збираю інтерфейс…',
  'cli.alreadyRunning': 'Zvit уже працює. Відкрийте його в браузері: {url}',
  'cli.opening': 'Відкриваю Zvit у браузері: {url}',
  'cli.noUi': 'Агент Zvit працює без інтерфейсу (його запущено командою zvit agent). Зупиніть його й запустіть npm start.',

  'cli.since': '{state} з {time} ({duration})',
  'cli.labelNow': 'над чим: {label}',
  'cli.privateMode': 'приватний режим',
  'cli.privateNotWork': 'приватний режим, не рахується як робота',
  'cli.today': 'Сьогодні, {date}: робота {worked}, перерви {breaks}',
  'cli.todayPending': ', чекає рішення {pending}',
  'cli.now': 'Зараз: {app}',
  'cli.idleGap': 'Відсутність {from}–{to} ({duration}) чекає рішення: zvit idle resolve keep --label call | break | discard',
  'cli.idleNow': 'зараз',
  'cli.tracking': 'Відстеження: вікна — {windows}, відсутність — {idle}',
  'cli.off': 'вимкнено',
  'cli.policyError': 'Правила відстеження не застосовано: {error}',

  'cli.syncNotConnected': 'Синхронізація: не під’єднано до хабу (zvit enroll --hub АДРЕСА --code КОД); записи зберігаються на цьому комп’ютері.',
  'cli.syncAll': 'Синхронізація: усе надіслано',
  'cli.syncWaiting': 'Синхронізація: {waiting}',
  'cli.syncRefused': 'хаб відхилив {n} (zvit refused)',
  'cli.syncLast': 'востаннє {time}',
  'cli.syncError': 'помилка: {reason}',
  'cli.clockAhead': 'годинник цього комп’ютера поспішає на {duration} відносно хабу',
  'cli.clockBehind': 'годинник цього комп’ютера відстає на {duration} від хабу',
  'cli.enrolled': 'Під’єднано до {hub} як {user}.',
  'cli.refusedNone': 'Хаб нічого не відхилив.',
  'cli.refusedLine': '{n}. {kind}: {reason}',
  'cli.kind.work_event': 'подія робочого часу',
  'cli.kind.activity_span': 'програма',
  'cli.kind.idle_decision': 'рішення щодо відсутності',
  'cli.kind.day_plan': 'план',
  'cli.kind.report_revision': 'звіт',

  'cli.dayHead': '{date} ({zone})',
  'cli.dayTotals': 'Робота {worked}; перерви {breaks}; екран заблоковано {paused}; агент не працював {gap}',
  'cli.dayIdle': 'Відсутність: як робота {kept}, як перерва {breaks}, не враховано {discarded}, чекає рішення {pending}',
  'cli.dayFirstLast': 'Перша активність {first}, остання {last}',
  'cli.dayProductivity': 'Програми: продуктивно {productive}, нейтрально {neutral}, непродуктивно {unproductive}',
  'cli.dayLabels': 'Над чим працювали:',

  'cli.noPlan': '{date}: плану ще немає',
  'cli.carryOver': '{tasks} з попереднього плану можна перенести',
  'cli.planHead': 'План на {date} (редакція {n})',
  'cli.estimate': 'оцінка {duration}',
  'cli.carriedFrom': 'з {date}',
  'cli.noReport': '{date}: звіт ще не подано',
  'cli.reportHead': 'Звіт за {date}: {status}, редакція {n} з {total}',
  'cli.leadComment': 'Коментар керівника: {comment}',
  'cli.unplanned': 'позапланово',
  'cli.kpiOf': '{actual} з {target}',
  'cli.kpiMissed': 'не досягнуто: {reason}',
  'cli.blockers': 'Що заважало: {text}',
  'cli.note': 'Нотатка: {text}',
  'cli.saved': 'Збережено: {file}',
} satisfies Record<string, string | PluralForms>;

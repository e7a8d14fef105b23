// Russian. Keys follow uk.ts (the source); the type makes a missing or extra key a compile error.
import type { CliCatalogue } from './index.ts';

export const ru: CliCatalogue = {
  'cli.usage': `Использование: zvit <команда> [параметры]

Агент
  agent [--policy ФАЙЛ] [--port N] [--ui ПАПКА]
                                       запустить агент в этом окне (Ctrl+C останавливает);
                                       с --ui он также показывает этот собранный интерфейс в браузере
  start                                программа: Electron, где он есть, иначе агент с интерфейсом
                                       в браузере (показывает адрес)
  open                                 показать адрес запущенного Zvit и открыть его в браузере

Рабочее время
  status [--json]                      состояние, время за сегодня, окно на переднем плане
  clock-in | break | resume | clock-out
  idle resolve keep|break|discard [--label L] [--gap ID]
                                       что это было за время отсутствия (keep: звонок, встреча…)
  label ТЕКСТ | --clear                над чем вы сейчас работаете
  private on [--not-work] | off        не записывать программы (с --not-work — и не считать время)

Хаб
  enroll --hub АДРЕС --code КОД        подключить этот компьютер к хабу вашей команды
  sync                                 отправить всё, что ждёт, и показать состояние синхронизации
  refused [retry N]                    записи, которые хаб отклонил, и почему; отправить запись снова

Записи
  day [--date ГГГГ-ММ-ДД] [--json]     рабочий день: время, программы, категории, метки
  plan [--date ГГГГ-ММ-ДД] [--json]    план на день
  report [--date ГГГГ-ММ-ДД] [--json]  отчёт за день с редакциями
  export [--from Д] [--to Д] [--format csv|xlsx|json] [--out ФАЙЛ]
                                       записи за период (по умолчанию — эта неделя, CSV)

Хаб (центральный сервис): zvit hub --help

Каждая команда принимает --data-dir ПАПКА (по умолчанию: {dataDir}) и --lang uk|ru|en
(по умолчанию — язык системы).
`,
  'cli.usageError': 'Неверный вызов: {detail}',
  'cli.unknownCommand': 'Неизвестная команда: {command}',
  'cli.badLang': '--lang бывает uk, ru или en',
  'cli.portNumber': '--port должен быть номером порта, а не {value}',
  'cli.uiNoIndex': '--ui: в {dir} нет index.html (соберите интерфейс: npm run build:ui)',
  'cli.labelNeedsText': 'label требует текста или --clear',
  'cli.privateOnOff': 'private принимает on или off',
  'cli.idleResolve': 'idle resolve принимает keep, break или discard',
  'cli.labelWithKeep': '--label бывает только с keep',
  'cli.enrollNeeds': 'enroll требует --hub АДРЕС и --code КОД',
  'cli.refusedRetry': 'refused retry принимает номер, который показывает «zvit refused»',
  'cli.exportFormat': '--format бывает csv, xlsx или json',

  'cli.noAgent': 'Для {dataDir} агент Zvit не запущен. Запустите его: npm start (или npx zvit agent --data-dir {dataDir}).',
  'cli.secondAgent': 'Для {dataDir} уже работает другой агент Zvit (pid {pid}). Сначала остановите его или выберите другой --data-dir.',
  'cli.dbTooNew': 'Файл данных {file} записан более новой версией Zvit. Обновите Zvit, чтобы открыть его; файл не изменён.',
  'cli.dbHistory': 'История изменений файла данных {file} незнакома этой версии Zvit; файл не изменён.',
  'cli.failed': 'Не удалось: {reason}',

  'cli.agentRunning': 'Агент Zvit работает. Данные: {dataDir}. Локальный API: {origin} (ключ в {file}). Ctrl+C останавливает.',
  'cli.openInBrowser': 'Откройте Zvit в браузере: {url}',
  'cli.agentStopped': 'Агент Zvit остановлен; если день не завершён, он продолжится после запуска.',
  'cli.electronUnavailable': 'Electron не используется ({why}), поэтому Zvit работает в браузере.',
  'cli.startingDesktop': 'Запускаю Zvit (Electron); он живёт в трее. Закрыть его можно из меню в трее.',
  'cli.building': 'Собираю интерфейс…',
  'cli.alreadyRunning': 'Zvit уже работает. Откройте его в браузере: {url}',
  'cli.opening': 'Открываю Zvit в браузере: {url}',
  'cli.noUi': 'Агент Zvit работает без интерфейса (его запустили командой zvit agent). Остановите его и запустите npm start.',

  'cli.since': '{state} с {time} ({duration})',
  'cli.labelNow': 'над чем: {label}',
  'cli.privateMode': 'приватный режим',
  'cli.privateNotWork': 'приватный режим, не считается работой',
  'cli.today': 'Сегодня, {date}: работа {worked}, перерывы {breaks}',
  'cli.todayPending': ', ждёт решения {pending}',
  'cli.now': 'Сейчас: {app}',
  'cli.idleGap': 'Отсутствие {from}–{to} ({duration}) ждёт решения: zvit idle resolve keep --label call | break | discard',
  'cli.idleNow': 'сейчас',
  'cli.tracking': 'Отслеживание: окна — {windows}, отсутствие — {idle}',
  'cli.off': 'выключено',
  'cli.policyError': 'Правила отслеживания не применены: {error}',

  'cli.syncNotConnected': 'Синхронизация: не подключено к хабу (zvit enroll --hub АДРЕС --code КОД); записи хранятся на этом компьютере.',
  'cli.syncAll': 'Синхронизация: всё отправлено',
  'cli.syncWaiting': 'Синхронизация: {waiting}',
  'cli.syncRefused': 'хаб отклонил {n} (zvit refused)',
  'cli.syncLast': 'последний раз {time}',
  'cli.syncError': 'ошибка: {reason}',
  'cli.clockAhead': 'часы этого компьютера спешат на {duration} относительно хаба',
  'cli.clockBehind': 'часы этого компьютера отстают на {duration} от хаба',
  'cli.enrolled': 'Подключено к {hub} как {user}.',
  'cli.refusedNone': 'Хаб ничего не отклонил.',
  'cli.refusedLine': '{n}. {kind}: {reason}',
  'cli.kind.work_event': 'событие рабочего времени',
  'cli.kind.activity_span': 'программа',
  'cli.kind.idle_decision': 'решение об отсутствии',
  'cli.kind.day_plan': 'план',
  'cli.kind.report_revision': 'отчёт',

  'cli.dayHead': '{date} ({zone})',
  'cli.dayTotals': 'Работа {worked}; перерывы {breaks}; экран заблокирован {paused}; агент не работал {gap}',
  'cli.dayIdle': 'Отсутствие: как работа {kept}, как перерыв {breaks}, не учтено {discarded}, ждёт решения {pending}',
  'cli.dayFirstLast': 'Первая активность {first}, последняя {last}',
  'cli.dayProductivity': 'Программы: продуктивно {productive}, нейтрально {neutral}, непродуктивно {unproductive}',
  'cli.dayLabels': 'Над чем работали:',

  'cli.noPlan': '{date}: плана ещё нет',
  'cli.carryOver': '{tasks} из прошлого плана можно перенести',
  'cli.planHead': 'План на {date} (редакция {n})',
  'cli.estimate': 'оценка {duration}',
  'cli.carriedFrom': 'с {date}',
  'cli.noReport': '{date}: отчёт ещё не отправлен',
  'cli.reportHead': 'Отчёт за {date}: {status}, редакция {n} из {total}',
  'cli.leadComment': 'Комментарий руководителя: {comment}',
  'cli.unplanned': 'внепланово',
  'cli.kpiOf': '{actual} из {target}',
  'cli.kpiMissed': 'не достигнуто: {reason}',
  'cli.blockers': 'Что мешало: {text}',
  'cli.note': 'Заметка: {text}',
  'cli.saved': 'Сохранено: {file}',
};

// English words both UIs use. Keys follow uk.ts (the source); the type makes a missing or extra key a compile error.
import type { CommonCatalogue } from './index.ts';

export const en: CommonCatalogue = {
  'state.clocked_out': 'Clocked out',
  'state.working': 'Working',
  'state.break': 'On a break',
  'state.paused': 'Paused',

  'pause.idle': 'no activity',
  'pause.lock': 'screen locked',
  'pause.suspend': 'asleep',

  'plan.kpiName': 'KPI',
  'plan.noTargets': 'Your lead has set no targets for today.',

  'priority.1': 'High',
  'priority.2': 'Normal',
  'priority.3': 'Low',

  'outcome.done': 'Done',
  'outcome.partial': 'Partly done',
  'outcome.not_done': 'Not done',
  'outcome.moved': 'Moved to tomorrow',

  'reason.few_leads': 'Too few leads',
  'reason.clients_unreachable': 'Clients did not answer',
  'reason.client_postponed': 'Client postponed',
  'reason.client_refused': 'Client refused',
  'reason.technical_issue': 'Technical problem',
  'reason.other_tasks': 'Other tasks',
  'reason.absence': 'Absence',
  'reason.other': 'Other (explain)',

  'day.timeline': 'Timeline of the day',
  'day.timelineState': 'State',
  'day.timelineApps': 'Apps',
  'day.timelineTable': 'Timeline as a table',
  'day.noActivity': 'Nothing recorded today yet.',
  'day.noPlan': 'No plan for today.',
  'day.tracked': 'Tracked, min',
  'day.estimate': 'Estimate, min',
  'day.target': 'Target',
  'day.commitment': 'Commitment',
  'day.actual': 'Actual',
  'day.kpiNoActuals': 'Actual values appear once you file your report.',
  'day.from': 'From',
  'day.to': 'To',
  'day.what': 'What',

  'kind.work': 'Work',
  'kind.break': 'Break',
  'kind.idle': 'Idle (awaiting a decision)',
  'kind.discarded': 'Not counted',
  'kind.paused': 'Paused',
  'kind.gap': 'Agent not running',
  'kind.private': 'Private mode',
  'kind.activity': 'App',

  'productivity.productive': 'Productive',
  'productivity.neutral': 'Neutral',
  'productivity.unproductive': 'Unproductive',

  'category.crm': 'CRM',
  'category.telephony': 'Telephony',
  'category.mail': 'Mail',
  'category.messengers': 'Messengers',
  'category.documents': 'Documents',
  'category.entertainment': 'Entertainment',
  'category.other': 'Other',

  'decision.keep': 'work',
  'decision.break': 'break',
  'decision.discard': 'not counted',

  'duration.hm': '{h} h {m} min',
  'duration.m': '{m} min',
  'duration.s': '{s} s',

  'plural.minutes': { one: '{n} minute', other: '{n} minutes' },
  'plural.seconds': { one: '{n} second', other: '{n} seconds' },
};

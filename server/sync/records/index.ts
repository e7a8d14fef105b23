// One module per record kind, each the only place that maps its wire record (shared/sync.ts) to
// its rows and back: push stores through `store`, the reads go through `read`. The mapped type
// makes a kind added to RECORD_KINDS fail to compile here until it has its module.
import type { Kysely } from 'kysely';
import type { RecordKind, SyncRecordOf } from '../../../shared/sync.ts';
import type { DB } from '../../db/schema.ts';
import * as activitySpan from './activity-span.ts';
import type { Batch, Item } from './batch.ts';
import * as dayPlan from './day-plan.ts';
import * as idleDecision from './idle-decision.ts';
import type { RecordRange } from './range.ts';
import * as reportRevision from './report-revision.ts';
import * as workEvent from './work-event.ts';

export interface RecordModule<K extends RecordKind> {
  /** Stores a push's records of this kind and answers each in `b.results`. */
  store(b: Batch, items: Item<K>[]): Promise<void>;
  /** One user's records of this kind in a time range, as the agent sent them. */
  read(db: Kysely<DB>, q: RecordRange): Promise<SyncRecordOf<K>[]>;
}

/** In the order push stores them: events and spans first, plans before the reports that follow them. */
export const RECORD_MODULES: { readonly [K in RecordKind]: RecordModule<K> } = {
  work_event: workEvent,
  activity_span: activitySpan,
  idle_decision: idleDecision,
  day_plan: dayPlan,
  report_revision: reportRevision,
};

export type { Batch, Item } from './batch.ts';
export type { RecordRange } from './range.ts';

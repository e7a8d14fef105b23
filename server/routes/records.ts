// Reading a user's synced data: raw records by kind and time, and the day overview (plan,
// report, review). Reviews are made through dashboard/reports.ts. Who may read whom is access.ts's call.
import { z } from 'zod';
import { requireUser } from '../access.ts';
import { requireSession } from '../auth/sessions.ts';
import type { HubApp, HubContext } from '../context.ts';
import { readDays, readRecords } from '../records.ts';
import { RECORD_KINDS } from '../../shared/sync.ts';
import { DateSchema } from '../../shared/plan.ts';

const UserParams = z.object({ userId: z.string().max(64) });
const Ms = z.coerce.number().int().min(0).max(8.64e15);

export function registerRecords(app: HubApp, ctx: HubContext): void {
  const { db } = ctx;

  app.get(
    '/api/v1/users/:userId/records',
    {
      schema: {
        tags: ['records'],
        params: UserParams,
        querystring: z.object({ kind: z.enum(RECORD_KINDS), from: Ms.default(0), to: Ms.default(8.64e15), limit: z.coerce.number().int().min(1).max(5000).default(1000) }),
      },
    },
    async (request) => {
      const { actor } = await requireSession(ctx, request);
      const user = await requireUser(db, actor, request.params.userId, 'read');
      const records = await readRecords(db, { userId: user.id, ...request.query });
      return { records };
    },
  );

  app.get(
    '/api/v1/users/:userId/days',
    { schema: { tags: ['records'], params: UserParams, querystring: z.object({ from: DateSchema, to: DateSchema }) } },
    async (request) => {
      const { actor } = await requireSession(ctx, request);
      const user = await requireUser(db, actor, request.params.userId, 'read');
      return { days: await readDays(db, user.id, request.query.from, request.query.to) };
    },
  );
}

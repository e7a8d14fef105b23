// Liveness and readiness for load balancers: 200 only while the database answers.
import { z } from 'zod';
import { LATEST_VERSION } from '../db/migrations.ts';
import type { HubApp, HubContext } from '../context.ts';

const HealthSchema = z.object({ status: z.enum(['ok', 'unavailable']), database: z.enum(['sqlite', 'postgres']), schema: z.number(), time: z.number() });

export function registerHealth(app: HubApp, ctx: HubContext): void {
  app.get('/health', { schema: { tags: ['health'], response: { 200: HealthSchema, 503: HealthSchema } } }, async (request, reply) => {
    const body = { database: ctx.dialect, schema: LATEST_VERSION, time: ctx.now() };
    try {
      await ctx.db.selectFrom('counters').select('value').limit(1).execute();
      return { status: 'ok' as const, ...body };
    } catch (error) {
      request.log.error({ err: error }, 'health check: database unavailable');
      return reply.code(503).send({ status: 'unavailable' as const, ...body });
    }
  });
}

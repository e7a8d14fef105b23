import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ROUTES } from './api-paths.ts';
import { dashboardApi, routePath, type RouteInput, type RouteOutput } from './dashboard-api.ts';

describe('the dashboard contract', () => {
  it('has one route per method and path, all under /api/v1', () => {
    const keys = Object.values(dashboardApi).map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \/api\/v1\//);
  });

  it('has exactly the routes the browser calls without zod (api-paths.ts), at their methods and paths', () => {
    expect(Object.keys(dashboardApi).sort()).toEqual(Object.keys(ROUTES).sort());
    for (const [name, r] of Object.entries(dashboardApi)) expect({ method: r.method, path: r.path }, name).toEqual(ROUTES[name as keyof typeof ROUTES]);
  });

  it('every schema converts to JSON Schema for /docs', () => {
    for (const [name, r] of Object.entries(dashboardApi)) {
      for (const part of ['params', 'query', 'body'] as const) {
        const schema = (r as Record<string, unknown>)[part];
        if (schema) expect(() => z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }), `${name}.${part}`).not.toThrow();
      }
      if (r.output instanceof z.ZodType) expect(() => z.toJSONSchema(r.output as z.ZodType, { io: 'output', unrepresentable: 'any' }), `${name}.output`).not.toThrow();
    }
  });

  it('every path parameter has a params schema field, and no params schema names one the path lacks', () => {
    for (const [name, r] of Object.entries(dashboardApi)) {
      const inPath = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]).sort();
      const declared = 'params' in r && r.params ? Object.keys((r.params as z.ZodObject).shape).sort() : [];
      expect(declared, name).toEqual(inPath);
    }
  });

  it('routePath fills and encodes parameters, and refuses a missing one', () => {
    expect(routePath(dashboardApi.managerDay.path, { userId: 'a/b', date: '2026-03-02' })).toBe('/api/v1/users/a%2Fb/day/2026-03-02');
    expect(() => routePath(dashboardApi.managerDay.path, { userId: 'x' })).toThrow(/date/);
  });

  it('a returned report needs a comment; an approval does not', () => {
    expect(dashboardApi.review.body.safeParse({ status: 'returned', comment: '  ' }).success).toBe(false);
    expect(dashboardApi.review.body.parse({ status: 'approved' })).toEqual({ status: 'approved', comment: '', rating: null });
  });

  it('query flags parse as booleans', () => {
    expect(dashboardApi.users.query.parse({ includeDeactivated: 'true' }).includeDeactivated).toBe(true);
    expect(dashboardApi.users.query.parse({}).includeDeactivated).toBe(false);
    expect(dashboardApi.users.query.safeParse({ includeDeactivated: 'yes' }).success).toBe(false);
  });

  it('types: inputs and outputs follow the schemas', () => {
    const input: RouteInput<'managerDay'> = { params: { userId: 'u', date: '2026-03-02' } };
    const week: RouteInput<'week'> = { params: { userId: 'u' }, query: { date: '2026-03-02' } };
    // @ts-expect-error a body is not part of a GET
    const bad: RouteInput<'teamNow'> = { body: {} };
    const out = null as unknown as RouteOutput<'teamNow'>;
    const state: string | undefined = out?.members[0]?.state;
    expect([input, week, bad, state]).toHaveLength(4);
  });
});

// `zvit hub secret-key | crm … | webhook … | token … | jobs …` in-process, against the database
// under test: what an admin scripts from the server's shell.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hubMain } from '../cli.ts';
import { openDatabase, type HubDatabase } from '../db/connect.ts';
import { freshDatabase, type TestDb } from '../testing/harness.ts';
import { enqueue } from '../jobs/queue.ts';
import { newSecretKey } from './secrets.ts';

let db: TestDb;
let saved: NodeJS.ProcessEnv;

beforeAll(() => {
  db = freshDatabase();
  saved = { ...process.env };
  delete process.env.DATABASE_URL;
  Object.assign(process.env, db.env, { ZVIT_SECRET_KEY: newSecretKey(), ZVIT_WEBHOOK_ALLOW: '' });
});
afterAll(async () => {
  process.env = saved;
  await db.drop();
});
afterEach(() => vi.restoreAllMocks());

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  const code = await hubMain([...argv, '--data-dir', db.options.dataDir]);
  vi.restoreAllMocks();
  return { code, out, err };
}

async function withDb<T>(fn: (d: HubDatabase) => Promise<T>): Promise<T> {
  const d = await openDatabase(db.options);
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}

describe('zvit hub (integrations)', () => {
  it('secret-key prints a key the hub accepts', async () => {
    const r = await run('secret-key');
    expect(r.code).toBe(0);
    expect(Buffer.from(r.out.trim(), 'base64')).toHaveLength(32);
  });

  it('webhook add prints the endpoint id and its whsec_ secret; list shows it; unknown events are a usage error', async () => {
    const added = await run('user', 'add', '--email', 'admin@corp.test', '--role', 'admin');
    expect(added.err).toMatch(/^Added admin/);
    const r = await run('webhook', 'add', '--url', 'https://erp.example.com/zvit', '--events', 'report.submitted,day.closed');
    expect(r.code, r.err).toBe(0);
    const [id, secret] = r.out.trim().split('\n');
    expect(id).toMatch(/^ep_[0-9a-f]{32}$/);
    expect(secret).toMatch(/^whsec_/);
    const list = await run('webhook', 'list');
    expect(list.out, list.err).toContain(`${id}  on   https://erp.example.com/zvit  report.submitted,day.closed`);
    const bad = await run('webhook', 'add', '--url', 'https://x.example', '--events', 'report.sent');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/Unknown event\(s\): report\.sent/);
  });

  it('token add prints a token once; revoke stops it', async () => {
    const r = await run('token', 'add', '--name', 'PBX');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toMatch(/^zvt_/);
    const id = /Token (tok_[0-9a-f]+)/.exec(r.err)![1]!;
    expect((await run('token', 'revoke', id)).code).toBe(0);
    const row = await withDb((d) => d.db.selectFrom('api_tokens').select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow());
    expect(row.revoked_at).not.toBeNull();
  });

  it('crm bitrix24 saves a webhook connector; a wrong URL is refused with words; crm test says why it cannot connect', async () => {
    const wrong = await run('crm', 'bitrix24', '--webhook-url', 'https://portal.example/rest/abc');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/not a Bitrix24 incoming webhook address/);
    const r = await run('crm', 'bitrix24', '--webhook-url', 'https://127.0.0.1:9/rest/1/abcdef123456/');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/Saved: bitrix24 at https:\/\/127\.0\.0\.1:9 \(webhook\)/);
    const show = JSON.parse((await run('crm', 'show')).out) as { credentials: { hint: string } };
    expect(JSON.stringify(show)).not.toContain('abcdef123456');
    const test = await run('crm', 'test');
    expect(test.code).toBe(1);
    expect(test.err).toMatch(/127\.0\.0\.1 resolves to 127\.0\.0\.1, a private or internal address|private or internal/);
  });

  it('jobs --dead lists dead letters with the answer; jobs retry --all runs them again', async () => {
    await withDb(async (d) => {
      const org = await d.db.selectFrom('orgs').select('id').executeTakeFirstOrThrow();
      const id = await enqueue(d.db, { kind: 'bitrix24.report', account: `crm:${org.id}`, orgId: org.id, payload: {} }, Date.now());
      await d.db.updateTable('jobs').set({ state: 'dead', last_error: 'Bitrix24 refused it (MESSAGE_TOO_LONG)', last_answer: '{"error":"MESSAGE_TOO_LONG"}' }).where('id', '=', id).execute();
    });
    const dead = await run('jobs', '--dead');
    expect(dead.out).toMatch(/dead +bitrix24\.report[\s\S]*MESSAGE_TOO_LONG/);
    const retry = await run('jobs', 'retry', '--all');
    expect(retry.err).toMatch(/1 job\(s\) queued again/);
  });
});

// The import table (README "Layout") is enforced by eslint.config.js; these cases make sure the
// rules really fire, for the browser folders above all: the agent UI and the dashboard share code
// only through ui/ and shared/, and ui/ knows neither of them.
import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli.ts';

const eslint = new ESLint({ cwd: ROOT });

async function importErrors(file: string, specifier: string): Promise<string[]> {
  const code = `import x from '${specifier}';\nexport default x;\n`;
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

const cases: [file: string, specifier: string, allowed: boolean][] = [
  ['renderer/x.ts', '../ui/i18n/use-i18n.ts', true],
  ['renderer/x.ts', '../shared/days.ts', true],
  ['renderer/x.ts', '../dashboard/App.tsx', false],
  ['renderer/x.ts', '../main/agent/agent.ts', false],
  ['renderer/x.ts', 'node:fs', false],
  ['dashboard/x.ts', '../ui/charts/Timeline.tsx', true],
  ['dashboard/x.ts', '../shared/api.ts', true],
  ['dashboard/x.ts', '../renderer/App.tsx', false],
  ['dashboard/x.ts', '../server/app.ts', false],
  ['dashboard/x.ts', 'pg', false],
  ['ui/x.ts', '../shared/locale.ts', true],
  ['ui/x.ts', 'recharts', true],
  ['ui/x.ts', '../renderer/stores/agent.ts', false],
  ['ui/x.ts', '../dashboard/App.tsx', false],
  ['ui/x.ts', '../main/data-dir.ts', false],
  ['ui/x.ts', '../server/app.ts', false],
  ['ui/x.ts', 'node:path', false],
  ['ui/x.ts', 'fs', false],
  ['ui/x.ts', 'better-sqlite3', false],
  ['ui/x.ts', 'electron', false],
  ['shared/x.ts', '../ui/i18n/use-i18n.ts', false],
  ['shared/x.ts', 'react', false],
  ['main/shell/x.ts', 'electron', true],
  ['main/shell/x.ts', '../agent/headless.ts', true],
  ['main/shell/x.ts', '../../renderer/App.tsx', false],
  ['main/shell/x.ts', '../../server/app.ts', false],
  ['main/preload/x.ts', 'electron', true],
  ['main/preload/x.ts', '../../shared/desktop.ts', true],
  ['main/preload/x.ts', '../shell/main.ts', false],
  ['main/preload/x.ts', 'zod', false],
  ['main/preload/x.ts', 'node:fs', false],
  ['main/agent/x.ts', 'electron', false],
  ['main/store/x.ts', 'better-sqlite3', true],
  ['main/store/x.test.ts', 'better-sqlite3', true],
  ['main/agent/x.ts', 'better-sqlite3', false],
  ['main/sync/x.ts', 'better-sqlite3', false],
  ['main/sync/x.ts', '../store/open.ts', false],
  ['main/sync/x.ts', '../store/local-store.ts', true],
  ['main/shell/x.ts', 'better-sqlite3', false],
  ['main/agent/x.test.ts', 'better-sqlite3', true],
  ['main/update/x.ts', 'electron', false],
  ['server/updates/x.ts', 'electron', false],
  ['server/crm/x.ts', './testing/fake-bitrix24.ts', false],
  ['server/crm/x.ts', '../jobs/queue.ts', true],
  ['server/webhooks/x.ts', '../egress/guard.ts', true],
  ['server/crm/testing/x.ts', './fake-bitrix24.ts', true],
  ['server/jobs/x.ts', '../crm/connectors.ts', false],
  ['server/dashboard/rollups/x.ts', 'fastify', false],
  ['server/dashboard/rollups/x.ts', '../../routes/sync.ts', false],
  ['server/dashboard/rollups/x.ts', '../../db/schema.ts', true],
  ['server/egress/x.ts', '../webhooks/events.ts', false],
];

describe('import boundaries', () => {
  for (const [file, specifier, allowed] of cases) {
    it(`${file.split('/')[0]}/ ${allowed ? 'may' : 'may not'} import ${specifier}`, async () => {
      const errors = await importErrors(file, specifier);
      if (allowed) expect(errors).toEqual([]);
      else expect(errors.length).toBeGreaterThan(0);
    });
  }
});

// The agent's database is its store's (main/store/): nothing else in main/ runs SQL on it or
// reaches for its connection.
async function sqlErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('SQL on the agent\'s database', () => {
  const statements = [
    "export const n = (db: { prepare(sql: string): { get(): unknown } }) => db.prepare('SELECT count(*) FROM spans').get();\n",
    "export const v = (db: { pragma(sql: string): unknown }) => db.pragma('user_version');\n",
    "export const e = (db: { exec(sql: string): void }) => db.exec(`DELETE FROM outbox`);\n",
    "export const t = (store: { db: { transaction(fn: () => void): () => void } }) => store.db.transaction(() => {})();\n",
  ];
  for (const code of statements) {
    it(`stays in main/store/: ${code.slice(0, 60)}…`, async () => {
      expect(await sqlErrors('main/store/x.ts', code)).toEqual([]);
      expect(await sqlErrors('main/agent/x.ts', code)).not.toEqual([]);
      expect(await sqlErrors('main/sync/x.ts', code)).not.toEqual([]);
    });
  }

  it('leaves a regular expression\'s exec and the store\'s own transaction() alone', async () => {
    const code = "export const f = (s: string, store: { transaction(fn: () => void): void }) => { store.transaction(() => {}); return /^a(b)$/.exec(s); };\n";
    expect(await sqlErrors('main/agent/x.ts', code)).toEqual([]);
  });
});

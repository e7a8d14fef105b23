// `zvit hub crm amocrm --oauth …` as an admin runs it on the server (a real child process, the
// client secret on stdin) against a local amoCRM account: the one-time code is exchanged at once
// and forgotten, the tokens are sealed, `crm test` works with them, and an expired access token
// is renewed with the single-use refresh token exactly once per renewal (the new pair is stored:
// the next renewal spends the new refresh token, never the old one). A spent code is refused in
// words and the connector says so.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../db/connect.ts';
import { freshDatabase, type TestDb } from '../../testing/harness.ts';
import { ROOT } from '../../../test/cli.ts';
import { openSecrets } from '../connectors.ts';
import { newSecretKey, secretBox } from '../secrets.ts';
import { FakeAmoCrm } from '../testing/fake-amocrm.ts';
import { testCertificate } from '../testing/tls.ts';

// Each step is a fresh `zvit` process: a few seconds each on a busy machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

let db: TestDb;
let fake: FakeAmoCrm;
let env: NodeJS.ProcessEnv;
const key = newSecretKey();

function hub(args: string[], input?: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [path.join(ROOT, 'bin', 'zvit.js'), 'hub', ...args, '--data-dir', db.options.dataDir], { env: { ...env, LC_ALL: 'C.UTF-8' }, timeout: 30_000 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err });
    });
    child.stdin!.end(input ?? '');
  });
}

async function connector() {
  const d = await openDatabase(db.options);
  try {
    return await d.db.selectFrom('crm_connectors').selectAll().executeTakeFirstOrThrow();
  } finally {
    await d.close();
  }
}

beforeAll(async () => {
  db = freshDatabase();
  fake = await new FakeAmoCrm().start();
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.ZVIT_PG_SCHEMA;
  env = { ...base, ...db.env, ZVIT_SECRET_KEY: key, ZVIT_WEBHOOK_ALLOW: '127.0.0.1', NODE_EXTRA_CA_CERTS: testCertificate().certFile };
  const admin = await hub(['user', 'add', '--email', 'admin@corp.test', '--role', 'admin']);
  expect(admin.code, admin.err).toBe(0);
});
afterAll(async () => {
  await fake?.stop();
  await db?.drop();
});

describe('zvit hub crm amocrm --oauth', () => {
  const oauth = (code: string) => ['crm', 'amocrm', '--oauth', '--address', fake.origin, '--client-id', fake.client.id, '--redirect-uri', fake.client.redirectUri, '--code', code, '--client-secret-stdin'];

  it('is a usage error without the integration\'s keys and code', async () => {
    const r = await hub(['crm', 'amocrm', '--oauth', '--address', 'https://company.amocrm.ru', '--client-id', 'x']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--oauth needs --address, --client-id, --redirect-uri, --code and --client-secret-stdin/);
  });

  it('exchanges the code once, keeps the tokens sealed, and renews them with single-use refresh tokens', async () => {
    const code = fake.authCode;
    const r = await hub(oauth(code), `${fake.client.secret}\n`);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/Saved: amocrm at https:\/\/127\.0\.0\.1:\d+ \(oauth\); the authorization code was exchanged/);

    const row = await connector();
    expect(row.auth).toBe('oauth');
    const secrets = openSecrets(secretBox(key)!, row);
    expect(secrets.accessToken).toMatch(/^at_/);
    expect(secrets.refreshToken).toMatch(/^rt_/);
    expect(secrets.code).toBeUndefined();
    expect(secrets.clientSecret).toBe(fake.client.secret);
    // Sealed at rest, and `crm show` never prints a secret.
    expect(row.secrets).not.toContain(fake.client.secret);
    expect(row.secrets).not.toContain(secrets.refreshToken);
    const show = await hub(['crm', 'show']);
    expect(show.code).toBe(0);
    for (const s of [fake.client.secret, secrets.accessToken!, secrets.refreshToken!]) expect(show.out).not.toContain(s);

    const test = await hub(['crm', 'test']);
    expect(test.code, test.err).toBe(0);
    expect(test.err).toMatch(/^Connected\./);
    expect(fake.refreshes).toBe(0);

    // The access token expires: one renewal; and again: the new refresh token, not the spent one.
    for (const n of [1, 2]) {
      fake.expireAccessTokens();
      const again = await hub(['crm', 'test']);
      expect(again.code, again.err).toBe(0);
      expect(fake.refreshes).toBe(n);
      expect(fake.refusedRefreshes).toBe(0);
    }
    const renewed = openSecrets(secretBox(key)!, await connector());
    expect(renewed.refreshToken).not.toBe(secrets.refreshToken);
    expect(renewed.accessToken).not.toBe(secrets.accessToken);

    // The same code a second time is refused in words; the connector says the credentials failed.
    const spent = await hub(oauth(code), fake.client.secret);
    expect(spent.code).toBe(1);
    expect(spent.err).toMatch(/amoCRM refused the authorization code .*codes work once and for 20 minutes/);
    const failed = await connector();
    expect(failed.status).toBe('auth_failed');
  });

  it('a wrong client secret is refused and nothing is exchanged', async () => {
    const r = await hub(oauth(fake.authCode), 'not the secret');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/amoCRM refused the authorization code/);
    expect((await connector()).status).toBe('auth_failed');
  });
});
